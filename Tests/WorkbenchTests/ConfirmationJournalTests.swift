import Annotation
import Foundation
import Testing
import TranslationMemory
@testable import Workbench

/// A memory that forwards to a SQLite one and refuses writes while ``isDown`` is set,
/// as a memory whose server went away does (reads keep working, like a read replica).
final class InterruptibleMemory: MemoryStore, @unchecked Sendable {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "cannot reach the memory (test: server down)" }
    }

    let base: SQLiteMemoryStore
    private let lock = NSLock()
    private var down = false
    private(set) var refusedWrites = 0

    init(_ base: SQLiteMemoryStore) { self.base = base }

    var isDown: Bool {
        get { lock.lock(); defer { lock.unlock() }; return down }
        set { lock.lock(); down = newValue; lock.unlock() }
    }

    private func checkUp() throws {
        lock.lock(); defer { lock.unlock() }
        if down { refusedWrites += 1; throw Unavailable() }
    }

    func importBatch<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result {
        try checkUp()
        return try base.importBatch(body)
    }

    func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome {
        try checkUp()
        return try base.add(unit, policy: policy)
    }

    func forEachUnit(sourceLanguage: LanguageTag?, targetLanguage: LanguageTag?, _ body: (TranslationUnit) throws -> Void) throws {
        try base.forEachUnit(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, body)
    }

    func units(inArticle article: String, sourceLanguage: LanguageTag?, targetLanguage: LanguageTag?) throws -> [TranslationUnit] {
        try base.units(inArticle: article, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
    }

    func lookup(_ query: MatchQuery) throws -> [TranslationMatch] { try base.lookup(query) }
    func concordance(_ query: ConcordanceQuery) throws -> [ConcordanceHit] { try base.concordance(query) }
    func statistics() throws -> MemoryStatistics { try base.statistics() }
}

@Suite struct ConfirmationJournalTests {
    let sentences = """
        Le département a suspendu le partenariat en août 2020. Huawei a démenti.
        Le ministère a versé 12 millions d'euros en 2019. La Chine a protesté.
        """

    func journal(_ project: TemporaryProject) -> ConfirmationJournal {
        ConfirmationJournal(url: ConfirmationJournal.location(forMemory: project.url.path))
    }

    func stored(_ project: TemporaryProject) throws -> [TranslationUnit] {
        try project.reopenedMemory().units(inArticle: "a1", sourceLanguage: nil, targetLanguage: nil)
    }

