import Annotation
import Foundation
import Testing
@testable import TeamStore
import TranslationMemory
import Workbench

/// A clock that moves one second per call, so confirmations have distinct dates.
final class SessionClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = Date(timeIntervalSince1970: 1_790_000_000)
    func next() -> Date {
        lock.lock(); defer { lock.unlock() }
        now = now.addingTimeInterval(1)
        return now
    }
}

/// Translators' sessions on one memory on a PostgreSQL server (the SQLite variants are
/// in WorkbenchTests: SharedSessionTests, ConfirmationJournalTests).
@Suite(.enabled(if: TestServer.isAvailable, TestServer.absence), .serialized)
struct PostgresSessionTests {
    let sentences = """
        Le département a suspendu le partenariat en août 2020. Huawei a démenti.
        Le ministère a versé 12 millions d'euros en 2019. La Chine a protesté.
        """

    func article(in memory: TestMemory) throws -> PostgresAnnotationRepository {
        let annotations = try PostgresAnnotationRepository(address: memory.address)
        let importer = ArticleImporter()
        _ = try importer.store(try importer.article(text: sentences, id: "a1", language: "fr"), in: annotations)
        return annotations
    }

    @Test func sessionsSeeEachOthersConfirmationsAndKeepBothWhenTheyMeet() throws {
        let memory = try TestMemory(.postgres)
        let annotations = try article(in: memory)
        let clock = SessionClock()
        let ana = try TranslationSession(article: "a1", memory: memory.store, annotations: annotations, translator: "ana", clock: clock.next)
        let bob = try TranslationSession(article: "a1", memory: try memory.reopen(), annotations: annotations, translator: "bob", clock: clock.next)
        #expect(try ana.view().translation == nil)
        #expect(try bob.view().translation == nil)

        let bobs = try bob.confirm("The department has suspended the partnership in August 2020.")
        let taken = try #require(try ana.view().taken)
        #expect(taken.translator == "bob" && taken.duringSession && taken.date == bobs.unit.provenance.changedAt)
        #expect(ana.progress.segmentsDone == 1)

        // Ana confirms the segment she was shown before Bob's arrived.
        try ana.go(to: 2)
        _ = try ana.view()
        _ = try bob.view()  // Bob on segment 2 too
        let bobs2 = try bob.confirm("Huawei denies it.")
        let anas2 = try ana.confirm("Huawei denied it.")
        #expect(anas2.concurrent.map(\.id) == [bobs2.unit.id])
        #expect(anas2.isCurrent)
        let translations = try ArticleTranslations(article: "a1", sourceLanguage: .french, targetLanguage: .english, in: try memory.reopen())
        #expect(translations.current(segment: 2)?.target.plainText == "Huawei denied it.")
        #expect(translations.alternatives(segment: 2).map(\.target.plainText) == ["Huawei denies it."])
    }

    /// The memory's database stops taking connections and its connections are cut (as
    /// when the server goes down): confirmations go to the journal; when it is back, the
    /// next confirmation sends them, each once.
    @Test func aServerThatGoesAwayLosesNothingConfirmed() throws {
        let memory = try TestMemory(.postgres)
        let annotations = try article(in: memory)
        let database = try PostgresLocation(parsing: memory.address).database
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-pg-journal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = ConfirmationJournal(url: folder.appendingPathComponent("pending.jsonl"))
        let session = try TranslationSession(
            article: "a1", memory: try memory.reopen(), annotations: annotations, translator: "ana",
            clock: SessionClock().next, journal: journal)
        _ = try session.view()

        let maintenance = try PostgresConnections(try PostgresLocation(parsing: TestServer.address!))
        defer { maintenance.shutDown() }
        func allowConnections(_ allowed: Bool) throws {
            try maintenance.withSession { session in
                try session.execute("ALTER DATABASE \"\(database)\" ALLOW_CONNECTIONS \(allowed)")
                if !allowed {
                    try session.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()")
                }
            }
        }
        try allowConnections(false)
        defer { try? allowConnections(true) }

        let first = try session.confirm("The department suspended the partnership in August 2020.")
        #expect(first.savedLocally?.contains("not currently accepting connections") == true)
        #expect(first.waiting == 1)
        let view = try session.view()
        #expect(view.memoryTrouble != nil)  // reads fail too: said, not thrown
        #expect(view.number == 2)
        let second = try session.confirm("Huawei denied it.")
        #expect(second.waiting == 2)
        #expect(try journal.entries().count == 2)

        try allowConnections(true)
        let third = try session.confirm("The ministry paid 12 million euros in 2019.")
        #expect(third.savedLocally == nil)
        #expect(third.replayed.count == 2)
        #expect(third.waiting == 0)
        let units = try memory.reopen().units(inArticle: "a1", sourceLanguage: nil, targetLanguage: nil)
        #expect(units.map(\.location!.segment) == [1, 2, 3])
        #expect(try journal.replay(into: memory.store).replayed.isEmpty)
    }
}
