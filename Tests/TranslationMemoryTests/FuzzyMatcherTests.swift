import Foundation
import Testing
import TranslationMemory

/// A matcher brought up to date with later changes (new entries, entries rewritten with
/// another origin, removed ones) answers exactly as one built from scratch.
@Suite struct FuzzyMatcherTests {
    /// A small deterministic generator.
    struct Mix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let words = ["le", "la", "fichier", "dossier", "ouvrir", "fermer", "réseau", "été", "liste", "noire", "groupe", "rapport"]

    func sentence(_ random: inout Mix) -> String {
        (0..<Int.random(in: 1...6, using: &random)).map { _ in Self.words.randomElement(using: &random)! }.joined(separator: " ")
    }

    func entry(_ id: Int64, _ random: inout Mix) -> FuzzyMatcher.Entry {
        FuzzyMatcher.Entry(
            unitID: id, sourceLanguage: id % 5 == 0 ? LanguageTag("fr-CA")! : .french, targetLanguage: .english,
            normalizedSource: TextNormalization.normalize(sentence(&random)),
            origin: UnitOrigin.allCases.randomElement(using: &random)!)
    }

    func expectSameAnswers(_ updated: FuzzyMatcher, _ rebuilt: FuzzyMatcher, _ random: inout Mix, queries: Int = 60) throws {
        for i in 0..<queries {
            var query = MatchQuery(source: sentence(&random), minimumScore: [0.3, 0.5, 0.8][i % 3], limit: [1, 3, 10][i % 3])
            if i % 4 == 0 { query.sourceLanguage = LanguageTag("fr-CA")!; query.matchRegion = true }
            let expected = try rebuilt.matches(for: query) { _ in nil }
            let found = try updated.matches(for: query) { _ in nil }
            #expect(found == expected, "query \(query.source)")
        }
    }

    @Test func updatesAnswerAsARebuiltMatcher() throws {
        var random = Mix(state: 11)
        var entries: [Int64: FuzzyMatcher.Entry] = [:]
        for id in Int64(1)...400 { entries[id] = entry(id, &random) }
        var matcher = try FuzzyMatcher(Array(entries.values), generation: 3)
        #expect(matcher.indexGeneration == 3)
        #expect(matcher.changeCount == 0)

        // New units, base units rewritten (origin changed: the ranking moves), removals,
        // and a unit added then removed.
        var written: [FuzzyMatcher.Entry] = []
        for id in Int64(401)...460 { written.append(entry(id, &random)) }
        for id in stride(from: Int64(3), through: 400, by: 9) {
            var rewritten = entries[id]!
            rewritten.origin = rewritten.origin == .human ? .propagated : .human
            written.append(rewritten)
        }
        let removed = Array(stride(from: Int64(2), through: 400, by: 11)) + [455]
        matcher = matcher.updated(written: written, removed: removed)
        for entry in written { entries[entry.unitID] = entry }
        for id in removed { entries[id] = nil }
        #expect(matcher.changeCount == Set(written.map(\.unitID) + removed).count)
        try expectSameAnswers(matcher, try FuzzyMatcher(Array(entries.values)), &random)
    }

    @Test func hiddenUnitsCannotCrowdOutMatches() throws {
        // Fifty identical sources: the best ones by origin and id are removed, so the
        // base must be searched past them.
        var entries = (Int64(1)...50).map {
            FuzzyMatcher.Entry(unitID: $0, sourceLanguage: .french, targetLanguage: .english,
                               normalizedSource: "ouvrir le fichier", origin: $0 <= 20 ? .human : .imported)
        }
        entries.append(FuzzyMatcher.Entry(unitID: 51, sourceLanguage: .french, targetLanguage: .english,
                                          normalizedSource: "ouvrir le dossier", origin: .human))
        let base = try FuzzyMatcher(entries)
        let updated = base.updated(written: [], removed: Array(1...20))
        let query = MatchQuery(source: "Ouvrir le fichier", minimumScore: 0.5, limit: 5)
        let found = try updated.matches(for: query) { _ in nil }
        #expect(found.map(\.unitID) == [21, 22, 23, 24, 25])
        let rebuilt = try FuzzyMatcher(entries.filter { $0.unitID > 20 })
        #expect(try updated.matches(for: MatchQuery(source: "ouvrir le", minimumScore: 0.3, limit: 40)) { _ in nil }
                == rebuilt.matches(for: MatchQuery(source: "ouvrir le", minimumScore: 0.3, limit: 40)) { _ in nil })
    }

    @Test func anIndexFileMapsBackAndACorruptOneIsRefused() throws {
        var random = Mix(state: 5)
        let entries = (Int64(1)...200).map { entry($0, &random) }
        let matcher = try FuzzyMatcher(entries, generation: 42)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-matcher-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("index")
        try matcher.writeIndex(to: file)
        let mapped = try #require(FuzzyMatcher.mapIndex(file))
        #expect(mapped.indexGeneration == 42)
        try expectSameAnswers(mapped, matcher, &random, queries: 20)
        // Truncated, or not an index at all.
        let bytes = try Data(contentsOf: file)
        try bytes.prefix(bytes.count / 2).write(to: file)
        #expect(FuzzyMatcher.mapIndex(file) == nil)
        try Data("not an index".utf8).write(to: file)
        #expect(FuzzyMatcher.mapIndex(file) == nil)
        #expect(FuzzyMatcher.mapIndex(folder.appendingPathComponent("absent")) == nil)
    }
}
