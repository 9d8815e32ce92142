/// Where articles, claims, sources, citations and translation links are kept.
///
/// The SQLite store (GRDB) that also holds the translation memory implements it, and a
/// PostgreSQL store for teams can later; ``InMemoryAnnotationRepository`` is the
/// reference implementation the tests run against. Every change happens inside
/// ``write(_:)``: either all of it is stored or, if the body throws, none of it.
/// The operations callers use (add a claim by quote, cite, coverage…) are extensions
/// built on these two methods, so each of them is atomic too and a store only
/// implements plain record access.
///
/// A store keys every record by its string id (stable, see ``AnnotationIdentifier``)
/// and maps the records' `Codable` fields to columns. Transactions do not nest: the
/// body of ``read(_:)`` or ``write(_:)`` uses the reader or writer it is given, never
/// the repository itself.
public protocol AnnotationRepository: AnyObject, Sendable {
    /// Runs `body` with a consistent view of the records (one read transaction).
    func read<Result>(_ body: (any AnnotationReader) throws -> Result) throws -> Result

    /// Runs `body` in one write transaction: committed when it returns, rolled back
    /// entirely when it throws.
    func write<Result>(_ body: (any AnnotationWriter) throws -> Result) throws -> Result
}

/// Read access to the records, inside a transaction.
///
/// Lists are ordered: articles, sources and translation links by id; claims by start
/// offset, then end offset, then id; citations by id.
public protocol AnnotationReader {
    func article(_ id: ArticleID) throws -> Article?
    func articles() throws -> [Article]
    func claim(_ id: ClaimID) throws -> Claim?
    func claims(of article: ArticleID) throws -> [Claim]
    func source(_ id: SourceID) throws -> Source?
    func sources() throws -> [Source]
    func citation(_ id: CitationID) throws -> Citation?
    func citations(of claim: ClaimID) throws -> [Citation]
    /// The citations of every claim of an article.
    func citations(ofArticle article: ArticleID) throws -> [Citation]
    func translationLink(_ id: TranslationLinkID) throws -> TranslationLink?
    func translationLinks() throws -> [TranslationLink]
}

/// Write access to the records, inside a transaction.
///
/// `save` inserts a record or replaces the one with the same id. A store checks
/// references and throws ``AnnotationError/unknownArticle(_:)``,
/// ``AnnotationError/unknownClaim(_:)`` or ``AnnotationError/unknownSource(_:)`` when one
/// is missing (foreign keys); content checks (quotes, URLs, linked citations) are the
/// callers' business — the operations in the `AnnotationRepository` extension run them
/// before saving.
public protocol AnnotationWriter: AnnotationReader {
    func save(_ article: Article) throws
    /// Throws ``AnnotationError/unknownArticle(_:)`` if the claim's article is missing.
    func save(_ claim: Claim) throws
    func save(_ source: Source) throws
    /// Throws if the claim or the source is missing.
    func save(_ citation: Citation) throws
    /// Throws ``AnnotationError/unknownArticle(_:)`` if a side names a missing article.
    func save(_ link: TranslationLink) throws

    /// Deletes an article with its claims, their citations and the translation links
    /// naming it; sources that pointed at it (``Source/articleID``) lose that pointer.
    /// Returns whether it existed.
    @discardableResult func deleteArticle(_ id: ArticleID) throws -> Bool
    /// Deletes a claim and its citations.
    @discardableResult func deleteClaim(_ id: ClaimID) throws -> Bool
    /// Throws ``AnnotationError/sourceInUse(_:citations:)`` while citations use it.
    @discardableResult func deleteSource(_ id: SourceID) throws -> Bool
    @discardableResult func deleteCitation(_ id: CitationID) throws -> Bool
    @discardableResult func deleteTranslationLink(_ id: TranslationLinkID) throws -> Bool
}

extension AnnotationReader {
    /// An article with its claims, their citations, the sources cited and the
    /// translation links that concern the article or those sources.
    /// - Throws: ``AnnotationError/unknownArticle(_:)``.
    public func annotations(of id: ArticleID) throws -> ArticleAnnotations {
        guard let article = try article(id) else { throw AnnotationError.unknownArticle(id) }
        let claims = try claims(of: id)
        let citations = try citations(ofArticle: id)
        var sources: [Source] = []
        for sourceID in Set(citations.map(\.sourceID)).sorted() {
            guard let source = try source(sourceID) else { throw AnnotationError.unknownSource(sourceID) }
            sources.append(source)
        }
        let links = try translationLinks().filter { link in
            link.original == .article(id) || link.translation == .article(id) || sources.contains { link.translates($0) }
        }
        return ArticleAnnotations(article: article, claims: claims, citations: citations, sources: sources, translationLinks: links)
    }
}
