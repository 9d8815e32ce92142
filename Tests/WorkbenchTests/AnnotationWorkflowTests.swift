import Annotation
import Foundation
import Testing
import TranslationMemory
@testable import Workbench

/// Annotation documents in and out of a repository (what `tandem annotations import|export`
/// runs), and the projection of claims onto the translation held in the memory (what
/// `tandem coverage --target` and `tandem claims --target` run).
@Suite struct AnnotationExchangeTests {
    let scratch = ScratchFolder()
    let exchange = AnnotationExchange()

    func repository() throws -> SQLiteAnnotationRepository {
        try SQLiteAnnotationRepository(path: scratch.url.appendingPathComponent("\(UUID().uuidString).sqlite").path)
    }

    func counts(_ repository: some AnnotationRepository) throws -> [Int] {
        try repository.read { store in
            let articles = try store.articles()
            let claims = try articles.flatMap { try store.claims(of: $0.id) }
            let citations = try articles.flatMap { try store.citations(ofArticle: $0.id) }
            return [articles.count, claims.count, citations.count, try store.sources().count]
        }
    }

    /// The seed annotation files, imported into an empty repository, add their articles
    /// (segmented as `article add` does) and every claim; exporting and importing the
    /// JSON-LD elsewhere gives the same records.
    @Test func seedAnnotationFilesImportWithTheirArticlesAndRoundTripAsJSONLD() throws {
        let folder = SeedAlignmentTests.seeds.appendingPathComponent("annotations")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.count == 2)
        let first = try repository()
        for name in files {
            let path = folder.appendingPathComponent(name).path
            let imported = try exchange.importDocument(try Data(contentsOf: URL(fileURLWithPath: path)), name: path, into: first)
            #expect(imported.count == 1)
            #expect(imported[0].articleAdded)
            let article = imported[0].annotations.article
            // Segmented as `tandem article add` does, page furniture from the sidecar included.
            let text = SeedAlignmentTests.seeds.appendingPathComponent("\(article.id).txt")
            let segmented = try ArticleImporter().article(
                fromFile: text, language: "fr", furnitureFile: ArticleImporter.sidecarMetadataFile(for: text))
            #expect(article.segments == segmented.segments)
            #expect(!article.untranslatableSegmentNumbers.isEmpty)
            #expect(imported[0].annotations.claims.allSatisfy { $0.anchorStatus == .anchored })
        }
        // The title the file gives is on the article; the file without one leaves it unknown.
        #expect(try first.annotations(of: "000_9519520b1cfbc68e").article.title == "Double victoire contre Huawei")
        let before = try counts(first)
        #expect(before[0] == 2 && before[1] >= 20)

        // Importing again replaces records with the same ids: nothing doubles.
        let again = folder.appendingPathComponent(files[0]).path
        let reimported = try exchange.importDocument(try Data(contentsOf: URL(fileURLWithPath: again)), name: again, into: first)
        #expect(reimported.map(\.articleAdded) == [false])
        #expect(try counts(first) == before)

