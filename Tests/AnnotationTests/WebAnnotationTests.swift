import Foundation
import Testing
@testable import Annotation

@Suite struct WebAnnotationTests {
    let scratch = ScratchDirectory()

    /// Annotations using every field: notes, each citation status, a promised
    /// language, sources with and without URL, dates, languages, an article link, an
    /// overlap, a re-anchored and an orphaned claim.
    func richAnnotations(articleURL: URL? = nil) throws -> ArticleAnnotations {
        let article = makeArticle(
            id: "fr-2020", sentences: [
                "Le syndicat VONum suspend son partenariat avec Huawei.",
                "Le département a suspendu le partenariat en août 2020.",
                "Griezmann a rompu son contrat avec Huawei le 10 décembre 2020.",
            ], url: articleURL
        )
        var moved = Claim(id: "moved", in: article, at: try article.anchor(.quote("rompu son contrat")), kind: .fact)
        moved.anchorStatus = .reanchored
        var orphan = Claim(id: "orphan", in: article, at: try article.anchor(.quote("VONum")), kind: .attribution)
        orphan.selector = TextQuoteSelector(exact: "un texte disparu", prefix: "avant ", suffix: " après")
        orphan.anchorStatus = .orphaned
        let claims = [
            Claim(id: "suspension", in: article, at: try article.anchor(.segment(2)), kind: .fact, note: "Date à vérifier.\nDeux lignes."),
            Claim(id: "date", in: article, at: try article.anchor(.quote("août 2020")), kind: .figure),
            Claim(id: "huawei-2", in: article, at: try article.anchor(.quote("avec Huawei", occurrence: 2)), kind: .quotation),
            moved, orphan,
        ]
        let sources = [
            Source(id: "instagram", kind: .socialMediaPost, url: URL(string: "https://www.instagram.com/p/example/")!, title: "Post", publisher: "Instagram", date: try AnnotationDate("2020-12-10"), language: "fr"),
            Source(id: "wapo", kind: .newsArticle, title: "cet article du Washington Post", publisher: "The Washington Post", language: "en", articleID: "en-wapo"),
            Source(id: "statement", kind: .officialStatement, url: URL(string: "https://example.gov/statement")!),
        ]
        let citations = [
            Citation(id: "k1", claimID: "suspension", sourceID: "wapo", status: .unresolved, note: "nommé"),
            Citation(id: "k2", claimID: "suspension", sourceID: "wapo", status: .promised, promisedLanguage: "fr", note: "traductions promises"),
            Citation(id: "k3", claimID: "moved", sourceID: "instagram", status: .linked),
            Citation(id: "k4", claimID: "date", sourceID: "statement", status: .linked),
            Citation(id: "k5", claimID: "orphan", sourceID: "statement", status: .promised),
        ]
        let annotations = ArticleAnnotations(article: article, claims: claims, citations: citations, sources: sources)
        try annotations.validate()
        return annotations
    }

    func sortedRecords(_ annotations: ArticleAnnotations) -> ([Claim], [Citation], [Source]) {
        (annotations.claims.sorted { $0.id < $1.id }, annotations.citations.sorted { $0.id < $1.id }, annotations.sources.sorted { $0.id < $1.id })
    }

    @Test(arguments: [nil, URL(string: "https://example.org/articles/vonum")!])
    func exportThenImportGivesEqualValues(articleURL: URL?) throws {
        let original = try richAnnotations(articleURL: articleURL)
        let data = try WebAnnotationDocument.export(original)
        let imported = try WebAnnotationDocument.read(data, into: original.article)
        let (claims, citations, sources) = sortedRecords(imported)
        let expected = sortedRecords(original)
        #expect(claims == expected.0)
        #expect(citations == expected.1)
        #expect(sources == expected.2)
        // And exporting again gives the same bytes.
        #expect(try WebAnnotationDocument.export(imported) == data)
    }

