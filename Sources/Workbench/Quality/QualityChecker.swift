import Foundation
import TranslationMemory

/// Runs quality checks on translated segments: a pure value, built once per article
/// (or per session) and called for every segment.
///
/// ```swift
/// let checker = QualityChecker(glossary: terms, sourceLanguage: .french, targetLanguage: .english)
/// let findings = checker.check(QualitySegment(number: 3, source: "Il a payé 1 000,5 €.", target: "He paid €1,000.50."))
/// ```
///
/// Each check is a small ``QualityCheck``; ``QualityChecker/standardChecks`` are the ones
/// `tandem check` and the translation session run.
public struct QualityChecker: Sendable {
    public var checks: [any QualityCheck]
    public var context: QualityContext

    /// - Parameters:
    ///   - glossary: the terms whose approved translations the glossary check requires
    ///     (terms of other language pairs are ignored).
    ///   - checks: the checks to run, ``standardChecks`` by default.
    public init(
        glossary: [Term] = [],
        sourceLanguage: LanguageTag = .french,
        targetLanguage: LanguageTag = .english,
        checks: [any QualityCheck] = QualityChecker.standardChecks
    ) {
        self.checks = checks
        let pairTerms = glossary.filter {
            $0.sourceLanguage.matches(sourceLanguage) && $0.targetLanguage.matches(targetLanguage)
        }
        context = QualityContext(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, terms: TermMatcher(terms: pairTerms))
    }

    /// Every check, in the order findings are listed for a segment.
    public static let standardChecks: [any QualityCheck] = [
        UntranslatedCheck(),
        SourceCopiedCheck(),
        NumberCheck(),
        PairedPunctuationCheck(),
        GlossaryCheck(),
        CitationLinkCheck(),
        TypographyCheck(),
    ]

    /// The findings for one segment, check by check.
    public func check(_ segment: QualitySegment) -> [QualityFinding] {
        let findings = checks.flatMap { $0.findings(in: segment, context: context) }
        guard segment.lastNumber > segment.number else { return findings }
        return findings.map { finding in
            var finding = finding
            finding.lastSegment = segment.lastNumber
            return finding
        }
    }

    /// The findings for several segments, in segment order.
    public func check(_ segments: [QualitySegment]) -> [QualityFinding] {
        segments.flatMap(check)
    }
}

/// One segment as the checks see it.
public struct QualitySegment: Hashable, Sendable {
    /// The segment's 1-based number in its article.
    public var number: Int
    /// The last segment this one covers: ``number`` except when one translation covers
    /// several source segments (an aligner's 2-1 bead, stored at its first segment).
    public var lastNumber: Int
    public var source: SegmentText
    /// The translation; `nil` when the segment has none.
    public var target: SegmentText?
    /// The claims in the source segment that cite a source with a link, which the
    /// translation must carry (see ``CitationLinkCheck``).
    public var citedClaims: [CitedClaim]

    public init(number: Int, source: SegmentText, target: SegmentText?, citedClaims: [CitedClaim] = [], lastNumber: Int? = nil) {
        self.number = number
        self.lastNumber = max(number, lastNumber ?? number)
        self.source = source
        self.target = target
        self.citedClaims = citedClaims
    }

    /// A segment of plain texts.
    public init(number: Int, source: String, target: String?, citedClaims: [CitedClaim] = []) {
        self.init(number: number, source: SegmentText(source), target: target.map(SegmentText.init), citedClaims: citedClaims)
    }
}

/// A claim in a source segment with the links of the sources it cites.
public struct CitedClaim: Hashable, Sendable {
    /// The claim's id.
    public var claim: String
    /// The quoted text of the claim.
    public var quote: String
    /// The URLs of its `linked` citations' sources.
    public var urls: [URL]

    public init(claim: String, quote: String, urls: [URL]) {
        self.claim = claim
        self.quote = quote
        self.urls = urls
    }
}

/// What every check may use besides the segment.
public struct QualityContext: Sendable {
    public var sourceLanguage: LanguageTag
    public var targetLanguage: LanguageTag
    /// The glossary of the language pair.
    public var terms: TermMatcher

    public init(sourceLanguage: LanguageTag, targetLanguage: LanguageTag, terms: TermMatcher = TermMatcher(terms: [])) {
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.terms = terms
    }
}

/// One quality check: a pure function of a segment.
public protocol QualityCheck: Sendable {
    /// The check's name in reports (`numbers`, `glossary`...).
    var name: String { get }
    /// What is wrong with the segment, if anything.
    func findings(in segment: QualitySegment, context: QualityContext) -> [QualityFinding]
}

/// Something a check found wrong in a segment.
public struct QualityFinding: Hashable, Sendable, Codable {
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        /// Must be fixed before publishing; `tandem check` exits non-zero.
        case error
        /// Worth a look; may be intended.
        case warning

        public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .error && rhs == .warning }
    }

    /// The segment's 1-based number.
    public var segment: Int
    /// When the translation covers several source segments (``segment`` to this one),
    /// the last of them; `nil` otherwise.
    public var lastSegment: Int?
    /// The check's ``QualityCheck/name``.
    public var check: String
    public var severity: Severity
    /// What is wrong, in plain words.
    public var message: String

    public init(segment: Int, lastSegment: Int? = nil, check: String, severity: Severity, message: String) {
        self.segment = segment
        self.lastSegment = lastSegment
        self.check = check
        self.severity = severity
        self.message = message
    }
}
