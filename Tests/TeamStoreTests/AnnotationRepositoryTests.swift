import Annotation
import Foundation
import Testing
import TeamStore

/// A new, empty annotation repository of one kind, removed when the test ends.
final class TestRepository {
    let repository: any AnnotationRepository
    private let cleanUp: () -> Void

    init(_ kind: StoreKind) throws {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-team-annotations-\(UUID().uuidString)")
            repository = try SQLiteAnnotationRepository(path: folder.appendingPathComponent("tandem.sqlite").path)
            cleanUp = { try? FileManager.default.removeItem(at: folder) }
        case .postgres:
            guard TestServer.isAvailable else { try Test.cancel(TestServer.absence) }
            let (location, drop) = try TestServer.newDatabase()
            let postgres = try PostgresAnnotationRepository(location: location)
            repository = postgres
            cleanUp = { postgres.close(); drop() }
        }
    }

    deinit { cleanUp() }
}

/// Records with every field, and values a store could mangle (decomposed accents,
/// emoji, newlines, absent versus empty strings, URLs with queries).
enum TeamRecords {
    static let text = "Le de\u{301}partement a suspendu le partenariat en aou\u{302}t 2020 👍🏽.\n\nUne seconde phrase."

    static let articles = [
        Article(id: "full", language: "fr-FR", title: "Double victoire", publisher: "Le Monde",
                date: try! AnnotationDate("2020-12-10"),
                url: URL(string: "https://www.example.org/articles/vonum?page=2&lang=fr#suite")!,
                text: text, segments: [ArticleSegment(range: 0..<20, paragraph: 1), ArticleSegment(range: 22..<40, paragraph: 2)]),
        Article(id: "bare", language: "en", title: "", text: "Nothing here.", segments: []),
    ]
    static let claims = [
        Claim(id: "c2", articleID: "full", kind: .figure, span: 5..<9, selector: TextQuoteSelector(exact: "part", prefix: "Le de\u{301}", suffix: "ement"),
              anchorStatus: .reanchored, note: "Deux lignes.\nSeconde."),
        Claim(id: "c1", articleID: "full", kind: .fact, span: 0..<2, selector: TextQuoteSelector(exact: "Le", prefix: "", suffix: " de\u{301}"),
              anchorStatus: .anchored, note: ""),
        Claim(id: "c3", articleID: "bare", kind: .quotation, span: 0..<7, selector: TextQuoteSelector(exact: "Nothing")),
    ]
    static let sources = [
        Source(id: "s-post", kind: .socialMediaPost, url: URL(string: "https://www.instagram.com/p/example/?igshid=1#x")!,
               title: "Post", publisher: "Instagram", date: try! AnnotationDate("2020"), language: "fr", articleID: "bare"),
        Source(id: "s-named", kind: .newsArticle, title: "cet article du Washington Post"),
    ]
    static let citations = [
        Citation(id: "k1", claimID: "c1", sourceID: "s-named", status: .unresolved, note: "nommé"),
        Citation(id: "k2", claimID: "c3", sourceID: "s-post", status: .linked),
    ]
    static let links = [
        TranslationLink(id: "t1", original: .article("full"), translation: .url(URL(string: "https://example.org/en/vonum")!), language: "en"),
        TranslationLink(id: "t2", original: .article("bare"), translation: .article("full"), language: "fr"),
    ]

    static func save(into repository: any AnnotationRepository) throws {
        try repository.write { writer in
            for article in articles { try writer.save(article) }
            for claim in claims { try writer.save(claim) }
            for source in sources { try writer.save(source) }
            for citation in citations { try writer.save(citation) }
            for link in links { try writer.save(link) }
        }
    }
}

/// The annotation repositories behave alike on SQLite and PostgreSQL.
@Suite struct AnnotationRepositoryTests {
    @Test(arguments: StoreKind.testable)
    func recordsComeBackWholeAndOrdered(_ kind: StoreKind) throws {
        let test = try TestRepository(kind)
        try TeamRecords.save(into: test.repository)
        try test.repository.read { (reader) throws in
            #expect(try reader.articles() == TeamRecords.articles.sorted { $0.id.rawValue < $1.id.rawValue })
            #expect(try reader.claims(of: "full").map(\.id) == ["c1", "c2"])
            #expect(try reader.claim("c2") == TeamRecords.claims[0])
            #expect(try reader.sources() == TeamRecords.sources.sorted { $0.id.rawValue < $1.id.rawValue })
            #expect(try reader.citations(ofArticle: "bare") == [TeamRecords.citations[1]])
            #expect(try reader.translationLinks() == TeamRecords.links)
            #expect(try reader.article("missing") == nil)
        }
    }

    @Test(arguments: StoreKind.testable)
    func referencesAreCheckedAndDeletesCascade(_ kind: StoreKind) throws {
        let test = try TestRepository(kind)
        try TeamRecords.save(into: test.repository)
        #expect(throws: AnnotationError.unknownArticle("nowhere")) {
            try test.repository.write { try $0.save(Claim(id: "c9", articleID: "nowhere", kind: .fact, span: 0..<1, selector: TextQuoteSelector(exact: "x"))) }
        }
        #expect(throws: AnnotationError.sourceInUse("s-named", citations: 1)) {
            try test.repository.write { try $0.deleteSource("s-named") }
        }
        // A failed write leaves nothing behind.
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try test.repository.write { writer in
                try writer.deleteArticle("full")
                throw Stop()
            }
        }
        #expect(try test.repository.read { try $0.articles().count } == 2)

        let deleted = try test.repository.write { try $0.deleteArticle("bare") }
        #expect(deleted)
        try test.repository.read { (reader) throws in
            #expect(try reader.claim("c3") == nil)
            #expect(try reader.citation("k2") == nil)
            #expect(try reader.translationLinks().map(\.id) == ["t1"])
            #expect(try reader.source("s-post")?.articleID == nil)
        }
        #expect(try test.repository.write { try $0.deleteArticle("bare") } == false)
    }
}
