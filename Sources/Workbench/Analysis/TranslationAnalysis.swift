import Annotation
import Foundation
import TranslationMemory

/// Where a segment stands before translation, as CAT tools' analyses report it.
public enum AnalysisCategory: String, CaseIterable, Hashable, Sendable, Codable {
    /// The same source text already occurred earlier in the analysed articles
    /// (the same article or an earlier one); only its first occurrence is counted by its match.
    case repetition
    /// The memory has the same source with the same neighbouring segments.
    case inContext = "in-context"
    /// The memory has the same source (100 %).
    case exact
    case fuzzy95To99 = "95-99"
    case fuzzy85To94 = "85-94"
    case fuzzy75To84 = "75-84"
    case fuzzy50To74 = "50-74"
    /// No match of 50 % or more.
    case new

    /// The band of a memory match (the best one for the segment), `.new` without one.
    /// Fuzzy percentages are the score rounded down (a 94.9 % match is in 85–94).
    public static func band(of match: TranslationMatch?) -> AnalysisCategory {
        guard let match else { return .new }
        switch match.kind {
        case .inContext: return .inContext
        case .exact: return .exact
        case .fuzzy:
            switch Int((match.score * 100).rounded(.down)) {
            case 100...: return .exact
            case 95...: return .fuzzy95To99
            case 85...: return .fuzzy85To94
            case 75...: return .fuzzy75To84
            case 50...: return .fuzzy50To74
            default: return .new
            }
        }
    }

    /// The label reports print (`95–99 %`).
    public var label: String {
        switch self {
        case .repetition: "Repetitions"
        case .inContext: "In context"
        case .exact: "100 %"
        case .fuzzy95To99: "95–99 %"
        case .fuzzy85To94: "85–94 %"
        case .fuzzy75To84: "75–84 %"
        case .fuzzy50To74: "50–74 %"
        case .new: "New"
        }
    }
}

/// Segments and words in one category.
public struct AnalysisCount: Hashable, Sendable, Codable {
    public var segments: Int
    public var words: Int

    public init(segments: Int = 0, words: Int = 0) {
        self.segments = segments
        self.words = words
    }

    public static func + (a: Self, b: Self) -> Self {
        AnalysisCount(segments: a.segments + b.segments, words: a.words + b.words)
    }
}

/// Counts by category for one article or for all.
public struct AnalysisTable: Hashable, Sendable {
    public private(set) var counts: [AnalysisCategory: AnalysisCount]
    /// Segments not to be translated (page furniture), counted apart like CAT tools'
    /// "locked" segments: they are in no category and not in ``total``.
    public private(set) var notTranslatable: AnalysisCount

    public init(counts: [AnalysisCategory: AnalysisCount] = [:], notTranslatable: AnalysisCount = AnalysisCount()) {
        self.counts = counts
        self.notTranslatable = notTranslatable
    }

    /// The count of one category (zero when none).
    public subscript(category: AnalysisCategory) -> AnalysisCount {
        counts[category] ?? AnalysisCount()
    }

    /// Every category together.
    public var total: AnalysisCount {
        counts.values.reduce(AnalysisCount(), +)
    }

    mutating func add(_ category: AnalysisCategory, words: Int) {
        counts[category, default: AnalysisCount()] = self[category] + AnalysisCount(segments: 1, words: words)
    }

    mutating func addNotTranslatable(words: Int) {
        notTranslatable = notTranslatable + AnalysisCount(segments: 1, words: words)
    }

    static func + (a: Self, b: Self) -> Self {
        AnalysisTable(counts: a.counts.merging(b.counts, uniquingKeysWith: +), notTranslatable: a.notTranslatable + b.notTranslatable)
    }
}

/// A document to analyse: an id and its source segments in order.
public struct AnalysisDocument: Hashable, Sendable {
    public var id: String
    public var segments: [String]
    /// The indices (0-based) in ``segments`` of those not to be translated (page
    /// furniture): counted apart, never matched nor taken as repetitions.
    public var notTranslatable: Set<Int>

    public init(id: String, segments: [String], notTranslatable: Set<Int> = []) {
        self.id = id
        self.segments = segments
        self.notTranslatable = notTranslatable
    }

