import Foundation

/// A statement of an article that a reviewer wants backed by a source.
///
/// A claim is anchored twice: by position (``span``, code points) and by quote
/// (``selector``, a W3C `TextQuoteSelector`). The quote is what lets it be re-anchored
/// when the text or its segmentation changes (see ``Article/reanchor(_:)``).
public struct Claim: Identifiable, Hashable, Sendable, Codable {
    public var id: ClaimID
    public var articleID: ArticleID
    public var kind: ClaimKind
    /// Where the claim is, in code points of the article text. While the claim is
    /// ``AnchorStatus/orphaned`` this is only its last known position.
    public var span: Range<Int>
    public var selector: TextQuoteSelector
    public var anchorStatus: AnchorStatus
    public var note: String?

    public init(
        id: ClaimID,
        articleID: ArticleID,
        kind: ClaimKind,
        span: Range<Int>,
        selector: TextQuoteSelector,
        anchorStatus: AnchorStatus = .anchored,
        note: String? = nil
    ) {
        self.id = id
        self.articleID = articleID
        self.kind = kind
        self.span = span
        self.selector = selector
        self.anchorStatus = anchorStatus
        self.note = note
    }

    /// A claim at an anchor found in `article` (``Article/anchor(_:)``).
    public init(id: ClaimID = .generate(), in article: Article, at anchor: TextAnchor, kind: ClaimKind, note: String? = nil) {
        self.init(id: id, articleID: article.id, kind: kind, span: anchor.span, selector: anchor.selector, note: AnnotationValidation.nonBlank(note))
    }

    /// The quoted text.
    public var text: String { selector.exact }

    /// Whether the claim has a position in the current text.
    public var isAnchored: Bool { anchorStatus != .orphaned }

    /// Checks the claim against its article: same article, span within the text and
    /// the text there equal to the quote (unless orphaned).
    /// - Throws: the first ``AnnotationError`` found.
    public func validate(against article: Article) throws {
        try validate(against: article, text: ScalarText(article.text))
    }

    func validate(against article: Article, text: ScalarText) throws {
        try id.validate()
        guard articleID == article.id else {
            throw AnnotationError.claimBelongsToAnotherArticle(claim: id, article: articleID, expected: article.id)
        }
        guard !selector.exact.isEmpty else { throw AnnotationError.emptyQuote(article: article.id) }
        guard isAnchored else { return }
        guard span.lowerBound >= 0, span.upperBound <= text.count, !span.isEmpty else {
            throw AnnotationError.spanOutOfRange(article: article.id, start: span.lowerBound, end: span.upperBound, length: text.count)
        }
        let found = text.scalars[span]
        guard found.elementsEqual(selector.exact.unicodeScalars) else {
            throw AnnotationError.selectorMismatch(claim: id, expected: selector.exact, found: text.string(span))
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, articleID = "article", kind, start, end, selector, anchorStatus, note
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(ClaimID.self, forKey: .id)
        articleID = try container.decode(ArticleID.self, forKey: .articleID)
        kind = try container.decode(ClaimKind.self, forKey: .kind)
        span = try container.decodeRange(startKey: .start, endKey: .end)
        selector = try container.decode(TextQuoteSelector.self, forKey: .selector)
        anchorStatus = try container.decode(AnchorStatus.self, forKey: .anchorStatus)
        note = try container.decodeIfPresent(String.self, forKey: .note)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(articleID, forKey: .articleID)
        try container.encode(kind, forKey: .kind)
        try container.encode(span.lowerBound, forKey: .start)
        try container.encode(span.upperBound, forKey: .end)
        try container.encode(selector, forKey: .selector)
        try container.encode(anchorStatus, forKey: .anchorStatus)
        try container.encodeIfPresent(note, forKey: .note)
    }
}

/// What sort of statement a claim is.
public enum ClaimKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// An event or state of affairs ("the department suspended the partnership").
    case fact
    /// A number, a date or an amount ("up to a million people").
    case figure
    /// Words quoted from someone.
    case quotation
    /// A statement ascribed to someone, not quoted ("NGOs have denounced…").
    case attribution
}

/// Whether a claim still sits where it was put.
public enum AnchorStatus: String, CaseIterable, Hashable, Sendable, Codable {
    /// At the position it was created or confirmed at.
    case anchored
    /// Moved automatically after the text changed (found elsewhere, or found with small
    /// edits); a reviewer may want to check it.
    case reanchored
    /// Not found in the current text any more.
    case orphaned
}

/// A W3C Web Annotation `TextQuoteSelector`: the exact text of a span with a little
/// context either side.
public struct TextQuoteSelector: Hashable, Sendable, Codable {
    public var exact: String
    public var prefix: String
    public var suffix: String

    /// How many code points of context ``prefix`` and ``suffix`` keep.
    public static let contextLength = 32

    public init(exact: String, prefix: String = "", suffix: String = "") {
        self.exact = exact
        self.prefix = prefix
        self.suffix = suffix
    }
}
