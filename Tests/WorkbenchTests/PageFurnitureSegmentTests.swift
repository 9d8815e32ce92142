import Annotation
import Foundation
import Interchange
import Testing
import TranslationMemory
@testable import Workbench

/// Page furniture remembered by the article (`ArticleSegment.isTranslatable`): set by
/// the importer from a metadata file or the text's `.json` sidecar, then honoured by
/// check, analyze, export and the coverage projection.
@Suite struct PageFurnitureSegmentTests {
    let scratch = ScratchFolder()
    let importer = ArticleImporter()

    static let text = """
        Menu Fermer
        Le département a suspendu le partenariat en août 2020. Huawei a démenti. Lire aussi : Pékin répond
        Laisser un commentaire
        """
    static let metadata = #"""
        {"title": "Démo", "furniture": [
          {"line": 1, "text": "Menu Fermer", "kind": "navigation", "inline": false},
          {"line": 2, "text": "Lire aussi : Pékin répond", "kind": "related_article", "inline": true},
          {"line": 3, "text": "Laisser un commentaire", "kind": "comment_form", "inline": false}]}
        """#

    @Test func theSidecarIsPickedUpOnlyWhenItListsFurniture() throws {
        let text = try scratch.file("demo.txt", Self.text)
        #expect(ArticleImporter.sidecarMetadataFile(for: text) == nil)
        _ = try scratch.file("demo.json", #"{"title": "no furniture key"}"#)
        #expect(ArticleImporter.sidecarMetadataFile(for: text) == nil)
        _ = try scratch.file("demo.json", "not json")
        #expect(ArticleImporter.sidecarMetadataFile(for: text) == nil)
        let sidecar = try scratch.file("demo.json", Self.metadata)
        #expect(ArticleImporter.sidecarMetadataFile(for: text)?.standardizedFileURL == sidecar.standardizedFileURL)
    }

    @Test func segmentsMadeOfFurnitureOnlyAreNotTranslatable() throws {
        let text = try scratch.file("demo.txt", Self.text)
        let metadata = try scratch.file("demo.json", Self.metadata)
        let article = try importer.article(fromFile: text, language: "fr", furnitureFile: metadata)
        let texts = ArticleText.segmentTexts(of: article)
        let furniture = article.untranslatableSegmentNumbers.map { texts[$0 - 1] }
        #expect(furniture.first == "Menu Fermer")
        #expect(furniture.last == "Laisser un commentaire")
        // Every translatable segment holds article text; no furniture-only segment is left translatable.
        for number in article.translatableSegmentNumbers {
            #expect(texts[number - 1] != "Menu Fermer" && texts[number - 1] != "Laisser un commentaire")
        }
        #expect(texts.contains("Le département a suspendu le partenariat en août 2020."))
        #expect(article.translatableSegmentNumbers.map { texts[$0 - 1] }.contains("Le département a suspendu le partenariat en août 2020."))
        // Without a metadata file, nothing is marked.
        #expect(try importer.article(fromFile: text, language: "fr").untranslatableSegmentNumbers.isEmpty)
    }

    @Test func aMetadataFileThatDoesNotFitTheTextIsAnErrorNamingIt() throws {
        let text = try scratch.file("demo.txt", Self.text)
        let wrong = try scratch.file("wrong.json", #"{"furniture": [{"line": 2, "text": "Menu Fermer"}]}"#)
        #expect {
            try importer.article(fromFile: text, language: "fr", furnitureFile: wrong)
        } throws: { error in
            guard case .furniture(let furniture) = error as? ArticleImportError else { return false }
            return furniture.file.hasSuffix("wrong.json") && "\(error)".contains("not in that line")
        }
    }

    @Test func theSeedsFurnitureIsTheirMetadataFiles() throws {
        for (name, expected) in [("000_9519520b1cfbc68e", [1, 15, 16, 17]), ("004_8a092bc0b89f6462", [9])] {
            let file = Paths.seeds.appendingPathComponent("\(name).txt")
            let sidecar = try #require(ArticleImporter.sidecarMetadataFile(for: file))
            let article = try importer.article(fromFile: file, language: "fr", furnitureFile: sidecar)
            #expect(article.untranslatableSegmentNumbers == expected, "\(name)")
            // The same segments the XLIFF export marks from the metadata file.
            let furniture = try PageFurniture(metadataFile: sidecar.path, articleText: article.text)
            #expect(article.segments.indices.filter { furniture.covers(article.segments[$0].range) }.map { $0 + 1 } == expected)
        }
    }

    @Test func reAddingWithoutMetadataKeepsTheStoredMarksAndAMetadataFileReplacesThem() throws {
        let text = try scratch.file("demo.txt", Self.text)
        let metadata = try scratch.file("meta.json", Self.metadata)
        let repository = InMemoryAnnotationRepository()
        let furnished = try importer.article(fromFile: text, language: "fr", furnitureFile: metadata)
        #expect(try importer.store(furnished, in: repository).outcome == .added)

        let plain = try importer.article(fromFile: text, language: "fr")
        let kept = try importer.store(plain, in: repository, keepStoredFurniture: true)
        #expect(kept.outcome == .unchanged(metadataChanged: false))
        #expect(kept.article.untranslatableSegmentNumbers == furnished.untranslatableSegmentNumbers)

        // A changed text keeps the marks of the segments whose text is the same.
        let edited = try scratch.file("demo.txt", "Titre ajouté.\n" + Self.text)
        let moved = try importer.store(try importer.article(fromFile: edited, language: "fr"), in: repository, keepStoredFurniture: true)
        #expect(moved.article.untranslatableSegmentNumbers == furnished.untranslatableSegmentNumbers.map { $0 + 1 })

        // A metadata file listing no furniture clears the marks; the text is unchanged, only the marks.
        let none = try scratch.file("none.json", #"{"furniture": []}"#)
        let cleared = try importer.store(try importer.article(fromFile: edited, language: "fr", furnitureFile: none), in: repository)
        #expect(cleared.outcome == .unchanged(metadataChanged: true))
        #expect(try repository.read { try $0.article("demo") }?.untranslatableSegmentNumbers == [])
    }

    /// An article whose first segment is furniture, and the memory with a translation of
    /// the second only.
    func furnishedArticle() throws -> (Article, InMemoryAnnotationRepository, SQLiteMemoryStore, URL) {
        var article = try segmentedArticle("furnished", "Menu Fermer\nHuawei a démenti. Le contrat est rompu.")
        article.segments[0].isTranslatable = false
        let repository = InMemoryAnnotationRepository()
        try repository.addArticle(article)
        let (store, folder) = try temporaryMemory()
        try store.add(located("Huawei a démenti.", "Huawei denied it.", article: "furnished", segment: 2), policy: .keepAlternatives)
        return (article, repository, store, folder)
    }

    @Test func checkSkipsFurnitureAndCountsTranslatableSegmentsOnly() throws {
        let (_, repository, store, folder) = try furnishedArticle()
        defer { try? FileManager.default.removeItem(at: folder) }
        let glossary = try SQLiteGlossaryStore(url: store.url, create: false)
        let report = try ArticleQualityReport.check(article: "furnished", targetLanguage: .english, memory: store, annotations: repository, glossary: glossary)
        #expect(report.segments == 2)
        #expect(report.translatedSegments == 1)
        #expect(report.skippedSegments == [1])
        #expect(report.errors.map(\.segment) == [3])
        #expect(report.findings.allSatisfy { $0.segment != 1 })
    }

    @Test func analyzeCountsFurnitureApart() throws {
        let (article, repository, store, folder) = try furnishedArticle()
        defer { try? FileManager.default.removeItem(at: folder) }
        let analysis = try TranslationAnalyzer.analyze(articles: ["furnished"], targetLanguage: .english, memory: store, annotations: repository)
        let table = analysis.documents[0].table
        #expect(table.notTranslatable == AnalysisCount(segments: 1, words: 2))
        #expect(table.total.segments == 2)
        #expect(table[.exact].segments + table[.inContext].segments == 1)
        #expect(table[.new] == AnalysisCount(segments: 1, words: 4))
        // Furniture is no repetition source: a second article repeating it counts it as furniture again, not as a repetition.
        #expect(AnalysisDocument(article: article).notTranslatable == [0])
        let twice = try TranslationAnalyzer(store: store).analyze([AnalysisDocument(article: article), AnalysisDocument(id: "plain", segments: ["Menu Fermer"])])
        #expect(twice.documents[1].table[.repetition].segments == 0)
        #expect(twice.total.notTranslatable.segments == 1)
    }

    @Test(arguments: [XLIFFWriter.Format.xliff21, .xliff12])
    func exportMarksStoredFurnitureWithoutAMetadataFile(format: XLIFFWriter.Format) throws {
        let (_, repository, store, folder) = try furnishedArticle()
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = try ArticleExport(.init(format: format)).document(article: "furnished", repository: repository, memory: store)
        let units = document.allUnits
        #expect(units.map { $0.translate == false } == [true, false, false])
        #expect(units[0].notes.contains { $0.category == "furniture" })
        #expect(units[0].candidates.isEmpty)
        let xml = String(decoding: try XLIFFWriter.data(document, format: format), as: UTF8.self)
        #expect(xml.contains(#"translate="no""#))
    }

    @Test func theCoverageProjectionCountsTranslatableSegments() throws {
        let (article, _, store, folder) = try furnishedArticle()
        defer { try? FileManager.default.removeItem(at: folder) }
        try store.add(located("Menu Fermer", "Menu Close", article: "furnished", segment: 1), policy: .keepAlternatives)
        let projection = try ArticleTranslationProjection(article: article, language: .english, memory: store)
        #expect(projection.translatableSegments == 2)
        #expect(projection.translatedSegments == 1)
    }
}

/// `tandem article add` picks up the seeds' sidecar and `tandem check` skips the furniture.
@Suite(.enabled(if: TandemExecutable.url != nil, "needs the tandem executable built next to the tests (swift build --build-tests)"), .serialized)
struct PageFurnitureCommandLineTests {
    let scratch = ScratchFolder()
    var memory: URL { scratch.url.appendingPathComponent("Memory/tandem.sqlite") }

    func tandem(_ arguments: String...) throws -> TandemExecutable.Result {
        try TandemExecutable.run(arguments, memory: memory)
    }

    @Test(.timeLimit(.minutes(2)))
    func articleAddReadsTheSidecarAndCheckSkipsFurniture() throws {
        let name = "000_9519520b1cfbc68e"
        let text = try scratch.file("\(name).txt", try String(contentsOf: Paths.seeds.appendingPathComponent("\(name).txt"), encoding: .utf8))
        _ = try scratch.file("\(name).json", try String(contentsOf: Paths.seeds.appendingPathComponent("\(name).json"), encoding: .utf8))
        let added = try tandem("article", "add", text.path, "--lang", "fr")
        #expect(added.status == 0, "\(added.error)")
        #expect(added.output.contains("furniture from ") && added.output.contains("\(name).json: segments 1, 15–17"), "\(added.output)")
        let again = try tandem("article", "add", text.path, "--lang", "fr")
        #expect(again.output.contains("already stored, unchanged"), "\(again.output)")

        let check = try tandem("check", name, "--format", "json")
        #expect(check.status == 2)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.output.utf8)) as? [String: Any])
        #expect(report["notTranslatableSegments"] as? [Int] == [1, 15, 16, 17])
        #expect(report["segments"] as? Int == 13)
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.count == 13)
        #expect(findings.allSatisfy { ![1, 15, 16, 17].contains($0["segment"] as? Int ?? 0) })

        let table = try tandem("check", name)
        #expect(table.output.contains("0 of 13 segments translated"), "\(table.output)")
        #expect(table.output.contains("not translatable (page furniture), not checked: segments 1, 15–17"))
    }
}
