import Annotation
import ArgumentParser
import Foundation
import Interchange
import TranslationMemory
import Workbench

/// `tandem import FILE`: brings another tool's memory (TMX) or work on an article
/// (XLIFF) into Tandem's memory.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a TMX memory (1.1–1.4b; .tmx, .tmx.gz, .tmx.xz) or an XLIFF file (1.2, 2.0–2.2) into the memory.",
        discussion: """
            The format is read from the root element (<tmx> or <xliff>), not from the file name. \
            The whole file is imported in one transaction: a malformed or invalid file fails with \
            its line and reason, and nothing from it is stored.

            TMX: a unit with a problem of its own is skipped and listed (use --strict to fail \
            instead). Prints the units read, added, merged and rejected.

            XLIFF: each unit is mapped back to its article's segment (the file's `original`, or \
            --article) and stored as that segment's translation (origin imported, the file's \
            tool, its state), keeping what Tandem does not interpret for the next export. Prints \
            the segments translated, the states changed, and the units whose source no longer \
            matches the article (left untouched).
            """)

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The file to import.")
    var file: String

    @Flag(help: "TMX: replace the memory's translations of each source instead of keeping alternatives.")
    var replace = false

    @Flag(help: "TMX: fail on the first unit with a problem instead of skipping it.")
    var strict = false

    @Option(help: "TMX: import only this source language (default: the file's srclang).")
    var sourceLang: String?

    @Option(help: "TMX: import only this target language (default: every other language in the file). XLIFF: the target language when the file names none.")
    var targetLang: String?

    @Option(help: "XLIFF: the article the file is for (default: each <file>'s original).")
    var article: String?

    @Option(help: "XLIFF: the tool to record when the file names none.")
    var tool = "XLIFF"

    func run() throws {
        guard FileManager.default.fileExists(atPath: file) else {
            throw CommandFailure(description: "\(file): no such file")
        }
        let format: InterchangeFormat
        do {
            format = try InterchangeFormat.detect(contentsOfFile: file)
        } catch {
            throw CommandFailure(description: "\(error) (nothing was imported)")
        }
        switch format {
        case .tmx: try importTMX()
        case .xliff: try importXLIFF()
        }
    }

    private func importXLIFF() throws {
        let store = try memory.openStore(create: true)
        let report: ArticleImport.Report
        do {
            let repository = try memory.openAnnotations(create: true)
            let target = try targetLang.map { try languageTag($0, option: "--target-lang") }
            report = try ArticleImport(.init(article: article, defaultTool: tool, targetLanguage: target)).importFile(at: file, repository: repository, memory: store)
        } catch {
            throw CommandFailure(description: "\(error) (nothing was imported)")
        }
        print(report)
    }

    private func importTMX() throws {
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
            throw CommandFailure(description: "\(error) (nothing was imported)")
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
