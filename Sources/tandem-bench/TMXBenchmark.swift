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
/// (`cd ../shared/data/tm && xz -dk tm/tm-full.fr-en.tmx.xz` unpacks it; when it is not
/// unpacked, the `.xz` is read as it is and decompression is timed too).
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
            throw TMXBenchmarkError("no TMX at \(path): name a file, or unpack the benchmark memory with `cd ../shared/data/tm && xz -dk tm/tm-full.fr-en.tmx.xz`")
        }
        if path.hasSuffix(".xz") || path.hasSuffix(".gz") {
            print("note: \(path) is compressed; the figures include decompression and MB/s count compressed bytes")
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let megabytes = Double(bytes) / 1_000_000
        print("TMX reader benchmark: \(path) (\(String(format: "%.1f", megabytes)) MB)")

        // 1. The document model only.
        var start = Clock.now
        var tus = 0, variants = 0
        let reader = try TMXReader(contentsOfFile: path)
        while let tu = try reader.next() {
            tus += 1
            variants += tu.variants.count
        }
        var seconds = start.elapsed
        report("read <tu> (document model)", seconds: seconds, megabytes: megabytes, count: tus, noun: "tu")

        // 2. Model → memory units.
        start = Clock.now
        var units: [TranslationUnit] = []
        var rejected = 0
        var firstRejection: TMXRejection?
        let mappingReader = try TMXReader(contentsOfFile: path)
        let mapper = TMXUnitMapper(header: mappingReader.header)
        let keep = output != nil
        var unitCount = 0
        while let tu = try mappingReader.next() {
            _ = mapper.map(tu, unit: { unit in
                unitCount += 1
                if keep { units.append(unit) }
            }, rejection: { rejection in
                rejected += 1
                if firstRejection == nil { firstRejection = rejection }
            })
        }
        seconds = start.elapsed
        report("read + map to TranslationUnit", seconds: seconds, megabytes: megabytes, count: unitCount, noun: "unit")
        if let firstRejection { print("  \(rejected) rejected, the first at \(firstRejection)") }

        // 3. Writer.
        if let output {
            start = Clock.now
            let writer = try TMXWriter(path: output, header: TMXWriter.header(sourceLanguage: mapper.header.sourceLanguage ?? "*all*", level: level), level: level)
            for unit in units { try writer.write(unit) }
            try writer.finish()
            seconds = start.elapsed
            let written = (try FileManager.default.attributesOfItem(atPath: output)[.size] as? NSNumber)?.intValue ?? 0
            report("write level \(level.rawValue) to \(output)", seconds: seconds, megabytes: Double(written) / 1_000_000, count: writer.unitsWritten, noun: "unit")
        }
        print("peak resident memory: \(peakResidentMegabytes()) MB")
    }

    /// Prints wall-clock and CPU figures: on a shared machine the CPU time (user +
    /// system) is the steadier measure, and MB/s are given for both.
    private static func report(_ label: String, seconds: (wall: Double, cpu: Double), megabytes: Double, count: Int, noun: String) {
        print(String(
            format: "  %@: %.2f s wall (%.1f MB/s), %.2f s CPU (%.1f MB/s), %d %@s (%.0f k/s)",
            label, seconds.wall, megabytes / seconds.wall, seconds.cpu, megabytes / seconds.cpu, count, noun, Double(count) / seconds.wall / 1000
        ))
    }

    /// Wall-clock and CPU time together.
    private struct Clock {
        var wall: Date
        var cpu: Double

        static var now: Clock { Clock(wall: Date(), cpu: cpuSeconds()) }

        var elapsed: (wall: Double, cpu: Double) {
            (Date().timeIntervalSince(wall), Clock.cpuSeconds() - cpu)
        }

        private static func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1_000_000
        }
    }

    /// `../shared/data/tm/tm/tm-full.fr-en.tmx` beside the package, or its `.xz` when it
    /// is not unpacked (libxml2 reads xz).
    private static func defaultFile() -> String {
        // Sources/tandem-bench/TMXBenchmark.swift → the package root's sibling ../shared.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let unpacked = root.deletingLastPathComponent().appendingPathComponent("shared/data/tm/tm/tm-full.fr-en.tmx").path
        if FileManager.default.fileExists(atPath: unpacked) { return unpacked }
        return unpacked + ".xz"
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
