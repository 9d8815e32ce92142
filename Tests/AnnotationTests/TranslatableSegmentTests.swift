import Foundation
import Testing
@testable import Annotation

/// `ArticleSegment.isTranslatable`: page furniture marked on the segments themselves,
/// in a form that segments stored before the flag existed still decode from.
@Suite struct TranslatableSegmentTests {
    static let text = "Menu Fermer\nLe département a suspendu le partenariat."
    static let article = Article(
        id: "furnished", language: "fr", text: text,
        segments: [
            ArticleSegment(range: 0..<11, paragraph: 0, isTranslatable: false),
            ArticleSegment(range: 12..<text.unicodeScalars.count, paragraph: 1),
        ])

    @Test func aSegmentIsTranslatableByDefault() {
        #expect(ArticleSegment(range: 0..<3, paragraph: 0).isTranslatable)
        #expect(Self.article.translatableSegmentNumbers == [2])
        #expect(Self.article.untranslatableSegmentNumbers == [1])
    }

    @Test func onlyAnUntranslatableSegmentCarriesTheKey() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(Self.article.segments), as: UTF8.self)
        #expect(json == #"[{"end":11,"paragraph":0,"start":0,"translatable":false},{"end":53,"paragraph":1,"start":12}]"#)
    }

    @Test func segmentsStoredBeforeTheFlagDecodeAsTranslatable() throws {
        let old = Data(#"[{"start":0,"end":11,"paragraph":0},{"start":12,"end":53,"paragraph":1}]"#.utf8)
        let segments = try JSONDecoder().decode([ArticleSegment].self, from: old)
        #expect(segments.map(\.isTranslatable) == [true, true])
        #expect(segments.map(\.range) == [0..<11, 12..<53])
        let explicit = Data(#"[{"start":0,"end":11,"paragraph":0,"translatable":true}]"#.utf8)
        #expect(try JSONDecoder().decode([ArticleSegment].self, from: explicit).first?.isTranslatable == true)
        let wrongType = Data(#"[{"start":0,"end":11,"paragraph":0,"translatable":"no"}]"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([ArticleSegment].self, from: wrongType) }
    }

    @Test func theArticleRoundTripsThroughItsCodableForm() throws {
        let data = try JSONEncoder().encode(Self.article)
        let decoded = try JSONDecoder().decode(Article.self, from: data)
        #expect(decoded == Self.article)
        #expect(decoded.segments[0].isTranslatable == false)
        // An article written before the flag: every segment translatable.
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["segments"] = [["start": 0, "end": 11, "paragraph": 0], ["start": 12, "end": 53, "paragraph": 1]]
        let old = try JSONDecoder().decode(Article.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old.untranslatableSegmentNumbers.isEmpty)
        #expect(old.segments.map(\.range) == Self.article.segments.map(\.range))
    }

    @Test func theSQLiteRepositoryKeepsTheFlag() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-furniture-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("tandem.sqlite").path
        try SQLiteAnnotationRepository(path: path).write { try $0.save(Self.article) }
        let stored = try SQLiteAnnotationRepository(path: path).read { try $0.article("furnished") }
        #expect(stored == Self.article)
        #expect(stored?.untranslatableSegmentNumbers == [1])
    }

    @Test func segmentNumbersAreWrittenAsRuns() {
        #expect(SegmentNumberList.describe([1, 15, 16, 17]) == "1, 15–17")
        #expect(SegmentNumberList.describe([9]) == "9")
        #expect(SegmentNumberList.describe([3, 4]) == "3, 4")
        #expect(SegmentNumberList.describe([5, 2, 3, 4, 2]) == "2–5")
        #expect(SegmentNumberList.describe([]) == "")
    }
}
