import Foundation
import Segmentation

/// `tandem-bench segmentation`: sentence segmentation throughput, the whole segmenter
/// (rules applied, offsets and segment strings built), one core.
///
/// The default text is French: the seed articles and, when `../shared` is there, the
/// French GSD treebank text, repeated to 16 MB (`--lang en`: the English translations of
/// the seeds and the EWT treebank text). The target is 25 MB/s of French.
enum SegmentationBenchmark {
    static let targetBytesPerSecond = 25_000_000.0

    static func run(_ arguments: [String]) throws {
        var file: String?
        var language = "fr"
        var runs = 5
        var srx: String?
        var profiling = false
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            func value() throws -> String {
                guard let value = iterator.next() else { throw BenchmarkFailure("\(argument) needs a value") }
                return value
            }
            switch argument {
            case "--file": file = try value()
            case "--lang": language = try value()
            case "--srx": srx = try value()
            case "--profile": profiling = true
            case "--runs":
                guard let count = Int(try value()), count > 0 else { throw BenchmarkFailure("--runs needs a positive number") }
                runs = count
            default: throw BenchmarkFailure("unknown option \(argument)")
            }
        }

        let setupStart = Date()
        let rules = try srx.map { try SRXDocument(contentsOfFile: $0) } ?? .default
        let segmenter = try SentenceSegmenter(rules: rules, language: language)
        let setup = Date().timeIntervalSince(setupStart)

        let (text, origin) = try corpus(file: file, english: language.lowercased().hasPrefix("en"))
        let bytes = text.utf8.count
        let scalars = text.unicodeScalars.count
        let counts = segmenter.ruleCounts
        print("text: \(origin)")
        print("      \(format(bytes)) bytes, \(format(scalars)) code points")
        print("rules: \(rules.name) for '\(language)': \(counts.rules) rules evaluated, \(counts.runInICU) of them in ICU; loaded in \(String(format: "%.1f", setup * 1000)) ms")

        var best = Double.infinity
        var segmentCount = 0
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let segments = segmenter.segment(text)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            segmentCount = segments.count
            best = min(best, elapsed)
        }
        let bytesPerSecond = Double(bytes) / best
        let scalarsPerSecond = Double(scalars) / best
        print("segments: \(format(segmentCount)) (\(format(Int(Double(segmentCount) / best))) per second)")
        if profiling {
            let (_, profile) = segmenter.profile(text)
            print("candidates: \(format(profile.candidates)) positions; rule evaluations (per MB):")
            for counts in profile.rules where counts.evaluations > 0 {
                let rule = counts.rule
                let evaluations = Double(counts.evaluations) / (Double(bytes) / 1e6)
                print(String(format: "  %9.0f  %@ (%@, line %d): %@ %@", evaluations, rule.location.description,
                             rule.isBreak ? "break" : "no break", rule.location.line,
                             String(rule.beforeBreak.prefix(50)), String(rule.afterBreak.prefix(40))))
            }
        }
        print(String(format: "best of %d runs: %.3f s  %.1f MB/s  %.1f M chars/s  (target 25 MB/s: %.2fx)",
                     runs, best, bytesPerSecond / 1e6, scalarsPerSecond / 1e6, bytesPerSecond / targetBytesPerSecond))
    }

    /// The text to segment and where it comes from: a file, or the seed articles and
    /// the shared treebank text of the language, repeated to 16 MB.
    static func corpus(file: String?, english: Bool) throws -> (String, String) {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw BenchmarkFailure("cannot read \(file)") }
            return (try UTF8Text.decode([UInt8](data)), file)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var sources: [URL] = []
        let seeds = english ? root.appendingPathComponent("seeds/en") : root.appendingPathComponent("seeds")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: seeds.path) {
            sources += names.filter { $0.hasSuffix(".txt") }.sorted().map { seeds.appendingPathComponent($0) }
        }
        let treebank = root.deletingLastPathComponent()
            .appendingPathComponent("shared/data/segmentation/\(english ? "en-ewt-dev" : "fr-gsd-dev").input.txt")
        if FileManager.default.fileExists(atPath: treebank.path) { sources.append(treebank) }
        guard !sources.isEmpty else { throw BenchmarkFailure("no text found (seeds/ or ../shared); use --file") }
        var sample = ""
        for source in sources {
            sample += try String(contentsOf: source, encoding: .utf8)
            sample += "\n"
        }
        var text = ""
        text.reserveCapacity(16_000_000 + sample.utf8.count)
        while text.utf8.count < 16_000_000 { text += sample }
        let language = english ? "English" : "French"
        return (text, "\(language): " + sources.map(\.lastPathComponent).joined(separator: ", ") + ", repeated to 16 MB")
    }

    private static func format(_ value: Int) -> String {
        let digits = Array(String(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}
