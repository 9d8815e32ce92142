import Foundation
import Testing
@testable import Annotation

/// One JSON-LD document for several articles, and readable default ids.
@Suite struct MultiArticleExchangeTests {
    func twoArticles() throws -> [ArticleAnnotations] {
        let first = makeArticle(id: "vonum", sentences: ["VONum suspend son partenariat avec Huawei.", "La décision date d'août 2020."])
        let second = makeArticle(
            id: "blacklist", sentences: ["Washington a placé huit entreprises sur liste noire.", "Huawei dément."],
            url: URL(string: "https://example.org/liste-noire")!)
        let source = Source(id: "commerce", kind: .officialStatement, url: URL(string: "https://example.gov/communique")!, title: "Communiqué")
        return [
            ArticleAnnotations(
                article: first,
                claims: [Claim(id: "suspension", in: first, at: try first.anchor(.quote("suspend son partenariat")), kind: .fact)]),
            ArticleAnnotations(
                article: second,
                claims: [Claim(id: "eight", in: second, at: try second.anchor(.quote("huit entreprises")), kind: .figure),
                         Claim(id: "denial", in: second, at: try second.anchor(.segment(2)), kind: .attribution)],
                citations: [Citation(id: "eight.1", claimID: "eight", sourceID: "commerce", status: .linked)],
                sources: [source]),
        ]
    }

    @Test func severalArticlesRoundTripThroughOneCollection() throws {
        let articles = try twoArticles()
        let data = try WebAnnotationDocument.export(articles)
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["total"] as? Int == 3)
        #expect(json["type"] as? String == "AnnotationCollection")
        // Read back among the stored articles, in any order: each annotation finds its article.
        let read = try WebAnnotationDocument.read(data, among: articles.map(\.article).reversed(), name: "all.jsonld")
        #expect(read.map(\.article.id) == ["blacklist", "vonum"])
        for original in articles {
            let back = try #require(read.first { $0.article.id == original.article.id })
            #expect(back.claims.sorted { $0.id < $1.id } == original.claims.sorted { $0.id < $1.id })
            #expect(back.citations == original.citations)
            #expect(back.sources == original.sources)
        }
        // One article exports as before.
        #expect(try WebAnnotationDocument.export([articles[0]]) == WebAnnotationDocument.export(articles[0]))
    }

    @Test func anAnnotationOnAnArticleNotGivenIsAnErrorNamingIt() throws {
        let articles = try twoArticles()
        let data = try WebAnnotationDocument.export(articles)
        let error = try #require(throws: AnnotationError.self) {
            try WebAnnotationDocument.read(data, among: [articles[0].article], name: "all.jsonld")
        }
        // The blacklist article is targeted by its URL.
        #expect(error.description.hasPrefix("all.jsonld, annotation 2 (urn:tandem:claim:eight)"))
        #expect(error.description.contains("https://example.org/liste-noire"))
        #expect(error.description.contains("not a stored article"))
    }

    @Test func readableIdentifiersFromText() throws {
        #expect(ClaimID.readable(from: "le syndicat mixte Val-d’Oise Numérique (VONum) suspend", words: 6) { _ in false } == "le-syndicat-mixte-val-d-oise")
        #expect(SourceID.readable(from: "The Washington Post — Huawei", words: 6) { _ in false } == "the-washington-post-huawei")
        // Taken ids get a number.
        let taken: Set<ClaimID> = ["huit-entreprises", "huit-entreprises-2"]
        #expect(ClaimID.readable(from: "huit entreprises", words: 5) { taken.contains($0) } == "huit-entreprises-3")
        // Without letters or digits, a generated id; every result is well formed.
        let generated = ClaimID.readable(from: "« … »", words: 5) { _ in false }
        #expect(generated.rawValue.hasPrefix("claim-") && generated.isWellFormed)
        let long = ClaimID.readable(from: String(repeating: "anticonstitutionnellement ", count: 5), words: 5) { _ in false }
        #expect(long.isWellFormed && long.rawValue.count <= 48)
    }
}
