import Foundation

/// Tandem's own annotation file: an article's claims given by quote, the sources and
/// the citations, in JSON a reviewer can read and edit (the seed annotations under
/// `seeds/annotations/` are such files).
///
/// ```json
/// {
///   "format": "tandem-annotations/1",
///   "article": { "id": "000_9519520b1cfbc68e", "file": "000_9519520b1cfbc68e.txt", "language": "fr",
///                "title": "Double victoire contre Huawei" },
///   "sources": [ { "id": "cgtn-smart-department", "kind": "newsArticle", "title": "…", "publisher": "CGTN" } ],
///   "claims": [ { "id": "cgtn-quote", "kind": "quotation", "exact": "développer des services…",
///                 "citations": [ { "source": "cgtn-smart-department", "status": "unresolved", "note": "…" } ] } ],
///   "translationLinks": []
/// }
/// ```
///
/// A claim gives its `exact` quote, with `prefix`/`suffix` (text right before/after)
/// or a 1-based `occurrence` when the quote occurs more than once, or a `segment`
/// number. No offsets: claims are anchored when the file is applied to the article's
/// current text (``resolve(in:)``), so the file survives edits and resegmentation.
public struct AnnotationFile: Hashable, Sendable, Codable {
    public static let formatIdentifier = "tandem-annotations/1"

    /// Which article the annotations are on, and what is known about it.
    public struct ArticleInfo: Hashable, Sendable, Codable {
        public var id: ArticleID
        /// The text file, relative to the annotation file's directory's parent
        /// (`seeds/`), when there is one.
        public var file: String?
        public var language: String
        public var title: String?
        public var publisher: String?
        public var date: AnnotationDate?
        public var url: String?

        public init(id: ArticleID, file: String? = nil, language: String, title: String? = nil, publisher: String? = nil, date: AnnotationDate? = nil, url: String? = nil) {
            self.id = id
            self.file = file
            self.language = language
            self.title = title
            self.publisher = publisher
            self.date = date
            self.url = url
        }
    }

    public struct ClaimEntry: Hashable, Sendable, Codable {
        public var id: ClaimID
        public var kind: ClaimKind
        /// The quote; absent when the claim is a whole ``segment``.
        public var exact: String?
        public var prefix: String?
        public var suffix: String?
        public var occurrence: Int?
        public var segment: Int?
        public var note: String?
        public var citations: [CitationEntry]

        public init(id: ClaimID, kind: ClaimKind, exact: String? = nil, prefix: String? = nil, suffix: String? = nil, occurrence: Int? = nil, segment: Int? = nil, note: String? = nil, citations: [CitationEntry] = []) {
            self.id = id
            self.kind = kind
            self.exact = exact
            self.prefix = prefix
            self.suffix = suffix
            self.occurrence = occurrence
            self.segment = segment
            self.note = note
            self.citations = citations
        }

