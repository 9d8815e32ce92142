import Foundation
import GRDB
import Testing
import TranslationMemory

private func temporaryDatabase() -> (URL, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-glossary-\(UUID().uuidString)")
    return (folder.appendingPathComponent("tandem.sqlite"), folder)
}

@Suite struct GlossaryStoreTests {
    @Test func addsListsAndUpdatesTermsByPairAndBothSides() throws {
        let (url, folder) = temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteGlossaryStore(url: url)
        let date = Date(timeIntervalSince1970: 1_700_000_000)

        let first = try store.add(Term(source: "liste  noire ", target: "blacklist", note: "US Entity List",
                                       provenance: TermProvenance(origin: .manual, creator: "ana", createdAt: date)))
        guard case .added(let id) = first else { Issue.record("expected a new term, got \(first)"); return }
        try store.add(Term(source: "ONG", target: "NGO"))
        // Same pair, other case: an update (approval changed, note kept when none given).
        #expect(try store.add(Term(source: "Liste noire", target: "Blacklist", isApproved: false)) == .updated(id: id))
        // Same source, another translation: a second term.
        if case .updated = try store.add(Term(source: "liste noire", target: "entity list")) { Issue.record("a new translation is a new term") }
        // Another pair is another glossary.
        try store.add(Term(sourceLanguage: .english, targetLanguage: .french, source: "blacklist", target: "liste noire"))

        let terms = try store.terms(sourceLanguage: .french, targetLanguage: .english)
        #expect(terms.map(\.source) == ["Liste noire", "liste noire", "ONG"])
        let updated = try #require(terms.first { $0.id == id })
        #expect(updated.target == "Blacklist")
        #expect(updated.isApproved == false)
        #expect(updated.note == "US Entity List")
        #expect(terms.first { $0.target == "entity list" }?.isApproved == true)
        #expect(try store.terms(sourceLanguage: nil, targetLanguage: nil).count == 4)
        #expect(try store.terms(sourceLanguage: .english, targetLanguage: .french).map(\.target) == ["liste noire"])

        #expect(try store.removeTerm(id: id))
        #expect(try !store.removeTerm(id: id))
        #expect(try store.terms(sourceLanguage: .french, targetLanguage: .english).count == 2)
    }

    @Test func keepsProvenanceAndTidiesText() throws {
        let (url, folder) = temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteGlossaryStore(url: url)
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        try store.add(Term(
            sourceLanguage: LanguageTag("fr-FR")!, targetLanguage: LanguageTag("en-GB")!,
            source: "  droits de\tl'homme ", target: "human rights", note: "  ",
            provenance: TermProvenance(origin: .imported, creator: "ana", createdAt: date, file: "g.tsv", line: 7)))
        let term = try #require(try store.terms(sourceLanguage: .french, targetLanguage: .english).first)
        #expect(term.source == "droits de l'homme")
        #expect(term.note == nil)
        #expect(term.sourceLanguage.identifier == "fr-FR")
        #expect(term.targetLanguage.identifier == "en-GB")
        #expect(term.provenance == TermProvenance(origin: .imported, creator: "ana", createdAt: date, file: "g.tsv", line: 7))
    }

    @Test func anImportWithOneInvalidTermStoresNothing() throws {
        let (url, folder) = temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteGlossaryStore(url: url)
        let terms = [
            Term(source: "liste noire", target: "blacklist"),
            Term(source: "ONG", target: "  ", provenance: TermProvenance(origin: .imported, file: "g.csv", line: 3)),
        ]
        #expect {
            try store.importTerms(terms)
        } throws: { error in
            "\(error)".contains("g.csv:3") && "\(error)".contains("target term is empty")
        }
        #expect(try store.terms(sourceLanguage: nil, targetLanguage: nil).isEmpty)
        let summary = try store.importTerms([terms[0], Term(source: "Liste Noire", target: "BLACKLIST"), Term(source: "ONG", target: "NGO")])
        #expect(summary == TermImportSummary(added: 2, updated: 1))
    }

    @Test func sharesTheMemorysDatabase() throws {
        let (url, folder) = temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        let memory = try SQLiteMemoryStore(url: url)
        try memory.add(TranslationUnit(sourceLanguage: .french, targetLanguage: .english,
                                       source: SegmentText("Bonjour."), target: SegmentText("Hello.")), policy: .keepAlternatives)
        let glossary = try SQLiteGlossaryStore(url: url, create: false)
        try glossary.add(Term(source: "bonjour", target: "hello"))
        #expect(try glossary.appliedMigrations() == ["glossary-v1-terms"])
        #expect(try memory.statistics().units == 1)
        // Reopened in the other order, both still work.
        let again = try SQLiteMemoryStore(url: url, create: false)
        #expect(try again.appliedMigrations().contains("v1-units"))
        #expect(try SQLiteGlossaryStore(url: url, create: false).terms(sourceLanguage: nil, targetLanguage: nil).count == 1)
    }

    @Test func refusesAMissingFileUnlessCreatingAndANewerSchema() throws {
        let (url, folder) = temporaryDatabase()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: GlossaryStoreError.notFound(path: url.path)) { try SQLiteGlossaryStore(url: url, create: false) }
        _ = try SQLiteGlossaryStore(url: url)
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('glossary-v9-future')") }
        try queue.close()
        #expect(throws: GlossaryStoreError.newerSchema(path: url.path, unknownMigrations: ["glossary-v9-future"])) {
            try SQLiteGlossaryStore(url: url)
        }
    }

    @Test func validatesTerms() {
        #expect(throws: TermError.emptySide("source")) { try Term(source: " ", target: "x").validate() }
        #expect(throws: TermError.lineBreak("target")) { try Term(source: "x", target: "a\nb").validate() }
        #expect(throws: Never.self) { try Term(source: "x", target: "y").validate() }
    }
}
