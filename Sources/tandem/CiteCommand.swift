import Annotation
import ArgumentParser
import Foundation

/// `tandem cite CLAIM SOURCE`: links a claim to a source that supports it.
struct CiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cite",
        abstract: "Cite a source for a claim.",
        discussion: """
            Statuses: linked (the source is identified and has a URL: the claim is covered), promised \
            (the article announces a link or a translation that is not there), unresolved (a source is \
            named but not identified yet). Without --status: linked when the source has a URL, else \
            unresolved.
            """)

    @Argument(help: "The claim's id (see tandem claims ARTICLE).")
    var claim: String

    @Argument(help: "The source's id (see tandem source list).")
    var source: String

    @Option(help: "linked, promised or unresolved.")
    var status: String?

    @Option(help: "For a promised translation: the language it is promised in (e.g. fr).")
    var promisedLanguage: String?

    @Option(help: "What the article says about the source, or what is missing.")
    var note: String?

    @Option(help: "The citation's id (default: CLAIM.N).")
    var id: String?

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let claimID = try identifier(claim, as: ClaimID.self)
        let sourceID = try identifier(source, as: SourceID.self)
        let explicitStatus: CitationStatus? = try status.map { try choice($0, option: "--status") }
        let repository = try memory.openAnnotations()
        let (status, citationID) = try repository.read { store -> (CitationStatus, CitationID) in
            guard try store.claim(claimID) != nil else { throw AnnotationError.unknownClaim(claimID) }
            guard let cited = try store.source(sourceID) else { throw AnnotationError.unknownSource(sourceID) }
            let status = explicitStatus ?? (cited.url == nil ? .unresolved : .linked)
            if let id { return (status, try identifier(id, as: CitationID.self)) }
            var number = try store.citations(of: claimID).count + 1
            while try store.citation(CitationID(unchecked: "\(claimID.rawValue).\(number)")) != nil { number += 1 }
            return (status, CitationID(unchecked: "\(claimID.rawValue).\(number)"))
        }
        let citation = try repository.cite(claimID, source: sourceID, status: status, promisedLanguage: promisedLanguage, note: note, id: citationID)
        print("cited \(sourceID) for claim \(claimID): \(citation.status.rawValue) (citation \(citation.id))")
    }
}