    @Test func theExportIsAStandardAnnotationCollection() throws {
        let annotations = try richAnnotations()
        let json = try #require(try JSONSerialization.jsonObject(with: WebAnnotationDocument.export(annotations)) as? [String: Any])
        let context = try #require(json["@context"] as? [Any])
        #expect(context.first as? String == "http://www.w3.org/ns/anno.jsonld")
        #expect((context.last as? [String: Any])?["tandem"] as? String == "urn:tandem:vocab#")
        #expect(json["type"] as? String == "AnnotationCollection")
        #expect(json["total"] as? Int == 5)
        let page = try #require(json["first"] as? [String: Any])
        #expect(page["type"] as? String == "AnnotationPage")
        let items = try #require(page["items"] as? [[String: Any]])
        #expect(items.count == 5)
        let first = items[0]
        #expect(first["type"] as? String == "Annotation")
        #expect(first["id"] as? String == "urn:tandem:claim:suspension") // reading order
        let target = try #require(first["target"] as? [String: Any])
        #expect(target["source"] as? String == "urn:tandem:article:fr-2020")
        let selectors = try #require(target["selector"] as? [[String: Any]])
        #expect(Set(selectors.compactMap { $0["type"] as? String }) == ["TextQuoteSelector", "TextPositionSelector"])
        // A source with a URL is a SpecificResource whose source is that URL.
        let linked = try #require(items.first { $0["id"] as? String == "urn:tandem:claim:moved" })
        let body = try #require((linked["body"] as? [[String: Any]])?.first)
        #expect(body["type"] as? String == "SpecificResource")
        #expect((body["source"] as? [String: Any])?["id"] as? String == "https://www.instagram.com/p/example/")
        #expect(body["citationStatus"] as? String == "linked")
        #expect(linked["motivation"] as? String == "linking")
        #expect(linked["claimKind"] as? String == "fact")
    }

    @Test func aForeignAnnotationWithOnlyAQuoteAnchorsByTheQuote() throws {
        let article = try richAnnotations(articleURL: URL(string: "https://example.org/articles/vonum")!).article
        // Hypothesis-like: the page URL (different case, trailing slash), a quote with context, a comment and a link.
        let document = """
        {
          "@context": "http://www.w3.org/ns/anno.jsonld",
          "id": "https://hypothes.is/a/AbC123",
          "type": "Annotation",
          "motivation": "commenting",
          "body": [
            {"type": "TextualBody", "value": "Source?", "purpose": "commenting"},
            {"type": "TextualBody", "value": "figure", "purpose": "tagging"},
            "https://example.net/evidence"
          ],
          "target": {
            "source": "https://EXAMPLE.org/articles/vonum/",
            "selector": [{"type": "TextQuoteSelector", "exact": "avec Huawei", "prefix": "rompu son contrat ", "suffix": " le 10"},
                         {"type": "RangeSelector", "startSelector": {}}]
          }
        }
        """
        let imported = try WebAnnotationDocument.read(Data(document.utf8), into: article)
        let claim = try #require(imported.claims.first)
        #expect(claim.span.lowerBound == offset(of: "avec Huawei le 10", in: article.text))
        #expect(claim.anchorStatus == .anchored)
        #expect(claim.kind == .figure)
        #expect(claim.note == "Source?")
        #expect(claim.selector.prefix.unicodeScalars.count == TextQuoteSelector.contextLength)
        #expect(imported.sources.first?.url?.absoluteString == "https://example.net/evidence")
        #expect(imported.citations.first?.status == .linked)
        // The same document imported twice gives the same ids.
        let again = try WebAnnotationDocument.read(Data(document.utf8), into: article)
        #expect(again == imported)
        #expect(claim.id.rawValue.hasPrefix("claim-"))
    }

    @Test func aForeignQuoteWithSmallDifferencesAnchorsApproximately() throws {
        let article = try richAnnotations().article
        let document = """
        [{"type": "Annotation", "target": {"source": "urn:tandem:article:fr-2020",
          "selector": {"type": "TextQuoteSelector", "exact": "Le departement a suspendu le partenariat en aout 2020"}}}]
        """
        let claim = try #require(try WebAnnotationDocument.read(Data(document.utf8), into: article).claims.first)
        #expect(claim.anchorStatus == .reanchored)
        #expect(claim.selector.exact == "Le département a suspendu le partenariat en août 2020")
    }