        private enum CodingKeys: String, CodingKey { case id, kind, exact, prefix, suffix, occurrence, segment, note, citations }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(ClaimID.self, forKey: .id)
            kind = try container.decode(ClaimKind.self, forKey: .kind)
            exact = try container.decodeIfPresent(String.self, forKey: .exact)
            prefix = try container.decodeIfPresent(String.self, forKey: .prefix)
            suffix = try container.decodeIfPresent(String.self, forKey: .suffix)
            occurrence = try container.decodeIfPresent(Int.self, forKey: .occurrence)
            segment = try container.decodeIfPresent(Int.self, forKey: .segment)
            note = try container.decodeIfPresent(String.self, forKey: .note)
            citations = try container.decodeIfPresent([CitationEntry].self, forKey: .citations) ?? []
        }
    }

    public struct CitationEntry: Hashable, Sendable, Codable {
        /// Defaults to `<claim id>.<n>` (the n-th citation of the claim).
        public var id: CitationID?
        public var source: SourceID
        public var status: CitationStatus
        public var promisedLanguage: String?
        public var note: String?

        public init(id: CitationID? = nil, source: SourceID, status: CitationStatus, promisedLanguage: String? = nil, note: String? = nil) {
            self.id = id
            self.source = source
            self.status = status
            self.promisedLanguage = promisedLanguage
            self.note = note
        }
    }

    public var format: String
    public var article: ArticleInfo
    public var sources: [Source]
    public var claims: [ClaimEntry]
    public var translationLinks: [TranslationLink]

    public init(article: ArticleInfo, sources: [Source] = [], claims: [ClaimEntry] = [], translationLinks: [TranslationLink] = []) {
        format = Self.formatIdentifier
        self.article = article
        self.sources = sources
        self.claims = claims
        self.translationLinks = translationLinks
    }

    private enum CodingKeys: String, CodingKey { case format, article, sources, claims, translationLinks }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        article = try container.decode(ArticleInfo.self, forKey: .article)
        sources = try container.decodeIfPresent([Source].self, forKey: .sources) ?? []
        claims = try container.decodeIfPresent([ClaimEntry].self, forKey: .claims) ?? []
        translationLinks = try container.decodeIfPresent([TranslationLink].self, forKey: .translationLinks) ?? []
    }

    // MARK: Reading and writing

    /// Reads a file.
    /// - Parameter name: the file's name, for messages.
    /// - Throws: ``AnnotationError/malformedDocument(location:reason:)`` naming the
    ///   faulty field.
    public static func decode(_ data: Data, name: String = "annotation file") throws -> AnnotationFile {
        let file: AnnotationFile
        do {
            file = try JSONDecoder().decode(AnnotationFile.self, from: data)
        } catch let error as DecodingError {
            if case let .dataCorrupted(context) = error, context.codingPath.isEmpty {
                throw AnnotationError.malformedDocument(location: name, reason: jsonSyntaxError(in: data))
            }
            throw AnnotationError.malformedDocument(location: name, reason: describe(error))
        } catch {
            throw AnnotationError.malformedDocument(location: name, reason: jsonSyntaxError(in: data))
        }
        guard file.format == formatIdentifier else {
            throw AnnotationError.malformedDocument(location: name, reason: "format is \(file.format), expected \(formatIdentifier)")
        }
        return file
    }

    /// The file as pretty-printed JSON with sorted keys.
    public func encoded() throws -> Data {
        try AnnotationJSON.encoder().encode(self)
    }

    // MARK: Applying

    /// The article the file describes, with a text and its segments.
    public func makeArticle(text: String, segments: [ArticleSegment]) throws -> Article {
        let location = "article \(article.id)"
        do {
            let built = Article(
                id: article.id, language: try AnnotationValidation.languageTag(article.language),
                title: AnnotationValidation.nonBlank(article.title), publisher: AnnotationValidation.nonBlank(article.publisher),
                date: article.date, url: try article.url.map(AnnotationValidation.webURL),
                text: text, segments: segments
            )
            try built.validate()
            return built
        } catch let error as AnnotationError {
            throw AnnotationError.inDocument(location: location, error)
        }
    }

    /// Anchors the claims in `article` and returns everything the file holds, checked
    /// (``ArticleAnnotations/validate()``).
    /// - Throws: the first error, wrapped in ``AnnotationError/inDocument(location:_:)``
    ///   naming the claim or record.
    public func resolve(in article: Article) throws -> ArticleAnnotations {
        guard article.id == self.article.id else {
            throw AnnotationError.malformedDocument(
                location: "article \(self.article.id)",
                reason: "the file annotates article \(self.article.id), not \(article.id)"
            )
        }
        var claims: [Claim] = [], citations: [Citation] = []
        for entry in self.claims {
            let location = "claim \(entry.id)"
            do {
                let placement: ClaimLocation
                switch (entry.exact, entry.segment) {
                case let (exact?, nil):
                    placement = .quote(TextQuoteSelector(exact: exact, prefix: entry.prefix ?? "", suffix: entry.suffix ?? ""), occurrence: entry.occurrence)
                case let (nil, segment?):
                    placement = .segment(segment)
                default:
                    throw AnnotationError.malformedDocument(location: location, reason: "give either exact or segment")
                }
                claims.append(Claim(id: entry.id, in: article, at: try article.anchor(placement), kind: entry.kind, note: entry.note))
                for (index, citation) in entry.citations.enumerated() {
                    citations.append(Citation(
                        id: citation.id ?? CitationID(unchecked: "\(entry.id.rawValue).\(index + 1)"),
                        claimID: entry.id, sourceID: citation.source, status: citation.status,
                        promisedLanguage: try citation.promisedLanguage.map(AnnotationValidation.languageTag),
                        note: AnnotationValidation.nonBlank(citation.note)
                    ))
                }
            } catch let error as AnnotationError {
                if case .malformedDocument = error { throw error }
                throw AnnotationError.inDocument(location: location, error)
            }
        }
        let annotations = ArticleAnnotations(article: article, claims: claims, citations: citations, sources: sources, translationLinks: translationLinks)
        do {
            try annotations.validate()
        } catch let error as AnnotationError {
            throw AnnotationError.inDocument(location: "annotations of article \(article.id)", error)
        }
        return annotations
    }

    /// A file holding an article's annotations, each claim given by its quote, with
    /// the context or occurrence number only where the quote is ambiguous. Orphaned
    /// claims are written with their last quote.
    public init(_ annotations: ArticleAnnotations, file: String? = nil) {
        let article = annotations.article
        let text = ScalarText(article.text)
        var entries: [ClaimEntry] = []
        for claim in annotations.claimsInTextOrder {
            var entry = ClaimEntry(id: claim.id, kind: claim.kind, exact: claim.text, note: claim.note)
            let starts = text.exactOccurrences(of: claim.text)
            if starts.count > 1, claim.isAnchored {
                entry.prefix = claim.selector.prefix
                entry.suffix = claim.selector.suffix
                let length = claim.span.count
                let agreeing = starts.filter {
                    text.contextAgrees(at: $0..<($0 + length), prefix: ScalarText.folded(claim.selector.prefix), suffix: ScalarText.folded(claim.selector.suffix))
                }
                if agreeing.count > 1, let index = agreeing.firstIndex(of: claim.span.lowerBound) { entry.occurrence = index + 1 }
            }
            entry.citations = annotations.citations(of: claim.id).map {
                CitationEntry(id: $0.id, source: $0.sourceID, status: $0.status, promisedLanguage: $0.promisedLanguage, note: $0.note)
            }
            entries.append(entry)
        }
        self.init(
            article: ArticleInfo(
                id: article.id, file: file, language: article.language, title: article.title,
                publisher: article.publisher, date: article.date, url: article.url?.absoluteString
            ),
            sources: annotations.sources, claims: entries, translationLinks: annotations.translationLinks
        )
    }
}

