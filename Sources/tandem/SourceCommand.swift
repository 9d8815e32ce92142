import Annotation
import ArgumentParser
import Foundation

/// `tandem source add`: a document that supports claims.
struct SourceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "source",
        abstract: "Record the sources claims cite.",
        subcommands: [SourceAddCommand.self, SourceListCommand.self])
}

struct SourceAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a source: a news article, statement, post, report or interview.",
        discussion: """
            A source needs a URL or a title. A source without a URL (named by the article, not yet \
            found) can only be cited as unresolved or promised.
            """)

    @Option(help: "Where it is published (http or https).")
    var url: String?

    @Option(help: "Its title.")
    var title: String?

    @Option(help: "Who published it.")
    var publisher: String?

    @Option(help: "newsArticle, officialStatement, socialMediaPost, report, interview or other.")
    var kind: String = SourceKind.newsArticle.rawValue

    @Option(help: "When it was published: YYYY, YYYY-MM or YYYY-MM-DD.")
    var date: String?

    @Option(help: "Its language (e.g. en).")
    var language: String?

    @Option(help: "The source's id (default: made from its publisher and title).")
    var id: String?

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let kind: SourceKind = try choice(kind, option: "--kind")
        // Without --id, an id made from the publisher and title (made unique below).
        let words = [publisher, title ?? url.flatMap { URL(string: $0)?.host }].compactMap { $0 }.joined(separator: " ")
        var source = Source(
            id: try id.map { try identifier($0, as: SourceID.self) } ?? SourceID.readable(from: words, words: 6) { _ in false },
            kind: kind,
            url: try option("--url") { try url.map { try AnnotationValidation.webURL($0) } },
            title: title, publisher: publisher,
            date: try option("--date") { try date.map { try AnnotationDate($0) } },
            language: try option("--language") { try language.map { try AnnotationValidation.languageTag($0) } })
        try source.validate()
        let repository = try memory.openAnnotations(create: true)
        if id == nil {
            source.id = try repository.read { store in try SourceID.readable(from: words, words: 6) { try store.source($0) != nil } }
        }
        try repository.addSource(source)
        var line = "added source \(source.id) (\(source.kind.rawValue)): \(source.displayTitle)"
        if let url = source.url, source.title != nil { line += " <\(url.absoluteString)>" }
        print(line)
    }
}

/// `tandem source list`: every source, with its id for `tandem cite`.
struct SourceListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the stored sources.")

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let sources = try memory.openAnnotations().read { try $0.sources() }
        if sources.isEmpty { print("no sources; add one with: tandem source add --url URL --title TITLE --publisher NAME") }
        for source in sources {
            var line = "\(source.id)  \(source.kind.rawValue)  \(source.displayTitle)"
            if let publisher = source.publisher { line += "  (\(publisher))" }
            line += "  " + (source.url?.absoluteString ?? "no URL")
            print(line)
        }
    }
}
