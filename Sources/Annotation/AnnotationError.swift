import Foundation

/// What can be wrong with annotation input. Every case says what is wrong and, where
/// it helps, what to do about it (``description``).
public enum AnnotationError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    // MARK: Malformed values
    case invalidIdentifier(kind: String, value: String)
    case invalidURL(String, reason: String)
    case invalidLanguage(String)
    case invalidDate(String)
    case emptyField(record: String, field: String)
    case invalidSegments(article: ArticleID, reason: String)

    // MARK: Anchoring
    /// The quote does not occur in the article text.
    case quoteNotFound(article: ArticleID, quote: String, suggestion: String?)
    /// The quote occurs several times (at these code-point offsets) and nothing says which.
    case ambiguousQuote(article: ArticleID, quote: String, offsets: [Int])
    /// The quote occurs, but never with the given prefix and suffix.
    case quoteContextNotFound(article: ArticleID, quote: String, occurrences: Int)
    /// An occurrence index (1-based) beyond the number of occurrences.
    case occurrenceOutOfRange(article: ArticleID, quote: String, requested: Int, occurrences: Int)
    case emptyQuote(article: ArticleID)
    case spanOutOfRange(article: ArticleID, start: Int, end: Int, length: Int)
    case segmentOutOfRange(article: ArticleID, segment: Int, count: Int)
    /// A claim's `exact` text is not what the article has at the claim's span.
    case selectorMismatch(claim: ClaimID, expected: String, found: String)

    // MARK: Citations
    /// A `linked` citation needs a source with a URL.
    case linkedCitationWithoutURL(citation: CitationID, source: SourceID)
    case sourceWithoutTitleOrURL(SourceID)

    // MARK: References between records
    case unknownArticle(ArticleID)
    case unknownClaim(ClaimID)
    case unknownSource(SourceID)
    case unknownCitation(CitationID)
    case unknownTranslationLink(TranslationLinkID)
    case duplicateIdentifier(kind: String, id: String)
    case claimBelongsToAnotherArticle(claim: ClaimID, article: ArticleID, expected: ArticleID)
    case sourceInUse(SourceID, citations: Int)
    case translationLinkToItself(TranslationLinkID)

    // MARK: Files
    /// A malformed annotation file or JSON-LD document; `location` names the record
    /// (`annotation 3 (urn:tandem:claim:c1)`, `claim "vonum"`).
    case malformedDocument(location: String, reason: String)
    /// A record in a file failed validation.
    indirect case inDocument(location: String, AnnotationError)

    public var description: String {
        switch self {
        case let .invalidIdentifier(kind, value):
            return "invalid \(kind) id \(quoted(value)): use 1 to 128 ASCII letters, digits, '-', '.', '_' or '~'"
        case let .invalidURL(value, reason):
            return "invalid URL \(quoted(value)): \(reason)"
        case let .invalidLanguage(value):
            return "invalid language tag \(quoted(value)): expected a BCP 47 tag such as fr, en or fr-FR"
        case let .invalidDate(value):
            return "invalid date \(quoted(value)): expected YYYY, YYYY-MM or YYYY-MM-DD"
        case let .emptyField(record, field):
            return "\(record): \(field) must not be empty"
        case let .invalidSegments(article, reason):
            return "article \(article): invalid segments: \(reason)"
        case let .quoteNotFound(article, quote, suggestion):
            var message = "quote not found in article \(article): \(quoted(excerpt(quote)))"
            if let suggestion {
                message += "; the text has \(quoted(excerpt(suggestion))) (typographic apostrophes, quotes, dashes or spaces differ)"
            }
            return message
        case let .ambiguousQuote(article, quote, offsets):
            let list = offsets.prefix(10).map(String.init).joined(separator: ", ")
            return "quote \(quoted(excerpt(quote))) occurs \(offsets.count) times in article \(article) (at code points \(list)"
                + (offsets.count > 10 ? ", …" : "") + "): give a prefix or suffix, or an occurrence number"
        case let .quoteContextNotFound(article, quote, occurrences):
            return "quote \(quoted(excerpt(quote))) occurs \(occurrences) time(s) in article \(article) but never with the given prefix/suffix"
        case let .occurrenceOutOfRange(article, quote, requested, occurrences):
            return "occurrence \(requested) of \(quoted(excerpt(quote))) requested, but article \(article) has \(occurrences)"
        case let .emptyQuote(article):
            return "empty quote for article \(article)"
        case let .spanOutOfRange(article, start, end, length):
            return "span \(start)..<\(end) is out of range for article \(article), whose text has \(length) code points"
        case let .segmentOutOfRange(article, segment, count):
            return "article \(article) has \(count) segment(s); there is no segment \(segment) (numbers start at 1)"
        case let .selectorMismatch(claim, expected, found):
            return "claim \(claim): the text at its span is \(quoted(excerpt(found))), not its quote \(quoted(excerpt(expected)))"
        case let .linkedCitationWithoutURL(citation, source):
            return "citation \(citation) is linked but source \(source) has no URL: use status unresolved, or give the source its URL"
        case let .sourceWithoutTitleOrURL(source):
            return "source \(source) needs a title or a URL"
        case let .unknownArticle(id): return "no article with id \(quoted(id.rawValue))"
        case let .unknownClaim(id): return "no claim with id \(quoted(id.rawValue))"
        case let .unknownSource(id): return "no source with id \(quoted(id.rawValue))"
        case let .unknownCitation(id): return "no citation with id \(quoted(id.rawValue))"
        case let .unknownTranslationLink(id): return "no translation link with id \(quoted(id.rawValue))"
        case let .duplicateIdentifier(kind, id): return "a \(kind) with id \(quoted(id)) already exists"
        case let .claimBelongsToAnotherArticle(claim, article, expected):
            return "claim \(claim) belongs to article \(article), not \(expected)"
        case let .sourceInUse(id, citations):
            return "source \(id) is cited by \(citations) citation(s); delete them first"
        case let .translationLinkToItself(id):
            return "translation link \(id) links a document to itself"
        case let .malformedDocument(location, reason):
            return "\(location): \(reason)"
        case let .inDocument(location, error):
            return "\(location): \(error.description)"
        }
    }

    public var errorDescription: String? { description }
}

private func quoted(_ text: String) -> String { "«\(text)»" }

/// At most 80 characters of a quote, for messages.
private func excerpt(_ text: String) -> String {
    text.count <= 80 ? text : String(text.prefix(77)) + "…"
}
