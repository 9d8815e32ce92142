import Foundation

/// An ``AnnotationRepository`` in memory: the reference implementation of the
/// protocol's contract (references checked, deletes cascading, all-or-nothing
/// writes), for tests and for tools that work on a file and keep nothing.
/// Writers are serialised; a write works on a copy that replaces the records only
/// when the body returns.
public final class InMemoryAnnotationRepository: AnnotationRepository, @unchecked Sendable {
    // Guarded by `lock`.
    private var records = Records()
    private let lock = NSLock()

    public init() {}

    public func read<Result>(_ body: (any AnnotationReader) throws -> Result) throws -> Result {
        let snapshot = lock.withLock { records }
        return try body(Transaction(snapshot))
    }

    public func write<Result>(_ body: (any AnnotationWriter) throws -> Result) throws -> Result {
        lock.lock()
        defer { lock.unlock() }
        let transaction = Transaction(records)
        let result = try body(transaction)
        records = transaction.records
        return result
    }
}

private struct Records {
    var articles: [ArticleID: Article] = [:]
    var claims: [ClaimID: Claim] = [:]
    var sources: [SourceID: Source] = [:]
    var citations: [CitationID: Citation] = [:]
    var links: [TranslationLinkID: TranslationLink] = [:]
}

private final class Transaction: AnnotationWriter {
    var records: Records

    init(_ records: Records) { self.records = records }

    func article(_ id: ArticleID) -> Article? { records.articles[id] }
    func articles() -> [Article] { records.articles.values.sorted { $0.id < $1.id } }
    func claim(_ id: ClaimID) -> Claim? { records.claims[id] }
    func claims(of article: ArticleID) -> [Claim] {
        records.claims.values.filter { $0.articleID == article }.sorted {
            ($0.span.lowerBound, $0.span.upperBound, $0.id.rawValue) < ($1.span.lowerBound, $1.span.upperBound, $1.id.rawValue)
        }
    }
    func source(_ id: SourceID) -> Source? { records.sources[id] }
    func sources() -> [Source] { records.sources.values.sorted { $0.id < $1.id } }
    func citation(_ id: CitationID) -> Citation? { records.citations[id] }
    func citations(of claim: ClaimID) -> [Citation] {
        records.citations.values.filter { $0.claimID == claim }.sorted { $0.id < $1.id }
    }
    func citations(ofArticle article: ArticleID) -> [Citation] {
        records.citations.values.filter { records.claims[$0.claimID]?.articleID == article }.sorted { $0.id < $1.id }
    }
    func translationLink(_ id: TranslationLinkID) -> TranslationLink? { records.links[id] }
    func translationLinks() -> [TranslationLink] { records.links.values.sorted { $0.id < $1.id } }

    func save(_ article: Article) { records.articles[article.id] = article }

    func save(_ claim: Claim) throws {
        guard records.articles[claim.articleID] != nil else { throw AnnotationError.unknownArticle(claim.articleID) }
        records.claims[claim.id] = claim
    }

    func save(_ source: Source) { records.sources[source.id] = source }

    func save(_ citation: Citation) throws {
        guard records.claims[citation.claimID] != nil else { throw AnnotationError.unknownClaim(citation.claimID) }
        guard records.sources[citation.sourceID] != nil else { throw AnnotationError.unknownSource(citation.sourceID) }
        records.citations[citation.id] = citation
    }

    func save(_ link: TranslationLink) throws {
        for side in [link.original, link.translation] {
            if case let .article(id) = side, records.articles[id] == nil { throw AnnotationError.unknownArticle(id) }
        }
        records.links[link.id] = link
    }

    func deleteArticle(_ id: ArticleID) -> Bool {
        guard records.articles.removeValue(forKey: id) != nil else { return false }
        for claim in records.claims.values where claim.articleID == id { _ = deleteClaim(claim.id) }
        records.links = records.links.filter { $0.value.original != .article(id) && $0.value.translation != .article(id) }
        for (sourceID, source) in records.sources where source.articleID == id { records.sources[sourceID]?.articleID = nil }
        return true
    }

    func deleteClaim(_ id: ClaimID) -> Bool {
        guard records.claims.removeValue(forKey: id) != nil else { return false }
        records.citations = records.citations.filter { $0.value.claimID != id }
        return true
    }

    func deleteSource(_ id: SourceID) throws -> Bool {
        let uses = records.citations.values.filter { $0.sourceID == id }.count
        guard uses == 0 else { throw AnnotationError.sourceInUse(id, citations: uses) }
        return records.sources.removeValue(forKey: id) != nil
    }

    func deleteCitation(_ id: CitationID) -> Bool { records.citations.removeValue(forKey: id) != nil }
    func deleteTranslationLink(_ id: TranslationLinkID) -> Bool { records.links.removeValue(forKey: id) != nil }
}
