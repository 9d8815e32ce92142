import Foundation
import Testing
import TranslationMemory

/// `../shared` beside the checkout (the team's data), located from this file.
enum SharedData {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")
    static let tm = root.appendingPathComponent("data/tm")
    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: tm.appendingPathComponent("tm/tm-10k.fr-en.tsv").path)
    }
}

@Suite(.enabled(if: SharedData.isAvailable, "needs ../shared/data/tm (the team's TM benchmark data) beside the checkout"))
struct GroundTruthTests {
    struct Truth: Decodable {
        struct Match: Decodable { var id: Int64; var score: Double }
        var query: Int
        var matches: [Match]
    }

    @Test(arguments: ["heldout", "perturbed", "unrelated"])
    func lookupFindsEveryGroundTruthMatchAt10k(set: String) throws {
        let temporary = try TemporaryStore()
        let lines = try String(contentsOf: SharedData.tm.appendingPathComponent("tm/tm-10k.fr-en.tsv"), encoding: .utf8).split(separator: "\n")
        try temporary.store.importBatch { batch in
            for line in lines {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                try batch.add(unit(String(fields[0]), String(fields[1])), policy: .keepAlternatives)
            }
        }
        let queries = try String(contentsOf: SharedData.tm.appendingPathComponent("queries/\(set).fr-en.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let truths = try String(contentsOf: SharedData.tm.appendingPathComponent("truth/truth-10k.fr-en.\(set).jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(Truth.self, from: Data($0.utf8)) }
        #expect(truths.count == queries.count)
        // A sample keeps the test quick (the benchmark checks all of them at every size).
        for truth in truths where truth.query % 4 == 0 {
            for minimum in truth.query % 12 == 0 ? [0.75, 0.5] : [0.75] {
                let expected = truth.matches.filter { $0.score >= minimum }
                let scores = Dictionary(expected.map { ($0.id + 1, $0.score) }, uniquingKeysWith: { a, _ in a })  // ids: line + 1
                let found = try temporary.store.lookup(MatchQuery(source: String(queries[truth.query]), minimumScore: minimum, limit: 5))
                #expect(found.count == min(5, expected.count), "query \(truth.query) at \(minimum)")
                for match in found {
                    #expect(scores[match.unit.id!] == match.similarity, "query \(truth.query): unit \(match.unit.id!)")
                }
            }
        }
    }
}
