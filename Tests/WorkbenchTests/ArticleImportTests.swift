import Annotation
import Foundation
import Interchange
import Testing
import TranslationMemory
import Workbench
import XMLSupport

@Suite struct ArticleImportTests {
    /// Export, translate elsewhere (new targets, a state changed, another tool's
    /// extension added), import: the report says what changed, the memory has the new
    /// translations as imported units of that tool, and a re-export carries the extension.
    @Test(arguments: ["2.1", "1.2"])
    func exportTranslateImportAndExportAgain(version: String) throws {
        let fixture = try ExportFixture()
        let format: XLIFFWriter.Format = version == "1.2" ? .xliff12 : .xliff2(version)
        var document = try fixture.document(format)
        document.files[0].metadata = [BilingualMetadataGroup(category: "tool", entries: [.init(type: "tool-id", value: "othercat"), .init(type: "tool-name", value: "OtherCAT")])]
        let extensionNamespace = "urn:example:othercat"
        let kept = XMLElement(qualifiedName: "oc:info", localName: "info", namespaceURI: extensionNamespace,
                              attributes: [XMLAttribute(qualifiedName: "reviewer", value: "Bea")], children: [.text("checked twice")], line: 0)
        document.files[0].children = document.files[0].children.map { node in
            rewrite(node) { unit in
                switch unit.id {
                case "s3": unit.segments[0].state = .final  // same text, state changed
                case "s5":
                    unit.segments[0].target = SegmentText("Fifth, translated in OtherCAT.")
                    unit.segments[0].state = .translated
                case "s6":
                    unit.segments[0].target = SegmentText("Sixth, translated in OtherCAT.")
                    unit.segments[0].state = .reviewed
                    unit.extensions = [kept]
                    unit.notes.append(BilingualNote(text: "Translator's remark", category: "othercat"))
                default: break
                }
            }
        }
        let path = fixture.directory.path("translated.xlf")
        try XLIFFWriter.write(document, format: format, toFile: path)

        let report = try ArticleImport().importFile(at: path, repository: fixture.repository, memory: fixture.memory)
        #expect(report.tool == "OtherCAT")
        #expect(report.articles == [ExportFixture.article])
        #expect(report.segmentsTranslated == [5, 6])
        #expect(report.statesChanged.contains(.init(segment: 3, from: .translated, to: .final)))
        #expect(report.sourceMismatches.isEmpty, "\(report.sourceMismatches)")
        #expect(report.unchanged == 1)  // segment 2
        let translations = try fixture.translations()
        let fifth = try #require(translations.current(segment: 5))
        #expect(fifth.target.plainText == "Fifth, translated in OtherCAT.")
        #expect(fifth.provenance.origin == .imported && fifth.provenance.tool == "OtherCAT")
        #expect(fifth.state == .translated)
        #expect(translations.current(segment: 6)?.state == .reviewed)
        #expect(translations.current(segment: 3)?.state == .final)
        // Segment 2 did not change: its translator's provenance stays.
        #expect(translations.current(segment: 2)?.provenance.origin == .human)

        // The next export carries OtherCAT's extension and note on unit s6, in the same family.
        let again = try XLIFFReader.read(bytes: try XLIFFWriter.data(try fixture.document(format), format: format), documentName: "again")
        let sixth = try #require(again.allUnits.first { $0.id == "s6" })
        #expect(sixth.extensions.map(\.xmlString) == [kept.xmlString])
        #expect(sixth.notes.contains { $0.text == "Translator's remark" })
        #expect(sixth.target?.plainText == "Sixth, translated in OtherCAT.")
        // Tandem's own notes are not duplicated by the round trip.
        #expect(sixth.notes.filter { $0.text.hasPrefix("Claim") }.count == 1)
    }

    /// Importing Tandem's own export unchanged changes nothing.
    @Test func reimportingAnUnchangedExportChangesNothing() throws {
        let fixture = try ExportFixture()
        let before = try unitCount(fixture.memory)
        let path = fixture.directory.path("export.xlf")
        try XLIFFWriter.write(try fixture.document(.xliff21), format: .xliff21, toFile: path)
        let report = try ArticleImport().importFile(at: path, repository: fixture.repository, memory: fixture.memory)
        #expect(report.segmentsTranslated.isEmpty && report.statesChanged.isEmpty && report.sourceMismatches.isEmpty)
        #expect(report.unchanged == 2)
        #expect(try unitCount(fixture.memory) == before)
    }

