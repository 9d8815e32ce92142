import Annotation
import Foundation
import PostgresNIO

/// An ``AnnotationRepository`` on a PostgreSQL server, in the same database as a team's
/// ``PostgresMemoryStore``: articles, claims, sources, citations and translation links.
///
/// Each record is kept whole as its JSON form (the records' own `Codable` encoding),
/// beside the columns that order it and the foreign keys that tie it to others (a
/// claim's article, a citation's claim and source, a link's articles), so the
/// repository has the SQLite one's semantics: cascades on delete, a source in use
/// cannot go, unknown references are refused with ``AnnotationError``. ``read(_:)`` is
/// one repeatable-read transaction, ``write(_:)`` one transaction, rolled back when its
/// body throws.
public final class PostgresAnnotationRepository: AnnotationRepository {
    public let location: PostgresLocation
    private let connections: PostgresConnections

    /// Connects and applies the annotation migrations the database lacks.
    public convenience init(location: PostgresLocation) throws {
        try self.init(location: location, connections: PostgresConnections(location))
    }

    /// The repository over connections shared with the database's other stores.
    init(location: PostgresLocation, connections: PostgresConnections) throws {
        self.location = location
        self.connections = connections
        try PostgresMigrator.migrate(AnnotationTables.migrations, prefix: "annotation-", connections)
    }

    /// Opens the repository at a `postgres://USER@HOST:PORT/DATABASE` address.
    public convenience init(address: String) throws {
        try self.init(location: PostgresLocation(parsing: address))
    }

    /// Closes the connections (also done when the repository goes away).
    public func close() { connections.shutDown() }

    public func read<Result>(_ body: (any AnnotationReader) throws -> Result) throws -> Result {
        try connections.transaction(isolation: "REPEATABLE READ READ ONLY") { try body(Records(session: $0)) }
    }

    public func write<Result>(_ body: (any AnnotationWriter) throws -> Result) throws -> Result {
        try connections.transaction { try body(Records(session: $0)) }
    }

    /// Record access inside one transaction.
    struct Records: AnnotationWriter {
        let session: PostgresConnections.Session

        private func encode<Record: Encodable>(_ record: Record) throws -> String {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return String(decoding: try encoder.encode(record), as: UTF8.self)
        }

        private func decode<Record: Decodable>(_ type: Record.Type, _ rows: [PostgresRow]) throws -> [Record] {
            try rows.map { try JSONDecoder().decode(Record.self, from: Data(try $0.decode(String.self).utf8)) }
        }

        private func exists(_ table: String, _ id: String) throws -> Bool {
            try !session.query("SELECT 1 FROM \(unescaped: table) WHERE id = \(id)").isEmpty
        }

        // MARK: Reading

        func article(_ id: ArticleID) throws -> Article? {
            try decode(Article.self, session.query("SELECT doc FROM article WHERE id = \(id.rawValue)")).first
        }

