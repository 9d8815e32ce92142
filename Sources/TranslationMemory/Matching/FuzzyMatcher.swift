import Foundation

/// The matching every store shares, over sources a store keeps in memory: the exact
/// candidate index (``MatchIndex``) with the same ranking and scores as
/// ``SQLiteMemoryStore``. A store that keeps its units elsewhere (a database server)
/// builds one from its units' normalised sources and keeps it up to date with
/// ``updated(written:removed:)``.
///
/// A matcher is a base index, built once (or mapped from a file written by
/// ``writeIndex(to:)``), and the changes since: the entries written since, searched one
/// by one, and the base's ids removed or rewritten since, never returned from the base.
/// Lookups stay exact: the base is searched deeply enough that its hidden ids cannot
/// crowd out a match, and the two are merged and ranked as one index would.
public struct FuzzyMatcher: Sendable {
    /// One unit as the matcher sees it.
    public struct Entry: Sendable, Hashable {
        public var unitID: Int64
        public var sourceLanguage: LanguageTag
        public var targetLanguage: LanguageTag
        /// The source normalised by ``TextNormalization/normalize(_:)``.
        public var normalizedSource: String
        public var origin: UnitOrigin

        public init(unitID: Int64, sourceLanguage: LanguageTag, targetLanguage: LanguageTag, normalizedSource: String, origin: UnitOrigin) {
            self.unitID = unitID
            self.sourceLanguage = sourceLanguage
            self.targetLanguage = targetLanguage
            self.normalizedSource = normalizedSource
            self.origin = origin
        }
    }

    /// One match: the unit and how it matched (the unit itself is the store's to load).
    public struct Match: Sendable, Hashable {
        public var unitID: Int64
        public var kind: TranslationMatch.Kind
        public var similarity: Double
    }

    private let base: MatchIndex
    /// Entries written since the base was built (new units, and base units rewritten).
    private var recent: [Int64: RecentEntry] = [:]
    /// Base ids removed or rewritten since it was built.
    private var hidden: Set<Int64> = []

    /// Indexes `entries` (any order), recording the store's `generation` they reflect.
    /// - Throws: when the entries hold more language pairs than the index can tell apart.
    public init(_ entries: [Entry], generation: UInt64 = 0) throws {
        base = try MatchIndex.build(entries.map {
            IndexEntry(
                unitID: $0.unitID, sourcePrimary: $0.sourceLanguage.language, targetPrimary: $0.targetLanguage.language,
                sourceTag: $0.sourceLanguage.identifier, targetTag: $0.targetLanguage.identifier,
                normalizedSource: $0.normalizedSource, origin: $0.origin)
        }, generation: generation)
    }

    private init(base: MatchIndex) { self.base = base }

    /// The matcher of an index file written by ``writeIndex(to:)``, memory-mapped; `nil`
    /// when the file is absent, unreadable or corrupt.
    public static func mapIndex(_ url: URL) -> FuzzyMatcher? {
        MatchIndex.map(url).map(FuzzyMatcher.init(base:))
    }

    /// Writes the base index (not the changes applied since) to `url`, atomically.
    public func writeIndex(to url: URL) throws {
        try base.write(to: url)
    }

    /// The store generation the base index reflects.
    public var indexGeneration: UInt64 { base.generation }

    /// How many units the changes since the base concern: past a few hundred, building
    /// a new matcher makes lookups faster again.
    public var changeCount: Int { hidden.union(recent.keys).count }

    /// The matcher with the store's later changes: `written` (new units, and units
    /// rewritten with new data: merged into, say) and `removed` ids.
    public func updated(written: [Entry], removed: [Int64]) -> FuzzyMatcher {
        var next = self
        let largest = base.largestUnitID
        for id in removed {
            next.recent[id] = nil
            if id <= largest { next.hidden.insert(id) }
        }
        for entry in written {
            next.recent[entry.unitID] = RecentEntry(entry)
            // An id above the base's largest was never in it.
            if entry.unitID <= largest { next.hidden.insert(entry.unitID) }
        }
        return next
    }

    /// The best matches for `query`, exactly as a brute-force scan would rank them.
    /// `context` gives a unit's neighbouring segments; it is asked only for exact
    /// matches, and only when the query has a context.
    public func matches(for query: MatchQuery, context: (Int64) throws -> SegmentContext?) throws -> [Match] {
        guard query.limit > 0 else { return [] }
        let previous = query.context.previous.map(TextNormalization.normalize)
        let next = query.context.next.map(TextNormalization.normalize)
        let hasContext = previous != nil || next != nil
        func isInContext(_ id: Int64) throws -> Bool {
            guard hasContext, let stored = try context(id) else { return false }
            return stored.previous.map(TextNormalization.normalize) == previous
                && stored.next.map(TextNormalization.normalize) == next
        }
        let normalized = TextNormalization.normalizedScalars(query.source)
        func searchBase(limit: Int) throws -> [IndexMatch] {
            try base.search(
                normalized, sourceLanguage: query.sourceLanguage, targetLanguage: query.targetLanguage,
                matchRegion: query.matchRegion, minimumScore: query.minimumScore, limit: limit, isInContext: isInContext)
        }
        var found = try searchBase(limit: query.limit)
        if found.contains(where: { hidden.contains($0.unitID) }) {
            // The first limit + |hidden| hold at least `limit` ids not hidden, when there are.
            found = try searchBase(limit: query.limit + hidden.count)
        }
        found.removeAll { hidden.contains($0.unitID) }
        found += try RecentEntry.matches(in: recent.values, normalized, query, isInContext: isInContext)
        found.sort(by: MatchIndex.precedes)
        return found.prefix(query.limit).map { match in
            Match(unitID: match.unitID,
                  kind: match.inContext ? .inContext : match.distance == 0 ? .exact : .fuzzy,
                  similarity: match.similarity)
        }
    }
}
