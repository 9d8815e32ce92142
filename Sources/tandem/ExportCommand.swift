import Annotation
import ArgumentParser
import Foundation
import Interchange
import TranslationMemory
import Workbench

/// `tandem export`: writes the memory as TMX, or an article as XLIFF, for other CAT tools.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the memory as TMX 1.4b, or an article as XLIFF 2.x or 1.2, for other CAT tools.",
        discussion: """
            TMX: `tandem export --format tmx`. Level 1 is plain text; level 2 (the default) keeps \
            inline codes. Provenance, properties, notes and context are written back. Writes \
            exports/memory.tmx unless -o says otherwise.

            XLIFF: `tandem export ARTICLE --format xliff2|xliff12`. One unit per segment, grouped \
            by paragraph; the article's translations with their state; the memory's best \
            matches as candidates; claims as annotations with their sources and citation status \
            as notes. Segments the article marks as page furniture (`tandem article add`) are \
            translate="no"; --metadata adds the furniture a file lists, also inside sentences. \
            Writes exports/ARTICLE.SRC-TGT.xlf unless -o says otherwise.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case tmx, xliff2, xliff12
    }

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The article to export (XLIFF formats only).")
    var article: String?

    @Option(help: "The format to write: tmx (the memory), xliff2 or xliff12 (an article).")
    var format: Format = .tmx

    @Option(help: "TMX level: 1 (plain text) or 2 (inline codes).")
    var level = 2

    @Option(help: "XLIFF 2 version: 2.0, 2.1 or 2.2.")
    var xliffVersion = "2.1"

    @Option(help: "Export only this source language (TMX).")
    var sourceLang: String?

    @Option(help: "The target language (XLIFF: default en; TMX: only this target language).")
    var targetLang: String?

    @Option(help: "A metadata file listing the article's page furniture (JSON with a `furniture` list, like seeds/ARTICLE.json).")
    var metadata: String?

    @Option(help: "Memory matches per segment as candidates (XLIFF).")
    var candidates = 3

    @Option(name: .shortAndLong, help: "Where to write (default: exports/memory.tmx, exports/ARTICLE.SRC-TGT.xlf).")
    var output: String?

    mutating func validate() throws {
        guard level == 1 || level == 2 else { throw ValidationError("--level must be 1 or 2") }
        switch format {
        case .tmx:
            if article != nil { throw ValidationError("--format tmx exports the whole memory: no ARTICLE (use --format xliff2 or xliff12 for an article)") }
        case .xliff2, .xliff12:
            if article == nil { throw ValidationError("--format \(format.rawValue) needs the ARTICLE to export") }
            if format == .xliff2, !["2.0", "2.1", "2.2"].contains(xliffVersion) { throw ValidationError("--xliff-version must be 2.0, 2.1 or 2.2") }
            if candidates < 0 { throw ValidationError("--candidates must be 0 or more") }
        }
    }

    func run() throws {
        guard memory.exists else {
            throw CommandFailure(description: "\(memory.url.path): no memory yet (create one with `tandem import FILE.tmx` or `tandem align --into-memory`)")
        }
        let store = try memory.openStore()
        guard let article else {
            let path = output ?? "exports/memory.tmx"
            let exporter = TMXExporter(level: level == 1 ? .plainText : .inlineCodes)
            let summary = try exporter.export(
                from: store,
                sourceLanguage: try sourceLang.map { try languageTag($0, option: "--source-lang") },
                targetLanguage: try targetLang.map { try languageTag($0, option: "--target-lang") },
                to: path
            )
            print(summary)
            return
        }
        let target = try languageTag(targetLang ?? "en", option: "--target-lang")
        let writeFormat: XLIFFWriter.Format = format == .xliff12 ? .xliff12 : .xliff2(xliffVersion)
        do {
            let repository = try memory.openAnnotations()
            let annotations = try repository.read { try $0.annotations(of: ArticleID(rawValue: article)) }
            let furniture = try metadata.map { try PageFurniture(metadataFile: $0, articleText: annotations.article.text) } ?? .none
            let exporter = ArticleExport(.init(targetLanguage: target, format: writeFormat, furniture: furniture, candidateLimit: candidates))
            let translations = try ArticleTranslations(article: article, sourceLanguage: LanguageTag(annotations.article.language), targetLanguage: target, in: store)
            let document = try exporter.document(annotations, translations: translations, memory: store)
            let path = output ?? "exports/\(article).\(annotations.article.language)-\(target.identifier).xlf"
            try XLIFFWriter.write(document, format: writeFormat, toFile: path)
            let units = document.allUnits
            let translated = units.filter { $0.target != nil }.count
            let notTranslatable = units.filter { $0.translate == false }.count
            let claims = units.reduce(0) { $0 + $1.annotations.filter { $0.kind == "claim" }.count }
            let candidateCount = units.reduce(0) { $0 + $1.candidates.count }
            let version = format == .xliff12 ? "1.2" : xliffVersion
            print("\(path): XLIFF \(version), \(units.count) units (\(translated) translated, \(notTranslatable) not translatable), \(claims) claim annotations, \(candidateCount) candidates")
        } catch let error as AnnotationError {
            throw CommandFailure(description: "\(article): \(error)")
        }
    }
}
