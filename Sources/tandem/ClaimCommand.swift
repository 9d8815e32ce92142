import Annotation
import ArgumentParser
import Foundation

/// `tandem claim add ARTICLE (--segment N | --quote TEXT)`: marks a statement to be sourced.
struct ClaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "claim",
        abstract: "Mark claims in an article.",
        subcommands: [ClaimAddCommand.self])
}

struct ClaimAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a claim: a whole segment, or an exact quote of the article.",
        discussion: """
            A quote is matched exactly; typographic variants (’ and ', « » and ", – and -, no-break \
            spaces) are accepted for one another. When it occurs more than once, --prefix or \
            --suffix (text right before or after it) or --occurrence says which. The claim is kept \
            with its quote and a little context, so it follows the text when the article is added \
            again with corrections.
            """)

    @Argument(help: "The article's id (see tandem article list).")
    var article: String

    @Option(help: "A segment number (1-based, as tandem claims shows them).")
    var segment: Int?

    @Option(help: "The exact text of the claim.")
    var quote: String?

    @Option(help: "Text right before the quote, to choose among several occurrences.")
    var prefix: String?

    @Option(help: "Text right after the quote, to choose among several occurrences.")
    var suffix: String?

    @Option(help: "Which occurrence of the quote (1-based).")
    var occurrence: Int?

    @Option(help: "fact, figure, quotation or attribution.")
    var kind: String = ClaimKind.fact.rawValue

    @Option(help: "The claim's id (default: made from its first words).")
    var id: String?

    @Option(help: "A note for reviewers.")
    var note: String?

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let kind: ClaimKind = try choice(kind, option: "--kind")
        let articleID = try identifier(article, as: ArticleID.self)
        let location: ClaimLocation
        switch (segment, quote) {
        case let (segment?, nil):
            guard prefix == nil, suffix == nil, occurrence == nil else {
                throw CommandFailure("--prefix, --suffix and --occurrence go with --quote, not --segment")
            }
            location = .segment(segment)
        case let (nil, quote?):
            location = .quote(quote, prefix: prefix ?? "", suffix: suffix ?? "", occurrence: occurrence)
        case (nil, nil):
            throw CommandFailure("say where the claim is: --segment N or --quote \"exact text\"")
        case (_?, _?):
            throw CommandFailure("give --segment or --quote, not both")
        }
        let repository = try memory.openAnnotations()
        let claimID: ClaimID
        if let id {
            claimID = try identifier(id, as: ClaimID.self)
        } else {
            // Made from the quote's words, or the segment's, unique among the stored claims.
            let stored = try repository.read { try $0.article(articleID) }
            guard let stored else { throw AnnotationError.unknownArticle(articleID) }
            let words = try stored.anchor(location).selector.exact
            claimID = try repository.read { store in try ClaimID.readable(from: words, words: 5) { try store.claim($0) != nil } }
        }
        let claim = try repository.addClaim(claimID, to: articleID, at: location, kind: kind, note: note)
        let article = try repository.annotations(of: articleID).article
        let segments = article.segmentNumbers(touching: claim.span).map(String.init).joined(separator: ",")
        print("added claim \(claim.id) (\(claim.kind.rawValue), segment \(segments), code points \(claim.span.lowerBound)..<\(claim.span.upperBound)): \(claim.text)")
    }
}
