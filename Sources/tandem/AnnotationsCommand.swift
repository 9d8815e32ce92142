import Annotation
import ArgumentParser
import Foundation
import Workbench

/// `tandem annotations export|import`: claims and sources as W3C Web Annotation JSON-LD.
struct AnnotationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotations",
        abstract: "Exchange claims and sources as W3C Web Annotation JSON-LD.",
        subcommands: [AnnotationsExportCommand.self, AnnotationsImportCommand.self])
}

struct AnnotationsExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export claims as W3C Web Annotation JSON-LD (or a Tandem annotation file).",
        discussion: """
            One AnnotationCollection; each claim an Annotation whose target is the article (its URL, \
            else urn:tandem:article:ID) with a TextQuoteSelector and a TextPositionSelector, and whose \
            bodies are the cited sources. With --format tandem, one article as a tandem-annotations/1 \
            file (claims by quote, no offsets), the format of seeds/annotations/.
            """)

    @Argument(help: "An article id (default: every article).")
    var article: String?

    @Option(name: .customLong("format"), help: "jsonld or tandem.")
    var formatName = AnnotationExchange.Format.jsonLD.rawValue

    @Option(name: [.customShort("o"), .long], help: "Write to this file instead of standard output.")
    var output: String?

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let format: AnnotationExchange.Format = try choice(formatName, option: "--format")
        let ids = try article.map { [try identifier($0, as: ArticleID.self)] }
        let data = try AnnotationExchange().export(ids, format: format, from: memory.openAnnotations())
        try writeOutput(data + Data("\n".utf8), to: output)
        if let output, output != "-" { print("wrote \(output)") }
    }
}

struct AnnotationsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import claims and sources from W3C Web Annotation JSON-LD or a Tandem annotation file.",
        discussion: """
            JSON-LD annotations must target stored articles (urn:tandem:article:ID or the article's \
            URL); they anchor by TextQuoteSelector (TextPositionSelector when there is no quote). A \
            Tandem annotation file (format tandem-annotations/1, e.g. seeds/annotations/X.json) names \
            its article; when the article is not stored yet, the text file it names is added too. \
            Records with the same ids are replaced. All or nothing: on any error nothing is stored.
            """)

    @Argument(help: "The document (JSON-LD or tandem-annotations/1).")
    var file: String

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("\(file): " + (FileManager.default.fileExists(atPath: file) ? "cannot read the file" : "no such file"))
        }
        let repository = try memory.openAnnotations(create: true)
        for imported in try AnnotationExchange().importDocument(data, name: file, into: repository) {
            let annotations = imported.annotations
            if imported.articleAdded {
                print("added article \(annotations.article.id) (\(annotations.article.language)): \(annotations.article.segments.count) segment(s)")
            }
            let moved = annotations.claims.filter { $0.anchorStatus != .anchored }.count
            var line = "imported \(annotations.claims.count) claim(s), \(annotations.citations.count) citation(s), "
                + "\(annotations.sources.count) source(s) on \(annotations.article.id)"
            if !annotations.translationLinks.isEmpty { line += ", \(annotations.translationLinks.count) translation link(s)" }
            if moved > 0 { line += "; \(moved) anchored approximately (check them with tandem claims \(annotations.article.id))" }
            print(line)
        }
    }
}
