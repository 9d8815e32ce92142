import Foundation
import Testing
import TeamStore
import TranslationMemory

/// Every unit of a memory, in storage order.
func allUnits(_ store: any MemoryStore) throws -> [TranslationUnit] {
    var units: [TranslationUnit] = []
    try store.forEachUnit(sourceLanguage: nil, targetLanguage: nil) { units.append($0) }
    return units
}

/// The same behaviour from every store: each test runs on SQLite and on PostgreSQL.
@Suite struct StoreConformanceTests {
    @Test(arguments: StoreKind.testable)
    func everyFieldSurvivesTheRoundTrip(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
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
        let outcome = try memory.store.add(original, policy: .keepAlternatives)
        guard case .added(let id) = outcome else { Issue.record("expected added, got \(outcome)"); return }
        var expected = original
        expected.id = id
        #expect(try allUnits(memory.store) == [expected])
        // Another client reads the same.
        #expect(try allUnits(try memory.reopen()) == [expected])
    }

    @Test(arguments: StoreKind.testable)
    func alternativesAreKeptReplacedOrMerged(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        let store = memory.store
        let first = try store.add(unit("Ouvrir le fichier", "Open the file"), policy: .keepAlternatives)
        let second = try store.add(unit("Ouvrir  le fichier ", "Open file"), policy: .keepAlternatives)
        guard case .added(let firstID) = first, case .added = second else { Issue.record("\(first) \(second)"); return }
        #expect(try store.statistics().units == 2)

        // The identical unit merges: newer provenance, earliest creation date.
        var newer = unit("Ouvrir le fichier", "Open the file", origin: .human)
        newer.provenance.createdAt = Date(timeIntervalSince1970: 2_000)
        newer.provenance.changedAt = Date(timeIntervalSince1970: 3_000)
        newer.provenance.creator = "claire"
        newer.notes = [UnitNote(text: "checked")]
        var older = unit("Ouvrir le fichier", "Open the file")
        older.provenance.createdAt = Date(timeIntervalSince1970: 1_000)
        older.location = SegmentLocation(article: "a1", segment: 3)
        #expect(try store.add(newer, policy: .keepAlternatives) == .merged(id: firstID))
        #expect(try store.add(older, policy: .keepAlternatives) == .merged(id: firstID))
        let merged = try #require(try allUnits(store).first { $0.id == firstID })
        #expect(merged.provenance.origin == .human)
        #expect(merged.provenance.creator == "claire")
        #expect(merged.provenance.createdAt == Date(timeIntervalSince1970: 1_000))
        #expect(merged.provenance.changedAt == Date(timeIntervalSince1970: 3_000))
        #expect(merged.notes == [UnitNote(text: "checked")])
        #expect(merged.location == SegmentLocation(article: "a1", segment: 3))
        #expect(try store.statistics().units == 2)

        // Another pair is another source.
        _ = try store.add(unit("Ouvrir le fichier", "Datei öffnen", target: "de"), policy: .keepAlternatives)
        #expect(try store.statistics().units == 3)

        // Replace drops every translation of the source in the pair.
        let replaced = try store.add(unit("Ouvrir le fichier", "Open this file"), policy: .replace)
        guard case .replaced(let newID) = replaced else { Issue.record("\(replaced)"); return }
        #expect(try store.statistics().units == 2)
        let matches = try store.lookup(MatchQuery(source: "Ouvrir le fichier"))
        #expect(matches.map(\.unit.id) == [newID])
        #expect(matches.first?.unit.target.plainText == "Open this file")
        // A replace with nothing to replace adds.
        guard case .added = try store.add(unit("Fermer", "Close"), policy: .replace) else { Issue.record("expected added"); return }
    }