    @Test func confirmationsTheMemoryRefusesAreSavedLocallyThenSentOnceItIsBack() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: sentences)
        let memory = InterruptibleMemory(project.memory)
        let journal = journal(project)
        let session = try TranslationSession(
            article: "a1", memory: memory, annotations: project.annotations, translator: "ana",
            clock: SteppingClock().next, journal: journal)

        memory.isDown = true
        let first = try session.confirm("The department suspended the partnership in August 2020.")
        #expect(first.savedLocally == "cannot reach the memory (test: server down)")
        #expect(first.waiting == 1)
        #expect(session.position == 2)  // the translator goes on
        let second = try session.confirm("Huawei denied it.")
        #expect(second.waiting == 2)
        #expect(memory.refusedWrites == 2)  // each was tried on the memory first
        #expect(try stored(project).isEmpty)
        #expect(try journal.entries().map(\.translationUnit.target.plainText) == ["The department suspended the partnership in August 2020.", "Huawei denied it."])
        // The session counts them and shows them as its own, saved locally.
        #expect(session.progress.segmentsDone == 2)
        try session.go(to: 1)
        let view = try session.view()
        #expect(view.isSavedLocallyOnly)
        #expect(view.translation?.target.plainText == "The department suspended the partnership in August 2020.")
        #expect(view.taken == nil)

        // The memory is back: the next confirmation gets through and takes the others along.
        memory.isDown = false
        try session.go(to: 3)
        let third = try session.confirm("The ministry paid 12 million euros in 2019.")
        #expect(third.savedLocally == nil)
        #expect(third.replayed.count == 2)
        #expect(third.waiting == 0)
        #expect(try journal.entries().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: journal.url.path))
        let units = try stored(project)
        #expect(units.map(\.location!.segment) == [1, 2, 3])
        #expect(units.allSatisfy { $0.provenance.creator == "ana" && $0.provenance.origin == .human })
        try session.go(to: 1)
        #expect(try session.view().isSavedLocallyOnly == false)
        #expect(try session.view().taken == nil)  // her own, sent by her session
    }

    @Test func aReplayCutShortBeforeTheJournalIsClearedStoresEachConfirmationOnce() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: sentences)
        let memory = InterruptibleMemory(project.memory)
        let journal = journal(project)
        let session = try TranslationSession(
            article: "a1", memory: memory, annotations: project.annotations, translator: "ana", journal: journal)
        memory.isDown = true
        try session.confirm("The department suspended the partnership in August 2020.")
        try session.confirm("Huawei denied it.")
        // Replayed, but the process died before removing the entries: they are still there.
        let saved = try Data(contentsOf: journal.url)
        memory.isDown = false
        #expect(try journal.replay(into: memory).replayed.count == 2)
        try saved.write(to: journal.url)
        let again = try journal.replay(into: memory)
        #expect(again.replayed.count == 2)
        #expect(again.waiting == 0)
        #expect(try stored(project).count == 2)  // merged with themselves, not doubled
    }

    @Test func aSessionOpeningSendsWhatWaitsAndNeverOverwritesNewerWork() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: sentences)
        let clock = SteppingClock()
        let memory = InterruptibleMemory(project.memory)
        let journal = journal(project)
        do {
            let ana = try TranslationSession(
                article: "a1", memory: memory, annotations: project.annotations, translator: "ana", clock: clock.next, journal: journal)
            memory.isDown = true
            try ana.confirm("The department suspended the partnership in August 2020.")
        }
        // Meanwhile Bob, on another machine, confirmed the same segment later.
        let bob = try TranslationSession(article: "a1", memory: project.reopenedMemory(), annotations: project.annotations, translator: "bob", start: 1, clock: clock.next)
        try bob.confirm("The department has suspended the partnership in August 2020.")
        // Still down: a new session keeps the entry, shows it, says why.
        let waiting = try TranslationSession(
            article: "a1", memory: memory, annotations: project.annotations, translator: "ana", clock: clock.next, journal: journal)
        #expect(waiting.openingReplay?.replayed.isEmpty == true)
        #expect(waiting.openingReplay?.waiting == 1)
        #expect(waiting.openingReplay?.failure == "cannot reach the memory (test: server down)")

        memory.isDown = false
        let ana = try TranslationSession(
            article: "a1", memory: memory, annotations: project.annotations, translator: "ana", start: 1, clock: clock.next, journal: journal)
        #expect(ana.openingReplay?.replayed.count == 1)
        #expect(ana.openingReplay?.waiting == 0)
        let translations = try ArticleTranslations(article: "a1", sourceLanguage: .french, targetLanguage: .english, in: project.memory)
        #expect(translations.current(segment: 1)?.provenance.creator == "bob")  // newer: still current
        #expect(translations.alternatives(segment: 1).map(\.provenance.creator) == ["ana"])
        #expect(try ana.view().taken?.translator == "bob")
    }

    @Test func aLineCutShortByACrashIsPassedOverAndTheNextAppendStaysReadable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-journal-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let journal = ConfirmationJournal(url: folder.appendingPathComponent("m.sqlite.pending.jsonl"))
        let unit = TranslationUnit(
            sourceLanguage: .french, targetLanguage: .english, source: SegmentText("Bonjour."), target: SegmentText("Hello."),
            provenance: Provenance(origin: .human, creator: "ana", createdAt: Date(timeIntervalSince1970: 1_790_000_000)),
            context: SegmentContext(previous: "Avant.", next: "Après."),
            location: SegmentLocation(article: "a1", segment: 2),
            properties: [UnitProperty(type: "x-tandem-state", value: "final")], notes: [UnitNote(text: "greeting")])
        try journal.append(PendingConfirmation(unit: unit, reason: "down"))
        // A writer killed in the middle of a line.
        let handle = try FileHandle(forWritingTo: journal.url)
        handle.seekToEndOfFile()
        handle.write(Data(#"{"reason":"down","savedAt":"2026-"#.utf8))
        try handle.close()
        #expect(try journal.entries().count == 1)
        try journal.append(PendingConfirmation(unit: unit, reason: "down again"))
        let entries = try journal.entries()
        #expect(entries.map(\.reason) == ["down", "down again"])
        #expect(entries[0].translationUnit == unit)  // every field kept

        // A line that is JSON but not a confirmation is reported with its line number.
        try Data("{\"unit\":1}\n".utf8).write(to: journal.url)
        #expect(throws: ConfirmationJournalError.self) { try journal.entries() }
    }

    @Test func theJournalOfAServerMemoryIsNamedWithoutThePassword() {
        let url = ConfirmationJournal.location(
            forMemory: "postgres://ana@db.example.org:5432/collective", isFile: false,
            environment: ["XDG_STATE_HOME": "/state", "HOME": "/home/ana"])
        #expect(url.path == "/state/tandem/pending/postgres-ana@db.example.org-5432-collective.jsonl")
        let home = ConfirmationJournal.location(forMemory: "postgres://ana@h:1/d", isFile: false, environment: ["HOME": "/home/ana"])
        #expect(home.path == "/home/ana/.local/state/tandem/pending/postgres-ana@h-1-d.jsonl")
        #expect(ConfirmationJournal.location(forMemory: "/p/Memory/tandem.sqlite").path == "/p/Memory/tandem.sqlite.pending.jsonl")
    }
}
