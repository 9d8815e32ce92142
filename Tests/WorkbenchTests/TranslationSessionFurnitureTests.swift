import Annotation
import Foundation
import Testing
import TranslationMemory
@testable import Workbench

/// A translation session passes over the segments the article marks as page furniture.
@Suite struct TranslationSessionFurnitureTests {
    /// Segments: 1 "Menu Fermer" (furniture), 2, 3 "Menu Fermer" again (furniture), 4, 5
    /// "Laisser un commentaire" (furniture).
    static let text = "Menu Fermer\nHuawei a démenti.\nMenu Fermer\nLe contrat est rompu.\nLaisser un commentaire"
    static let metadata = #"""
        {"furniture": [{"line": 1, "text": "Menu Fermer"}, {"line": 3, "text": "Menu Fermer"}, {"line": 5, "text": "Laisser un commentaire"}]}
        """#

    func project() throws -> TemporaryProject {
        let project = try TemporaryProject()
        let furniture = try PageFurniture(metadata: Data(Self.metadata.utf8), articleText: Self.text, documentName: "meta.json")
        let importer = ArticleImporter()
        let article = try importer.article(text: Self.text, id: "furnished", language: "fr", furniture: furniture)
        #expect(article.untranslatableSegmentNumbers == [1, 3, 5])
        try importer.store(article, in: project.annotations)
        return project
    }

    @Test func startsMovesAndCountsOnlySegmentsToTranslate() throws {
        let project = try project()
        defer { project.remove() }
        let session = try project.session("furnished")
        #expect(session.position == 2)
        #expect(session.progress.segmentsToTranslate == 2)
        #expect(session.progress.wordCount == 7)
        #expect(!session.isTranslatable(1) && session.isTranslatable(2))

        #expect(session.skip())
        #expect(session.position == 4)
        #expect(!session.skip())
        #expect(session.position == 4)
        #expect(session.back())
        #expect(session.position == 2)
        #expect(!session.back())

        try session.confirm("Huawei denied it.")
        #expect(session.position == 4)
        #expect(session.progress.segmentsDone == 1)
        #expect(session.progress.wordsDone == 3)
        #expect(!session.isComplete)
        try session.confirm("The contract is broken.")
        #expect(session.isComplete)
        #expect(session.progress.segmentsDone == 2)
        #expect(session.progress.fraction == 1)
        // Nothing was stored for the furniture.
        let stored = try ArticleTranslations(article: "furnished", sourceLanguage: .french, targetLanguage: .english, in: project.memory)
        #expect(stored.translatedSegments == [2, 4])
    }

    @Test func aConfirmedFurnitureTextIsNotPropagatedToOtherFurniture() throws {
        let project = try project()
        defer { project.remove() }
        let session = try project.session("furnished", start: 1)
        #expect(session.position == 1)
        let confirmation = try session.confirm("Menu Close")
        #expect(confirmation.propagated.isEmpty)
        #expect(session.position == 2)
        #expect(session.progress.segmentsDone == 0)
    }

    @Test func anArticleOfFurnitureOnlyHasNothingToTranslate() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        let importer = ArticleImporter()
        let furniture = try PageFurniture(metadata: Data(#"{"furniture": [{"line": 1, "text": "Menu Fermer"}]}"#.utf8), articleText: "Menu Fermer", documentName: "m.json")
        try importer.store(try importer.article(text: "Menu Fermer", id: "bare", language: "fr", furniture: furniture), in: project.annotations)
        #expect(throws: TranslationSessionError.emptyArticle("bare")) { try project.session("bare") }
    }
}
