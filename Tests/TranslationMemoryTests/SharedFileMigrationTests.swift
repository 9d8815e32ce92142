import Dispatch
import Foundation
import Testing
@testable import TranslationMemory

/// Several clients opening a new database file at the same moment (two `tandem translate`
/// sessions starting on a fresh memory) all end up with the same tables.
@Suite struct SharedFileMigrationTests {
    @Test func clientsCreatingTheTablesAtOnceAllSucceed() throws {
        for round in 0..<6 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-migrate-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let url = folder.appendingPathComponent("tandem.sqlite")
            _ = try SQLiteMemoryStore(url: url, create: true)  // the memory exists; its glossary tables do not
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 4) { client in
                do {
                    let glossary = try SQLiteGlossaryStore(url: url, create: false)
                    try glossary.add(Term(source: "sanction \(round)-\(client)", target: "sanction"))
                } catch {
                    failures.record("\(error)")
                }
            }
            #expect(failures.all.isEmpty, "round \(round)")
            #expect(try SQLiteGlossaryStore(url: url, create: false).appliedMigrations() == GlossarySchema.migrator.migrations)
        }
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func record(_ message: String) { lock.lock(); messages.append(message); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return messages }
}
