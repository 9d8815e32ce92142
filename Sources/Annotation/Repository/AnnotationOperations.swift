import Foundation

/// What the command line does with a repository. Each operation validates its input
/// first and runs in one write transaction: on any error nothing is stored.
extension AnnotationRepository {
    /// Stores a new article.
    /// - Throws: ``AnnotationError/duplicateIdentifier(kind:id:)`` if the id is taken,
    ///   or what ``Article/validate()`` finds.
    public func addArticle(_ article: Article) throws {
        try article.validate()
        try write { store in
            guard try store.article(article.id) == nil else {
                throw AnnotationError.duplicateIdentifier(kind: ArticleID.kind, id: article.id.rawValue)
            }
            try store.save(article)
        }
    }

    /// Replaces an article's text and segments (a corrected text, a new segmentation)
    /// and re-anchors its claims (see ``Article/reanchor(_:)``).
    /// - Returns: what happened to each claim.
    @discardableResult
    public func replaceText(of id: ArticleID, with text: String, segments: [ArticleSegment]) throws -> [ReanchorResult] {
        try write { store in
            guard var article = try store.article(id) else { throw AnnotationError.unknownArticle(id) }
            article.text = text
            article.segments = segments
            try article.validate()
            try store.save(article)
            let results = article.reanchor(try store.claims(of: id))
            for result in results { try store.save(result.claim) }
            return results
        }
    }

    /// Adds a claim to an article, designated by segment, quote or span.
    /// - Throws: ``AnnotationError/unknownArticle(_:)``, the anchoring errors of
    ///   ``Article/anchor(_:)``, ``AnnotationError/duplicateIdentifier(kind:id:)``.
    @discardableResult
    public func addClaim(
        _ id: ClaimID = .generate(),
        to articleID: ArticleID,
        at location: ClaimLocation,
        kind: ClaimKind,
        note: String? = nil
    ) throws -> Claim {
        try id.validate()
        return try write { store in
            guard let article = try store.article(articleID) else { throw AnnotationError.unknownArticle(articleID) }
            guard try store.claim(id) == nil else { throw AnnotationError.duplicateIdentifier(kind: ClaimID.kind, id: id.rawValue) }
            let claim = Claim(id: id, in: article, at: try article.anchor(location), kind: kind, note: note)
            try store.save(claim)
            return claim
        }
    }

    /// Stores a new source.
    public func addSource(_ source: Source) throws {
        try source.validate()
        try write { store in
            guard try store.source(source.id) == nil else {
                throw AnnotationError.duplicateIdentifier(kind: SourceID.kind, id: source.id.rawValue)
            }
            try store.save(source)
        }
    }

    /// Cites a source for a claim.
    /// - Throws: ``AnnotationError/unknownClaim(_:)``, ``AnnotationError/unknownSource(_:)``,
    ///   ``AnnotationError/linkedCitationWithoutURL(citation:source:)`` (a linked
    ///   citation needs a source with a URL).
    @discardableResult
    public func cite(
        _ claimID: ClaimID,
        source sourceID: SourceID,
        status: CitationStatus = .linked,
        promisedLanguage: String? = nil,
        note: String? = nil,
        id: CitationID = .generate()
    ) throws -> Citation {
        try write { store in
            guard try store.claim(claimID) != nil else { throw AnnotationError.unknownClaim(claimID) }
            guard let source = try store.source(sourceID) else { throw AnnotationError.unknownSource(sourceID) }
            guard try store.citation(id) == nil else { throw AnnotationError.duplicateIdentifier(kind: CitationID.kind, id: id.rawValue) }
            let citation = Citation(
                id: id, claimID: claimID, sourceID: sourceID, status: status,
                promisedLanguage: try promisedLanguage.map(AnnotationValidation.languageTag),
                note: AnnotationValidation.nonBlank(note)
            )
            try citation.validate(source: source)
            try store.save(citation)
            return citation
        }
    }

    /// Records that a document is translated (and so fulfils promises of that translation).
    public func addTranslationLink(_ link: TranslationLink) throws {
        try link.validate()
        try write { store in
            guard try store.translationLink(link.id) == nil else {
                throw AnnotationError.duplicateIdentifier(kind: TranslationLinkID.kind, id: link.id.rawValue)
            }
            try store.save(link)
        }
    }

    /// An article with its annotations.
    public func annotations(of id: ArticleID) throws -> ArticleAnnotations {
        try read { try $0.annotations(of: id) }
    }

    /// The coverage report of some articles, or of all of them (`nil`).
    public func coverage(of ids: [ArticleID]? = nil) throws -> CoverageReport {
        try read { store in
            let ids = try ids ?? store.articles().map(\.id)
            return CoverageReport(try ids.map { try store.annotations(of: $0) })
        }
    }

    /// Stores annotations read from a file (``AnnotationFile``) or a JSON-LD document
    /// (``WebAnnotationDocument``) for an article already stored: every claim,
    /// source, citation and translation link they hold, replacing records with the
    /// same ids. All of it is validated before anything is stored.
    @discardableResult
    public func store(_ annotations: ArticleAnnotations) throws -> ArticleAnnotations {
        try annotations.validate()
        try write { store in
            guard let stored = try store.article(annotations.article.id) else {
                throw AnnotationError.unknownArticle(annotations.article.id)
            }
            // Code points, not String equality: canonically equivalent texts have different offsets.
            guard stored.text.unicodeScalars.elementsEqual(annotations.article.text.unicodeScalars) else {
                throw AnnotationError.malformedDocument(
                    location: "article \(stored.id)",
                    reason: "the annotations were anchored in a different text than the stored one"
                )
            }
            for source in annotations.sources { try store.save(source) }
            for claim in annotations.claims { try store.save(claim) }
            for citation in annotations.citations { try store.save(citation) }
            for link in annotations.translationLinks { try store.save(link) }
        }
        return annotations
    }
}
