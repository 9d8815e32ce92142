import Annotation
import Foundation
import Interchange
import Testing
import TranslationMemory
import Workbench
import XMLSupport

/// An article in a repository and a memory, with translations, a candidate and claims:
/// what `tandem export ARTICLE --format xliff2|xliff12` works on.
struct ExportFixture {
    let directory: ScratchDirectory
    let repository: InMemoryAnnotationRepository
    let memory: SQLiteMemoryStore
    let article: Article
    let furniture: PageFurniture
    static let article = "000_9519520b1cfbc68e"
    static let yesterday = Date(timeIntervalSince1970: 1_790_000_000)

    init() throws {
        directory = try ScratchDirectory()
        repository = InMemoryAnnotationRepository()
        memory = try scratchMemory(directory)
        article = try seedArticle(Self.article)
        try repository.addArticle(article)
        furniture = try PageFurniture(metadataFile: Paths.seeds.appendingPathComponent("\(Self.article).json").path, articleText: article.text)
        // Translations of segments 2 (reviewed) and 3 (translated).
        try addTranslation(segment: 2, "Double victory against Huawei", state: .reviewed)
        try addTranslation(segment: 3, "Second sentence in English.", state: .translated)
        // A unit elsewhere whose source is close to segment 4's: a candidate.
        var near = segmentText(article, 4)
        near = String(near.dropLast(1)) + " !"
        try memory.add(TranslationUnit(sourceLanguage: .french, targetLanguage: .english, source: SegmentText(near),
                                       target: SegmentText("A close match."), provenance: Provenance(origin: .human, creator: "Ann", tool: "OtherMemory")),
                       policy: .keepAlternatives)
        // A claim inside segment 2, cited, and one across segments 5 and 6.
        let quote = String(segmentText(article, 2).prefix(15))
        try repository.addClaim("claim-1", to: article.id, at: .quote(quote), kind: .fact, note: "Check the date")
        try repository.addSource(Source(id: "src-1", kind: .officialStatement, url: URL(string: "https://example.org/statement"), title: "Statement of the department"))
        try repository.cite("claim-1", source: "src-1", status: .linked, id: "cit-1")
        let s5 = article.segments[4].range, s6 = article.segments[5].range
        try repository.addClaim("claim-2", to: article.id, at: .span((s5.upperBound - 5)..<(s6.lowerBound + 5)), kind: .attribution)
    }

    func addTranslation(segment: Int, _ target: String, state: TranslationState, date: Date = yesterday) throws {
        var unit = TranslationUnit(sourceLanguage: .french, targetLanguage: .english, source: SegmentText(segmentText(article, segment)),
                                   target: SegmentText(target), provenance: Provenance(origin: .human, creator: "Tandem team", createdAt: date),
                                   location: SegmentLocation(article: Self.article, segment: segment))
        unit.state = state
        try memory.add(unit, policy: .keepAlternatives)
    }

    func document(_ format: XLIFFWriter.Format) throws -> BilingualDocument {
        try ArticleExport(.init(targetLanguage: .english, format: format, furniture: furniture))
            .document(article: article.id, repository: repository, memory: memory)
    }

    func translations() throws -> ArticleTranslations {
        try ArticleTranslations(article: Self.article, sourceLanguage: .french, targetLanguage: .english, in: memory)
    }
}

/// The formats an article is exported in.
let exportFormats: [(name: String, format: XLIFFWriter.Format)] = [
    ("xliff-2.0", .xliff2("2.0")), ("xliff-2.1", .xliff21), ("xliff-2.2", .xliff2("2.2")), ("xliff-1.2", .xliff12),
]

