import Foundation
import GRDB
import Testing
import TranslationMemory

private func temporaryDatabase() -> (URL, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-glossary-\(UUID().uuidString)")
    return (folder.appendingPathComponent("tandem.sqlite"), folder)
}

/// What only the SQLite glossary does (its file, its schema) and term validation; what
/// every glossary store does is tested on SQLite and PostgreSQL alike by
/// TeamStoreTests/GlossaryStoreConformanceTests.
@Suite struct GlossaryStoreTests {
    @Test func refusesAMissingFileUnlessCreatingAndANewerSchema() throws {
        let (url, folder) = temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: GlossaryStoreError.notFound(path: url.path)) { try SQLiteGlossaryStore(url: url, create: false) }
        _ = try SQLiteGlossaryStore(url: url)
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('glossary-v9-future')") }
        try queue.close()
        #expect(throws: GlossaryStoreError.newerSchema(path: url.path, unknownMigrations: ["glossary-v9-future"])) {
            try SQLiteGlossaryStore(url: url)
        }
    }

    @Test func validatesTerms() {
        #expect(throws: TermError.emptySide("source")) { try Term(source: " ", target: "x").validate() }
        #expect(throws: TermError.lineBreak("target")) { try Term(source: "x", target: "a\nb").validate() }
        #expect(throws: Never.self) { try Term(source: "x", target: "y").validate() }
    }
}