/// The JSON conventions of the module's outputs: pretty-printed, sorted keys, `/`
/// unescaped, so that files diff well and stay stable.
public enum AnnotationJSON {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

/// What is wrong with data that is not JSON, with the line and column (1-based,
/// column in bytes) where the parser gave up.
func jsonSyntaxError(in data: Data) -> String {
    let detail: String
    do {
        _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        return "not JSON"
    } catch {
        detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
    }
    guard let marker = detail.range(of: " around character "),
          let offset = Int(detail[marker.upperBound...].prefix(while: \.isNumber)), offset <= data.count
    else { return "not JSON: \(detail)" }
    let before = Array(data.prefix(offset))
    let line = before.filter { $0 == 0x0A }.count + 1
    let column = offset - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
    var reason = String(detail[..<marker.lowerBound])
    if reason.hasSuffix(".") { reason.removeLast() }
    return "not JSON at line \(line), column \(column): \(reason.prefix(1).lowercased() + reason.dropFirst())"
}

/// A decoding error as one line: where (`claims[3].kind`) and what.
func describe(_ error: DecodingError) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
        }
        return text.isEmpty ? "the document" : text
    }
    switch error {
    case let .typeMismatch(type, context):
        return "\(path(context.codingPath)): expected \(type) (\(context.debugDescription))"
    case let .valueNotFound(type, context):
        return "\(path(context.codingPath)): missing \(type) value"
    case let .keyNotFound(key, context):
        return "\(path(context.codingPath + [key])): missing"
    case let .dataCorrupted(context):
        return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
        return "\(error)"
    }
}
