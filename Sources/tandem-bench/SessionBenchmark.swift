import Annotation
import Foundation
import TranslationMemory
import Workbench

/// `tandem-bench session --tsv FILE [--segments N] [--queries FILE]`: the translator's
/// step in `tandem translate`: confirm a segment (one unit committed) and show the next
/// one with its matches, over a memory imported from the TSV (source TAB target).
/// The article is made of the query sentences (one segment each).
enum SessionBenchmark {
    static func run(arguments: [String]) throws {
        var tsv: String?
        var queries: String?
        var segments = 50
        var rest = arguments
        while let flag = rest.first {
            guard rest.count >= 2 else { throw BenchmarkFailure("missing value after \(flag)") }
            switch flag {
            case "--tsv": tsv = rest[1]
            case "--queries": queries = rest[1]
            case "--segments": segments = Int(rest[1]) ?? segments
            default: throw BenchmarkFailure("unknown option \(flag)")
            }
            rest.removeFirst(2)
        }
        guard let tsv else { throw BenchmarkFailure("usage: tandem-bench session --tsv FILE [--queries FILE] [--segments N]") }
        let directory = URL(fileURLWithPath: NSTemporaryDirectory() + "tandem-bench-session-\(getpid())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("tandem.sqlite")

        var clock = ContinuousClock.now
        let store = try SQLiteMemoryStore(url: url)
        let lines = try String(contentsOfFile: tsv, encoding: .utf8).split(separator: "\n")
        var added = 0
        try store.importBatch { batch in
            for line in lines {
                let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
                guard fields.count == 2 else { continue }
                try batch.add(TranslationUnit(
                    sourceLanguage: .french, targetLanguage: .english,
                    source: SegmentText(String(fields[0])), target: SegmentText(String(fields[1])),
                    provenance: Provenance(origin: .imported)), policy: .keepAlternatives)
                added += 1
            }
        }
        print(String(format: "import: %d units in %.1f s", added, seconds(since: clock)))

        // The article: query sentences (else TSV sources) as segments, one per line.
        let sentences = try queries.map { try String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n").map(String.init) }
            ?? lines.prefix(segments).map { String($0.split(separator: "\t").first ?? "") }
        var text = ""
        var articleSegments: [ArticleSegment] = []
        for (index, sentence) in sentences.prefix(segments).enumerated() {
            let start = text.unicodeScalars.count
            text += sentence
            articleSegments.append(ArticleSegment(range: start..<text.unicodeScalars.count, paragraph: index))
            text += "\n"
        }
        let repository = try SQLiteAnnotationRepository(path: url.path)
        try repository.addArticle(Article(id: "bench", language: "fr", text: text, segments: articleSegments))

        clock = .now
        let session = try TranslationSession(article: "bench", memory: store, annotations: repository, translator: "bench")
        _ = try session.view()
        print(String(format: "open + first segment with matches: %.1f ms", seconds(since: clock) * 1000))

        var steps: [Double] = [], confirms: [Double] = [], views: [Double] = []
        var matchCount = 0
        for index in 0..<(articleSegments.count - 1) {
            clock = .now
            try session.confirm("Translation \(index).")
            let confirmed = seconds(since: clock)
            let view = try session.view()
            let total = seconds(since: clock)
            matchCount += view.matches.count
            steps.append(total * 1000); confirms.append(confirmed * 1000); views.append((total - confirmed) * 1000)
        }
        func line(_ name: String, _ values: [Double]) -> String {
            let sorted = values.sorted()
            return String(format: "%@ p50 %.1f ms, p95 %.1f ms, max %.1f ms", name,
                          sorted[sorted.count / 2], sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.95))], sorted.last ?? 0)
        }
        print("\(steps.count) steps (confirm + next segment with matches), \(matchCount) matches shown")
        print(line("step:   ", steps))
        print(line("confirm:", confirms))
        print(line("view:   ", views))
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
