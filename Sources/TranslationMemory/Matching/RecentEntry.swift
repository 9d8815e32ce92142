/// A unit stored after a match index was built: stores search such units one by one
/// beside the index instead of building the index again (a translator's confirmation
/// adds one unit).
struct RecentEntry: Sendable {
    var unitID: Int64
    var sourcePrimary: String
    var targetPrimary: String
    var sourceTag: String
    var targetTag: String
    /// The normalised source's scalars.
    var scalars: [UInt32]
    var origin: UnitOrigin

    init(unitID: Int64, sourcePrimary: String, targetPrimary: String, sourceTag: String, targetTag: String, scalars: [UInt32], origin: UnitOrigin) {
        self.unitID = unitID
        self.sourcePrimary = sourcePrimary
        self.targetPrimary = targetPrimary
        self.sourceTag = sourceTag
        self.targetTag = targetTag
        self.scalars = scalars
        self.origin = origin
    }

    init(_ entry: FuzzyMatcher.Entry) {
        self.init(
            unitID: entry.unitID, sourcePrimary: entry.sourceLanguage.language, targetPrimary: entry.targetLanguage.language,
            sourceTag: entry.sourceLanguage.identifier, targetTag: entry.targetLanguage.identifier,
            scalars: entry.normalizedSource.unicodeScalars.map(\.value), origin: entry.origin)
    }

    /// The entries matching `normalized` (the query's normalised source) at the query's
    /// threshold, scored exactly as ``MatchIndex`` scores its own.
    static func matches(
        in entries: some Sequence<RecentEntry>, _ normalized: [UInt32], _ query: MatchQuery,
        isInContext: (Int64) throws -> Bool
    ) throws -> [IndexMatch] {
        let threshold = max(query.minimumScore, Double.leastNonzeroMagnitude)
        var found: [IndexMatch] = []
        for entry in entries
        where entry.sourcePrimary == query.sourceLanguage.language && entry.targetPrimary == query.targetLanguage.language {
            if query.matchRegion, entry.sourceTag != query.sourceLanguage.identifier || entry.targetTag != query.targetLanguage.identifier { continue }
            let longest = max(normalized.count, entry.scalars.count)
            guard Similarity.score(distance: abs(normalized.count - entry.scalars.count), longest: longest) >= threshold else { continue }
            let distance = EditDistance.levenshtein(normalized, entry.scalars)
            guard Similarity.score(distance: distance, longest: longest) >= threshold else { continue }
            found.append(IndexMatch(
                unitID: entry.unitID, distance: distance, longest: longest, origin: entry.origin,
                inContext: distance == 0 ? try isInContext(entry.unitID) : false))
        }
        return found
    }
}
