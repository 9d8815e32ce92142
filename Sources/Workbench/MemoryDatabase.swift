import Annotation
import Foundation
import TranslationMemory

/// A whole memory: its translation units, its annotations (articles, claims, sources,
/// citations, translation links) and its glossary — the three stores of one project
/// database, whether a SQLite file or a PostgreSQL database.
public struct MemoryDatabase {
    public var memory: any MemoryStore
    public var annotations: any AnnotationRepository
    public var glossary: any GlossaryStore

    public init(memory: any MemoryStore, annotations: any AnnotationRepository, glossary: any GlossaryStore) {
        self.memory = memory
        self.annotations = annotations
        self.glossary = glossary
    }

    /// The three stores as a destination's ``MemoryCopyDestination/stores()`` gives them.
    public init(_ stores: (memory: any MemoryStore, annotations: any AnnotationRepository, glossary: any GlossaryStore)) {
        self.init(memory: stores.memory, annotations: stores.annotations, glossary: stores.glossary)
    }

    /// Opens the three stores of the SQLite database at `url`.
    /// - Parameter create: make the file (and its folder) when missing; otherwise a
    ///   missing file throws ``MemoryStoreError``.
    public static func sqlite(at url: URL, create: Bool) throws -> MemoryDatabase {
        let memory = try SQLiteMemoryStore(url: url, create: create)
        return MemoryDatabase(
            memory: memory,
            annotations: try SQLiteAnnotationRepository(path: url.path),
            glossary: try SQLiteGlossaryStore(url: url, create: false))
    }
}

/// Writes a whole memory inside one all-or-nothing write of a ``MemoryCopyDestination``.
public protocol MemoryCopyWriter {
    /// Adds units with `body`.
    func units<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result
    /// Saves annotation records with `body` (which may read back what it saved).
    func annotations<Result>(_ body: (any AnnotationWriter) throws -> Result) throws -> Result
    /// Adds or updates glossary terms.
    func terms(_ terms: [Term]) throws -> TermImportSummary
}

/// Where ``MemoryCopy`` writes: a memory that stores everything written during
/// ``writeAtomically(_:)`` together, or nothing.
///
/// ``SQLiteCopyDestination`` is one; `TeamStore.PostgresMemoryDatabase` has the same
/// members (one PostgreSQL transaction) and conforms where both modules are imported.
public protocol MemoryCopyDestination {
    associatedtype Writer: MemoryCopyWriter

    /// The destination's stores as committed now; `nil` when there is no memory yet.
    func stores() throws -> (memory: any MemoryStore, annotations: any AnnotationRepository, glossary: any GlossaryStore)?

    /// Runs `body`: everything it writes through the writer is stored when it returns,
    /// and nothing when it throws.
    func writeAtomically(_ body: (Writer) throws -> Void) throws
}

/// A SQLite memory file as the destination of a copy.
///
/// The three stores of a SQLite memory each have their own connection pool on the file,
/// so one SQLite transaction cannot span them. The copy is therefore written into a new
/// file beside the destination (`.NAME.copying-UUID`), and only when everything is in
/// it does that file take the destination's place, by an atomic rename: until then the
/// destination is untouched, and a failure removes the new file. A destination that
/// already exists must be empty (it is checked again just before the rename) and must
/// not be open in another program during the copy.
public final class SQLiteCopyDestination: MemoryCopyDestination {
    /// The destination file.
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    public func stores() throws -> (memory: any MemoryStore, annotations: any AnnotationRepository, glossary: any GlossaryStore)? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let database = try MemoryDatabase.sqlite(at: url, create: false)
        return (database.memory, database.annotations, database.glossary)
    }

    public func writeAtomically(_ body: (Writer) throws -> Void) throws {
        let files = FileManager.default
        let folder = url.deletingLastPathComponent()
        let madeFolder = !files.fileExists(atPath: folder.path)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).copying-\(UUID().uuidString)")
        do {
            do {
                try files.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw MemoryCopyError.cannotWrite(path: folder.path, reason: (error as NSError).localizedFailureReason ?? error.localizedDescription)
            }
            try fill(temporary, body)
            try takePlace(of: url, with: temporary)
        } catch {
            for file in Self.withSidecars(temporary) { try? files.removeItem(at: file) }
            if madeFolder, (try? files.contentsOfDirectory(atPath: folder.path))?.isEmpty == true {
                try? files.removeItem(at: folder)
            }
            throw error
        }
    }

    /// Writes the new file; its stores are closed when this returns.
    private func fill(_ file: URL, _ body: (Writer) throws -> Void) throws {
        let memory = try SQLiteMemoryStore(url: file, create: true)
        let writer = Writer(
            memory: memory, annotations: try SQLiteAnnotationRepository(path: file.path),
            glossary: try SQLiteGlossaryStore(url: file, create: false))
        try body(writer)
    }

    /// Renames `file` over `destination`, once the destination is checked to be still empty.
    private func takePlace(of destination: URL, with file: URL) throws {
        let files = FileManager.default
        if files.fileExists(atPath: destination.path) {
            let counts = try MemoryCounts(MemoryDatabase.sqlite(at: destination, create: false))
            guard counts.isEmpty else { throw MemoryCopyError.destinationNotEmpty(counts) }
            // The empty memory's journal files (the new file brings its own, if any).
            for sidecar in Self.withSidecars(destination).dropFirst(1).prefix(2) { try? files.removeItem(at: sidecar) }
        }
        let sidecars = Self.withSidecars(file), targets = Self.withSidecars(destination)
        // The old memory's match index would be taken for the new one's.
        try? files.removeItem(at: targets[3])
        // A write-ahead log still holding pages goes along, before the file it belongs to.
        if let size = try? files.attributesOfItem(atPath: sidecars[1].path)[.size] as? Int, size > 0 {
            try Self.rename(sidecars[1], targets[1])
        }
        try? files.removeItem(at: sidecars[1])
        try? files.removeItem(at: sidecars[2])
        try Self.rename(file, destination)
        // The new memory's match index, when one was built, is its own.
        if files.fileExists(atPath: sidecars[3].path), (try? Self.rename(sidecars[3], targets[3])) == nil {
            try? files.removeItem(at: sidecars[3])
        }
    }

    private static func rename(_ from: URL, _ to: URL) throws {
        guard Foundation.rename(from.path, to.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSFilePathErrorKey: to.path,
                NSLocalizedDescriptionKey: "cannot rename \(from.path) to \(to.path): \(String(cString: strerror(errno)))",
            ])
        }
    }

    /// The database file, its write-ahead log, its shared-memory index and the memory
    /// store's match index.
    private static func withSidecars(_ file: URL) -> [URL] {
        [file, URL(fileURLWithPath: file.path + "-wal"), URL(fileURLWithPath: file.path + "-shm"), file.appendingPathExtension("match-index")]
    }

    /// Writes into the new file, one store's transaction at a time.
    public struct Writer: MemoryCopyWriter {
        let memory: SQLiteMemoryStore
        let annotations: SQLiteAnnotationRepository
        let glossary: SQLiteGlossaryStore

        public func units<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result {
            try memory.importBatch(body)
        }

        public func annotations<Result>(_ body: (any AnnotationWriter) throws -> Result) throws -> Result {
            try annotations.write(body)
        }

        public func terms(_ terms: [Term]) throws -> TermImportSummary {
            try glossary.importTerms(terms)
        }
    }
}