    /// An article's segments; those not translatable (``Annotation/ArticleSegment/isTranslatable``) are set apart.
    public init(article: Article) {
        self.init(
            id: article.id.rawValue, segments: ArticleText.segmentTexts(of: article),
            notTranslatable: Set(article.untranslatableSegmentNumbers.map { $0 - 1 }))
    }
}

/// The analysis of several articles.
public struct TranslationAnalysis: Hashable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var document: String
        public var table: AnalysisTable

        public init(document: String, table: AnalysisTable) {
            self.document = document
            self.table = table
        }
    }

    /// Per article, in the order analysed.
    public var documents: [Entry]

    public init(documents: [Entry]) {
        self.documents = documents
    }

    /// All articles together.
    public var total: AnalysisTable {
        documents.reduce(AnalysisTable()) { $0 + $1.table }
    }
}

/// Analyses articles against the memory as it is, the way CAT tools (Trados, memoQ) do
/// before work starts.
///
/// Segments are taken in order, article after article. A segment whose source text
/// (normalised as the memory normalises it: Unicode NFC, white space collapsed; case and punctuation kept) occurred
/// earlier in the analysed articles is a repetition; otherwise it is counted in the band
/// of its best memory match (``MemoryStore/lookup(_:)`` with its neighbours as context,
/// 50 % and up). Blank segments are skipped. Segments not to be translated (page
/// furniture) are counted apart (``AnalysisTable/notTranslatable``), outside the total.
/// Words are counted with ``WordCount``.
public struct TranslationAnalyzer {
    public var store: any MemoryStore
    public var sourceLanguage: LanguageTag
    public var targetLanguage: LanguageTag

    public init(store: any MemoryStore, sourceLanguage: LanguageTag = .french, targetLanguage: LanguageTag = .english) {
        self.store = store
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
    }

    /// Analyses documents in order; repetitions count across all of them.
    public func analyze(_ documents: [AnalysisDocument]) throws -> TranslationAnalysis {
        var seen: Set<String> = []
        return TranslationAnalysis(documents: try documents.map { try analyze($0, seen: &seen) })
    }

    /// Analyses one document; `seen` holds the normalised sources met so far (in this
    /// and earlier documents) and is updated.
    func analyze(_ document: AnalysisDocument, seen: inout Set<String>) throws -> TranslationAnalysis.Entry {
        var table = AnalysisTable()
        for (index, text) in document.segments.enumerated() {
            let key = TextNormalization.normalize(text)
            guard !key.isEmpty else { continue }
            let words = WordCount.words(in: text)
            if document.notTranslatable.contains(index) {
                table.addNotTranslatable(words: words)
                continue
            }
            if !seen.insert(key).inserted {
                table.add(.repetition, words: words)
                continue
            }
            let query = MatchQuery(
                source: text, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
                context: SegmentContext(
                    previous: index > 0 ? document.segments[index - 1] : nil,
                    next: index + 1 < document.segments.count ? document.segments[index + 1] : nil),
                minimumScore: 0.5, limit: 1)
            table.add(AnalysisCategory.band(of: try store.lookup(query).first), words: words)
        }
        return TranslationAnalysis.Entry(document: document.id, table: table)
    }
}

extension TranslationAnalyzer {
    /// Analyses stored articles, in the order given. Each article is analysed from its
    /// own language into ``targetLanguage``; ``sourceLanguage`` is not used.
    /// - Throws: ``ArticleLookupError``, and the stores' errors.
    public static func analyze(
        articles ids: [String],
        targetLanguage: LanguageTag,
        memory: any MemoryStore,
        annotations repository: any AnnotationRepository
    ) throws -> TranslationAnalysis {
        var documents: [(AnalysisDocument, LanguageTag)] = []
        for id in ids {
            let article = try ArticleLookup.article(id, in: repository)
            documents.append((AnalysisDocument(article: article), try ArticleLookup.language(of: article)))
        }
        // Repetitions run across articles, so one analyser sees them all in order.
        var seen: Set<String> = []
        var entries: [TranslationAnalysis.Entry] = []
        for (document, language) in documents {
            let analyzer = TranslationAnalyzer(store: memory, sourceLanguage: language, targetLanguage: targetLanguage)
            entries.append(try analyzer.analyze(document, seen: &seen))
        }
        return TranslationAnalysis(documents: entries)
    }
}
