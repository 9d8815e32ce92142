import Foundation

/// The matching every store shares, over sources a store keeps in memory: the exact
/// candidate index (``MatchIndex``) with the same ranking and scores as
/// ``SQLiteMemoryStore``. A store that keeps its units elsewhere (a database server)
/// builds one from its units' normalised sources and refreshes it when they change.
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

    private let index: MatchIndex

    /// Indexes `entries` (any order).
    /// - Throws: when the entries hold more language pairs than the index can tell apart.
    public init(_ entries: [Entry]) throws {
        index = try MatchIndex.build(entries.map {
            IndexEntry(
                unitID: $0.unitID, sourcePrimary: $0.sourceLanguage.language, targetPrimary: $0.targetLanguage.language,
                sourceTag: $0.sourceLanguage.identifier, targetTag: $0.targetLanguage.identifier,
                normalizedSource: $0.normalizedSource, origin: $0.origin)
        }, generation: 0)
    }

    /// The best matches for `query`, exactly as a brute-force scan would rank them.
    /// `context` gives a unit's neighbouring segments; it is asked only for exact
    /// matches, and only when the query has a context.
    public func matches(for query: MatchQuery, context: (Int64) throws -> SegmentContext?) throws -> [Match] {
        let previous = query.context.previous.map(TextNormalization.normalize)
        let next = query.context.next.map(TextNormalization.normalize)
        let hasContext = previous != nil || next != nil
        let found = try index.search(
            TextNormalization.normalizedScalars(query.source),
            sourceLanguage: query.sourceLanguage, targetLanguage: query.targetLanguage,
            matchRegion: query.matchRegion, minimumScore: query.minimumScore, limit: query.limit
        ) { id in
            guard hasContext, let stored = try context(id) else { return false }
            return stored.previous.map(TextNormalization.normalize) == previous
                && stored.next.map(TextNormalization.normalize) == next
        }
        return found.map { match in
            Match(unitID: match.unitID,
                  kind: match.inContext ? .inContext : match.distance == 0 ? .exact : .fuzzy,
                  similarity: match.similarity)
        }
    }
}
