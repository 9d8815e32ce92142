import Foundation
import Testing
import TeamStore
import TranslationMemory

/// A new, empty glossary of one kind (in a new memory database), removed when the test ends.
final class TestGlossary {
    let kind: StoreKind
    let store: any GlossaryStore
    /// A path or postgres:// address of the database.
    let address: String
    private let cleanUp: () -> Void

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-team-glossary-\(UUID().uuidString)")
            let url = folder.appendingPathComponent("tandem.sqlite")
            store = try SQLiteGlossaryStore(url: url)
            address = url.path
            cleanUp = { try? FileManager.default.removeItem(at: folder) }
        case .postgres:
            guard TestServer.isAvailable else { try Test.cancel(TestServer.absence) }
            let (location, drop) = try TestServer.newDatabase()
            let postgres = try PostgresGlossaryStore(location: location)
            store = postgres
            address = "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"
            cleanUp = { postgres.close(); drop() }
        }
    }

    /// The same glossary opened by another client.
    func reopen() throws -> any GlossaryStore {
        switch kind {
        case .sqlite: try SQLiteGlossaryStore(url: URL(fileURLWithPath: address), create: false)
        case .postgres: try PostgresGlossaryStore(address: address)
        }
    }

    deinit { cleanUp() }
}

/// The glossary tests of `TranslationMemoryTests.GlossaryStoreTests`, run on SQLite and
/// on PostgreSQL: both stores keep the same semantics.
@Suite struct GlossaryStoreConformanceTests {
    @Test(arguments: StoreKind.testable)
    func addsListsAndUpdatesTermsByPairAndBothSides(_ kind: StoreKind) throws {
        let glossary = try TestGlossary(kind)
        let store = glossary.store
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
        // Another client sees the same glossary.
        #expect(try glossary.reopen().terms(sourceLanguage: nil, targetLanguage: nil) == store.terms(sourceLanguage: nil, targetLanguage: nil))

        #expect(try store.removeTerm(id: id))
        #expect(try !store.removeTerm(id: id))
        #expect(try store.terms(sourceLanguage: .french, targetLanguage: .english).count == 2)
    }

    @Test(arguments: StoreKind.testable)
    func keepsProvenanceAndTidiesText(_ kind: StoreKind) throws {
        let glossary = try TestGlossary(kind)
        let date = Date(timeIntervalSince1970: 1_700_000_000.5)
        try glossary.store.add(Term(
            sourceLanguage: LanguageTag("fr-FR")!, targetLanguage: LanguageTag("en-GB")!,
            source: "  droits de\tl'homme ", target: "human rights", note: "  ",
            provenance: TermProvenance(origin: .imported, creator: "ana", createdAt: date, file: "g.tsv", line: 7)))
        let term = try #require(try glossary.store.terms(sourceLanguage: .french, targetLanguage: .english).first)
        #expect(term.source == "droits de l'homme")
        #expect(term.note == nil)
        #expect(term.sourceLanguage.identifier == "fr-FR")
        #expect(term.targetLanguage.identifier == "en-GB")
        #expect(term.provenance == TermProvenance(origin: .imported, creator: "ana", createdAt: date, file: "g.tsv", line: 7))
    }

    @Test(arguments: StoreKind.testable)
    func anImportWithOneInvalidTermStoresNothing(_ kind: StoreKind) throws {
        let glossary = try TestGlossary(kind)
        let store = glossary.store
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

    @Test(arguments: StoreKind.testable)
    func listsInGlossaryOrderIgnoringCaseThenAccents(_ kind: StoreKind) throws {
        let glossary = try TestGlossary(kind)
        for (source, target) in [("droits", "rights"), ("Département", "department office"), ("département", "department"), ("ETAT", "state"), ("État", "State")] {
            try glossary.store.add(Term(source: source, target: target))
        }
        #expect(try glossary.store.terms(sourceLanguage: .french, targetLanguage: .english).map(\.source)
            == ["département", "Département", "droits", "ETAT", "État"])
    }

    @Test(arguments: StoreKind.testable)
    func sharesTheMemorysDatabase(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        try memory.store.add(unit("Bonjour.", "Hello."), policy: .keepAlternatives)
        let glossary: any GlossaryStore = switch kind {
        case .sqlite: try SQLiteGlossaryStore(url: URL(fileURLWithPath: memory.address), create: false)
        case .postgres: try PostgresGlossaryStore(address: memory.address)
        }
        try glossary.add(Term(source: "bonjour", target: "hello"))
        #expect(try memory.store.statistics().units == 1)
        #expect(try memory.reopen().statistics().units == 1)
        switch glossary {
        case let glossary as SQLiteGlossaryStore: #expect(try glossary.appliedMigrations() == ["glossary-v1-terms"])
        case let glossary as PostgresGlossaryStore:
            let applied = try glossary.appliedMigrations()
            #expect(applied.contains("glossary-v1-terms") && applied.contains("memory-v1-units"), "\(applied)")
            glossary.close()
        default: Issue.record("unexpected store \(glossary)")
        }
    }

    /// Two clients adding the same terms at once end with one term per pair.
    @Test(arguments: StoreKind.testable)
    func concurrentAddsOfTheSameTermMakeOneTerm(_ kind: StoreKind) throws {
        let glossary = try TestGlossary(kind)
        let clients = [glossary.store, try glossary.reopen(), try glossary.reopen()]
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: clients.count) { client in
            do {
                for i in 0..<20 {
                    try clients[client].add(Term(source: "terme \(i)", target: "term \(i)", note: "client \(client)"))
                }
            } catch {
                failures.add("client \(client): \(error)")
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let terms = try glossary.store.terms(sourceLanguage: nil, targetLanguage: nil)
        #expect(terms.count == 20)
        #expect(Set(terms.map(\.source)) == Set((0..<20).map { "terme \($0)" }))
        for case let store as PostgresGlossaryStore in clients { store.close() }
    }
}
