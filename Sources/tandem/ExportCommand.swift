import ArgumentParser
import Foundation
import Interchange
import TranslationMemory

/// `tandem export --format tmx`: writes the memory for other CAT tools.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the memory as TMX 1.4b for other CAT tools.",
        discussion: """
            Level 1 is plain text; level 2 (the default) keeps inline codes. Provenance, \
            properties, notes and context are written back, so import → export → import gives \
            the same units. Writes exports/memory.tmx unless -o says otherwise.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case tmx
    }

    @OptionGroup var memory: MemoryOptions

    @Option(help: "The format to write.")
    var format: Format = .tmx

    @Option(help: "TMX level: 1 (plain text) or 2 (inline codes).")
    var level = 2

    @Option(help: "Export only this source language.")
    var sourceLang: String?

    @Option(help: "Export only this target language.")
    var targetLang: String?

    @Option(name: .shortAndLong, help: "Where to write (default: exports/memory.tmx).")
    var output: String?

    mutating func validate() throws {
        guard level == 1 || level == 2 else { throw ValidationError("--level must be 1 or 2") }
    }

    func run() throws {
        guard memory.exists else {
            throw CommandFailure(description: "\(memory.url.path): no memory yet (create one with `tandem import FILE.tmx` or `tandem align --into-memory`)")
        }
        let store = try memory.openStore()
        let path = output ?? "exports/memory.tmx"
        let exporter = TMXExporter(level: level == 1 ? .plainText : .inlineCodes)
        let summary = try exporter.export(
            from: store,
            sourceLanguage: try sourceLang.map { try languageTag($0, option: "--source-lang") },
            targetLanguage: try targetLang.map { try languageTag($0, option: "--target-lang") },
            to: path
        )
        print(summary)
    }
}
