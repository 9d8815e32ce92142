import Foundation
import Testing
import TranslationMemory
@testable import Workbench

/// Runs `tandem` to the end; returns its exit status and output.
func runTandem(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = TandemBinary.url!
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["TANDEM_MEMORY"] = nil
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// `tandem translate` sessions side by side on one memory file, and a memory that
/// refuses writes.
@Suite(.enabled(if: TandemBinary.isAvailable, "needs the built tandem executable (swift build)"), .serialized)
struct SharedTranslateCommandTests {
    let sentences = """
        Le département a suspendu le partenariat en août 2020. Huawei a démenti.
        Le ministère a versé 12 millions d'euros en 2019. La Chine a protesté.
        """

    @Test func twoSessionsSeeEachOthersConfirmationsAndKeepBothWhenTheyMeet() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("e2e", text: sentences)
        let memory = ["--memory", project.url.path]
        let ana = try TranslateProcess(["e2e", "--translator", "ana"] + memory)
        let bob = try TranslateProcess(["e2e", "--translator", "bob"] + memory)
        #expect(ana.wait(for: "source: Le département"), "\(ana.text)")
        #expect(bob.wait(for: "source: Le département"), "\(bob.text)")

        ana.send("The department suspended the partnership in August 2020.")
        #expect(ana.wait(for: "source: Huawei a démenti."))
        bob.send(":goto 1")
        #expect(bob.wait(for: "taken: confirmed by ana at "))
        #expect(bob.text.contains("(another session)"))
        #expect(bob.text.contains("translation: The department suspended the partnership in August 2020. (human · ana"))
        #expect(bob.text.contains("segment 1 of 4 · 1 done"))

        // Both on segment 2: Bob confirms first, Ana a moment later.
        bob.send(":goto 2")
        #expect(bob.wait(for: "source: Huawei a démenti."))
        bob.send("Huawei denies it.")
        #expect(bob.wait(for: "confirmed 2"))
        ana.send("Huawei denied it.")
        #expect(ana.wait(for: "bob confirmed this at "))
        #expect(ana.text.contains("too: both kept, yours is current; the other is an alternative"))
        ana.send(":quit")
        bob.send(":quit")
        #expect(ana.finish() == 0)
        #expect(bob.finish() == 0)

        let translations = try ArticleTranslations(article: "e2e", sourceLanguage: .french, targetLanguage: .english, in: project.reopenedMemory())
        #expect(translations.current(segment: 2)?.target.plainText == "Huawei denied it.")
        #expect(translations.alternatives(segment: 2).map(\.target.plainText) == ["Huawei denies it."])
    }

    /// Another writer holds the file's write lock longer than the busy timeout: the
    /// confirmation is saved locally (fsync'ed before the translator is told), the
    /// process is killed, and the next session sends it, once.
    @Test func aConfirmationTheLockedMemoryRefusesSurvivesKill9AndIsSentNextTime() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("e2e", text: sentences)
        let memory = ["--memory", project.url.path]
        let session = try TranslateProcess(["e2e", "--translator", "ana"] + memory)
        #expect(session.wait(for: "source: Le département"))

        let locker = try project.reopenedMemory()
        let held = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        struct RollBack: Error {}
        DispatchQueue.global().async {
            _ = try? locker.importBatch { batch in
                try batch.add(TranslationUnit(sourceLanguage: .french, targetLanguage: .english, source: SegmentText("x"), target: SegmentText("y")), policy: .keepAlternatives)
                held.signal()
                release.wait()
                throw RollBack()
            }
            done.signal()
        }
        held.wait()
        session.send("The department suspended the partnership in August 2020.")
        #expect(session.wait(for: "saved locally ("))  // after the busy timeout
        #expect(session.wait(for: "1 confirmation waiting"))
        kill(session.process.processIdentifier, SIGKILL)
        session.process.waitUntilExit()
        release.signal()
        done.wait()

        let journal = ConfirmationJournal(url: ConfirmationJournal.location(forMemory: project.url.path))
        #expect(try journal.entries().map(\.translationUnit.target.plainText) == ["The department suspended the partnership in August 2020."])
        #expect(try project.reopenedMemory().units(inArticle: "e2e", sourceLanguage: nil, targetLanguage: nil).isEmpty)
        let pending = try runTandem(["memory", "pending"] + memory)
        #expect(pending.status == 0)
        #expect(pending.output.contains("1 confirmation waiting"))
        #expect(pending.output.contains("e2e #1\tana\t"))

        let next = try TranslateProcess(["e2e", "--translator", "ana"] + memory)
        #expect(next.wait(for: "sent 1 confirmation saved locally earlier to the memory"))
        #expect(next.wait(for: "source: Huawei a démenti."))  // segment 1 is done
        next.send(":quit")
        #expect(next.finish() == 0)
        let units = try project.reopenedMemory().units(inArticle: "e2e", sourceLanguage: nil, targetLanguage: nil)
        #expect(units.map(\.target.plainText) == ["The department suspended the partnership in August 2020."])
        #expect(try journal.entries().isEmpty)
        #expect(try runTandem(["memory", "flush"] + memory).output.contains("no confirmation waiting"))
    }

    @Test func flushSendsWhatWaitsAndPendingListsIt() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        let journal = ConfirmationJournal(url: ConfirmationJournal.location(forMemory: project.url.path))
        let unit = TranslationUnit(
            sourceLanguage: .french, targetLanguage: .english, source: SegmentText("Huawei a démenti."), target: SegmentText("Huawei denied it."),
            provenance: Provenance(origin: .human, creator: "ana", createdAt: Date(timeIntervalSince1970: 1_790_000_000)),
            location: SegmentLocation(article: "a1", segment: 2))
        try journal.append(PendingConfirmation(unit: unit, reason: "database is locked"))
        try journal.append(PendingConfirmation(unit: unit, reason: "database is locked"))  // the same, twice
        let memory = ["--memory", project.url.path]
        let pending = try runTandem(["memory", "pending"] + memory)
        #expect(pending.output.contains("2 confirmations waiting"))
        #expect(pending.output.contains("a1 #2\tana\t2026-09-21T"))
        #expect(pending.output.contains("Huawei denied it.\t(database is locked)"))
        let flush = try runTandem(["memory", "flush"] + memory)
        #expect(flush.status == 0)
        #expect(flush.output.contains("sent 2 confirmations"))
        #expect(try project.reopenedMemory().units(inArticle: "a1", sourceLanguage: nil, targetLanguage: nil).count == 1)
        #expect(try runTandem(["memory", "pending"] + memory).output.contains("no confirmation waiting"))
    }
}