    /// A unit whose source no longer matches the article is left untouched and listed.
    @Test func unitsWhoseSourceChangedAreListedAndLeftAlone() throws {
        let fixture = try ExportFixture()
        var document = try fixture.document(.xliff21)
        document.files[0].children = document.files[0].children.map { node in
            rewrite(node) { unit in
                if unit.id == "s7" {
                    unit.segments[0].source = SegmentText("Une phrase qui n’est pas dans l’article.")
                    unit.segments[0].target = SegmentText("A sentence not in the article.")
                }
                if unit.id == "s8" { unit.segments[0].target = SegmentText("Eighth.") }
            }
        }
        let path = fixture.directory.path("changed.xlf")
        try XLIFFWriter.write(document, format: .xliff21, toFile: path)
        let report = try ArticleImport().importFile(at: path, repository: fixture.repository, memory: fixture.memory)
        #expect(report.sourceMismatches.map(\.unit) == ["s7"])
        #expect(report.sourceMismatches.first?.segment == 7)
        #expect(report.sourceMismatches.first?.line ?? 0 > 0)
        #expect(report.segmentsTranslated == [8])
        #expect(try fixture.translations().current(segment: 7) == nil)
    }

    /// Another tool's file for an article (the handmade samples are for
    /// fr-en-article.txt): units map by source text, the rest is listed.
    @Test(.enabled(if: Paths.sharedAvailable, "needs ../shared/interchange/samples"),
          arguments: ["fr-en-article-2.1.xlf", "fr-en-article-1.2.xlf", "fr-en-article-2.2.xlf"])
    func anotherToolsFileMapsBySourceText(sample: String) throws {
        let directory = try ScratchDirectory()
        let text = try String(contentsOf: Paths.samples.appendingPathComponent("handmade/fr-en-article.txt"), encoding: .utf8)
        let article = try segmentedArticle(id: "fr-en-article", text: text)
        let repository = InMemoryAnnotationRepository()
        try repository.addArticle(article)
        let memory = try scratchMemory(directory)
        let report = try ArticleImport(.init(article: "fr-en-article"))
            .importFile(at: Paths.samples.appendingPathComponent("handmade/\(sample)").path, repository: repository, memory: memory)
        // The first sentence is translated in every sample; "Double victoire contre
        // Huawei" is not in the article.
        #expect(report.segmentsTranslated == [1])
        #expect(report.sourceMismatches.count == 1)
        #expect(report.sourceMismatches.first?.reason.contains("no segment") == true)
        let translations = try ArticleTranslations(article: "fr-en-article", sourceLanguage: .french, targetLanguage: .english, in: memory)
        let first = try #require(translations.current(segment: 1))
        #expect(first.target.plainText == "The department suspended its partnership with the company in August 2020.")
        #expect(first.provenance.origin == .imported)
        #expect(first.location == SegmentLocation(article: "fr-en-article", segment: 1))
        if sample.hasSuffix("1.2.xlf") { #expect(report.tool == "hand-written sample (not third-party)") }
    }
}

/// Applies `change` to every unit under a node.
func rewrite(_ node: BilingualNode, _ change: (inout BilingualUnit) -> Void) -> BilingualNode {
    switch node {
    case .unit(var unit):
        change(&unit)
        return .unit(unit)
    case .group(var group):
        group.children = group.children.map { rewrite($0, change) }
        return .group(group)
    }
}

/// The command line's set-up: the annotation repository and the memory in one SQLite file.
@Suite struct OneDatabaseTests {
    @Test func exportAndImportWithBothStoresInOneFile() throws {
        let directory = try ScratchDirectory()
        let path = directory.path("tandem.sqlite")
        let memory = try SQLiteMemoryStore(url: URL(fileURLWithPath: path), create: true)
        let repository = try SQLiteAnnotationRepository(path: path)
        let article = try seedArticle("004_8a092bc0b89f6462")
        try repository.addArticle(article)
        let document = try ArticleExport(.init(format: .xliff12)).document(article: article.id, repository: repository, memory: memory)
        #expect(document.allUnits.count == article.segments.count)
        #expect(document.allUnits.allSatisfy { $0.target == nil })
        var translated = document
        translated.files[0].children = translated.files[0].children.map { node in
            rewrite(node) { unit in
                if unit.id == "s1" {
                    unit.segments[0].target = SegmentText("First sentence.")
                    unit.segments[0].state = .reviewed
                }
            }
        }
        let file = directory.path("004.xlf")
        try XLIFFWriter.write(translated, format: .xliff12, toFile: file)
        let report = try ArticleImport(.init(defaultTool: "Test")).importFile(at: file, repository: repository, memory: memory)
        #expect(report.segmentsTranslated == [1])
        let current = try ArticleTranslations(article: article.id.rawValue, sourceLanguage: .french, targetLanguage: .english, in: memory).current(segment: 1)
        #expect(current?.state == .reviewed)
        #expect(current?.provenance.tool == "Tandem")  // the file's header <tool>
    }
}
