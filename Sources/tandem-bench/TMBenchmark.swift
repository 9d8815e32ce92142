import Foundation
import TranslationMemory

/// `tandem-bench tm`: imports a TSV memory (`French<TAB>English` a line) into a fresh
/// store, then times lookups and checks them against the brute-force ground truth.
///
///     tandem-bench tm [--size 10k|100k|full]... [--data DIR] [--min 0.7]... [--top 5]
///     tandem-bench tm --tsv FILE [--queries FILE --truth FILE]... [--min 0.7] [--top 5] [--dir DIR]
///
/// With `--size` (10k when neither `--size` nor `--tsv` is given) the memory, the three
/// query sets and their ground truth come from the shared data set: `--data`, else
/// `$TM_DATA`, else `../shared/data/tm` beside the package (the 100k and full files
/// must be unpacked, see its README).
enum TMBenchmark {
    struct Options {
        var tsv: String?
        var queries: [String] = []
        var truths: [String] = []
        var minimumScores: [Double] = []
        var top = 5
        var directory: String?
        /// Keep the store already in `--dir` (skip the import).
        var reuse = false
        var sizes: [String] = []
        var data: String?
    }

    /// The shared data set's folder.
    private static func dataFolder(_ given: String?) -> String {
        if let given { return given }
        if let environment = ProcessInfo.processInfo.environment["TM_DATA"], !environment.isEmpty { return environment }
        // Sources/tandem-bench/TMBenchmark.swift → the package root → ../shared/data/tm.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/data/tm").path
    }

    static func run(arguments: [String]) throws {
        var options = Options()
        var rest = arguments.first == "tm" ? Array(arguments.dropFirst()) : arguments
        func value() throws -> String {
            guard rest.count >= 2 else { throw BenchError("missing value after \(rest.first ?? "")") }
            let v = rest[1]
            rest.removeFirst(2)
            return v
        }
        while let flag = rest.first {
            switch flag {
            case "--tsv": options.tsv = try value()
            case "--queries": options.queries.append(try value())
            case "--truth": options.truths.append(try value())
            case "--min": options.minimumScores.append(Double(try value()) ?? 0.7)
            case "--top": options.top = Int(try value()) ?? 5
            case "--dir": options.directory = try value()
            case "--size": options.sizes.append(try value())
            case "--data": options.data = try value()
            case "--reuse":
                options.reuse = true
                rest.removeFirst()
            default: throw BenchError("unknown option \(flag)")
            }
        }
        if options.minimumScores.isEmpty { options.minimumScores = [0.7, 0.5] }
        if options.tsv != nil {
            try run(options)
            return
        }
        let data = dataFolder(options.data)
        for size in options.sizes.isEmpty ? ["10k"] : options.sizes {
            var sized = options
            sized.tsv = "\(data)/tm/tm-\(size).fr-en.tsv"
            guard FileManager.default.fileExists(atPath: sized.tsv!) else {
                throw BenchError("\(sized.tsv!) is missing: unpack the shared data set (see its README) or give --data DIR")
            }
            sized.queries = ["heldout", "perturbed", "unrelated"].map { "\(data)/queries/\($0).fr-en.txt" }
            sized.truths = ["heldout", "perturbed", "unrelated"].map { "\(data)/truth/truth-\(size).fr-en.\($0).jsonl" }
            print("== \(size) (\(sized.tsv!))")
            try run(sized)
        }
    }

