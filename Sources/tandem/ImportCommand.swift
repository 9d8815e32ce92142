import ArgumentParser
import Foundation
import Interchange
import TranslationMemory

/// `tandem import FILE`: brings another tool's memory into Tandem's.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a TMX memory (1.1–1.4b; .tmx, .tmx.gz, .tmx.xz) into the memory.",
        discussion: """
            The whole file is imported in one transaction: a malformed file fails with its line, \
            column and reason, and nothing from it is stored. A unit with a problem of its own is \
            skipped and listed (use --strict to fail instead). Prints the units read, added, merged \
            and rejected.
            """)

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The file to import.")
    var file: String

    @Flag(help: "Replace the memory's translations of each source instead of keeping alternatives.")
    var replace = false

    @Flag(help: "Fail on the first unit with a problem instead of skipping it.")
    var strict = false

    @Option(help: "Import only this source language (default: the file's srclang).")
    var sourceLang: String?

    @Option(help: "Import only this target language (default: every other language in the file).")
    var targetLang: String?

    func run() throws {
        guard FileManager.default.fileExists(atPath: file) else {
            throw CommandFailure(description: "\(file): no such file")
        }
        let lower = file.lowercased()
        guard lower.hasSuffix(".tmx") || lower.hasSuffix(".tmx.gz") || lower.hasSuffix(".tmx.xz") else {
            throw CommandFailure(description: "\(file): not a TMX file (expected .tmx, .tmx.gz or .tmx.xz)")
        }
        let options = TMXImportOptions(
            duplicatePolicy: replace ? .replace : .keepAlternatives,
            strict: strict,
            sourceLanguage: try sourceLang.map { try languageTag($0, option: "--source-lang") },
            targetLanguage: try targetLang.map { try languageTag($0, option: "--target-lang") }
        )
        let store = try memory.openStore(create: true)
        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) != 0)
        let summary: TMXImportSummary
        do {
            summary = try TMXImporter(options).importFile(at: file, into: store) { step in
                progress.show(step.fractionCompleted.map { String(format: "%3.0f %% ", $0 * 100) } ?? "",
                              "\(step.translationUnitsRead) <tu> read, \(step.unitsStored) stored, \(step.rejected) rejected")
            }
        } catch {
            progress.clear()
            throw CommandFailure(description: "\(error)\nNothing was imported.")
        }
        progress.clear()
        print(summary)
        for rejection in summary.rejections.prefix(20) {
            print("  rejected \(rejection)")
        }
        if summary.rejections.count > 20 {
            print("  … and \(summary.rejections.count - 20) more rejected")
        }
    }
}

/// A one-line progress display on standard error, redrawn in place; silent when
/// standard error is not a terminal (pipes, scripts, CI).
final class ProgressLine {
    private let enabled: Bool
    private var lastDraw = Date.distantPast

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ prefix: String, _ text: String) {
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = Date()
        FileHandle.standardError.write(Data("\r\u{1B}[K\(prefix)\(text)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
