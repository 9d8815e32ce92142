import Foundation
import GRDB

/// A ``GlossaryStore`` in the memory's SQLite database (by default
/// `Memory/tandem.sqlite`), beside the translation units and the annotations.
///
/// It opens the file as its own GRDB `DatabasePool` (WAL: readers never wait for the
/// writer) and creates or upgrades the `term` table with its own migrations, whose
/// identifiers start with `glossary-`; the memory's and the annotations' migrations in
/// the same file are left alone.
///
/// ```swift
/// let glossary = try SQLiteGlossaryStore(url: URL(fileURLWithPath: "Memory/tandem.sqlite"))
/// try glossary.add(Term(source: "liste noire", target: "blacklist"))
/// let matcher = TermMatcher(terms: try glossary.terms(sourceLanguage: .french, targetLanguage: .english))
/// ```
public final class SQLiteGlossaryStore: GlossaryStore {
    /// The database file.
    public let url: URL
    private let pool: DatabasePool

    /// Opens the glossary in the database at `url`, creating the file (and its folder)
    /// if `create` is true.
    /// - Throws: ``GlossaryStoreError/notFound(path:)`` when the file does not exist and
    ///   `create` is false, ``GlossaryStoreError/newerSchema(path:unknownMigrations:)``
    ///   when a newer Tandem wrote it, GRDB's errors when it is not an SQLite database.
    public init(url: URL, create: Bool = true) throws {
        self.url = url
        if !FileManager.default.fileExists(atPath: url.path) {
            guard create else { throw GlossaryStoreError.notFound(path: url.path) }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        pool = try DatabasePool(path: url.path, configuration: configuration)
        let applied = try pool.read { db in
            try db.tableExists("grdb_migrations") ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations") : []
        }
        let known = Set(GlossarySchema.migrator.migrations)
        let unknown = applied.filter { $0.hasPrefix(GlossarySchema.identifierPrefix) && !known.contains($0) }.sorted()
        guard unknown.isEmpty else { throw GlossaryStoreError.newerSchema(path: url.path, unknownMigrations: unknown) }
        try GlossarySchema.migrator.migrateSharedFile(pool)
    }

    /// The names of the glossary migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { try GlossarySchema.migrator.appliedMigrations($0) }
    }

    // MARK: Writing

    @discardableResult
    public func add(_ term: Term) throws -> TermAddOutcome {
        try pool.write { db in try Self.upsert(term, db) }
    }

    public func importTerms(_ terms: [Term]) throws -> TermImportSummary {
        try pool.write { db in
            var summary = TermImportSummary()
            for term in terms {
                switch try Self.upsert(term, db) {
                case .added: summary.added += 1
                case .updated: summary.updated += 1
                }
            }
            return summary
        }
    }