        let jsonLD = try exchange.export(nil, format: .jsonLD, from: first)
        let second = try repository()
        for id in ["000_9519520b1cfbc68e", "004_8a092bc0b89f6462"] {
            _ = try ArticleImporter().store(
                try ArticleImporter().article(fromFile: SeedAlignmentTests.seeds.appendingPathComponent("\(id).txt"), language: "fr"), in: second)
        }
        let read = try exchange.importDocument(jsonLD, name: "all.jsonld", into: second)
        #expect(read.map(\.articleAdded) == [false, false])
        #expect(try counts(second) == before)
        for id: ArticleID in ["000_9519520b1cfbc68e", "004_8a092bc0b89f6462"] {
            let a = try first.annotations(of: id), b = try second.annotations(of: id)
            #expect(a.claims == b.claims)
            #expect(a.citations == b.citations)
            #expect(a.sources == b.sources)
            #expect(a.coverage().claims == b.coverage().claims)
        }
        // One article in Tandem's format reads back to the same claims.
        let file = try AnnotationFile.decode(try exchange.export(["004_8a092bc0b89f6462"], format: .tandem, from: first))
        #expect(try file.resolve(in: first.annotations(of: "004_8a092bc0b89f6462").article).claims == first.annotations(of: "004_8a092bc0b89f6462").claims)
        #expect(throws: AnnotationError.self) { try exchange.export(nil, format: .tandem, from: first) }
    }

    /// A document with one bad annotation stores nothing, and the error names the
    /// document, the annotation and what is wrong.
    @Test func aBadDocumentStoresNothing() throws {
        let repository = try repository()
        let article = try ArticleImporter().article(
            text: "VONum suspend son partenariat avec Huawei. La décision date d'août 2020.", id: "vonum", language: "fr")
        _ = try ArticleImporter().store(article, in: repository)
        let good: [String: Any] = [
            "type": "Annotation", "id": "urn:tandem:claim:suspension",
            "target": ["source": "urn:tandem:article:vonum", "selector": [["type": "TextQuoteSelector", "exact": "suspend son partenariat"]]],
            "body": ["https://example.org/source"],
        ]
        var bad = good
        bad["id"] = "urn:tandem:claim:date"
        bad["target"] = ["source": "urn:tandem:article:vonum", "selector": [["type": "TextQuoteSelector", "exact": "septembre 2020"]]]
        let document = try JSONSerialization.data(withJSONObject: [good, bad])
        let error = try #require(throws: AnnotationError.self) { try exchange.importDocument(document, name: "mixed.jsonld", into: repository) }
        #expect(error.description.hasPrefix("mixed.jsonld, annotation 2 (urn:tandem:claim:date)"))
        #expect(error.description.contains("«septembre 2020»"))
        #expect(try counts(repository) == [1, 0, 0, 0])

        // The good one alone goes in, with its URL body as a linked source.
        let imported = try exchange.importDocument(try JSONSerialization.data(withJSONObject: [good]), name: "good.jsonld", into: repository)
        #expect(imported.first?.annotations.citations.map(\.status) == [.linked])
        #expect(try counts(repository) == [1, 1, 1, 1])

        // A Tandem file for an article that is not stored and names no text.
        let orphanFile = Data(#"{"format": "tandem-annotations/1", "article": {"id": "absent", "language": "fr"}, "claims": []}"#.utf8)
        let missing = try #require(throws: AnnotationError.self) { try exchange.importDocument(orphanFile, name: "absent.json", into: repository) }
        #expect(missing.description == "absent.json: no article with id «absent»")
        // Not JSON: where the parser stopped.
        let broken = Data("{\n  \"format\": \"tandem-annotations/1\",,\n}".utf8)
        let syntax = try #require(throws: AnnotationError.self) { try exchange.importDocument(broken, name: "broken.json", into: repository) }
        #expect(syntax.description.hasPrefix("broken.json: not JSON at line 2, column"))
        #expect(try counts(repository) == [1, 1, 1, 1])
    }
}

@Suite struct ArticleTranslationProjectionTests {
    let scratch = ScratchFolder()

    static let text = "Le rapport accuse Huawei. Le Washington Post le confirme.\nLe Guardian aussi. Fin."

    func unit(_ source: String, _ target: String, segment: Int, minutesAgo: Double = 10) -> TranslationUnit {
        let date = Date(timeIntervalSinceNow: -minutesAgo * 60)
        return TranslationUnit(
            sourceLanguage: .french, targetLanguage: .english, source: SegmentText(source), target: SegmentText(target),
            provenance: Provenance(origin: .human, creator: "t", createdAt: date, changedBy: "t", changedAt: date),
            location: SegmentLocation(article: "rapport", segment: segment))
    }

    func annotations(_ article: Article) throws -> ArticleAnnotations {
        let report = Source(id: "report", kind: .report, url: URL(string: "https://example.org/report")!, title: "The report")
        let wapo = Source(id: "wapo", kind: .newsArticle, url: URL(string: "https://example.com/wapo")!, title: "WaPo")
        let guardian = Source(id: "guardian", kind: .newsArticle, url: URL(string: "https://example.com/guardian")!, title: "Guardian")
        return ArticleAnnotations(
            article: article,
            claims: [
                Claim(id: "accuse", in: article, at: try article.anchor(.segment(1)), kind: .fact),
                Claim(id: "confirm", in: article, at: try article.anchor(.quote("Le Washington Post le confirme")), kind: .attribution),
                Claim(id: "guardian", in: article, at: try article.anchor(.segment(3)), kind: .attribution),
                Claim(id: "end", in: article, at: try article.anchor(.segment(4)), kind: .fact),
            ],
            citations: [
                Citation(id: "k1", claimID: "accuse", sourceID: "report", status: .linked),
                Citation(id: "k2", claimID: "confirm", sourceID: "wapo", status: .linked),
                Citation(id: "k3", claimID: "guardian", sourceID: "guardian", status: .linked),
            ],
            sources: [report, wapo, guardian])
    }

