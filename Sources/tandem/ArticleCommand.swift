import Annotation
import ArgumentParser
import Foundation
import Workbench

/// `tandem article add|list`: the articles under review.
struct ArticleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "article",
        abstract: "Add articles to review, or list them.",
        subcommands: [ArticleAddCommand.self, ArticleListCommand.self])
}

/// `tandem article add FILE --lang fr`: segments a text file and stores it as an article.
struct ArticleAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Segment a UTF-8 text file and store it as an article.",
        discussion: """
            The file is split into sentences with Tandem's rules (each line a paragraph); segment n is \
            the n-th sentence, the numbering `tandem align --into-memory` uses. Adding an id that is \
            already stored updates it: options not given keep their stored values, and a changed text \
            re-anchors the article's claims by their quotes; claims that cannot be found any more are \
            listed (orphaned). Page furniture (navigation, comment forms, related-article teasers) \
            listed in a metadata file (--metadata, or FILE's sidecar: the same path ending in .json, \
            when it has a `furniture` list) marks the segments made of it only as not to be \
            translated: check, analyze, export and the coverage reports leave them out. Without \
            one, re-adding keeps the stored marks.
            """)

    @Argument(help: "The article's text (UTF-8).")
    var file: String

    @Option(name: .customLong("lang"), help: "Its language (e.g. fr).")
    var language: String

    @Option(help: "The article id (default: the file name without extension).")
    var id: String?

    @Option(help: "Its headline.")
    var title: String?

    @Option(help: "Who published it.")
    var publisher: String?

    @Option(help: "When it was published: YYYY, YYYY-MM or YYYY-MM-DD.")
    var date: String?

    @Option(help: "Where it is published (http or https).")
    var url: String?

    @Option(help: "A metadata file listing the article's page furniture (JSON with a `furniture` list, like seeds/ARTICLE.json; default: FILE with .json for its extension, when there is one).")
    var metadata: String?

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let metadata = ArticleMetadata(
            title: title, publisher: publisher,
            date: try option("--date") { try date.map { try AnnotationDate($0) } },
            url: try option("--url") { try url.map { try AnnotationValidation.webURL($0) } })
        let importer = ArticleImporter()
        let fileURL = URL(fileURLWithPath: file)
        let furnitureFile = self.metadata.map { URL(fileURLWithPath: $0) } ?? ArticleImporter.sidecarMetadataFile(for: fileURL)
        let article = try importer.article(fromFile: fileURL, id: id, language: language, metadata: metadata, furnitureFile: furnitureFile)
        let repository = try memory.openAnnotations(create: true)
        let (outcome, stored) = try importer.store(article, in: repository, keepStoredFurniture: furnitureFile == nil)
        let summary = "\(stored.id) (\(stored.language)): \(stored.segments.count) segment(s), \(stored.length) characters"
        defer {
            let furniture = stored.untranslatableSegmentNumbers
            let numbers = furniture.isEmpty ? "no segment" : "segment\(furniture.count == 1 ? "" : "s") \(SegmentNumberList.describe(furniture))"
            if let furnitureFile {
                print("  furniture from \(furnitureFile.relativePath): \(numbers) (not to be translated)")
            } else if !furniture.isEmpty {
                print("  furniture kept from the stored article: \(numbers) (not to be translated)")
            }
        }
        switch outcome {
        case .added:
            print("added article \(summary)")
        case let .unchanged(metadataChanged):
            print(metadataChanged ? "updated the details of article \(summary)" : "article \(summary) is already stored, unchanged")
        case let .replaced(claims, renumbered):
            print("replaced the text of article \(summary)")
            if renumbered {
                print("  its segments changed: units in the memory located in this article may point at other sentences; align it again")
            }
            let moved = claims.filter { $0.method != .unchanged }
            print("  \(claims.count) claim(s) re-anchored: \(claims.count - moved.count) in place, "
                + "\(moved.filter { $0.method != .orphaned }.count) moved, \(moved.filter { $0.method == .orphaned }.count) not found")
            for result in moved {
                let claim = result.claim
                let segments = stored.segmentNumbers(touching: claim.span).map(String.init).joined(separator: ",")
                switch result.method {
                case .unchanged: break
                case .quote:
                    print("  moved     \(claim.id) to segment \(segments)")
                case let .fuzzy(distance):
                    print("  reworded  \(claim.id) (segment \(segments), \(distance) edit(s)): \(claim.text)")
                case .orphaned:
                    print("  NOT FOUND \(claim.id): \(claim.text)")
                }
            }
        }
    }
}

/// `tandem article list`: the stored articles with their claim counts.
struct ArticleListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the stored articles.")

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let repository = try memory.openAnnotations()
        let rows = try repository.read { store in
            try store.articles().map { article in (article, try store.claims(of: article.id)) }
        }
        if rows.isEmpty {
            print("no articles; add one with: tandem article add FILE --lang fr")
            return
        }
        for (article, claims) in rows {
            var details = [article.language, "\(article.segments.count) segments", "\(claims.count) claims"]
            let orphaned = claims.filter { !$0.isAnchored }.count
            if orphaned > 0 { details.append("\(orphaned) orphaned") }
            var line = "\(article.id)  \(article.displayTitle)  (\(details.joined(separator: ", ")))"
            if let publisher = article.publisher { line += "  \(publisher)" }
            if let date = article.date { line += "  \(date)" }
            if let url = article.url { line += "  \(url.absoluteString)" }
            print(line)
        }
    }
}
