/// What a translation session asks of the glossary and the quality checks, so that
/// they plug in without the session knowing how they work.
///
/// The session calls ``terms(in:)`` for each segment it shows and ``review(_:)``
/// before a confirmation is committed; the findings are warnings (the translator
/// decides), never a refusal.
public protocol SessionAdvisor: Sendable {
    /// The glossary terms found in a source segment, with their approved translations.
    func terms(in source: String) throws -> [TermSuggestion]

    /// The problems of a translation about to be confirmed.
    func review(_ candidate: SessionCandidate) throws -> [SessionFinding]
}

/// A glossary term found in a segment.
public struct TermSuggestion: Hashable, Sendable {
    /// The term as the glossary writes it.
    public var term: String
    /// Where it is in the segment, in Unicode scalar offsets.
    public var range: Range<Int>?
    /// The approved translations, preferred first.
    public var translations: [String]
    public var note: String?

    public init(term: String, range: Range<Int>? = nil, translations: [String], note: String? = nil) {
        self.term = term
        self.range = range
        self.translations = translations
        self.note = note
    }
}

/// A translation about to be confirmed, with what the checks need to know.
public struct SessionCandidate: Hashable, Sendable {
    public var article: String
    /// The segment's 1-based number.
    public var segment: Int
    public var source: String
    public var target: String
    /// The glossary terms found in the source (``SessionAdvisor/terms(in:)``).
    public var terms: [TermSuggestion]
    /// The claims in the segment.
    public var claims: [SegmentClaim]

    public init(article: String, segment: Int, source: String, target: String, terms: [TermSuggestion] = [], claims: [SegmentClaim] = []) {
        self.article = article
        self.segment = segment
        self.source = source
        self.target = target
        self.terms = terms
        self.claims = claims
    }
}

/// A problem found in a translation.
public struct SessionFinding: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Comparable {
        case warning, error
        public static func < (a: Self, b: Self) -> Bool { a == .warning && b == .error }
    }

    /// A short stable name of the check (`glossary`, `numbers`, ...).
    public var check: String
    public var severity: Severity
    public var message: String

    public init(check: String, severity: Severity = .warning, message: String) {
        self.check = check
        self.severity = severity
        self.message = message
    }

    public var description: String { "\(check): \(message)" }
}

/// An advisor that knows no glossary and checks nothing.
public struct NoAdvice: SessionAdvisor {
    public init() {}
    public func terms(in source: String) -> [TermSuggestion] { [] }
    public func review(_ candidate: SessionCandidate) -> [SessionFinding] { [] }
}

/// The glossary check every advisor can reuse: a term whose approved translations
/// none appear in the target (case-insensitive) is a finding.
public func missingApprovedTerms(in candidate: SessionCandidate) -> [SessionFinding] {
    candidate.terms.compactMap { term in
        guard !term.translations.isEmpty else { return nil }
        let target = candidate.target.lowercased()
        guard !term.translations.contains(where: { target.contains($0.lowercased()) }) else { return nil }
        let list = term.translations.map { "“\($0)”" }.joined(separator: " or ")
        return SessionFinding(check: "glossary", message: "“\(term.term)” should be translated \(list)")
    }
}
