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
    /// Every field's round trip is StoreConformanceTests'; here, what the file keeps.
    @Test func reopeningTheFileReadsTheUnitAndItsMigrations() throws {
        let temporary = try TemporaryStore()
        var original = unit("Huawei suspend", "Huawei suspends")
        original.location = SegmentLocation(article: "huawei-2019", segment: 12)
        let outcome = try temporary.store.add(original, policy: .keepAlternatives)
        guard case .added(let id) = outcome else { Issue.record("expected added, got \(outcome)"); return }
        var expected = original
        expected.id = id
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
