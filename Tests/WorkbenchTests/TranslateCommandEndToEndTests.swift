import Foundation
import Testing
import TranslationMemory
@testable import Workbench

/// The built `tandem` executable, next to the test bundle or in the package's .build/debug.
enum TandemBinary {
    static let url: URL? = {
        var candidates: [URL] = []
        if let argument = CommandLine.arguments.first {
            // The test runner lives in the build folder (…/debug/TandemPackageTests.xctest[/…]).
            var folder = URL(fileURLWithPath: argument).deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(folder.appendingPathComponent("tandem"))
                folder.deleteLastPathComponent()
            }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/tandem"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) && !$0.hasDirectoryPath }
    }()

    static var isAvailable: Bool { url != nil }
}

/// A `tandem translate` process with piped standard input and output.
final class TranslateProcess {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private(set) var text = ""

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = TandemBinary.url!
        process.arguments = ["translate"] + arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TANDEM_TRANSLATOR")
        env.removeValue(forKey: "TANDEM_MEMORY")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Reads output until it contains `marker` (or the output ends). Returns whether it came.
    @discardableResult
    func wait(for marker: String) -> Bool {
        while !text.contains(marker) {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { return text.contains(marker) }
            text += String(decoding: data, as: UTF8.self)
        }
        return true
    }

    /// Closes standard input and waits for the end.
    func finish() -> Int32 {
        try? input.fileHandleForWriting.close()
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus
    }
}

@Suite(.enabled(if: TandemBinary.isAvailable, "needs the built tandem executable (swift build)"), .serialized)
struct TranslateCommandEndToEndTests {
    @Test func pipedSessionConfirmsTakesMatchesAndResumes() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("e2e", text: threeSentences + "\nHuawei a démenti.")
        let memory = ["--memory", project.url.path]

        let first = try TranslateProcess(["e2e", "--translator", "ana"] + memory)
        first.send("The department suspended the partnership in August 2020.")
        first.send("Huawei denied it.")
        first.send(":quit")
        #expect(first.finish() == 0)
        #expect(first.text.contains("source: Le département a suspendu le partenariat en août 2020."))
        #expect(first.text.contains("confirmed 1"))
        #expect(first.text.contains("propagated 4"))
        #expect(first.text.contains("stopped at segment 3 of 4; 3 translated"))

        // Reopened: segment 3, the one left; a fuzzy match from elsewhere is not ready to take.
        let second = try TranslateProcess(["e2e"] + memory, environment: ["TANDEM_TRANSLATOR": "bo"])
        second.send("")
        second.send(":back")
        second.send(":note second look")
        second.send("")  // keeps segment 2's translation, approved by bo
        second.send("The ministry paid 12 million euros in 2019.")
        #expect(second.finish() == 0)
        let out = second.text
        #expect(out.hasPrefix("segment 3 of 4"))
        #expect(out.contains("no 100 % match to take"))
        #expect(out.contains("translation: Huawei denied it. (human · ana · "))
        #expect(out.contains("confirmed 2"))
        #expect(out.contains("all 4 segments translated"))

        let translations = try ArticleTranslations(article: "e2e", sourceLanguage: .french, targetLanguage: .english, in: project.reopenedMemory())
        #expect(translations.translatedSegments == [1, 2, 3, 4])
        #expect(translations.current(segment: 2)?.notes.map(\.text) == ["second look"])
        #expect(translations.current(segment: 2)?.provenance.creator == "ana")
        #expect(translations.current(segment: 2)?.provenance.changedBy == "bo")
        #expect(translations.alternatives(segment: 2).isEmpty)
        #expect(translations.current(segment: 3)?.provenance.creator == "bo")
        #expect(translations.current(segment: 4)?.provenance.origin == .propagated)

        // Everything translated: a plain reopening says so and stops.
        let third = try TranslateProcess(["e2e"] + memory)
        #expect(third.finish() == 0)
        #expect(third.text.contains("all 4 segments of e2e are translated"))
    }

    @Test func matchNumberTakesThatMatchWithAdaptedNumbers() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("old", text: "Le ministère a versé 12 millions d'euros en 2019.")
        try project.addArticle("new", text: "Le ministère a versé 15 millions d'euros en 2021.")
        let memory = ["--memory", project.url.path]
        let first = try TranslateProcess(["old", "--translator", "ana"] + memory)
        first.send("The ministry paid 12 million euros in 2019.")
        #expect(first.finish() == 0)
        let second = try TranslateProcess(["new", "--translator", "ana"] + memory)
        second.send("1")
        #expect(second.finish() == 0)
        #expect(second.text.contains("diff: Le ministère a versé [-12-] {+15+} millions d'euros en [-2019-] {+2021+}."))
        #expect(second.text.contains("adapted: 12 → 15, 2019 → 2021"))
        let units = try project.memory.units(inArticle: "new", sourceLanguage: nil, targetLanguage: nil)
        #expect(units.map(\.target.plainText) == ["The ministry paid 15 million euros in 2021."])
    }

    @Test func glossaryTermsAreShownAndMissingOnesWarned() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("g", text: threeSentences)
        try SQLiteGlossaryStore(url: project.url, create: false).add(Term(source: "partenariat", target: "partnership", note: "not cooperation"))
        let run = try TranslateProcess(["g", "--memory", project.url.path])
        run.send("The department suspended the cooperation in August 2020.")
        #expect(run.finish() == 0)
        #expect(run.text.contains("term: partenariat = partnership"))
        #expect(run.text.contains("confirmed 1"))
        #expect(run.text.contains("warning 1: glossary: "))
        // Warned, and stored all the same.
        #expect(try project.memory.units(inArticle: "g", sourceLanguage: nil, targetLanguage: nil).count == 1)
    }

    @Test func killedMidSessionLosesNothingConfirmed() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("crash", text: threeSentences)
        let session = try TranslateProcess(["crash", "--translator", "ana", "--memory", project.url.path])
        session.send("The department suspended the partnership in August 2020.")
        #expect(session.wait(for: "confirmed 1"))
        session.send("Huawei denied it.")
        #expect(session.wait(for: "confirmed 2"))
        #expect(session.wait(for: "source: Le ministère"))
        kill(session.process.processIdentifier, SIGKILL)
        session.process.waitUntilExit()
        #expect(session.process.terminationReason == .uncaughtSignal)

        let translations = try ArticleTranslations(article: "crash", sourceLanguage: .french, targetLanguage: .english, in: project.reopenedMemory())
        #expect(translations.translatedSegments == [1, 2])
        #expect(translations.current(segment: 2)?.target.plainText == "Huawei denied it.")
        // And the next session starts where the killed one was.
        let next = try TranslateProcess(["crash", "--memory", project.url.path])
        _ = next.finish()
        #expect(next.text.hasPrefix("segment 3 of 3"))
    }

    @Test func unknownArticleFailsWithOneLine() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences)
        let run = try TranslateProcess(["nope", "--memory", project.url.path])
        #expect(run.finish() == 1)
        #expect(run.text.contains("no article “nope”"))
    }
}
