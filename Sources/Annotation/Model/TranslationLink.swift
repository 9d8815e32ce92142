import Foundation

/// Pairs a document with its translation into another language. This is what fulfils
/// a promised translation (``Citation/promisedLanguage``).
public struct TranslationLink: Identifiable, Hashable, Sendable, Codable {
    public var id: TranslationLinkID
    /// The document translated: usually a Tandem article; a URL for a document that is
    /// not stored (the Washington Post article a French article promises to translate).
    public var original: DocumentReference
    public var translation: DocumentReference
    /// The language of the translation, a BCP 47 tag.
    public var language: String

    public init(id: TranslationLinkID, original: DocumentReference, translation: DocumentReference, language: String) {
        self.id = id
        self.original = original
        self.translation = translation
        self.language = language
    }

    /// Checks the ids, URLs and language, and that the two sides differ.
    public func validate() throws {
        try id.validate()
        try original.validate()
        try translation.validate()
        try AnnotationValidation.checkLanguage(language)
        guard original != translation else { throw AnnotationError.translationLinkToItself(id) }
    }

    /// Whether the link's original is `source` (same Tandem article, or same URL).
    public func translates(_ source: Source) -> Bool {
        switch original {
        case let .article(id): source.articleID == id
        case let .url(url): source.url.map { AnnotationValidation.comparable($0) == AnnotationValidation.comparable(url) } ?? false
        }
    }
}

/// A document: a Tandem article or a web page.
public enum DocumentReference: Hashable, Sendable, Codable, CustomStringConvertible {
    case article(ArticleID)
    case url(URL)

    public var description: String {
        switch self {
        case let .article(id): id.urn
        case let .url(url): url.absoluteString
        }
    }

    func validate() throws {
        switch self {
        case let .article(id): try id.validate()
        case let .url(url): try AnnotationValidation.checkWebURL(url)
        }
    }

    private enum CodingKeys: String, CodingKey { case article, url }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let id = try container.decodeIfPresent(ArticleID.self, forKey: .article) {
            self = .article(id)
        } else if let url = try container.decodeWebURLIfPresent(forKey: .url) {
            self = .url(url)
        } else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected \"article\" or \"url\""))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .article(id): try container.encode(id, forKey: .article)
        case let .url(url): try container.encode(url.absoluteString, forKey: .url)
        }
    }
}