@Suite struct ArticleExportTests {
    @Test func oneUnitPerSegmentGroupedByParagraphWithFurnitureTranslationsCandidatesAndClaims() throws {
        let fixture = try ExportFixture()
        let document = try fixture.document(.xliff21)
        let units = document.allUnits
        #expect(units.count == fixture.article.segments.count)
        #expect(units.map(\.id) == (1...fixture.article.segments.count).map { "s\($0)" })
        #expect(document.files.first?.original == ExportFixture.article)
        // Groups follow paragraphs: every unit of a group has the group's paragraph.
        for case .group(let group) in document.files[0].children {
            let paragraphs = Set(group.children.flatMap(\.allUnits).map { fixture.article.segments[Int($0.id.dropFirst())! - 1].paragraph + 1 })
            #expect(paragraphs == [Int(group.id!.dropFirst())!])
        }
        // Furniture: "Menu Fermer" (1) and the comment form (the last three segments).
        let untranslatable = units.filter { $0.translate == false }.map(\.id)
        let count = fixture.article.segments.count
        #expect(untranslatable == ["s1", "s\(count - 2)", "s\(count - 1)", "s\(count)"])
        #expect(units[0].notes.contains { $0.category == "furniture" })
        // Translations and states.
        #expect(units[1].target?.plainText == "Double victory against Huawei")
        #expect(units[1].segments[0].state == .reviewed)
        #expect(units[2].segments[0].state == .translated)
        #expect(units[1].metadata.contains { $0.category == "provenance" && $0.value("origin") == "human" && $0.value("creator") == "Tandem team" })
        #expect(units[4].target == nil)
        // The near match is a candidate of segment 4, and no segment's own translation is.
        let candidate = try #require(units[3].candidates.first)
        #expect(candidate.target.plainText == "A close match.")
        #expect(candidate.similarity.map { $0 > 0.7 && $0 < 1 } == true)
        #expect(units[1].candidates.allSatisfy { $0.target.plainText != "Double victory against Huawei" })
        // Claims: on segment 2, and on both segments 5 and 6.
        let claim = try #require(units[1].annotations.first { $0.kind == "claim" })
        #expect(claim.range == 0..<15)
        #expect(claim.comment.contains("Claim (fact)") && claim.comment.contains("Statement of the department") && claim.comment.contains("[linked]") && claim.comment.contains("Check the date"))
        #expect(units[4].annotations.contains { $0.kind == "claim" && $0.comment.contains("none cited") })
        #expect(units[5].annotations.contains { $0.kind == "claim" })
    }

    @Test func inlineFurnitureIsMarked() throws {
        let article = try seedArticle("004_8a092bc0b89f6462")
        let furniture = try PageFurniture(metadataFile: Paths.seeds.appendingPathComponent("004_8a092bc0b89f6462.json").path, articleText: article.text)
        #expect(furniture.pieces.count == 1)
        let repository = InMemoryAnnotationRepository()
        try repository.addArticle(article)
        let directory = try ScratchDirectory()
        let document = try ArticleExport(.init(furniture: furniture)).document(article: article.id, repository: repository, memory: try scratchMemory(directory))
        // The teaser glued into line 2 is segment 9 on its own: not translatable.
        let teaser = document.allUnits.filter { $0.translate == false }
        #expect(teaser.map(\.id) == ["s9"])
        #expect(teaser.first?.source.plainText.hasPrefix("Comment Pékin") == true)
    }

    @Test func furnitureMetadataThatDoesNotFitTheTextIsRefused() throws {
        let article = try seedArticle(ExportFixture.article)
        let wrongLine = Data(#"{"furniture": [{"line": 2, "text": "Menu Fermer", "inline": false}]}"#.utf8)
        #expect(throws: PageFurnitureError.self) { try PageFurniture(metadata: wrongLine, articleText: article.text, documentName: "meta.json") }
        let pastTheEnd = Data(#"{"furniture": [{"line": 99, "text": "x"}]}"#.utf8)
        #expect(throws: PageFurnitureError.self) { try PageFurniture(metadata: pastTheEnd, articleText: article.text, documentName: "meta.json") }
    }

    /// Every export reads back with Tandem's reader (which checks unique ids, references
    /// and inline pairing) and keeps the claims as markers pointing at their notes.
    @Test(arguments: exportFormats.map(\.name))
    func exportReadsBackWithClaimsAndStates(name: String) throws {
        let fixture = try ExportFixture()
        let format = exportFormats.first { $0.name == name }!.format
        let bytes = try XLIFFWriter.data(try fixture.document(format), format: format)
        let read = try XLIFFReader.read(bytes: bytes, documentName: name)
        let units = read.allUnits
        #expect(units.count == fixture.article.segments.count)
        #expect(units[1].target?.plainText == "Double victory against Huawei")
        #expect(units[1].segments[0].state == .reviewed)
        #expect(units[0].translate == false)
        let marker = units[1].source.elements.contains { if case .code(let code) = $0 { code.kind == .highlightBegin } else { false } }
        #expect(marker, "the claim on segment 2 is a marker in the source")
        #expect(units[1].notes.contains { $0.text.contains("Statement of the department") })
        #expect(units[3].candidates.first?.target.plainText == "A close match.")
        #expect(units[1].source.plainText == segmentText(fixture.article, 2))
    }

    /// Every export is valid against the official schemas and the rules they cannot express.
    @Test(.enabled(if: Paths.canValidate, "needs ../shared/tools/validate-interchange, python3 and xmllint (make test-deps)"),
          arguments: exportFormats.map(\.name))
    func exportValidates(name: String) throws {
        let fixture = try ExportFixture()
        let format = exportFormats.first { $0.name == name }!.format
        let path = fixture.directory.path("\(name).xlf")
        try XLIFFWriter.write(try fixture.document(format), format: format, toFile: path)
        let result = try Programs.run(Paths.validator, ["-W", path])
        #expect(result.status == 0, "\(result.text)")
        #expect(result.text.contains(": OK ("), "\(result.text)")
    }
}
