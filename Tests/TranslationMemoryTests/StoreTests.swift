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

    @Test func alternativesAreKeptReplacedOrMerged() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let first = try store.add(unit("Ouvrir le fichier", "Open the file"), policy: .keepAlternatives)
        let second = try store.add(unit("Ouvrir  le fichier ", "Open file"), policy: .keepAlternatives)
        guard case .added(let firstID) = first, case .added = second else { Issue.record("\(first) \(second)"); return }
        #expect(try store.statistics().units == 2)

        // The identical unit merges: newer provenance, earliest creation date.
        var newer = unit("Ouvrir le fichier", "Open the file", origin: .human)
        newer.provenance.createdAt = Date(timeIntervalSince1970: 2_000)
        newer.provenance.changedAt = Date(timeIntervalSince1970: 3_000)
        newer.provenance.creator = "claire"
        var older = unit("Ouvrir le fichier", "Open the file")
        older.provenance.createdAt = Date(timeIntervalSince1970: 1_000)
        #expect(try store.add(newer, policy: .keepAlternatives) == .merged(id: firstID))
        #expect(try store.add(older, policy: .keepAlternatives) == .merged(id: firstID))
        let merged = try #require(try store.units(ids: [firstID]).first)
        #expect(merged.provenance.origin == .human)
        #expect(merged.provenance.creator == "claire")
        #expect(merged.provenance.createdAt == Date(timeIntervalSince1970: 1_000))
        #expect(merged.provenance.changedAt == Date(timeIntervalSince1970: 3_000))
        #expect(try store.statistics().units == 2)

        // Another pair is another source.
        _ = try store.add(unit("Ouvrir le fichier", "Datei öffnen", target: "de"), policy: .keepAlternatives)
        #expect(try store.statistics().units == 3)

        // Replace drops every translation of the source in the pair.
        let replaced = try store.add(unit("Ouvrir le fichier", "Open this file"), policy: .replace)
        guard case .replaced(let newID) = replaced else { Issue.record("\(replaced)"); return }
        let stats = try store.statistics()
        #expect(stats.units == 2)
        let matches = try store.lookup(MatchQuery(source: "Ouvrir le fichier"))
        #expect(matches.map(\.unit.id) == [newID])
        #expect(matches.first?.unit.target.plainText == "Open this file")
    }

    @Test func aThrowingBatchStoresNothing() throws {
        struct Stop: Error {}
        let temporary = try TemporaryStore()
        _ = try temporary.store.add(unit("Déjà là", "Already there"), policy: .keepAlternatives)
        #expect(throws: Stop.self) {
            try temporary.store.importBatch { batch in
                try batch.add(unit("Premier", "First"), policy: .keepAlternatives)
                try batch.add(unit("Déjà là", "Already there, again"), policy: .replace)
                throw Stop()
            }
        }
        #expect(try temporary.store.statistics().units == 1)
        #expect(try temporary.store.lookup(MatchQuery(source: "Premier")).isEmpty)
        #expect(try temporary.store.lookup(MatchQuery(source: "Déjà là")).first?.unit.target.plainText == "Already there")
    }

    @Test func regionsAreOneLanguageUnlessAsked() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        try store.importBatch { batch in
            try batch.add(unit("Le courriel est parti", "The email was sent", source: "fr-CA"), policy: .keepAlternatives)
            try batch.add(unit("Le courriel est parti.", "The email has gone.", source: "fr-FR"), policy: .keepAlternatives)
            try batch.add(unit("Le courriel est partis", "The emails were sent", source: "FR"), policy: .keepAlternatives)
        }
        let any = try store.lookup(MatchQuery(source: "Le courriel est parti", sourceLanguage: LanguageTag("fr-FR")!, minimumScore: 0.5))
        #expect(any.count == 3)
        #expect(any.first?.kind == .exact)
        let region = try store.lookup(MatchQuery(source: "Le courriel est parti", sourceLanguage: LanguageTag("fr-FR")!, minimumScore: 0.5, matchRegion: true))
        #expect(region.map(\.unit.target.plainText) == ["The email has gone."])
        #expect(try store.lookup(MatchQuery(source: "Le courriel est parti", targetLanguage: LanguageTag("de")!)).isEmpty)
        let stats = try store.statistics()
        #expect(stats.pairs.count == 3)
        #expect(stats.byOrigin[.imported] == 3)
    }

    @Test func inContextRanksAboveExactAboveFuzzy() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        var fuzzy = unit("Enregistrer le fichier.", "Save the file.", origin: .human)
        fuzzy.context = SegmentContext(previous: "Titre", next: "Fin")
        var exact = unit("Enregistrer le fichier", "Save the file", origin: .human)
        exact.context = SegmentContext(previous: "Autre", next: "Fin")
        var inContext = unit("Enregistrer le fichier", "Save file", origin: .machine)
        inContext.context = SegmentContext(previous: "Titre", next: "Fin")
        for u in [fuzzy, exact, inContext] { try store.add(u, policy: .keepAlternatives) }
        let matches = try store.lookup(MatchQuery(source: "Enregistrer  le fichier", context: SegmentContext(previous: "Titre", next: "Fin")))
        #expect(matches.map(\.kind) == [.inContext, .exact, .fuzzy])
        #expect(matches.map(\.unit.target.plainText) == ["Save file", "Save the file", "Save the file."])
        #expect(matches.map(\.score) == [1, 1, 1 - 1.0 / 23])
        // Without context, the human exact match comes first (origin order), no in-context.
        let plain = try store.lookup(MatchQuery(source: "Enregistrer le fichier", limit: 1))
        #expect(plain.map(\.kind) == [.exact])
        #expect(plain.first?.unit.target.plainText == "Save the file")
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

    @Test func concordanceFoldsCaseAndOnRequestAccents() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        try store.importBatch { batch in
            try batch.add(unit("Les Ouïghours du Xinjiang", "The Uyghurs of Xinjiang"), policy: .keepAlternatives)
            try batch.add(unit("Un rapport sur les ouighours", "A report on the Uyghurs"), policy: .keepAlternatives)
            try batch.add(unit("Rien à voir", "Nothing to see"), policy: .keepAlternatives)
        }
        let plain = try store.concordance(ConcordanceQuery(text: "Ouighours"))
        #expect(plain.map(\.unit.source.plainText) == ["Un rapport sur les ouighours"])
        #expect(plain.first?.ranges == [19..<28])
        let folded = try store.concordance(ConcordanceQuery(text: "Ouighours", ignoreAccents: true))
        #expect(folded.map(\.unit.source.plainText) == ["Les Ouïghours du Xinjiang", "Un rapport sur les ouighours"])
        #expect(folded.first?.ranges == [4..<13])
        let caseSensitive = try store.concordance(ConcordanceQuery(text: "ouïghours", ignoreCase: false, ignoreAccents: false))
        #expect(caseSensitive.isEmpty)
        let target = try store.concordance(ConcordanceQuery(text: "the uyghurs", sides: [.target]))
        #expect(target.map(\.part) == [.target, .target])
        #expect(target.map(\.ranges) == [[0..<11], [12..<23]])
    }
}
