import Foundation

/// A persistent translation memory. `SQLiteMemoryStore` is the default; a PostgreSQL
/// store for teams implements the same protocol, so callers never know which one they
/// hold. The memory knows no file format: `Interchange` reads TMX and XLIFF into it
/// through ``importBatch(_:)`` and writes them from ``forEachUnit(sourceLanguage:targetLanguage:_:)``.
public protocol MemoryStore: AnyObject, Sendable {
    /// Runs `body` in one transaction: every unit it adds is stored, or, if `body`
    /// throws, none is. Importers stream a file through it so that a malformed file
    /// stores nothing.
    func importBatch<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result

    /// Adds one unit in a transaction of its own, committed before returning (a
    /// translator's confirmation).
    @discardableResult
    func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome

    /// Calls `body` with every unit of the language pair (any pair when `nil`), in the
    /// order they were stored, without loading the whole memory.
    func forEachUnit(
        sourceLanguage: LanguageTag?,
        targetLanguage: LanguageTag?,
        _ body: (TranslationUnit) throws -> Void
    ) throws

    /// The units located in an article (``TranslationUnit/location``), ordered by
    /// segment, then oldest first: an article's translations as translators confirmed,
    /// aligned or imported them. ``ArticleTranslations`` picks the current one of each segment.
    func units(
        inArticle article: String,
        sourceLanguage: LanguageTag?,
        targetLanguage: LanguageTag?
    ) throws -> [TranslationUnit]

    /// The best matches for a segment: in-context first, then exact, then fuzzy by score.
    func lookup(_ query: MatchQuery) throws -> [TranslationMatch]

    /// Units whose source or target contains a word or phrase.
    func concordance(_ query: ConcordanceQuery) throws -> [ConcordanceHit]

    /// Counts of what the memory holds.
    func statistics() throws -> MemoryStatistics
}

/// Adds units inside a store transaction (see ``MemoryStore/importBatch(_:)``).
public protocol UnitBatch {
    @discardableResult
    func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome

    /// Adds `units` in order, with exactly the outcomes adding them one by one would
    /// have (an identical unit earlier in `units` is merged into, a replaced one
    /// replaced), returned in the same order. A store on a database server writes them
    /// together, in a few round trips: importers hand it their units by the hundred.
    @discardableResult
    func add(contentsOf units: [TranslationUnit], policy: DuplicatePolicy) throws -> [AddOutcome]
}

extension UnitBatch {
    /// Adds the units one by one (stores that write locally gain nothing by more).
    @discardableResult
    public func add(contentsOf units: [TranslationUnit], policy: DuplicatePolicy) throws -> [AddOutcome] {
        try units.map { try add($0, policy: policy) }
    }
}

/// What to do when the memory already holds a unit with the same source.
public enum DuplicatePolicy: Sendable, Hashable {
    /// Keep the existing translations and add this one as an alternative; an identical
    /// unit (same source and target, and the same location when both have one) is
    /// merged instead (newer provenance kept, the earliest creation date not lost). Two
    /// segments of articles with the same translation stay two units.
    case keepAlternatives
    /// Replace every translation of this source (same language pair) by this one.
    case replace
}

/// What happened to one added unit.
public enum AddOutcome: Sendable, Hashable {
    /// Stored as a new unit (possibly an alternative translation of a known source).
    case added(id: Int64)
    /// An identical unit was already there; its provenance was updated.
    case merged(id: Int64)
    /// Replaced the earlier translations of the same source.
    case replaced(id: Int64)
}

/// A request for matches.
public struct MatchQuery: Sendable, Hashable {
    public var source: String
    public var sourceLanguage: LanguageTag
    public var targetLanguage: LanguageTag
    /// The segments around the query, for in-context matches.
    public var context: SegmentContext
    /// The lowest fuzzy score returned, 0–1 (default 0.7).
    public var minimumScore: Double
    /// How many matches at most (default 5).
    public var limit: Int
    /// Whether `fr-FR` and `fr-CA` must be told apart.
    public var matchRegion: Bool

    public init(
        source: String,
        sourceLanguage: LanguageTag = .french,
        targetLanguage: LanguageTag = .english,
        context: SegmentContext = SegmentContext(),
        minimumScore: Double = 0.7,
        limit: Int = 5,
        matchRegion: Bool = false
    ) {
        self.source = source
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.context = context
        self.minimumScore = minimumScore
        self.limit = limit
        self.matchRegion = matchRegion
    }
}

/// One match for a query.
public struct TranslationMatch: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Same source and the same neighbouring segments.
        case inContext
        /// Same source (after normalisation).
        case exact
        case fuzzy
    }

    public var unit: TranslationUnit
    public var kind: Kind
    /// The similarity of the normalised sources, 0–1, before any penalty.
    public var similarity: Double
    /// The score used for ranking: similarity less the documented penalties.
    public var score: Double

    public init(unit: TranslationUnit, kind: Kind, similarity: Double, score: Double) {
        self.unit = unit
        self.kind = kind
        self.similarity = similarity
        self.score = score
    }
}

/// A concordance search.
public struct ConcordanceQuery: Sendable, Hashable {
    public var text: String
    /// Search sources, targets or both.
    public var sides: Set<UnitPart>
    public var ignoreCase: Bool
    public var ignoreAccents: Bool
    public var limit: Int

    public init(text: String, sides: Set<UnitPart> = [.source, .target], ignoreCase: Bool = true, ignoreAccents: Bool = false, limit: Int = 50) {
        self.text = text
        self.sides = sides
        self.ignoreCase = ignoreCase
        self.ignoreAccents = ignoreAccents
        self.limit = limit
    }
}

/// A unit found by a concordance search, with where the hit is.
public struct ConcordanceHit: Sendable, Hashable {
    public var unit: TranslationUnit
    /// The side the hit is on (`.source` or `.target`).
    public var part: UnitPart
    /// The hits' ranges in that side's plain text, in Unicode scalar offsets.
    public var ranges: [Range<Int>]

    public init(unit: TranslationUnit, part: UnitPart, ranges: [Range<Int>]) {
        self.unit = unit
        self.part = part
        self.ranges = ranges
    }
}

/// What a memory holds.
public struct MemoryStatistics: Sendable, Hashable {
    public struct PairCount: Sendable, Hashable {
        public var sourceLanguage: String
        public var targetLanguage: String
        public var units: Int
        public init(sourceLanguage: String, targetLanguage: String, units: Int) {
            self.sourceLanguage = sourceLanguage
            self.targetLanguage = targetLanguage
            self.units = units
        }
    }

    public var units: Int
    public var pairs: [PairCount]
    public var byOrigin: [UnitOrigin: Int]

    public init(units: Int, pairs: [PairCount], byOrigin: [UnitOrigin: Int]) {
        self.units = units
        self.pairs = pairs
        self.byOrigin = byOrigin
    }
}

extension MemoryStore {
    /// Reads every unit of the pair and keeps the article's: correct for any store;
    /// stores with an index on the location override it.
    public func units(
        inArticle article: String,
        sourceLanguage: LanguageTag?,
        targetLanguage: LanguageTag?
    ) throws -> [TranslationUnit] {
        var found: [TranslationUnit] = []
        try forEachUnit(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage) { unit in
            if unit.location?.article == article { found.append(unit) }
        }
        return found.sorted { a, b in
            if a.location!.segment != b.location!.segment { return a.location!.segment < b.location!.segment }
            return ArticleTranslations.date(of: a) < ArticleTranslations.date(of: b)
        }
    }
}