        func articles() throws -> [Article] {
            try decode(Article.self, session.query(#"SELECT doc FROM article ORDER BY id COLLATE "C""#))
        }

        func claim(_ id: ClaimID) throws -> Claim? {
            try decode(Claim.self, session.query("SELECT doc FROM claim WHERE id = \(id.rawValue)")).first
        }

        func claims(of article: ArticleID) throws -> [Claim] {
            try decode(Claim.self, session.query("""
                SELECT doc FROM claim WHERE article_id = \(article.rawValue) ORDER BY start, "end", id COLLATE "C"
                """))
        }

        func source(_ id: SourceID) throws -> Source? {
            try decode(Source.self, session.query("SELECT doc FROM source WHERE id = \(id.rawValue)")).first
        }

        func sources() throws -> [Source] {
            try decode(Source.self, session.query(#"SELECT doc FROM source ORDER BY id COLLATE "C""#))
        }

        func citation(_ id: CitationID) throws -> Citation? {
            try decode(Citation.self, session.query("SELECT doc FROM citation WHERE id = \(id.rawValue)")).first
        }

        func citations(of claim: ClaimID) throws -> [Citation] {
            try decode(Citation.self, session.query("""
                SELECT doc FROM citation WHERE claim_id = \(claim.rawValue) ORDER BY id COLLATE "C"
                """))
        }

        func citations(ofArticle article: ArticleID) throws -> [Citation] {
            try decode(Citation.self, session.query("""
                SELECT citation.doc FROM citation JOIN claim ON claim.id = citation.claim_id
                WHERE claim.article_id = \(article.rawValue) ORDER BY citation.id COLLATE "C"
                """))
        }

        func translationLink(_ id: TranslationLinkID) throws -> TranslationLink? {
            try decode(TranslationLink.self, session.query("SELECT doc FROM translation_link WHERE id = \(id.rawValue)")).first
        }

        func translationLinks() throws -> [TranslationLink] {
            try decode(TranslationLink.self, session.query(#"SELECT doc FROM translation_link ORDER BY id COLLATE "C""#))
        }

        // MARK: Writing

        func save(_ article: Article) throws {
            try session.query("""
                INSERT INTO article (id, doc) VALUES (\(article.id.rawValue), \(try encode(article)))
                ON CONFLICT (id) DO UPDATE SET doc = excluded.doc
                """)
        }

        func save(_ claim: Claim) throws {
            guard try exists("article", claim.articleID.rawValue) else { throw AnnotationError.unknownArticle(claim.articleID) }
            try session.query("""
                INSERT INTO claim (id, article_id, start, "end", doc)
                VALUES (\(claim.id.rawValue), \(claim.articleID.rawValue), \(claim.span.lowerBound), \(claim.span.upperBound), \(try encode(claim)))
                ON CONFLICT (id) DO UPDATE SET
                    article_id = excluded.article_id, start = excluded.start, "end" = excluded."end", doc = excluded.doc
                """)
        }

        func save(_ source: Source) throws {
            try session.query("""
                INSERT INTO source (id, article_id, doc) VALUES (\(source.id.rawValue), \(source.articleID?.rawValue), \(try encode(source)))
                ON CONFLICT (id) DO UPDATE SET article_id = excluded.article_id, doc = excluded.doc
                """)
        }

        func save(_ citation: Citation) throws {
            guard try exists("claim", citation.claimID.rawValue) else { throw AnnotationError.unknownClaim(citation.claimID) }
            guard try exists("source", citation.sourceID.rawValue) else { throw AnnotationError.unknownSource(citation.sourceID) }
            try session.query("""
                INSERT INTO citation (id, claim_id, source_id, doc)
                VALUES (\(citation.id.rawValue), \(citation.claimID.rawValue), \(citation.sourceID.rawValue), \(try encode(citation)))
                ON CONFLICT (id) DO UPDATE SET claim_id = excluded.claim_id, source_id = excluded.source_id, doc = excluded.doc
                """)
        }

        func save(_ link: TranslationLink) throws {
            var articles: [String?] = []
            for side in [link.original, link.translation] {
                if case let .article(id) = side {
                    guard try exists("article", id.rawValue) else { throw AnnotationError.unknownArticle(id) }
                    articles.append(id.rawValue)
                } else {
                    articles.append(nil)
                }
            }
            try session.query("""
                INSERT INTO translation_link (id, original_article_id, translation_article_id, doc)
                VALUES (\(link.id.rawValue), \(articles[0]), \(articles[1]), \(try encode(link)))
                ON CONFLICT (id) DO UPDATE SET original_article_id = excluded.original_article_id,
                    translation_article_id = excluded.translation_article_id, doc = excluded.doc
                """)
        }

        func deleteArticle(_ id: ArticleID) throws -> Bool {
            // Claims, their citations and the links naming the article go by ON DELETE CASCADE.
            guard try !session.query("DELETE FROM article WHERE id = \(id.rawValue) RETURNING id").isEmpty else { return false }
            for var source in try decode(Source.self, session.query("SELECT doc FROM source WHERE article_id = \(id.rawValue)")) {
                source.articleID = nil
                try save(source)
            }
            return true
        }

        func deleteClaim(_ id: ClaimID) throws -> Bool {
            try !session.query("DELETE FROM claim WHERE id = \(id.rawValue) RETURNING id").isEmpty
        }

        func deleteSource(_ id: SourceID) throws -> Bool {
            let uses = try session.query("SELECT count(*) FROM citation WHERE source_id = \(id.rawValue)").first!.decode(Int.self)
            guard uses == 0 else { throw AnnotationError.sourceInUse(id, citations: uses) }
            return try !session.query("DELETE FROM source WHERE id = \(id.rawValue) RETURNING id").isEmpty
        }

        func deleteCitation(_ id: CitationID) throws -> Bool {
            try !session.query("DELETE FROM citation WHERE id = \(id.rawValue) RETURNING id").isEmpty
        }

        func deleteTranslationLink(_ id: TranslationLinkID) throws -> Bool {
            try !session.query("DELETE FROM translation_link WHERE id = \(id.rawValue) RETURNING id").isEmpty
        }
    }
}

/// The annotation tables on PostgreSQL: each record's JSON, with the columns that order
/// and tie records.
enum AnnotationTables {
    static let migrations: [PostgresMigration] = [
        PostgresMigration(name: "annotation-v1-records", statements: [
            "CREATE TABLE article (id text PRIMARY KEY, doc text NOT NULL)",
            """
            CREATE TABLE claim (
                id text PRIMARY KEY,
                article_id text NOT NULL REFERENCES article (id) ON DELETE CASCADE,
                start integer NOT NULL,
                "end" integer NOT NULL,
                doc text NOT NULL
            )
            """,
            #"CREATE INDEX claim_by_article ON claim (article_id, start, "end")"#,
            "CREATE TABLE source (id text PRIMARY KEY, article_id text, doc text NOT NULL)",
            "CREATE INDEX source_by_article ON source (article_id) WHERE article_id IS NOT NULL",
            """
            CREATE TABLE citation (
                id text PRIMARY KEY,
                claim_id text NOT NULL REFERENCES claim (id) ON DELETE CASCADE,
                source_id text NOT NULL REFERENCES source (id) ON DELETE RESTRICT,
                doc text NOT NULL
            )
            """,
            "CREATE INDEX citation_by_claim ON citation (claim_id)",
            "CREATE INDEX citation_by_source ON citation (source_id)",
            """
            CREATE TABLE translation_link (
                id text PRIMARY KEY,
                original_article_id text REFERENCES article (id) ON DELETE CASCADE,
                translation_article_id text REFERENCES article (id) ON DELETE CASCADE,
                doc text NOT NULL
            )
            """,
        ]),
    ]
}