    @Test func claimsFollowTheirSegmentsIntoTheTranslationAndLostLinksAreFound() throws {
        let article = try ArticleImporter().article(text: Self.text, id: "rapport", language: "fr")
        #expect(article.segments.count == 4)
        let store = try SQLiteMemoryStore(url: scratch.url.appendingPathComponent("memory.sqlite"), create: true)
        // Segment 1 keeps the URL in the translation; segment 2 has an old translation
        // with the URL and a newer one without: the newer is current, so the link is lost.
        // Segment 3 is not translated; segment 4 is, and has no sourced claim.
        try store.add(unit("Le rapport accuse Huawei.", "The report (https://example.org/report) accuses Huawei.", segment: 1), policy: .keepAlternatives)
        try store.add(unit("Le Washington Post le confirme.", "The Washington Post confirms it (https://example.com/wapo).", segment: 2, minutesAgo: 30), policy: .keepAlternatives)
        try store.add(unit("Le Washington Post le confirme.", "The Washington Post confirms it.", segment: 2, minutesAgo: 5), policy: .keepAlternatives)
        try store.add(unit("Fin.", "The end.", segment: 4), policy: .keepAlternatives)

        let projection = try ArticleTranslationProjection(article: article, language: .english, memory: store)
        #expect(projection.translatedSegments == 3)
        let translation = projection.translation.article
        #expect(translation.id == "rapport.en")
        #expect(translation.language == "en")
        // Paragraphs follow the original's lines.
        #expect(translation.text == "The report (https://example.org/report) accuses Huawei. The Washington Post confirms it.\nThe end.")
        #expect(projection.alignment.targets == [1: [1], 2: [2], 4: [3]])

        let coverage = projection.coverage(of: try annotations(article))
        let links = Dictionary(uniqueKeysWithValues: coverage.claims.map { ($0.claimID, $0.link) })
        #expect(links["accuse"] == .keptAsURL)
        #expect(links["confirm"] == .lost)
        #expect(links["guardian"] == .untranslated)
        #expect(links["end"] == .some(nil))
        #expect(coverage.sourcedClaims == 3 && coverage.keptLinks == 1)
        #expect(Set(coverage.missingLinks.map(\.claimID)) == ["confirm", "guardian"])
        let confirm = try #require(coverage.claims.first { $0.claimID == "confirm" })
        #expect(confirm.targetText == "The Washington Post confirms it.")
    }

    @Test func aUnitTranslatingTwoSegmentsAtOnceCoversBoth() throws {
        let article = try ArticleImporter().article(text: Self.text, id: "rapport", language: "fr")
        // A 2-1 bead of the aligner: stored at its first segment, its source both sentences.
        let translations = ArticleTranslations(article: "rapport", units: [
            unit("Le rapport accuse Huawei. Le Washington Post le confirme.", "The report, confirmed by the Washington Post, accuses Huawei.", segment: 1),
            unit("Le Guardian aussi.", "So does the Guardian.", segment: 3),
        ])
        let projection = ArticleTranslationProjection(article: article, translations: translations, language: "en")
        #expect(projection.alignment.targets == [1: [1], 2: [1], 3: [2]])
        #expect(projection.translatedSegments == 3)
        #expect(projection.translation.article.text == "The report, confirmed by the Washington Post, accuses Huawei.\nSo does the Guardian.")
        let coverage = projection.coverage(of: try annotations(article))
        let confirm = try #require(coverage.claims.first { $0.claimID == "confirm" })
        #expect(confirm.targetSegments == [1])
        #expect(confirm.link == .lost)
    }
}
