import Foundation
import Testing
import TeamStore
import TranslationMemory

/// The PostgreSQL server the tests may use: `$TANDEM_TEST_POSTGRES`
/// (`make test` starts a throw-away one; see .ci/test-postgres.sh).
enum TestServer {
    static let address: String? = ProcessInfo.processInfo.environment["TANDEM_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static var isAvailable: Bool { address != nil }
    static let absence: Comment = "needs a PostgreSQL server: set TANDEM_TEST_POSTGRES=postgres://USER@127.0.0.1:PORT/DB (`make test` starts one)"

    /// A new empty database on the server, dropped by `cleanUp`.
    static func newDatabase() throws -> (location: PostgresLocation, cleanUp: () -> Void) {
        let server = try PostgresLocation(parsing: address!)
        let name = "tandem_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try PostgresMaintenance.createDatabase(name, on: server)
        var location = server
        location.database = name
        return (location, { try? PostgresMaintenance.dropDatabase(name, on: server) })
    }
}

/// Which store a conformance test runs on.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres
    var testDescription: String { rawValue }

    /// The kinds this run can test: PostgreSQL only with a server (its absence is
    /// reported by the tests enabled only with one, e.g. ``SchemaTests``).
    static var testable: [StoreKind] { TestServer.isAvailable ? allCases : [.sqlite] }
}

/// A fresh, empty memory of one kind, removed when the test ends. The same memory can
/// be opened again (another client) with ``reopen()``.
final class TestMemory {
    let kind: StoreKind
    let store: any MemoryStore
    /// A path or postgres:// address (for the CLI).
    let address: String
    private var others: [any MemoryStore] = []
    private let cleanUp: () -> Void

    /// A new memory; a PostgreSQL one cancels the test case when no server is set.
    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-team-tests-\(UUID().uuidString)")
            let url = folder.appendingPathComponent("tandem.sqlite")
            store = try SQLiteMemoryStore(url: url, create: true)
            address = url.path
            cleanUp = { try? FileManager.default.removeItem(at: folder) }
        case .postgres:
            guard TestServer.isAvailable else { try Test.cancel(TestServer.absence) }
            let (location, drop) = try TestServer.newDatabase()
            let cache = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-team-cache-\(UUID().uuidString)")
            store = try PostgresMemoryStore(location: location, indexCacheDirectory: cache)
            address = "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"
            indexCache = cache
            cleanUp = {
                drop()
                try? FileManager.default.removeItem(at: cache)
            }
        }
    }

    /// Where PostgreSQL clients of this memory keep their match index file.
    private(set) var indexCache: URL?

    /// The same memory opened by another client.
    func reopen() throws -> any MemoryStore {
        let other: any MemoryStore = switch kind {
        case .sqlite: try SQLiteMemoryStore(url: URL(fileURLWithPath: address), create: false)
        case .postgres: try PostgresMemoryStore(address: address, indexCacheDirectory: indexCache)
        }
        others.append(other)
        return other
    }

    deinit {
        for case let store as PostgresMemoryStore in others + [store] { store.close() }
        cleanUp()
    }
}

func unit(_ source: String, _ target: String, origin: UnitOrigin = .imported, source sourceLanguage: String = "fr", target targetLanguage: String = "en") -> TranslationUnit {
    TranslationUnit(
        sourceLanguage: LanguageTag(sourceLanguage)!, targetLanguage: LanguageTag(targetLanguage)!,
        source: SegmentText(source), target: SegmentText(target), provenance: Provenance(origin: origin))
}

/// A small deterministic generator (tests must not depend on the system's randomness).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