    private static func run(_ options: Options) throws {
        guard let tsv = options.tsv else {
            throw BenchError("usage: tandem-bench tm [--size 10k|100k|full]... | --tsv FILE [--queries FILE --truth FILE]... [--min 0.7]... [--top 5] [--dir DIR [--reuse]]")
        }

        let directory = URL(fileURLWithPath: options.directory ?? NSTemporaryDirectory() + "tandem-bench-tm-\(getpid())")
        let storeURL = directory.appendingPathComponent("tandem.sqlite")
        let reuse = options.reuse && FileManager.default.fileExists(atPath: storeURL.path)
        if !reuse { try? FileManager.default.removeItem(at: directory) }

        // Import.
        let lines = try String(contentsOfFile: tsv, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var clock = ContinuousClock.now
        let importCPU = processCPUSeconds()
        var added = 0
        if !reuse {
            let store = try SQLiteMemoryStore(url: storeURL)
            try store.importBatch { batch in
                for line in lines where !line.isEmpty {
                    let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                    guard fields.count == 2 else { continue }
                    try batch.add(TranslationUnit(
                        sourceLanguage: .french, targetLanguage: .english,
                        source: SegmentText(String(fields[0])), target: SegmentText(String(fields[1])),
                        provenance: Provenance(origin: .imported)), policy: .keepAlternatives)
                    added += 1
                }
            }
        }
        let importSeconds = seconds(since: clock)
        let importCPUSeconds = processCPUSeconds() - importCPU
        let storeBytes = (try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: [.fileSizeKey]))
            .reduce(0) { $0 + ((try? $1.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
        print(String(format: "import: %d units in %.2f s (CPU %.2f s), store %.1f MiB (database + match index)",
                     added, importSeconds, importCPUSeconds, Double(storeBytes) / 1_048_576))

        // Start-up: open the store and answer a first query.
        clock = .now
        let store = try SQLiteMemoryStore(url: storeURL, create: false)
        let openSeconds = seconds(since: clock)
        clock = .now
        _ = try store.lookup(MatchQuery(source: "Ouvrir le fichier", minimumScore: 0.7, limit: options.top))
        print(String(format: "start-up: open %.1f ms, first lookup (maps the index) %.1f ms", openSeconds * 1000, seconds(since: clock) * 1000))

        var overall: [Double: (latencies: [Double], cpu: [Double], found: Int, expected: Int)] = [:]
        for (q, queryFile) in options.queries.enumerated() {
            let queries = try String(contentsOfFile: queryFile, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .dropLast().map(String.init)
            let truth = q < options.truths.count ? try loadTruth(options.truths[q]) : nil
            for minimum in options.minimumScores {
                var latencies: [Double] = []
                var cpuTimes: [Double] = []
                var wrong = 0, expectedTotal = 0, foundTotal = 0
                for (i, text) in queries.enumerated() {
                    clock = .now
                    let cpu = processCPUSeconds()
                    let matches = try store.lookup(MatchQuery(source: text, minimumScore: minimum, limit: options.top))
                    latencies.append(seconds(since: clock) * 1000)
                    cpuTimes.append((processCPUSeconds() - cpu) * 1000)
                    guard let truth else { continue }
                    let expected = truth[i].filter { $0.score >= minimum }
                    let want = min(options.top, expected.count)
                    expectedTotal += want
                    let byID = Dictionary(expected.map { ($0.id + 1, $0.score) }, uniquingKeysWith: { a, _ in a })
                    var ok = matches.count == want
                    for match in matches {
                        if let score = byID[match.unit.id!], abs(score - match.similarity) < 1e-9 { foundTotal += 1 } else { ok = false }
                    }
                    if !ok {
                        wrong += 1
                        if wrong <= 3 {
                            print("  query \(i): expected \(expected.prefix(want).map { "\($0.id + 1):\($0.score)" }), got \(matches.map { "\($0.unit.id!):\($0.similarity)" })")
                        }
                    }
                }
                overall[minimum, default: ([], [], 0, 0)].latencies += latencies
                overall[minimum, default: ([], [], 0, 0)].cpu += cpuTimes
                overall[minimum, default: ([], [], 0, 0)].found += foundTotal
                overall[minimum, default: ([], [], 0, 0)].expected += expectedTotal
                latencies.sort()
                cpuTimes.sort()
                let name = URL(fileURLWithPath: queryFile).lastPathComponent
                var line = String(format: "%@ --min %.2f: %d queries, p50 %.2f ms, p95 %.2f ms, max %.1f ms, mean %.2f ms",
                                  name, minimum, queries.count, percentile(latencies, 0.5), percentile(latencies, 0.95),
                                  latencies.last ?? 0, latencies.reduce(0, +) / Double(max(1, latencies.count)))
                line += String(format: " (CPU p50 %.2f ms, p95 %.2f ms)", percentile(cpuTimes, 0.5), percentile(cpuTimes, 0.95))
                if truth != nil {
                    line += ", exact \(foundTotal)/\(expectedTotal) ground-truth matches, \(wrong) queries differ"
                }
                print(line)
            }
        }
        for minimum in options.minimumScores {
            guard let all = overall[minimum] else { continue }
            let latencies = all.latencies.sorted(), cpu = all.cpu.sorted()
            print(String(format: "all sets --min %.2f: %d queries, p50 %.2f ms, p95 %.2f ms (CPU p50 %.2f ms, p95 %.2f ms), found %d/%d ground-truth matches (%.1f %%)",
                         minimum, latencies.count, percentile(latencies, 0.5), percentile(latencies, 0.95),
                         percentile(cpu, 0.5), percentile(cpu, 0.95), all.found, all.expected,
                         all.expected == 0 ? 100 : 100 * Double(all.found) / Double(all.expected)))
        }
        print(String(format: "peak RSS: %.0f MiB", peakResidentMiB()))
        if options.directory == nil { try? FileManager.default.removeItem(at: directory) }
    }

    struct TruthMatch: Decodable {
        var id: Int64
        var score: Double
    }

    private struct TruthLine: Decodable {
        var query: Int
        var matches: [TruthMatch]
    }

    private static func loadTruth(_ path: String) throws -> [[TruthMatch]] {
        let decoder = JSONDecoder()
        var result: [Int: [TruthMatch]] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let parsed = try decoder.decode(TruthLine.self, from: Data(line.utf8))
            result[parsed.query] = parsed.matches
        }
        return (0..<result.count).map { result[$0] ?? [] }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// CPU time of the whole process (every thread), in seconds.
    private static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }

    private static func peakResidentMiB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kib / 1024
    }

    struct BenchError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
