import Foundation
import Testing
@testable import Annotation

@Suite struct RepositoryTests {
    let scratch = ScratchDirectory()
    let article = makeArticle(id: "vonum", sentences: [
        "Le syndicat VONum suspend son partenariat avec Huawei.",
        "Le département a suspendu le partenariat en août 2020.",
    ])

    func repository(_ kind: RepositoryKind) throws -> any AnnotationRepository {
        let repository = try kind.make(in: scratch)
        try repository.addArticle(article)
        return repository
    }

    func claimCount(_ repository: some AnnotationRepository) throws -> Int {
        try repository.read { store in try store.articles().reduce(0) { $0 + (try store.claims(of: $1.id).count) } }
    }

    @Test(arguments: RepositoryKind.allCases)
    func aClaimOnAnUnknownArticleIsAClearErrorAndNothingIsStored(_ kind: RepositoryKind) throws {
        let repository = try repository(kind)
        let error = #expect(throws: AnnotationError.self) {
            try repository.addClaim("c1", to: "nope", at: .quote("Huawei"), kind: .fact)
        }
        #expect(error == .unknownArticle("nope"))
        #expect(error?.description == "no article with id «nope»")
        #expect(try claimCount(repository) == 0)
    }

    @Test(arguments: RepositoryKind.allCases)
    func aQuoteThatIsNotInTheTextStoresNothing(_ kind: RepositoryKind) throws {
        let repository = try repository(kind)
        #expect(throws: AnnotationError.quoteNotFound(article: "vonum", quote: "rompt son contrat", suggestion: nil)) {
            try repository.addClaim("c1", to: "vonum", at: .quote("rompt son contrat"), kind: .fact)
        }
        #expect(try claimCount(repository) == 0)
        let claim = try repository.addClaim("c1", to: "vonum", at: .quote("en août 2020"), kind: .figure, note: "date")
        #expect(try repository.read { try $0.claim("c1") } == claim)
        #expect(throws: AnnotationError.duplicateIdentifier(kind: "claim", id: "c1")) {
            try repository.addClaim("c1", to: "vonum", at: .segment(1), kind: .fact)
        }
    }

    @Test func invalidURLsAreRefusedWithTheReason() {
        let cases: [(String, String)] = [
            ("example.org/page", "it has no scheme; write it in full, e.g. https://example.org/page"),
            ("ftp://example.org/file", "the scheme must be http or https, not ftp"),
            ("https://exa mple.org", "it contains whitespace or control characters"),
            ("http:/example.org", "expected // after http:"),
            ("https://", "it has no host"),
            ("https://intranet/page", "the host intranet is not a domain name"),
            ("", "it is empty"),
        ]
        for (input, reason) in cases {
            #expect(throws: AnnotationError.invalidURL(input, reason: reason)) { try AnnotationValidation.webURL(input) }
        }
        #expect(AnnotationError.invalidURL("ftp://x.org", reason: "r").description == "invalid URL «ftp://x.org»: r")
        #expect((try? AnnotationValidation.webURL("https://www.example.org/a?b=c#d"))?.host == "www.example.org")
    }

    @Test(arguments: RepositoryKind.allCases)
    func aLinkedCitationNeedsASourceWithAURL(_ kind: RepositoryKind) throws {
        let repository = try repository(kind)
        try repository.addClaim("c1", to: "vonum", at: .quote("en août 2020"), kind: .figure)
        try repository.addSource(Source(id: "named", kind: .newsArticle, title: "cet article du Washington Post"))
        let error = #expect(throws: AnnotationError.self) { try repository.cite("c1", source: "named", status: .linked, id: "k1") }
        #expect(error == .linkedCitationWithoutURL(citation: "k1", source: "named"))
        #expect(error?.description.contains("use status unresolved") == true)
        #expect(try repository.read { try $0.citations(of: "c1") }.isEmpty)
        try repository.cite("c1", source: "named", status: .unresolved, note: "nommé, pas lié", id: "k1")
        #expect(try repository.read { try $0.citations(of: "c1") }.map(\.status) == [.unresolved])
        #expect(throws: AnnotationError.unknownSource("ghost")) { try repository.cite("c1", source: "ghost", status: .unresolved) }
        #expect(throws: AnnotationError.unknownClaim("ghost")) { try repository.cite("ghost", source: "named", status: .unresolved) }
    }

    @Test(arguments: RepositoryKind.allCases)
    func aWriteThatFailsHalfwayStoresNothing(_ kind: RepositoryKind) throws {
        let repository = try repository(kind)
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try repository.write { store in
                try store.save(Source(id: "s1", kind: .report, title: "Rapport"))
                throw Stop()
            }
        }
        #expect(try repository.read { try $0.sources() }.isEmpty)
        // A store refuses a claim on a missing article on its own.
        #expect(throws: AnnotationError.unknownArticle("nope")) {
            try repository.write { store in
                try store.save(Claim(id: "c", articleID: "nope", kind: .fact, span: 0..<2, selector: TextQuoteSelector(exact: "Le")))
            }
        }
    }

    @Test(arguments: RepositoryKind.allCases)
    func deletingCascadesFromArticlesToClaimsToCitationsButNotThroughUsedSources(_ kind: RepositoryKind) throws {
        let repository = try repository(kind)
        try repository.addClaim("c1", to: "vonum", at: .segment(1), kind: .fact)
        try repository.addSource(Source(id: "s1", kind: .report, url: URL(string: "https://example.org/r"), title: "R"))
        try repository.cite("c1", source: "s1", id: "k1")
        try repository.addTranslationLink(TranslationLink(id: "t1", original: .article("vonum"), translation: .url(URL(string: "https://example.org/en")!), language: "en"))
        #expect(throws: AnnotationError.sourceInUse("s1", citations: 1)) { try repository.write { try $0.deleteSource("s1") } }
        #expect(try repository.write { try $0.deleteArticle("vonum") })
        try repository.read { store throws in
            #expect(try store.claim("c1") == nil)
            #expect(try store.citation("k1") == nil)
            #expect(try store.translationLinks().isEmpty)
            #expect(try store.source("s1") != nil)
        }
        #expect(try repository.write { try $0.deleteSource("s1") })
        #expect(try !repository.write { try $0.deleteSource("s1") })
    }

    @Test(arguments: RepositoryKind.allCases)
    func replacingTheTextReanchorsAndStoresTheClaims(_ kind: RepositoryKind) throws {
        let repository = try repository(kind)
        try repository.addClaim("c1", to: "vonum", at: .quote("en août 2020"), kind: .figure)
        try repository.addClaim("c2", to: "vonum", at: .quote("suspend son partenariat"), kind: .fact)
        let text = "Mise à jour : " + article.text.replacingOccurrences(of: "suspend son partenariat avec Huawei.", with: "rompt avec Huawei.")
        let results = try repository.replaceText(of: "vonum", with: text, segments: sentenceSegments(text))
        #expect(results.map(\.method) == [.orphaned, .quote])
        let stored = try repository.read { try $0.claim("c1") }
        #expect(stored?.anchorStatus == .reanchored)
        #expect(stored?.span.lowerBound == offset(of: "en août 2020", in: text))
        #expect(try repository.read { try $0.claim("c2") }?.anchorStatus == .orphaned)
        // Bad segments: nothing replaced.
        #expect(throws: AnnotationError.self) {
            try repository.replaceText(of: "vonum", with: "court", segments: [ArticleSegment(range: 0..<50, paragraph: 1)])
        }
        #expect(try repository.read { try $0.article("vonum") }?.text == text)
    }

    @Test(arguments: RepositoryKind.allCases)
    func coverageThroughTheRepositoryMatchesTheArticlesAnnotations(_ kind: RepositoryKind) throws {
        let repository = try repository(kind)
        try repository.addArticle(makeArticle(id: "other", sentences: ["Rien."]))
        try repository.addClaim("c1", to: "vonum", at: .quote("en août 2020"), kind: .figure)
        try repository.addSource(Source(id: "s1", kind: .report, url: URL(string: "https://example.org/r"), title: "R"))
        try repository.cite("c1", source: "s1")
        let report = try repository.coverage()
        #expect(report.articles.map(\.articleID) == ["other", "vonum"])
        #expect(report.totalClaims.covered == 1)
        #expect(try repository.coverage(of: ["vonum"]).articles == [try repository.annotations(of: "vonum").coverage()])
        #expect(throws: AnnotationError.unknownArticle("ghost")) { try repository.coverage(of: ["ghost"]) }
    }

    @Test func malformedValuesAreRefusedWithTheirOwnErrors() throws {
        #expect(throws: AnnotationError.invalidIdentifier(kind: "article", value: "a b")) { try ArticleID(validating: "a b") }
        #expect(throws: AnnotationError.invalidLanguage("french!")) { try AnnotationValidation.languageTag("french!") }
        #expect(try AnnotationValidation.languageTag("fr_fr") == "fr-FR")
        #expect(throws: AnnotationError.invalidDate("2020-02-30")) { try AnnotationDate("2020-02-30") }
        #expect(try AnnotationDate("2020-08").description == "2020-08")
        #expect(try AnnotationDate("2020-08") < AnnotationDate("2020-08-01"))
        var bad = article
        bad.segments = [ArticleSegment(range: 0..<10, paragraph: 1), ArticleSegment(range: 5..<20, paragraph: 1)]
        #expect(throws: AnnotationError.invalidSegments(article: "vonum", reason: "segment 2 (5..<20) starts before segment 1 ends (10)")) {
            try InMemoryAnnotationRepository().addArticle(bad)
        }
        #expect(throws: AnnotationError.sourceWithoutTitleOrURL("s")) { try Source(id: "s", kind: .report).validate() }
    }
}

