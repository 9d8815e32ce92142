import Foundation
import Testing
@testable import TranslationMemory

/// A small deterministic generator (tests must not depend on the system's randomness).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct NormalizationTests {
    @Test func normalizesLikeTheReference() {
        #expect(TextNormalization.normalize("  Ouvrir\u{00A0}\u{2009} le\tfichier \n") == "Ouvrir le fichier")
        #expect(TextNormalization.normalize("e\u{0301}te\u{0301}") == "été")
        #expect(TextNormalization.normalize("") == "")
        #expect(TextNormalization.normalize(" \u{3000} ") == "")
        // U+200B is not White_Space: kept.
        #expect(TextNormalization.normalize("a\u{200B}b") == "a\u{200B}b")
    }

    @Test func scoresAsTheReadmeSays() {
        #expect(Similarity.score("Ouvrir le fichier", "Ouvrir un fichier") == 1 - 2.0 / 17)
        #expect(Similarity.score("", "") == 1)
        #expect(Similarity.score("a", "") == 0)
        // Scalars, not grapheme clusters: the flag is two scalars.
        #expect(Similarity.score("🇫🇷", "🇫") == 0.5)
    }

    @Test func maximumDistanceAgreesWithTheScore() {
        for longest in 0...300 {
            for threshold in [0.5, 0.7, 0.75, 0.8, 0.9, 0.95, 1.0, 0.33, 0.01] {
                let d = Similarity.maximumDistance(scoringAtLeast: threshold, longest: longest)
                if d >= 0 { #expect(Similarity.score(distance: d, longest: longest) >= threshold) }
                if d + 1 <= longest { #expect(Similarity.score(distance: d + 1, longest: longest) < threshold) }
            }
        }
    }
}

@Suite struct EditDistanceTests {
    @Test func bitParallelDistanceEqualsTheDynamicProgram() {
        var random = SplitMix(state: 42)
        let alphabet: [UInt32] = [0x61, 0x62, 0x63, 0x20, 0xE9, 0x2019, 0x1F600]
        for _ in 0..<600 {
            let a = (0..<Int.random(in: 0...150, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            var b = a
            for _ in 0..<Int.random(in: 0...20, using: &random) {
                let op = Int.random(in: 0..<3, using: &random)
                if op == 0 || b.isEmpty { b.insert(alphabet.randomElement(using: &random)!, at: Int.random(in: 0...b.count, using: &random)) }
                else if op == 1 { b.remove(at: Int.random(in: 0..<b.count, using: &random)) }
                else { b[Int.random(in: 0..<b.count, using: &random)] = alphabet.randomElement(using: &random)! }
            }
            // Symbols as the index numbers its alphabet (from 1). The last character counts
            // as absent from the index in the pattern (symbol 0), which matches nothing.
            let symbolOf = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, UInt16($0 + 1)) })
            let absent = alphabet.last!
            let pattern = BitParallelPattern(symbols: a.map { $0 == absent ? 0 : symbolOf[$0]! }, alphabetSize: alphabet.count + 1)
            let expected = EditDistance.levenshtein(a.map { $0 == absent ? 0xFFFF_FFFF : $0 }, b)
            b.map { symbolOf[$0]! }.withUnsafeBufferPointer { text in
                #expect(pattern.distance(to: text, bound: 10_000) == expected)
                #expect(pattern.distance(to: text, bound: expected) == expected)
                if expected > 0 { #expect(pattern.distance(to: text, bound: expected - 1) == nil) }
            }
        }
    }
}

@Suite struct ExactnessTests {
    /// Every unit's similarity, ranked as the index ranks (score, origin, id): the brute force.
    func bruteForce(_ sources: [(id: Int64, text: String, origin: UnitOrigin)], _ query: String, minimum: Double, limit: Int) -> [(Int64, Double)] {
        typealias Scored = (id: Int64, score: Double, origin: Int)
        let scored: [Scored] = sources.map { source in
            (id: source.id, score: Similarity.score(query, source.text), origin: UnitOrigin.allCases.firstIndex(of: source.origin)!)
        }
        let ranked = scored.filter { $0.score >= minimum }.sorted { (a: Scored, b: Scored) -> Bool in
            if a.score != b.score { return a.score > b.score }
            if a.origin != b.origin { return a.origin < b.origin }
            return a.id < b.id
        }
        return ranked.prefix(limit).map { ($0.id, $0.score) }
    }

    @Test func indexReturnsWhatABruteForceScanReturns() throws {
        var random = SplitMix(state: 7)
        let words = ["le", "fichier", "ouvrir", "é", "a", "de", "la", "configuration", "’", "«", "x", "Fenêtre", "%s", "🙂"]
        func sentence(_ count: Int) -> String {
            (0..<count).map { _ in words.randomElement(using: &random)! }.joined(separator: Bool.random(using: &random) ? " " : "")
        }
        func mutate(_ text: String) -> String {
            var scalars = Array(text.unicodeScalars)
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                guard !scalars.isEmpty else { break }
                let i = Int.random(in: 0..<scalars.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: scalars.remove(at: i)
                case 1: scalars.insert("z", at: i)
                default: scalars[i] = "q"
                }
            }
            return String(String.UnicodeScalarView(scalars))
        }
        var units: [(id: Int64, text: String, origin: UnitOrigin)] = []
        var entries: [IndexEntry] = []
        var bases: [String] = []
        for i in 0..<500 {
            let text: String
            switch i % 5 {
            case 0: text = sentence(Int.random(in: 0...2, using: &random))  // short, some empty
            case 1, 2: text = mutate(bases.randomElement(using: &random) ?? sentence(4))
            default: text = sentence(Int.random(in: 1...25, using: &random))
            }
            bases.append(text)
            let normalized = TextNormalization.normalize(text)
            let origin = UnitOrigin.allCases.randomElement(using: &random)!
            units.append((Int64(i + 1), normalized, origin))
            entries.append(IndexEntry(unitID: Int64(i + 1), sourcePrimary: "fr", targetPrimary: "en", sourceTag: "fr", targetTag: "en", normalizedSource: normalized, origin: origin))
        }
        let index = try MatchIndex.build(entries.shuffled(using: &random), generation: 1)
        var checked = 0
        for q in 0..<60 {
            let query = q % 3 == 0 ? sentence(Int.random(in: 0...3, using: &random)) : mutate(bases.randomElement(using: &random)!)
            for (minimum, limit) in [(0.5, 5), (0.7, 5), (0.9, 3), (0.3, 10), (1.0, 50), (0.01, 7)] {
                let expected = bruteForce(units, query, minimum: minimum, limit: limit)
                let found = index.search(
                    TextNormalization.normalizedScalars(query), sourceLanguage: .french, targetLanguage: .english,
                    matchRegion: false, minimumScore: minimum, limit: limit) { _ in false }
                #expect(found.map(\.unitID) == expected.map(\.0), "query \(query) at \(minimum)")
                #expect(found.map(\.similarity) == expected.map(\.1), "query \(query) at \(minimum)")
                checked += expected.count
            }
        }
        #expect(checked > 200)
    }

    @Test func indexFileRoundTrips() throws {
        let entries = ["Ouvrir", "Fermer la fenêtre", "Ouvrir le fichier"].enumerated().map {
            IndexEntry(unitID: Int64($0.offset + 10), sourcePrimary: "fr", targetPrimary: "en", sourceTag: "fr-FR", targetTag: "en", normalizedSource: $0.element, origin: .human)
        }
        let built = try MatchIndex.build(entries, generation: 42)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-index-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        try built.write(to: url)
        #expect(MatchIndex.generation(of: url) == 42)
        let mapped = try #require(MatchIndex.map(url))
        let found = mapped.search(TextNormalization.normalizedScalars("Ouvrir le fichier"), sourceLanguage: .french, targetLanguage: .english,
                                  matchRegion: false, minimumScore: 0.3, limit: 5) { _ in false }
        #expect(found.map(\.unitID) == [12, 10])
    }
}
