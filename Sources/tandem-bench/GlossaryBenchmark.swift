import Foundation
import TranslationMemory

/// `tandem-bench glossary [--terms N] [--runs N]`: what a glossary costs a translation
/// session. Builds a synthetic French → English glossary of N terms (1 to 3 words drawn
/// from the seed articles' vocabulary) in a temporary database, then measures loading it,
/// building the ``TermMatcher`` and finding terms in each sentence of the seed articles.
enum GlossaryBenchmark {
    static func run(arguments: [String]) throws {
        var count = 20_000, runs = 5
        var index = 0
        while index < arguments.count {
            let value = index + 1 < arguments.count ? Int(arguments[index + 1]) : nil
            switch arguments[index] {
            case "--terms": count = try value ?? { throw BenchmarkFailure("--terms needs a number") }()
            case "--runs": runs = try value ?? { throw BenchmarkFailure("--runs needs a number") }()
            default: throw BenchmarkFailure("glossary: unknown argument \(arguments[index])")
            }
            index += 2
        }
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../seeds").standardized
        var text = ""
        for name in ["000_9519520b1cfbc68e.txt", "004_8a092bc0b89f6462.txt"] {
            text += (try? String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8)) ?? ""
        }
        guard !text.isEmpty else { throw BenchmarkFailure("glossary: the seed articles are missing under \(seeds.path)") }
        let vocabulary = Array(Set(text.split { !$0.isLetter }.map(String.init).filter { $0.count > 3 })).sorted()
        let sentences = text.split(whereSeparator: { $0 == "." || $0 == "\n" }).map(String.init).filter { $0.count > 20 }

        var generator = SplitMix(seed: 42)
        var seen = Set<String>()
        var terms: [Term] = []
        while terms.count < count {
            let words = (0..<(1 + Int(generator.next() % 3))).map { _ in vocabulary[Int(generator.next() % UInt64(vocabulary.count))] }
            let source = words.joined(separator: " ")
            guard seen.insert(source.lowercased()).inserted else { continue }
            terms.append(Term(source: source, target: source.uppercased(), provenance: TermProvenance(origin: .imported)))
        }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-glossary-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteGlossaryStore(url: folder.appendingPathComponent("tandem.sqlite"))
        let importTime = try measure { _ = try store.importTerms(terms) }
        print("glossary of \(count) terms, \(sentences.count) seed sentences, \(runs) runs")
        print(String(format: "  import: %.0f ms", importTime * 1000))
        var loads: [Double] = [], builds: [Double] = [], matches: [Double] = []
        var found = 0
        for _ in 0..<runs {
            var loaded: [Term] = []
            loads.append(try measure { loaded = try store.terms(sourceLanguage: .french, targetLanguage: .english) })
            var matcher = TermMatcher(terms: [])
            builds.append(try measure { matcher = TermMatcher(terms: loaded) })
            for sentence in sentences {
                matches.append(try measure { found += matcher.terms(in: sentence).count })
            }
        }
        matches.sort()
        print(String(format: "  load: %.0f ms, matcher: %.0f ms (median of runs)", median(loads) * 1000, median(builds) * 1000))
        print(String(format: "  terms(in:) per sentence: p50 %.3f ms, p95 %.3f ms, max %.3f ms (%d terms found)",
                     matches[matches.count / 2] * 1000, matches[matches.count * 95 / 100] * 1000, matches.last! * 1000, found / runs))
    }

    private static func measure(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private static func median(_ values: [Double]) -> Double {
        values.sorted()[values.count / 2]
    }

    /// A small deterministic generator, so that every run builds the same glossary.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
