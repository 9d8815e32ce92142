import Foundation
import Testing
import TeamStore
import TranslationMemory

/// The `tandem` executable of this checkout's debug build (`swift build` makes it).
enum TandemBinary {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/tandem")
    static var exists: Bool { FileManager.default.isExecutableFile(atPath: url.path) }

    /// Runs tandem with `arguments`; returns its exit status and what it printed.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TANDEM_MEMORY"] = nil
        // PostgreSQL clients keep their match index here, not in the user's cache.
        environment["XDG_CACHE_HOME"] = FileManager.default.temporaryDirectory
            .appendingPathComponent("tandem-tests-cache-\(ProcessInfo.processInfo.processIdentifier)").path
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A TMX 1.4 file of French→English pairs.
func tmx(_ pairs: [(String, String)]) -> String {
    func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }
    let units = pairs.map { source, target in
        "<tu><tuv xml:lang=\"fr\"><seg>\(escaped(source))</seg></tuv><tuv xml:lang=\"en\"><seg>\(escaped(target))</seg></tuv></tu>"
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header creationtool="tandem-tests" creationtoolversion="1" segtype="sentence" o-tmf="tests" \
        adminlang="en" srclang="fr" datatype="plaintext"/><body>
        \(units.joined(separator: "\n"))
        </body></tmx>
        """
}

struct Pair: Hashable { var source: String, target: String }

@Suite(.enabled(if: TandemBinary.exists, "needs the tandem executable: run `swift build` first"))
struct ProcessTests {
    /// Several processes confirm (one-unit transactions) and import (batches) into one
    /// memory at once: afterwards every unit is there exactly once, identical ones merged,
    /// different translations of one source kept as alternatives.
    @Test(arguments: StoreKind.testable)
    func concurrentWritersLoseNothing(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-concurrency-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let workers = 4, segments = 10, shared = 120, own = 15
        var expected = Set<Pair>()
        var plans: [[URL]] = []
        for worker in 0..<workers {
            var files: [URL] = []
            for k in 0..<segments {
                // Even segments: everyone confirms the same translation (one unit);
                // odd ones: each their own (alternatives).
                let pair = k % 2 == 0
                    ? Pair(source: "Segment \(k) de l’article.", target: "Segment \(k) of the article.")
                    : Pair(source: "Segment \(k) de l’article.", target: "Segment \(k), as translator \(worker) puts it.")
                expected.insert(pair)
                let file = folder.appendingPathComponent("confirm-\(worker)-\(k).tmx")
                try tmx([(pair.source, pair.target)]).write(to: file, atomically: true, encoding: .utf8)
                files.append(file)
            }
            var batch = (0..<shared).map { Pair(source: "Phrase \($0) du lot commun.", target: "Sentence \($0) of the shared batch.") }
            batch += (0..<own).map { Pair(source: "Phrase \($0) du lot \(worker).", target: "Sentence \($0) of batch \(worker).") }
            expected.formUnion(batch)
            let file = folder.appendingPathComponent("batch-\(worker).tmx")
            try tmx(batch.map { ($0.source, $0.target) }).write(to: file, atomically: true, encoding: .utf8)
            files.insert(file, at: worker % 3 * 4)  // the import runs among the confirmations
            plans.append(files)
        }

        let failures = Failures()
        let address = memory.address, runs = plans
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for file in runs[worker] {
                do {
                    let (status, output) = try TandemBinary.run(["import", "--memory", address, file.path])
                    if status != 0 { failures.add("\(file.lastPathComponent): \(output)") }
                } catch {
                    failures.add("\(file.lastPathComponent): \(error)")
                }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")

        let units = try allUnits(memory.store)
        let stored = units.map { Pair(source: $0.source.plainText, target: $0.target.plainText) }
        #expect(stored.count == expected.count)
        #expect(Set(stored) == expected)
        #expect(try memory.store.statistics().units == expected.count)
        // Each odd segment has one translation per translator, all found by a lookup.
        let alternatives = try memory.store.lookup(MatchQuery(source: "Segment 3 de l’article.", limit: 10)).filter { $0.kind == .exact }
        #expect(alternatives.count == workers)
    }

    /// `tandem memory copy` moves a memory SQLite → PostgreSQL → SQLite unchanged.
    @Test(.enabled(if: TestServer.isAvailable, TestServer.absence))
    func copyGoesBothWaysUnchanged() throws {
        let sqlite = try TestMemory(.sqlite)
        let postgres = try TestMemory(.postgres)
        var units: [TranslationUnit] = []
        for i in 0..<1_234 {
            var u = unit("Phrase numéro \(i) à copier.", "Sentence number \(i) to copy.", origin: i % 3 == 0 ? .human : .aligned)
            u.provenance.creator = i % 5 == 0 ? "anne" : nil
            u.provenance.createdAt = Date(timeIntervalSince1970: 1_700_000_000 + Double(i))
            u.location = i % 2 == 0 ? SegmentLocation(article: "a\(i % 7)", segment: i) : nil
            u.notes = i % 11 == 0 ? [UnitNote(text: "note \(i)")] : []
            units.append(u)
        }
        try sqlite.store.importBatch { batch in for u in units { try batch.add(u, policy: .keepAlternatives) } }

        let there = try TandemBinary.run(["memory", "copy", sqlite.address, postgres.address])
        #expect(there.status == 0, "\(there.output)")
        #expect(there.output.contains("copied 1234 units"))
        let backFolder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-copy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: backFolder) }
        let back = backFolder.appendingPathComponent("back.sqlite").path
        let again = try TandemBinary.run(["memory", "copy", postgres.address, back])
        #expect(again.status == 0, "\(again.output)")

        func withoutIDs(_ units: [TranslationUnit]) -> [TranslationUnit] { units.map { var u = $0; u.id = nil; return u } }
        #expect(withoutIDs(try allUnits(postgres.store)) == units)
        #expect(withoutIDs(try allUnits(try SQLiteMemoryStore(url: URL(fileURLWithPath: back), create: false))) == units)

        // Into a memory that is not empty: refused, nothing stored.
        let refused = try TandemBinary.run(["memory", "copy", sqlite.address, postgres.address])
        #expect(refused.status != 0)
        #expect(refused.output.contains("already holds 1234 units"))
        #expect(try postgres.store.statistics().units == 1234)
    }

    @Test func connectionTroubleIsOneClearLine() throws {
        // Nothing listens on port 1 of the loopback.
        let down = try TandemBinary.run(["stats", "--memory", "postgres://tandem@127.0.0.1:1/none"])
        #expect(down.status != 0)
        #expect(down.output.contains("cannot reach the PostgreSQL server at 127.0.0.1:1"), "\(down.output)")
        #expect(down.output.split(separator: "\n").count == 1, "\(down.output)")
        let bad = try TandemBinary.run(["stats", "--memory", "postgres://127.0.0.1/none"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("no user name"), "\(bad.output)")
    }

    @Test(.enabled(if: TestServer.isAvailable, TestServer.absence))
    func aMissingDatabaseIsNamed() throws {
        var location = try PostgresLocation(parsing: TestServer.address!)
        location.database = "tandem_no_such_database"
        let missing = try TandemBinary.run(["stats", "--memory", location.description])
        #expect(missing.status != 0)
        #expect(missing.output.contains("has no database “tandem_no_such_database”"), "\(missing.output)")
    }
}

/// Failures collected from several threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ failure: String) { lock.lock(); list.append(failure); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return list }
}
