import Foundation
import Interchange
import TranslationMemory

#if canImport(Glibc)
import Glibc
#endif

/// `tandem-bench tmx [FILE.tmx] [--write OUT.tmx] [--level 1|2]`: how fast the TMX
/// reader streams a memory, without any store.
///
/// Three timed passes over the file: libxml2's reader with the TMX document model
/// (`<tu>` → ``TMXTranslationUnit``), then the same plus the mapping to
/// ``TranslationUnit``s (what `tandem import` feeds the store), and, with `--write`,
/// the writer (units back to TMX). Prints MB/s, units/s and the peak resident memory.
/// The default file is the full benchmark memory, `../shared/data/tm/tm/tm-full.fr-en.tmx`
/// (unpack it first: `cd ../shared/data/tm && xz -dk tm/tm-full.fr-en.tmx.xz`).
enum TMXBenchmark {
    static func run(arguments: [String]) throws {
        var file: String?
        var output: String?
        var level = TMXWriter.Level.inlineCodes
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--write": output = rest.popFirst()
            case "--level": level = rest.popFirst().flatMap(Int.init).flatMap(TMXWriter.Level.init(rawValue:)) ?? level
            case "-h", "--help":
                print("usage: tandem-bench tmx [FILE.tmx] [--write OUT.tmx] [--level 1|2]")
                return
            default: file = argument
            }
        }
        let path = file ?? defaultFile()
        guard FileManager.default.fileExists(atPath: path) else {
            throw TMXBenchmarkError("no TMX at \(path): unpack it with `cd ../shared/data/tm && xz -dk tm/tm-full.fr-en.tmx.xz`, or name a file")
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let megabytes = Double(bytes) / 1_000_000
        print("TMX reader benchmark: \(path) (\(String(format: "%.1f", megabytes)) MB)")

        // 1. The document model only.
        var start = Date()
        var tus = 0, variants = 0
        let reader = try TMXReader(contentsOfFile: path)
        while let tu = try reader.next() {
            tus += 1
            variants += tu.variants.count
        }
        var seconds = Date().timeIntervalSince(start)
        report("read <tu> (document model)", seconds: seconds, megabytes: megabytes, count: tus, noun: "tu")

        // 2. Model → memory units.
        start = Date()
        var units: [TranslationUnit] = []
        var rejected = 0
        var firstRejection: TMXRejection?
        let mappingReader = try TMXReader(contentsOfFile: path)
        let mapper = TMXUnitMapper(header: mappingReader.header)
        let keep = output != nil
        while let tu = try mappingReader.next() {
            let mapping = mapper.units(from: tu)
            rejected += mapping.rejections.count
            if firstRejection == nil { firstRejection = mapping.rejections.first }
            if keep { units += mapping.units } else { units = mapping.units }
        }
        seconds = Date().timeIntervalSince(start)
        let unitCount = keep ? units.count : tus - rejected
        report("read + map to TranslationUnit", seconds: seconds, megabytes: megabytes, count: unitCount, noun: "unit")
        if let firstRejection { print("  \(rejected) rejected, the first at \(firstRejection)") }

        // 3. Writer.
        if let output {
            start = Date()
            let writer = try TMXWriter(path: output, header: TMXWriter.header(sourceLanguage: mapper.header.sourceLanguage ?? "*all*", level: level), level: level)
            for unit in units { try writer.write(unit) }
            try writer.finish()
            seconds = Date().timeIntervalSince(start)
            let written = (try FileManager.default.attributesOfItem(atPath: output)[.size] as? NSNumber)?.intValue ?? 0
            report("write level \(level.rawValue) to \(output)", seconds: seconds, megabytes: Double(written) / 1_000_000, count: writer.unitsWritten, noun: "unit")
        }
        print("peak resident memory: \(peakResidentMegabytes()) MB")
    }

    private static func report(_ label: String, seconds: Double, megabytes: Double, count: Int, noun: String) {
        print(String(format: "  %@: %.2f s, %.1f MB/s, %d %@s (%.0f k/s)", label, seconds, megabytes / seconds, count, noun, Double(count) / seconds / 1000))
    }

    private static func defaultFile() -> String {
        // Sources/tandem-bench/TMXBenchmark.swift → the package root's sibling ../shared.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.deletingLastPathComponent().appendingPathComponent("shared/data/tm/tm/tm-full.fr-en.tmx").path
    }

    private static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss / 1024)
    }
}

/// A benchmark that cannot run.
struct TMXBenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