@Suite struct AnnotationFileTests {
    let scratch = ScratchDirectory()
    let article = makeArticle(id: "a1", sentences: ["Le département a suspendu le partenariat en août 2020.", "Griezmann rompt avec Huawei."])

    @Test(arguments: RepositoryKind.allCases)
    func aSourceWithANonWebURLIsRefusedAndNotStored(_ kind: RepositoryKind) throws {
        let repository = try kind.make(in: scratch)
        let source = Source(id: "s", kind: .report, url: URL(string: "ftp://example.org/report.pdf")!, title: "Report")
        #expect(throws: AnnotationError.invalidURL("ftp://example.org/report.pdf", reason: "the scheme must be http or https, not ftp")) {
            try repository.addSource(source)
        }
        #expect(try repository.read { try $0.sources() }.isEmpty)
    }

    @Test func malformedFilesNameTheFaultyField() throws {
        func decode(_ json: String) throws -> AnnotationFile { try AnnotationFile.decode(Data(json.utf8), name: "a1.json") }
        let badKind = #expect(throws: AnnotationError.self) {
            try decode(#"{"format": "tandem-annotations/1", "article": {"id": "a1", "language": "fr"}, "claims": [{"id": "c", "kind": "rumour", "exact": "x"}]}"#)
        }
        #expect(badKind?.description.hasPrefix("a1.json: claims[0].kind:") == true)
        let badURL = #expect(throws: AnnotationError.self) {
            try decode(#"{"format": "tandem-annotations/1", "article": {"id": "a1", "language": "fr"}, "sources": [{"id": "s", "kind": "report", "url": "www.example.org"}]}"#)
        }
        #expect(badURL?.description.contains("sources[0].url") == true)
        #expect(badURL?.description.contains("it has no scheme") == true)
        #expect(throws: AnnotationError.malformedDocument(location: "a1.json", reason: "format is other/2, expected tandem-annotations/1")) {
            try decode(#"{"format": "other/2", "article": {"id": "a1", "language": "fr"}}"#)
        }
    }

    @Test func aClaimThatDoesNotAnchorNamesItselfAndAnUnknownSourceIsCaught() throws {
        var file = AnnotationFile(article: .init(id: "a1", language: "fr"), claims: [
            .init(id: "date", kind: .figure, exact: "en août 2020"),
            .init(id: "gone", kind: .fact, exact: "en septembre 2020"),
        ])
        #expect(throws: AnnotationError.inDocument(location: "claim gone", .quoteNotFound(article: "a1", quote: "en septembre 2020", suggestion: nil))) {
            try file.resolve(in: article)
        }
        file.claims[1] = .init(id: "huawei", kind: .fact, exact: "rompt avec Huawei", citations: [.init(source: "ghost", status: .unresolved)])
        #expect(throws: AnnotationError.inDocument(location: "annotations of article a1", .unknownSource("ghost"))) {
            try file.resolve(in: article)
        }
        file.sources = [Source(id: "ghost", kind: .newsArticle, title: "Named only")]
        let resolved = try file.resolve(in: article)
        #expect(resolved.citations.map(\.id) == ["huawei.1"])
        #expect(throws: AnnotationError.malformedDocument(location: "article a1", reason: "the file annotates article a1, not other")) {
            var other = article
            other.id = "other"
            _ = try file.resolve(in: other)
        }
    }
}
