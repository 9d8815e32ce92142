import Foundation
import GRDB

/// An ``AnnotationRepository`` in an SQLite database, the file that also holds the
/// translation memory (by default `Memory/tandem.sqlite`).
///
/// It opens the file as a GRDB `DatabasePool` in WAL mode, so that readers never wait
/// for the writer and see a consistent snapshot, and creates or upgrades its tables with
/// its own migrations (identifiers prefixed `annotation-`), side by side with the
/// memory's. ``read(_:)`` is one read transaction, ``write(_:)`` one write transaction
/// that is rolled back entirely when its body throws.
///
/// ```swift
/// let repository = try SQLiteAnnotationRepository(path: "Memory/tandem.sqlite")
/// try repository.addArticle(article)
/// let report = try repository.coverage()
/// ```
///
/// A program that also opens the memory can share one pool:
/// `SQLiteAnnotationRepository(pool:)`.
public final class SQLiteAnnotationRepository: AnnotationRepository {
    private let pool: DatabasePool

    /// The path of the database file.
    public var path: String { pool.path }

    /// Opens the database at `path`, creating it and its parent folders if needed, and
    /// brings its annotation tables up to date.
    /// - Throws: ``AnnotationDatabaseError/cannotOpen(path:reason:)`` when the file
    ///   cannot be opened as an SQLite database or migrated,
    ///   ``AnnotationDatabaseError/newerSchema(path:unknownMigrations:)`` when a newer
    ///   Tandem wrote it.
    public convenience init(path: String) throws {
        let pool: DatabasePool
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: Self.makeConfiguration())
        } catch {
            throw AnnotationDatabaseError.cannotOpen(path: path, reason: Self.reason(error))
        }
        try self.init(pool: pool)
    }

    /// Uses a pool opened elsewhere (for instance by the memory's store, so that a
    /// program holds one pool per file) and brings its annotation tables up to date.
    /// The pool must have foreign keys enabled (GRDB's default); a busy timeout of a
    /// few seconds (``makeConfiguration()``) lets several processes share the file.
    /// - Throws: like ``init(path:)``, and
    ///   ``AnnotationDatabaseError/foreignKeysDisabled(path:)``.
    public init(pool: DatabasePool) throws {
        self.pool = pool
        let path = pool.path
        do {
            let foreignKeys = try pool.read { try Bool.fetchOne($0, sql: "PRAGMA foreign_keys") } ?? false
            guard foreignKeys else { throw AnnotationDatabaseError.foreignKeysDisabled(path: path) }
            // Other stores' migrations are none of our business; ours must all be known.
            let applied = try pool.read { db in
                try db.tableExists("grdb_migrations")
                    ? try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                    : []
            }
            let known = AnnotationSchema.knownIdentifiers
            let unknown = applied.filter { $0.hasPrefix(AnnotationSchema.identifierPrefix) && !known.contains($0) }.sorted()
            guard unknown.isEmpty else { throw AnnotationDatabaseError.newerSchema(path: path, unknownMigrations: unknown) }
            try AnnotationSchema.migrator.migrateSharedFile(pool)
        } catch let error as AnnotationDatabaseError {
            throw error
        } catch {
            throw AnnotationDatabaseError.cannotOpen(path: path, reason: Self.reason(error))
        }
    }

    /// The configuration ``init(path:)`` opens a pool with: foreign keys on, and a
    /// 5-second busy timeout so that another process writing the same file (a second
    /// `tandem` command) delays a write instead of failing it. DatabasePool always uses
    /// WAL mode.
    public static func makeConfiguration() -> Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.label = "Tandem annotations"
        return configuration
    }

    public func read<Result>(_ body: (any AnnotationReader) throws -> Result) throws -> Result {
        try pool.read { db in try body(DatabaseAnnotationReader(db: db)) }
    }

    /// The transaction is IMMEDIATE: it takes the write lock when it begins, so that
    /// another process that writes the file meanwhile makes it wait (up to the busy
    /// timeout) instead of failing it when it turns from reading to writing.
    public func write<Result>(_ body: (any AnnotationWriter) throws -> Result) throws -> Result {
        try pool.writeWithoutTransaction { db in
            var result: Result?
            try db.inTransaction(.immediate) {
                result = try body(DatabaseAnnotationWriter(db: db))
                return .commit
            }
            return result!
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return (error as? LocalizedError)?.errorDescription ?? "\(error)"
    }
}
