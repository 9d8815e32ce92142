import Alignment
import Foundation

/// `tandem-bench align`: times the sentence aligner on a 1,000-sentence document pair, and with
/// `--eval` scores it on the public gold sets.
///
///     tandem-bench align [--data DIR] [--sentences N] [--runs N]
///     tandem-bench align --eval [--reverse] [--per-doc] [--data DIR] [SET...]
enum AlignmentBenchmark {
    static func run(arguments: [String]) throws {
        var data = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/data/alignment")
        var evaluate = false, reversed = false, perDocument = false
        var sentences = 1000, runs = 5
        var sets: [String] = []
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--eval": evaluate = true
            case "--reverse": reversed = true
            case "--per-doc": perDocument = true
            case "--data": data = URL(fileURLWithPath: rest.popFirst() ?? ".")
            case "--sentences": sentences = Int(rest.popFirst() ?? "") ?? sentences
            case "--runs": runs = Int(rest.popFirst() ?? "") ?? runs
            default: sets.append(argument)
            }
        }
        if sets.isEmpty { sets = ["transread-dev", "synth-dev", "textberg-dev"] }
        let aligner = SentenceAligner()

        if evaluate {
            for set in sets {
                let gold = try GoldAlignmentSet(directory: data.appendingPathComponent(set))
                let start = Date()
                let (total, documents) = try gold.evaluate(with: aligner, reversed: reversed)
                let seconds = Date().timeIntervalSince(start)
                if perDocument {
                    for (name, evaluation) in documents { print("  " + line(name, evaluation)) }
                }
                print(line(set + (reversed ? " (reversed)" : ""), total) + "  " + String(format: "%.2f s", seconds))
            }
            return
        }

        let (source, target) = try benchmarkPair(data: data, sentences: sentences)
        var times: [Double] = [], cpuTimes: [Double] = []
        var beads = 0
        for _ in 0..<runs {
            let start = Date(), cpuStart = processorTime()
            let alignment = try aligner.align(AlignableText(sentences: source), AlignableText(sentences: target))
            times.append(Date().timeIntervalSince(start))
            cpuTimes.append(processorTime() - cpuStart)
            beads = alignment.beads.count
        }
        times.sort()
        cpuTimes.sort()
        print(String(
            format: "align: %d source and %d target sentences -> %d beads; wall median %.3f s (best %.3f s), CPU median %.3f s, over %d runs (release build)",
            source.count, target.count, beads, times[times.count / 2], times[0], cpuTimes[cpuTimes.count / 2], runs))
    }

    /// CPU time of this process, in seconds (the machine may be shared: wall time alone misleads).
    private static func processorTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    private static func line(_ label: String, _ evaluation: AlignmentEvaluation) -> String {
        String(format: "%-28@ strict P %.3f R %.3f F1 %.3f | lax F1 %.3f | null P %.3f R %.3f F1 %.3f",
               label as NSString, evaluation.strict.precision, evaluation.strict.recall, evaluation.strict.f1,
               evaluation.lax.f1, evaluation.null.precision, evaluation.null.recall, evaluation.null.f1)
    }

    /// The first `sentences` source sentences of the public transread documents put end to end, with
    /// their translations (cut at a gold bead boundary); generated text when the data is absent.
    private static func benchmarkPair(data: URL, sentences: Int) throws -> ([String], [String]) {
        var source: [String] = [], target: [String] = []
        let set = data.appendingPathComponent("transread-dev")
        if FileManager.default.fileExists(atPath: set.appendingPathComponent("manifest.tsv").path) {
            let gold = try GoldAlignmentSet(directory: set)
            while source.count < sentences {
                for document in gold.documents {
                    for bead in document.gold where source.count < sentences {
                        source.append(contentsOf: bead.source.map { document.source[$0] })
                        target.append(contentsOf: bead.target.map { document.target[$0] })
                    }
                }
            }
            return (source, target)
        }
        // No data: sentences of pseudo-words whose "translations" keep names and numbers.
        var generator = SystemRandomNumberGenerator()
        for index in 0..<sentences {
            let words = (0..<Int.random(in: 4...30, using: &generator)).map { _ in
                String((0..<Int.random(in: 2...9, using: &generator)).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
            }
            source.append(words.joined(separator: " ") + " Name\(index % 37) \(index).")
            target.append(words.reversed().map { String($0.reversed()) }.joined(separator: " ") + " Name\(index % 37) \(index).")
        }
        return (source, target)
    }
}
