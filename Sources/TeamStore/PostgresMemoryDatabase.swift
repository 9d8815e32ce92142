import Annotation
import Foundation
import PostgresNIO
import TranslationMemory

/// A team's whole memory in one PostgreSQL database: the translation units, the
/// annotations (articles, claims, sources, citations, translation links) and the
/// glossary, each behind its store's protocol, and ``writeAtomically(_:)`` to write all
/// of them in ONE transaction (what `tandem memory copy` needs).
public final class PostgresMemoryDatabase {
    /// Where the memory is.
    public let location: PostgresLocation
    /// The translation units (a ``PostgresMemoryStore``).
    public let memory: any MemoryStore
    /// The annotations (a ``PostgresAnnotationRepository``).
    public let annotations: any AnnotationRepository
    /// The glossary (a ``PostgresGlossaryStore``).
    public let glossary: any GlossaryStore
    /// The connections the three stores share (one pool, one TLS set-up).
    private let connections: PostgresConnections

    /// Connects and applies the migrations of the three stores that the database lacks.
    /// - Throws: ``PostgresStoreError``.
    public init(location: PostgresLocation) throws {
        self.location = location
        connections = try PostgresConnections(location)
        memory = try PostgresMemoryStore(location: location, connections: connections)
        annotations = try PostgresAnnotationRepository(location: location, connections: connections)
        glossary = try PostgresGlossaryStore(location: location, connections: connections)
    }

    /// Opens the memory at a `postgres://USER@HOST:PORT/DATABASE` address.
    public convenience init(address: String) throws {
        try self.init(location: PostgresLocation(parsing: address))
    }

    /// Closes every connection (also done when the database object goes away).
    public func close() {
        connections.shutDown()
    }

    /// The stores as a tuple (the shape `Workbench.MemoryCopyDestination` asks for).
    public func stores() throws -> (memory: any MemoryStore, annotations: any AnnotationRepository, glossary: any GlossaryStore)? {
        (memory, annotations, glossary)
    }

    /// Runs `body` in one transaction: whatever it writes through the ``Writer`` — units,
    /// annotations, terms — is committed together when it returns, and nothing when it
    /// throws (or the connection is lost).
    public func writeAtomically(_ body: (Writer) throws -> Void) throws {
        try connections.transaction { session in try body(Writer(session: session)) }
    }

    /// Writes into the transaction of ``PostgresMemoryDatabase/writeAtomically(_:)``.
    public struct Writer {
        let session: PostgresConnections.Session

        /// Adds units with `body` (merging and alternatives as ``PostgresMemoryStore`` does).
        public func units<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result {
            let batch = PostgresUnitWriter(session: session)
            let result = try body(batch)
            try batch.finish()
            return result
        }

        /// Saves annotation records with `body` (which may also read what is saved so far).
        public func annotations<Result>(_ body: (any AnnotationWriter) throws -> Result) throws -> Result {
            try body(PostgresAnnotationRepository.Records(session: session))
        }

        /// Adds or updates glossary terms (as ``PostgresGlossaryStore/importTerms(_:)``).
        public func terms(_ terms: [Term]) throws -> TermImportSummary {
            try GlossaryTables.importTerms(terms, session)
        }
    }
}
