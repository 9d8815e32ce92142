import Annotation
import Foundation
import TranslationMemory

/// The quality report of an article's translation: the findings of a
/// ``QualityChecker`` over the current translation of every segment
/// (``ArticleTranslations/current(segment:)``), with the links the article's claims cite.
///
/// ```swift
/// let report = ArticleQualityReport(
///     article: article, annotations: annotations,
///     translations: try ArticleTranslations(article: article.id.rawValue, sourceLanguage: .french, targetLanguage: .english, in: store),
///     checker: QualityChecker(glossary: terms, sourceLanguage: .french, targetLanguage: .english))
/// if report.hasErrors { ... }
/// ```
public struct ArticleQualityReport: Hashable, Sendable {
    public var article: String
    public var sourceLanguage: LanguageTag
    public var targetLanguage: LanguageTag
    /// How many segments the article has to translate (page furniture left out), and
    /// how many of them have a translation.
    public var segments: Int
    public var translatedSegments: Int
    /// The segments not checked because they are not to be translated (page
    /// furniture, ``Annotation/ArticleSegment/isTranslatable``), in order.
    public var skippedSegments: [Int]
    /// Every finding, in segment order.
    public var findings: [QualityFinding]

    public init(article: String, sourceLanguage: LanguageTag, targetLanguage: LanguageTag, segments: Int, translatedSegments: Int, skippedSegments: [Int] = [], findings: [QualityFinding]) {
        self.article = article
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.segments = segments
        self.translatedSegments = translatedSegments
        self.skippedSegments = skippedSegments
        self.findings = findings
    }

    /// Checks an article's current translations.
    /// - Parameters:
    ///   - annotations: the article's claims, citations and sources, when it has any:
    ///     claims citing a `linked` source with a URL must keep that link.
    public init(article: Article, annotations: ArticleAnnotations? = nil, translations: ArticleTranslations, checker: QualityChecker) {
        let segments = Self.segments(of: article, annotations: annotations, translations: translations)
        self.init(
            article: article.id.rawValue,
            sourceLanguage: checker.context.sourceLanguage, targetLanguage: checker.context.targetLanguage,
            segments: article.translatableSegmentNumbers.count,
            translatedSegments: segments.filter { $0.target != nil }.map { $0.lastNumber - $0.number + 1 }.reduce(0, +),
            skippedSegments: article.untranslatableSegmentNumbers,
            findings: checker.check(segments))
    }

    /// The findings that are errors.
    public var errors: [QualityFinding] { findings.filter { $0.severity == .error } }
    /// The findings that are warnings.
    public var warnings: [QualityFinding] { findings.filter { $0.severity == .warning } }
    /// Whether any finding is an error (`tandem check` then exits non-zero).
    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    /// The article's segments as the checks see them: source text, current
    /// translation, and the claims in each with the URLs of their linked sources.
    /// Segments not to be translated (page furniture) are left out.
    ///
    /// A unit whose source spans the following untranslated segments (an aligner's 2-1
    /// bead, stored at its first segment) makes one segment of them all. A segment
    /// without a unit whose text is the same as a translated segment's takes that
    /// translation (the memory merges identical units, keeping the first location).
    public static func segments(of article: Article, annotations: ArticleAnnotations?, translations: ArticleTranslations) -> [QualitySegment] {
        let texts = ArticleText.segmentTexts(of: article)
        let cited = annotations.map { citedClaims(of: article, annotations: $0) } ?? [:]
        // A unit whose source spans the following untranslated segments (an aligner's
        // 2-1 bead is stored at its first segment) translates them all: one QA segment.
        // A repeated segment without a unit of its own takes the translation of the same
        // text elsewhere in the article: the memory keeps one unit for identical pairs.
        var bySource: [String: TranslationUnit] = [:]
        for (offset, text) in texts.enumerated() {
            if let unit = translations.current(segment: offset + 1) {
                let key = TextNormalization.normalize(text)
                if bySource[key] == nil, TextNormalization.normalize(unit.source.plainText) == key { bySource[key] = unit }
            }
        }
        var result: [QualitySegment] = []
        var number = 1
        let translatable = article.segments.map(\.isTranslatable)
        while number <= texts.count {
            guard translatable[number - 1] else {
                number += 1
                continue
            }
            guard let unit = translations.current(segment: number) else {
                let repeated = bySource[TextNormalization.normalize(texts[number - 1])]
                result.append(QualitySegment(
                    number: number, source: SegmentText(texts[number - 1]), target: repeated?.target, citedClaims: cited[number] ?? []))
                number += 1
                continue
            }
            let unitSource = TextNormalization.normalize(unit.source.plainText)
            var last = number
            var joined = texts[number - 1]
            while last < texts.count, translatable[last], translations.current(segment: last + 1) == nil {
                let longer = joined + " " + texts[last]
                guard unitSource.hasPrefix(TextNormalization.normalize(longer)) else { break }
                joined = longer
                last += 1
            }
            result.append(QualitySegment(
                number: number, source: SegmentText(joined), target: unit.target,
                citedClaims: (number...last).flatMap { cited[$0] ?? [] }, lastNumber: last))
            number = last + 1
        }
        return result
    }
}

