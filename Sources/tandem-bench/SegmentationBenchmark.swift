import Foundation
import Segmentation

/// Throughput of the whole segmenter on French text: rules applied, segments with their
/// code-point offsets and text built. One core, process start-up and rule loading apart.
///
/// `tandem-bench segmentation [FILE ...] [--lang fr] [--megabytes N]`: the files (default:
/// `../shared/data/segmentation/fr-gsd-dev.input.txt` and the seed articles) are repeated
/// to at least N MB (default 10) of UTF-8.
enum SegmentationBenchmark {
    static func run(arguments: [String]) throws {
        var files: [String] = []
        var megabytes = 10.0
        var language = "fr"
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--megabytes": megabytes = Double(rest.popFirst() ?? "") ?? megabytes
            case "--lang": language = rest.popFirst() ?? language
            default: files.append(argument)
            }
        }
        if files.isEmpty {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let candidates = [
                root.appendingPathComponent("../shared/data/segmentation/fr-gsd-dev.input.txt").standardized.path,
                root.appendingPathComponent("seeds/000_9519520b1cfbc68e.txt").path,
                root.appendingPathComponent("seeds/004_8a092bc0b89f6462.txt").path,
            ]
            files = candidates.filter { FileManager.default.fileExists(atPath: $0) }
        }
        var sample = ""
        for file in files {
            sample += try String(contentsOfFile: file, encoding: .utf8)
            sample += "\n"
        }
        guard !sample.isEmpty else { throw BenchmarkError("no input text") }
        var text = ""
        while Double(text.utf8.count) < megabytes * 1_000_000 { text += sample }
        let bytes = text.utf8.count
        let characters = text.unicodeScalars.count

        let loadStart = DispatchTime.now()
        let segmenter = try SentenceSegmenter(language: language)
        let load = seconds(since: loadStart)

        print("segmentation: \(files.count) file(s) repeated to \(String(format: "%.1f", Double(bytes) / 1e6)) MB, \(characters) characters, language \(language)")
        print(String(format: "  rules loaded and compiled in %.1f ms", load * 1000))
        var best = Double.infinity
        var segments = 0
        for run in 1...3 {
            let start = DispatchTime.now()
            let result = segmenter.segment(text)
            let elapsed = seconds(since: start)
            segments = result.count
            best = min(best, elapsed)
            print(String(format: "  run %d: %.3f s, %.1f MB/s, %.1f M chars/s", run, elapsed, Double(bytes) / elapsed / 1e6, Double(characters) / elapsed / 1e6))
        }
        print(String(format: "best: %.1f MB/s, %.1f M chars/s, %d segments (bar: 25 MB/s; ICU BreakIterator ≈ 24 M chars/s)",
                     Double(bytes) / best / 1e6, Double(characters) / best / 1e6, segments))
    }

    private static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}

private struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