    private static func upsert(_ term: Term, _ db: Database) throws -> TermAddOutcome {
        do {
            try term.validate()
        } catch {
            throw GlossaryStoreError.invalidTerm(source: term.source, file: term.provenance.file, line: term.provenance.line, reason: error.description)
        }
        let tidy = term.tidied
        let key = TermKey(tidy)
        let p = tidy.provenance
        let values: [(any DatabaseValueConvertible)?] = [
            tidy.sourceLanguage.identifier, key.sourceLanguage, tidy.targetLanguage.identifier, key.targetLanguage,
            tidy.source, key.source, tidy.target, key.target, tidy.note, tidy.isApproved,
            p.origin.rawValue, p.creator, p.createdAt?.timeIntervalSince1970, p.file, p.line,
        ]
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: """
                SELECT id FROM term WHERE source_primary = ? AND target_primary = ? AND source_key = ? AND target_key = ?
                """),
            arguments: [key.sourceLanguage, key.targetLanguage, key.source, key.target])
        {
            try db.cachedStatement(sql: """
                UPDATE term SET source_lang = ?, source_primary = ?, target_lang = ?, target_primary = ?,
                    source_text = ?, source_key = ?, target_text = ?, target_key = ?, note = COALESCE(?, note),
                    approved = ?, origin = ?, creator = ?, created_at = ?, file = ?, line = ?
                WHERE id = ?
                """).execute(arguments: StatementArguments(values + [id]))
            return .updated(id: id)
        }
        try db.cachedStatement(sql: """
            INSERT INTO term (source_lang, source_primary, target_lang, target_primary, source_text, source_key,
                target_text, target_key, note, approved, origin, creator, created_at, file, line)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: StatementArguments(values))
        return .added(id: db.lastInsertedRowID)
    }

    @discardableResult
    public func removeTerm(id: Int64) throws -> Bool {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM term WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }

    // MARK: Reading

    public func terms(sourceLanguage: LanguageTag?, targetLanguage: LanguageTag?) throws -> [Term] {
        let terms = try pool.read { db in
            var tags: [String: LanguageTag] = [:]  // a glossary has few distinct tags
            func tag(_ string: String, _ id: Int64) throws -> LanguageTag {
                if let known = tags[string] { return known }
                guard let parsed = LanguageTag(string) else { throw GlossaryStoreError.corruptRow(id: id, reason: "invalid language tag “\(string)”") }
                tags[string] = parsed
                return parsed
            }
            var terms: [Term] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, source_lang, target_lang, source_text, target_text, note, approved,
                           origin, creator, created_at, file, line
                    FROM term
                    WHERE (?1 IS NULL OR source_primary = ?1) AND (?2 IS NULL OR target_primary = ?2)
                    """,
                arguments: [sourceLanguage?.language, targetLanguage?.language])
            while let row = try rows.next() {
                let id: Int64 = row[0]
                let originValue: String = row[7]
                guard let origin = TermProvenance.Origin(rawValue: originValue) else {
                    throw GlossaryStoreError.corruptRow(id: id, reason: "unknown origin “\(originValue)”")
                }
                let created: Double? = row[9]
                terms.append(Term(
                    id: id, sourceLanguage: try tag(row[1], id), targetLanguage: try tag(row[2], id),
                    source: row[3], target: row[4], note: row[5], isApproved: row[6],
                    provenance: TermProvenance(
                        origin: origin, creator: row[8], createdAt: created.map(Date.init(timeIntervalSince1970:)),
                        file: row[10], line: row[11])))
            }
            return terms
        }
        return terms.sortedAsGlossary()
    }
}

/// Why the glossary store failed.
public enum GlossaryStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No database at this path.
    case notFound(path: String)
    /// The database has glossary migrations this version does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// A term that cannot be stored, with where it was read from when known.
    case invalidTerm(source: String, file: String?, line: Int?, reason: String)
    /// A row that cannot be read back.
    case corruptRow(id: Int64, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "no database at \(path); add a term with `tandem glossary add` or import a glossary first"
        case .newerSchema(let path, let migrations):
            "\(path) was written by a newer Tandem (unknown glossary migrations: \(migrations.joined(separator: ", ")))"
        case .invalidTerm(let source, let file, let line, let reason):
            "\(file.map { "\($0):" + (line.map { "\($0): " } ?? " ") } ?? "")term “\(source)”: \(reason)"
        case .corruptRow(let id, let reason):
            "term \(id) of the glossary cannot be read: \(reason)"
        }
    }
}

/// The glossary's tables, as migrations whose identifiers start with ``identifierPrefix``.
/// Applied migrations never change; changes are new migrations.
enum GlossarySchema {
    static let identifierPrefix = "glossary-"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("glossary-v1-terms") { db in
            try db.execute(sql: """
                CREATE TABLE term (
                    id INTEGER PRIMARY KEY,
                    source_lang TEXT NOT NULL,      -- the tag as written (canonical case)
                    source_primary TEXT NOT NULL,   -- its primary language: fr for fr-FR
                    target_lang TEXT NOT NULL,
                    target_primary TEXT NOT NULL,
                    source_text TEXT NOT NULL,      -- trimmed, inner white space collapsed
                    source_key TEXT NOT NULL,       -- source_text lowercased (identity, sorting)
                    target_text TEXT NOT NULL,
                    target_key TEXT NOT NULL,
                    note TEXT,
                    approved INTEGER NOT NULL,      -- 0 or 1
                    origin TEXT NOT NULL,           -- manual | imported
                    creator TEXT,
                    created_at REAL,                -- seconds since 1970
                    file TEXT,                      -- the file an imported term came from
                    line INTEGER                    -- and its line there
                );
                CREATE UNIQUE INDEX term_identity ON term(source_primary, target_primary, source_key, target_key);
                """)
        }
        return migrator
    }
}