extension ArticleQualityReport {
    /// The claims of an article that cite a `linked` source with a URL, by the number of
    /// the first segment each touches (a claim across a segment boundary is expected in
    /// its first segment): what ``CitationLinkCheck`` needs for each segment.
    public static func citedClaims(of article: Article, annotations: ArticleAnnotations) -> [Int: [CitedClaim]] {
        var cited: [Int: [CitedClaim]] = [:]
        let sources = Dictionary(annotations.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for claim in annotations.claims where claim.isAnchored {
            let urls = annotations.citations
                .filter { $0.claimID == claim.id && $0.status == .linked }
                .compactMap { sources[$0.sourceID]?.url }
            guard !urls.isEmpty, let first = article.segmentNumbers(touching: claim.span).first else { continue }
            cited[first, default: []].append(CitedClaim(claim: claim.id.rawValue, quote: claim.text, urls: urls))
        }
        return cited
    }
}

/// Segment texts of an article.
public enum ArticleText {
    /// The text of every segment of an article, in order (segment n is element n − 1).
    public static func segmentTexts(of article: Article) -> [String] {
        let scalars = Array(article.text.unicodeScalars)
        return article.segments.map { segment in
            let range = max(0, segment.range.lowerBound)..<min(scalars.count, segment.range.upperBound)
            return range.isEmpty ? "" : String(String.UnicodeScalarView(scalars[range]))
        }
    }
}

extension ArticleQualityReport {
    /// Checks a stored article: reads it with its annotations, its current translations
    /// into `targetLanguage` from the memory and the glossary of the pair, then runs
    /// `checks` (the standard ones by default).
    /// - Throws: ``ArticleLookupError/unknownArticle(_:)``, and the stores' errors.
    public static func check(
        article id: String,
        targetLanguage: LanguageTag,
        memory: any MemoryStore,
        annotations repository: any AnnotationRepository,
        glossary: any GlossaryStore,
        checks: [any QualityCheck] = QualityChecker.standardChecks
    ) throws -> ArticleQualityReport {
        let annotations = try ArticleLookup.annotations(of: id, in: repository)
        let article = annotations.article
        let sourceLanguage = try ArticleLookup.language(of: article)
        let translations = try ArticleTranslations(article: id, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, in: memory)
        let terms = try glossary.terms(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
        let checker = QualityChecker(glossary: terms, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, checks: checks)
        return ArticleQualityReport(article: article, annotations: annotations, translations: translations, checker: checker)
    }
}

/// Reading stored articles for the use cases of this module.
enum ArticleLookup {
    static func article(_ id: String, in repository: any AnnotationRepository) throws -> Article {
        guard let article = try repository.read({ try $0.article(ArticleID(rawValue: id)) }) else {
            throw ArticleLookupError.unknownArticle(id)
        }
        return article
    }

    static func annotations(of id: String, in repository: any AnnotationRepository) throws -> ArticleAnnotations {
        guard try repository.read({ try $0.article(ArticleID(rawValue: id)) }) != nil else {
            throw ArticleLookupError.unknownArticle(id)
        }
        return try repository.read { try $0.annotations(of: ArticleID(rawValue: id)) }
    }

    static func language(of article: Article) throws -> LanguageTag {
        guard let tag = LanguageTag(article.language) else {
            throw ArticleLookupError.invalidLanguage(article: article.id.rawValue, language: article.language)
        }
        return tag
    }
}

/// A stored article that cannot be used.
public enum ArticleLookupError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No article with this id in the database.
    case unknownArticle(String)
    /// The article's language is not a language tag.
    case invalidLanguage(article: String, language: String)

    public var description: String {
        switch self {
        case .unknownArticle(let id):
            "no article “\(id)” in the database; add it with `tandem article add FILE` (its id is the file name without extension)"
        case .invalidLanguage(let article, let language):
            "article \(article): “\(language)” is not a language tag"
        }
    }
}