    @Test(arguments: StoreKind.testable)
    func aThrowingBatchStoresNothing(_ kind: StoreKind) throws {
        struct Stop: Error {}
        let memory = try TestMemory(kind)
        _ = try memory.store.add(unit("Déjà là", "Already there"), policy: .keepAlternatives)
        _ = try memory.store.lookup(MatchQuery(source: "Déjà là"))  // an index built before
        #expect(throws: Stop.self) {
            try memory.store.importBatch { batch in
                try batch.add(unit("Premier", "First"), policy: .keepAlternatives)
                try batch.add(unit("Déjà là", "Already there, again"), policy: .replace)
                throw Stop()
            }
        }
        #expect(try memory.store.statistics().units == 1)
        #expect(try memory.store.lookup(MatchQuery(source: "Premier")).isEmpty)
        #expect(try memory.store.lookup(MatchQuery(source: "Déjà là")).first?.unit.target.plainText == "Already there")
    }

    @Test(arguments: StoreKind.testable)
    func regionsAreOneLanguageUnlessAsked(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        let store = memory.store
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
        #expect(stats.units == 3)
        #expect(stats.pairs.count == 3)
        #expect(stats.byOrigin[.imported] == 3)
        #expect(try allUnits(store).count == 3)
        var french = 0
        try store.forEachUnit(sourceLanguage: LanguageTag("fr")!, targetLanguage: LanguageTag("de")!) { _ in french += 1 }
        #expect(french == 0)
    }

    @Test(arguments: StoreKind.testable)
    func inContextRanksAboveExactAboveFuzzy(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        let store = memory.store
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
        let plain = try store.lookup(MatchQuery(source: "Enregistrer le fichier", limit: 1))
        #expect(plain.map(\.kind) == [.exact])
        #expect(plain.first?.unit.target.plainText == "Save the file")
    }

    @Test(arguments: StoreKind.testable)
    func concordanceFoldsCaseAndOnRequestAccents(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        let store = memory.store
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
        #expect(try store.concordance(ConcordanceQuery(text: "ouïghours", ignoreCase: false, ignoreAccents: false)).isEmpty)
        let target = try store.concordance(ConcordanceQuery(text: "the uyghurs", sides: [.target]))
        #expect(target.map(\.part) == [.target, .target])
        #expect(target.map(\.ranges) == [[0..<11], [12..<23]])
        // A prefix of the last word, and a limit.
        #expect(try store.concordance(ConcordanceQuery(text: "rapport su")).map(\.unit.source.plainText) == ["Un rapport sur les ouighours"])
        #expect(try store.concordance(ConcordanceQuery(text: "xinjiang", limit: 1)).count == 2)  // one unit, both sides
        #expect(try store.concordance(ConcordanceQuery(text: "ouighours", ignoreAccents: true, limit: 1)).count == 1)
    }

    @Test(arguments: StoreKind.testable)
    func anArticlesUnitsComeBySegmentThenOldestFirst(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        let store = memory.store
        func located(_ source: String, _ target: String, _ segment: Int, at time: Double, article: String = "a1") -> TranslationUnit {
            var u = unit(source, target, origin: .human)
            u.location = SegmentLocation(article: article, segment: segment)
            u.provenance.createdAt = Date(timeIntervalSince1970: time)
            return u
        }
        try store.add(located("Deux.", "Two (newer).", 2, at: 300), policy: .keepAlternatives)
        try store.add(located("Deux.", "Two.", 2, at: 100), policy: .keepAlternatives)
        try store.add(located("Un.", "One.", 1, at: 200), policy: .keepAlternatives)
        try store.add(located("Ailleurs.", "Elsewhere.", 1, at: 50, article: "a2"), policy: .keepAlternatives)
        let units = try store.units(inArticle: "a1", sourceLanguage: .french, targetLanguage: .english)
        #expect(units.map(\.target.plainText) == ["One.", "Two.", "Two (newer)."])
        let translations = try ArticleTranslations(article: "a1", sourceLanguage: .french, targetLanguage: .english, in: store)
        #expect(translations.current(segment: 2)?.target.plainText == "Two (newer).")
        #expect(try store.units(inArticle: "a1", sourceLanguage: .french, targetLanguage: LanguageTag("de")!).isEmpty)
    }

    /// The exactness contract: the same matches as a brute-force scan, with the same
    /// scores, on both stores; and another client's later writes show in lookups.
    @Test(arguments: StoreKind.testable)
    func lookupsEqualBruteForceAndFollowOtherClientsWrites(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        var random = SplitMix(state: 7)
        let words = ["le", "la", "fichier", "dossier", "ouvrir", "fermer", "Huawei", "réseau", "été", "liste", "noire", "groupe"]
        func sentence() -> String { (0..<Int.random(in: 1...7, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " ") }
        var units: [TranslationUnit] = []
        for i in 0..<300 {
            var u = unit(sentence(), "t\(i)", origin: UnitOrigin.allCases.randomElement(using: &random)!)
            if i % 7 == 0 { u.sourceLanguage = LanguageTag("fr-CA")! }
            units.append(u)
        }
        try memory.store.importBatch { batch in for u in units.prefix(200) { try batch.add(u, policy: .keepAlternatives) } }
        let reader = try memory.reopen()
        func check(_ store: any MemoryStore) throws {
            var stored: [TranslationUnit] = []
            try store.forEachUnit(sourceLanguage: .french, targetLanguage: .english) { stored.append($0) }
            for _ in 0..<25 {
                let query = MatchQuery(source: sentence(), minimumScore: 0.5, limit: 4)
                let found = try store.lookup(query)
                let expected = stored.map { ($0, Similarity.score(TextNormalization.normalize($0.source.plainText), TextNormalization.normalize(query.source))) }
                    .filter { $0.1 >= query.minimumScore }
                    .map(\.1).sorted(by: >).prefix(query.limit)
                #expect(found.map(\.score) == Array(expected), "query \(query.source)")
                for match in found {
                    #expect(match.score == Similarity.score(TextNormalization.normalize(match.unit.source.plainText), TextNormalization.normalize(query.source)))
                }
            }
        }
        try check(reader)
        // Writes by the first client (adds, a replace) show in the second one's lookups.
        for u in units.suffix(100) { try memory.store.add(u, policy: .keepAlternatives) }
        let replaced = units[3]
        try memory.store.add(unit(replaced.source.plainText, "remplacé"), policy: .replace)
        try check(reader)
        let exact = try reader.lookup(MatchQuery(source: replaced.source.plainText, limit: 50)).filter { $0.kind == .exact }
        #expect(exact.map(\.unit.target.plainText) == ["remplacé"])
    }
}