    @Test func aForeignAnnotationThatCannotBeAnchoredIsAClearError() throws {
        let article = try richAnnotations().article
        func read(_ json: String) throws { _ = try WebAnnotationDocument.read(Data(json.utf8), into: article, name: "in.jsonld") }
        let ambiguous = #expect(throws: AnnotationError.self) {
            try read(#"{"type": "Annotation", "target": {"source": "urn:tandem:article:fr-2020", "selector": {"type": "TextQuoteSelector", "exact": "avec Huawei"}}}"#)
        }
        #expect(ambiguous == .inDocument(location: "in.jsonld, annotation 1", .ambiguousQuote(article: "fr-2020", quote: "avec Huawei", offsets: [42, 140])))
        let missing = #expect(throws: AnnotationError.self) {
            try read(#"{"type": "Annotation", "target": {"source": "urn:tandem:article:fr-2020", "selector": {"type": "TextQuoteSelector", "exact": "Messi signe chez Huawei"}}}"#)
        }
        #expect(missing?.description.contains("quote not found in article fr-2020") == true)
        let elsewhere = #expect(throws: AnnotationError.self) {
            try read(#"{"type": "Annotation", "id": "x", "target": {"source": "https://other.example/page", "selector": {"type": "TextQuoteSelector", "exact": "Huawei"}}}"#)
        }
        #expect(elsewhere?.description == "in.jsonld, annotation 1 (x): it annotates https://other.example/page, not article fr-2020 (urn:tandem:article:fr-2020)")
        #expect(throws: AnnotationError.malformedDocument(location: "in.jsonld", reason: "expected an AnnotationCollection, an AnnotationPage, an Annotation or an array of them")) {
            try read(#"{"hello": "world"}"#)
        }
        let badURL = #expect(throws: AnnotationError.self) {
            try read(#"{"type": "Annotation", "body": "htps://x", "target": {"source": "urn:tandem:article:fr-2020", "selector": {"type": "TextPositionSelector", "start": 0, "end": 2}}}"#)
        }
        #expect(badURL?.description.contains("invalid URL «htps://x»") == true)
    }

    @Test(arguments: RepositoryKind.allCases)
    func importingIntoTheRepositoryIsAllOrNothing(_ kind: RepositoryKind) throws {
        let original = try richAnnotations()
        let repository = try kind.make(in: scratch)
        try repository.addArticle(original.article)
        var document = try #require(try JSONSerialization.jsonObject(with: WebAnnotationDocument.export(original)) as? [String: Any])
        // Break the last annotation: a linked citation whose source lost its URL.
        var page = try #require(document["first"] as? [String: Any])
        var items = try #require(page["items"] as? [[String: Any]])
        items.append([
            "type": "Annotation", "id": "urn:tandem:claim:extra",
            "target": ["source": "urn:tandem:article:fr-2020", "selector": ["type": "TextQuoteSelector", "exact": "VONum"]],
            "body": ["type": "TextualBody", "value": "x", "citationStatus": "linked", "citedSource": ["id": "urn:tandem:source:nourl", "title": "No URL"]],
        ])
        page["items"] = items
        document["first"] = page
        let broken = try JSONSerialization.data(withJSONObject: document)
        let error = #expect(throws: AnnotationError.self) {
            try repository.store(WebAnnotationDocument.read(broken, into: original.article))
        }
        #expect(error?.description.contains("citation") == true && error?.description.contains("has no URL") == true)
        #expect(try repository.read { try $0.claims(of: "fr-2020") }.isEmpty)

        try repository.store(WebAnnotationDocument.read(WebAnnotationDocument.export(original), into: original.article))
        let stored = try repository.annotations(of: "fr-2020")
        #expect(sortedRecords(stored).0 == sortedRecords(original).0)
        #expect(sortedRecords(stored).1 == sortedRecords(original).1)
    }
}
