import Foundation
import Testing
import TeamStore
import TranslationMemory

/// A PostgreSQL client keeps its match index up to date with other clients' writes
/// without building it again (units merged into, replaced and added since), keeps it
/// in a file for the next process, and never trusts a file of another memory or a
/// corrupt one.
@Suite(.enabled(if: TestServer.isAvailable, TestServer.absence))
struct MatchIndexCacheTests {
    static let rank = Dictionary(uniqueKeysWithValues: UnitOrigin.allCases.enumerated().map { ($1, $0) })

    /// The brute-force answer: every unit scored, ranked by score, origin, then id.
    static func bruteForce(_ query: MatchQuery, _ units: [TranslationUnit]) -> [String] {
        let normalized = TextNormalization.normalize(query.source)
        return units.filter { $0.sourceLanguage.language == query.sourceLanguage.language && $0.targetLanguage.language == query.targetLanguage.language }
            .map { ($0, Similarity.score(TextNormalization.normalize($0.source.plainText), normalized)) }
            .filter { $0.1 >= query.minimumScore && $0.1 > 0 }
            .sorted { a, b in
                if a.1 != b.1 { return a.1 > b.1 }
                if a.0.provenance.origin != b.0.provenance.origin { return rank[a.0.provenance.origin]! < rank[b.0.provenance.origin]! }
                return a.0.id! < b.0.id!
            }
            .prefix(query.limit).map { "\($0.0.id!) \($0.0.provenance.origin) \($0.1)" }
    }

    static func answers(_ store: any MemoryStore, _ query: MatchQuery) throws -> [String] {
        try store.lookup(query).map { "\($0.unit.id!) \($0.unit.provenance.origin) \($0.score)" }
    }

    static func sentence(_ random: inout SplitMix) -> String {
        let words = ["le", "la", "fichier", "dossier", "ouvrir", "fermer", "réseau", "été", "liste", "noire"]
        return (0..<Int.random(in: 1...6, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
    }

    static func expectExact(_ reader: any MemoryStore, _ writer: any MemoryStore, _ random: inout SplitMix) throws {
        let units = try allUnits(writer)
        for i in 0..<30 {
            let query = MatchQuery(source: sentence(&random), minimumScore: [0.4, 0.6, 0.8][i % 3], limit: [1, 4, 12][i % 3])
            #expect(try answers(reader, query) == bruteForce(query, units), "query \(query.source)")
        }
    }

    static func indexFileGeneration(_ store: any MemoryStore) throws -> UInt64? {
        let file = try #require((store as? PostgresMemoryStore)?.indexCacheFile)
        return FuzzyMatcher.mapIndex(file)?.indexGeneration
    }

    @Test func mergedReplacedAndAddedUnitsShowWithoutARebuildThenManyRebuild() throws {
        let memory = try TestMemory(.postgres)
        var random = SplitMix(state: 21)
        let first = (0..<400).map { i in unit(Self.sentence(&random), "t\(i)", origin: UnitOrigin.allCases.randomElement(using: &random)!) }
        try memory.store.importBatch { batch in try batch.add(contentsOf: first, policy: .keepAlternatives) }
        let reader = try memory.reopen()
        try Self.expectExact(reader, memory.store, &random)
        let built = try #require(try Self.indexFileGeneration(reader))

        // Another client merges into indexed units (their origin changes the ranking),
        // replaces some (their ids go), and adds new ones.
        let stored = try allUnits(memory.store)
        for u in stored.prefix(60) {
            var again = u
            again.id = nil
            again.provenance = Provenance(origin: u.provenance.origin == .human ? .propagated : .human, createdAt: Date())
            #expect(try memory.store.add(again, policy: .keepAlternatives) == .merged(id: u.id!))
        }
        for u in stored.dropFirst(100).prefix(30) {
            try memory.store.add(unit(u.source.plainText, "remplacé", origin: .machine), policy: .replace)
        }
        for i in 0..<50 { try memory.store.add(unit(Self.sentence(&random), "new \(i)", origin: .aligned), policy: .keepAlternatives) }
        try Self.expectExact(reader, memory.store, &random)
        // Searched as changes: the file was not rebuilt.
        #expect(try Self.indexFileGeneration(reader) == built)

        // A new process maps the file and reads only the changes since it.
        let third = try memory.reopen()
        try Self.expectExact(third, memory.store, &random)
        #expect(try Self.indexFileGeneration(third) == built)

        // More changes than are searched one by one: the index is built again.
        let many = (0..<1_100).map { i in unit(Self.sentence(&random), "many \(i)") }
        try memory.store.importBatch { batch in try batch.add(contentsOf: many, policy: .keepAlternatives) }
        try Self.expectExact(reader, memory.store, &random)
        #expect(try Self.indexFileGeneration(reader) != built)
    }

    @Test func aCorruptIndexFileIsBuiltAgain() throws {
        let memory = try TestMemory(.postgres)
        try memory.store.importBatch { batch in
            try batch.add(contentsOf: (0..<50).map { unit("Le comité \($0) a examiné le rapport.", "Committee \($0).") }, policy: .keepAlternatives)
        }
        _ = try memory.store.lookup(MatchQuery(source: "Le comité 7 a examiné le rapport."))
        let file = try #require((memory.store as? PostgresMemoryStore)?.indexCacheFile)
        #expect(FuzzyMatcher.mapIndex(file) != nil)
        try Data("garbage, not an index".utf8).write(to: file)
        let other = try memory.reopen()
        #expect(try other.lookup(MatchQuery(source: "Le comité 7 a examiné le rapport.")).first?.unit.target.plainText == "Committee 7.")
        #expect(FuzzyMatcher.mapIndex(file) != nil)
    }

    @Test func aDatabaseCreatedAgainUnderTheSameNameIsAnotherMemory() throws {
        let server = try PostgresLocation(parsing: TestServer.address!)
        let name = "tandem_t_again_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        var location = server
        location.database = name
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-cache-\(UUID().uuidString)")
        defer {
            try? PostgresMaintenance.dropDatabase(name, on: server)
            try? FileManager.default.removeItem(at: cache)
        }
        try PostgresMaintenance.createDatabase(name, on: server)
        let before = try PostgresMemoryStore(location: location, indexCacheDirectory: cache)
        try before.add(unit("Ouvrir le fichier.", "Open the file."), policy: .keepAlternatives)
        #expect(try before.lookup(MatchQuery(source: "Ouvrir le fichier.")).count == 1)
        let oldFile = try #require(before.indexCacheFile)
        before.close()

        try PostgresMaintenance.dropDatabase(name, on: server)
        try PostgresMaintenance.createDatabase(name, on: server)
        let after = try PostgresMemoryStore(location: location, indexCacheDirectory: cache)
        defer { after.close() }
        try after.add(unit("Fermer le dossier.", "Close the folder."), policy: .keepAlternatives)
        #expect(after.indexCacheFile != oldFile)
        #expect(try after.lookup(MatchQuery(source: "Ouvrir le fichier.")).isEmpty)
        #expect(try after.lookup(MatchQuery(source: "Fermer le dossier.")).map(\.unit.target.plainText) == ["Close the folder."])
    }
}
