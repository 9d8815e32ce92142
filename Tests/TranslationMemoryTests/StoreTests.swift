import Foundation
import Testing
@testable import TranslationMemory

/// A fresh store in a temporary folder (removed when the test ends).
final class TemporaryStore {
    let folder: URL
    let store: SQLiteMemoryStore

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-tm-tests-\(UUID().uuidString)")
        store = try SQLiteMemoryStore(url: folder.appendingPathComponent("Memory/tandem.sqlite"))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }
}

func unit(_ source: String, _ target: String, origin: UnitOrigin = .imported, source sourceLanguage: String = "fr", target targetLanguage: String = "en") -> TranslationUnit {
    TranslationUnit(
        sourceLanguage: LanguageTag(sourceLanguage)!, targetLanguage: LanguageTag(targetLanguage)!,
        source: SegmentText(source), target: SegmentText(target), provenance: Provenance(origin: origin))
}

/// What only the SQLite store does (its file, its migrations, its FTS5 concordance index);
/// the behaviour every store shares is tested on SQLite and PostgreSQL alike by
/// TeamStoreTests/StoreConformanceTests.
@Suite struct StoreTests {
    @Test func everyFieldSurvivesTheRoundTrip() throws {
        let temporary = try TemporaryStore()
        let bold = InlineCode(kind: .begin, attributes: [.init(name: "i", value: "1"), .init(name: "type", value: "bold")], content: [.data("<b>")])
        let sub = InlineCode(kind: .placeholder, attributes: [.init(name: "x", value: "2")], content: [.data("{0}"), .sub(attributes: [.init(name: "type", value: "alt")], text: SegmentText("texte  de sub"))])
        let original = TranslationUnit(
            sourceLanguage: LanguageTag("fr-CA")!, targetLanguage: LanguageTag("en-GB")!,
            source: SegmentText(elements: [.text("Le  "), .code(bold), .text("Huawei"), .code(InlineCode(kind: .end, attributes: [.init(name: "i", value: "1")], content: [.data("</b>")])), .text(" suspend "), .code(sub)]),
            target: SegmentText("Huawei suspends"),
            provenance: Provenance(
                origin: .aligned, creator: "anne", createdAt: Date(timeIntervalSince1970: 1_700_000_000.25),
                changedBy: "bob", changedAt: Date(timeIntervalSince1970: 1_700_000_500.5), tool: "Tandem 0.1", confidence: 0.875),
            context: SegmentContext(previous: "Avant.", next: "Après."),
            location: SegmentLocation(article: "huawei-2019", segment: 12),
            properties: [UnitProperty(type: "x-domain", value: "tech"), UnitProperty(part: .source, type: "x-note", value: "v", language: "fr")],
            notes: [UnitNote(text: "checked"), UnitNote(part: .target, text: "UK spelling", language: "en")])
        let outcome = try temporary.store.add(original, policy: .keepAlternatives)
        guard case .added(let id) = outcome else { Issue.record("expected added, got \(outcome)"); return }
        var units: [TranslationUnit] = []
        try temporary.store.forEachUnit(sourceLanguage: nil, targetLanguage: nil) { units.append($0) }
        var expected = original
        expected.id = id
        #expect(units == [expected])

        // Reopening reads the same.
        let reopened = try SQLiteMemoryStore(url: temporary.store.url, create: false)
        #expect(try reopened.units(ids: [id]) == [expected])
        #expect(try reopened.appliedMigrations() == ["v1-units", "v1-concordance", "v2-unit-article", "v3-concordance-by-batch"])
    }

    @Test func openingAMissingMemoryWithoutCreateSaysHowToMakeOne() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-missing-\(UUID().uuidString)/tandem.sqlite")
        #expect {
            _ = try SQLiteMemoryStore(url: url, create: false)
        } throws: { error in
            "\(error)".contains("tandem import")
        }
    }

    @Test func concordanceIndexFollowsAddsReplacementsAndImports() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        try store.importBatch { batch in
            try batch.add(unit("Ouvrir le fichier", "Open the file"), policy: .keepAlternatives)
            try batch.add(unit("Fermer la fenêtre", "Shut the window"), policy: .keepAlternatives)
            // Replaced in the batch that added it, before it was indexed.
            try batch.add(unit("Fermer la fenêtre", "Close the window"), policy: .replace)
        }
        try store.checkConcordanceIndex()
        // Replacing the newest unit frees its id, which the replacement takes again.
        try store.add(unit("Fermer la fenêtre", "Close window"), policy: .replace)
        try store.add(unit("Ouvrir le fichier", "Open file"), policy: .keepAlternatives)
        try store.add(unit("Ouvrir le fichier", "Open file"), policy: .keepAlternatives)  // merged
        try store.checkConcordanceIndex()
        #expect(try store.concordance(ConcordanceQuery(text: "shut", sides: [.target])).isEmpty)
        #expect(try store.concordance(ConcordanceQuery(text: "the window", sides: [.target])).isEmpty)
        #expect(try store.concordance(ConcordanceQuery(text: "close window", sides: [.target])).map(\.unit.target.plainText) == ["Close window"])
        #expect(try store.concordance(ConcordanceQuery(text: "open", sides: [.target])).map(\.unit.target.plainText) == ["Open the file", "Open file"])
    }

}