/// The PostgreSQL schema's versioned migrations (and, by being skipped with a message,
/// the sign that this run had no server and tested SQLite only).
@Suite(.enabled(if: TestServer.isAvailable, TestServer.absence))
struct SchemaTests {
    @Test func migrationsAreAppliedOnceAndRecorded() throws {
        let (location, drop) = try TestServer.newDatabase()
        defer { drop() }
        let first = try PostgresMemoryStore(location: location)
        defer { first.close() }
        #expect(try first.appliedMigrations() == ["memory-v1-units", "memory-v2-batches", "memory-v3-located-twins"])
        // Opening again applies nothing twice; the annotation tables add their own.
        let second = try PostgresMemoryStore(location: location)
        defer { second.close() }
        let annotations = try PostgresAnnotationRepository(location: location)
        defer { annotations.close() }
        #expect(try second.appliedMigrations() == ["memory-v1-units", "memory-v2-batches", "memory-v3-located-twins", "annotation-v1-records"])
    }
}

/// A connection the server drops (restart, network) costs no confirmation.
@Suite(.enabled(if: TestServer.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/bin/psql"), "needs a PostgreSQL server (TANDEM_TEST_POSTGRES) and psql"))
struct LostConnectionTests {
    @Test func aConfirmationAfterTheServerDroppedTheConnectionIsStored() throws {
        let memory = try TestMemory(.postgres)
        try memory.store.add(unit("Avant la coupure.", "Before the cut."), policy: .keepAlternatives)
        // The server ends every session of the memory's database (as a restart would).
        let location = try PostgresLocation(parsing: memory.address)
        let psql = Process()
        psql.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        psql.arguments = [TestServer.address!, "-Atqc",
                          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(location.database)'"]
        psql.standardOutput = Pipe()
        try psql.run()
        psql.waitUntilExit()
        #expect(psql.terminationStatus == 0)
        // The idle connection is dead: the add is retried on a new one.
        let outcome = try memory.store.add(unit("Après la coupure.", "After the cut."), policy: .keepAlternatives)
        guard case .added = outcome else { Issue.record("\(outcome)"); return }
        #expect(try memory.store.statistics().units == 2)
        #expect(try memory.store.lookup(MatchQuery(source: "Après la coupure.")).first?.unit.target.plainText == "After the cut.")
    }
}
