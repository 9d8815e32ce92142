import Foundation

/// What supports a claim: an article, a statement, a post, a report or an interview.
public struct Source: Identifiable, Hashable, Sendable, Codable {
    public var id: SourceID
    public var kind: SourceKind
    /// Where it is published, when known. A source without a URL can only be cited as
    /// `promised` or `unresolved`.
    public var url: URL?
    public var title: String?
    public var publisher: String?
    public var date: AnnotationDate?
    /// A BCP 47 tag.
    public var language: String?
    /// When the source is itself an article stored in Tandem (e.g. imported to be
    /// translated), its id; a ``TranslationLink`` from that article fulfils a promised
    /// translation.
    public var articleID: ArticleID?

    public init(
        id: SourceID,
        kind: SourceKind,
        url: URL? = nil,
        title: String? = nil,
        publisher: String? = nil,
        date: AnnotationDate? = nil,
        language: String? = nil,
        articleID: ArticleID? = nil
    ) {
        self.id = id
        self.kind = kind
        self.url = url
        self.title = title
        self.publisher = publisher
        self.date = date
        self.language = language
        self.articleID = articleID
    }

    /// The title, else the URL, else the id (for display).
    public var displayTitle: String {
        AnnotationValidation.nonBlank(title) ?? url?.absoluteString ?? id.rawValue
    }

    /// Checks the id, the URL, the language, and that there is a title or a URL.
    public func validate() throws {
        try id.validate()
        try AnnotationValidation.checkWebURL(url)
        try AnnotationValidation.checkLanguage(language)
        if let articleID { try articleID.validate() }
        guard url != nil || AnnotationValidation.nonBlank(title) != nil else {
            throw AnnotationError.sourceWithoutTitleOrURL(id)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, kind, url, title, publisher, date, language, articleID = "article"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(SourceID.self, forKey: .id)
        kind = try container.decode(SourceKind.self, forKey: .kind)
        url = try container.decodeWebURLIfPresent(forKey: .url)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        publisher = try container.decodeIfPresent(String.self, forKey: .publisher)
        date = try container.decodeIfPresent(AnnotationDate.self, forKey: .date)
        language = try container.decodeIfPresent(String.self, forKey: .language)
        articleID = try container.decodeIfPresent(ArticleID.self, forKey: .articleID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encodeIfPresent(url?.absoluteString, forKey: .url)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(publisher, forKey: .publisher)
        try container.encodeIfPresent(date, forKey: .date)
        try container.encodeIfPresent(language, forKey: .language)
        try container.encodeIfPresent(articleID, forKey: .articleID)
    }
}

/// What sort of document a source is.
public enum SourceKind: String, CaseIterable, Hashable, Sendable, Codable {
    case newsArticle
    case officialStatement
    case socialMediaPost
    case report
    case interview
    /// Not classified yet (e.g. imported from a tool that does not say).
    case other
}

/// Links a claim to a source that supports it.
public struct Citation: Identifiable, Hashable, Sendable, Codable {
    public var id: CitationID
    public var claimID: ClaimID
    public var sourceID: SourceID
    public var status: CitationStatus
    /// For a `promised` translation, the language it is promised in (`fr` for "des
    /// liens vers les traductions françaises… seront ajoutés"). `nil` when what is
    /// promised is the link itself.
    public var promisedLanguage: String?
    public var note: String?

    public init(
        id: CitationID,
        claimID: ClaimID,
        sourceID: SourceID,
        status: CitationStatus,
        promisedLanguage: String? = nil,
        note: String? = nil
    ) {
        self.id = id
        self.claimID = claimID
        self.sourceID = sourceID
        self.status = status
        self.promisedLanguage = promisedLanguage
        self.note = note
    }

    /// Checks the ids and the promised language, and that a `linked` citation's
    /// source has a URL.
    /// - Throws: ``AnnotationError/linkedCitationWithoutURL(citation:source:)`` and the like.
    public func validate(source: Source) throws {
        try id.validate()
        try claimID.validate()
        try sourceID.validate()
        try AnnotationValidation.checkLanguage(promisedLanguage)
        if status == .linked, source.url == nil {
            throw AnnotationError.linkedCitationWithoutURL(citation: id, source: source.id)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, claimID = "claim", sourceID = "source", status, promisedLanguage, note
    }
}

/// How far a citation is established.
public enum CitationStatus: String, CaseIterable, Hashable, Sendable, Codable {
    /// The source is identified and has a URL.
    case linked
    /// The article announces a link or a translation that is not there yet.
    case promised
    /// A source is named ("cet article du Washington Post") but not identified yet.
    case unresolved
}
