import GRDB

/// The SQLite schema of the annotations, as versioned migrations.
///
/// Annotations live in the same database file as the translation memory, whose store
/// registers its own migrations in its own migrator. Both record what they applied in
/// GRDB's `grdb_migrations` table, and a migrator ignores identifiers it does not
/// know, so each keeps to its prefix: every identifier here starts with
/// ``identifierPrefix``. Applied migrations are never edited; changes are new
/// migrations appended to ``migrator``.
enum AnnotationSchema {
    static let identifierPrefix = "annotation-"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("annotation-v1-articles-claims-sources", migrate: createTables)
        return migrator
    }

    /// The identifiers of the migrations this version knows.
    static var knownIdentifiers: Set<String> {
        Set(migrator.migrations)
    }

    /// Articles, claims, sources, citations and translation links. Ids are the records'
    /// string ids; offsets count Unicode code points; dates are `YYYY[-MM[-DD]]`;
    /// enumerations are stored as their raw values (checked when read, not by CHECK
    /// constraints, so that a new kind needs no table rebuild).
    private static func createTables(_ db: Database) throws {
        try db.execute(sql: """
            -- An article and its segments, a JSON array of {"start", "end", "paragraph"}
            -- in text order.
            CREATE TABLE article (
                id TEXT PRIMARY KEY NOT NULL,
                language TEXT NOT NULL,
                title TEXT,
                publisher TEXT,
                date TEXT,
                url TEXT,
                text TEXT NOT NULL,
                segments TEXT NOT NULL
            );

            -- A span of an article: position (start..<end) and W3C TextQuoteSelector.
            CREATE TABLE claim (
                id TEXT PRIMARY KEY NOT NULL,
                article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                exact TEXT NOT NULL,
                prefix TEXT NOT NULL,
                suffix TEXT NOT NULL,
                anchor_status TEXT NOT NULL,
                note TEXT,
                CHECK (0 <= start AND start <= "end")
            );
            CREATE INDEX claim_by_article ON claim(article_id, start, "end", id);

            -- What supports claims. article_id names a Tandem article the source is,
            -- when it is one; it is a plain pointer (it may name an article imported
            -- later), cleared when that article is deleted.
            CREATE TABLE source (
                id TEXT PRIMARY KEY NOT NULL,
                kind TEXT NOT NULL,
                url TEXT,
                title TEXT,
                publisher TEXT,
                date TEXT,
                language TEXT,
                article_id TEXT
            );
            CREATE INDEX source_by_article ON source(article_id) WHERE article_id IS NOT NULL;

            -- A claim cited to a source. A source cannot go while citations use it.
            CREATE TABLE citation (
                id TEXT PRIMARY KEY NOT NULL,
                claim_id TEXT NOT NULL REFERENCES claim(id) ON DELETE CASCADE,
                source_id TEXT NOT NULL REFERENCES source(id) ON DELETE RESTRICT,
                status TEXT NOT NULL,
                promised_language TEXT,
                note TEXT
            );
            CREATE INDEX citation_by_claim ON citation(claim_id);
            CREATE INDEX citation_by_source ON citation(source_id);

            -- A document and its translation; each side is a Tandem article or a URL.
            CREATE TABLE translation_link (
                id TEXT PRIMARY KEY NOT NULL,
                original_article_id TEXT REFERENCES article(id) ON DELETE CASCADE,
                original_url TEXT,
                translation_article_id TEXT REFERENCES article(id) ON DELETE CASCADE,
                translation_url TEXT,
                language TEXT NOT NULL,
                CHECK ((original_article_id IS NULL) <> (original_url IS NULL)),
                CHECK ((translation_article_id IS NULL) <> (translation_url IS NULL))
            );
            CREATE INDEX translation_link_by_original ON translation_link(original_article_id)
                WHERE original_article_id IS NOT NULL;
            CREATE INDEX translation_link_by_translation ON translation_link(translation_article_id)
                WHERE translation_article_id IS NOT NULL;
            """)
    }
}
