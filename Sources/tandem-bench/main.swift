// tandem-bench: `swift run -c release tandem-bench <benchmark> [arguments]`, one case per
// benchmark; each prints its figures.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = """
    usage: tandem-bench segmentation [--file F] [--lang fr|en] [--runs N] [--srx FILE] [--profile]
           tandem-bench tm --tsv FILE [--queries FILE --truth FILE]... [--min 0.7] [--top 5]
           tandem-bench tmx [FILE] [--write OUT] [--level 1|2]
           tandem-bench align [--sentences N] [--runs N] | align --eval [SET...]
           tandem-bench glossary [--terms N] [--runs N]
           tandem-bench session --tsv FILE [--queries FILE] [--segments N]
           tandem-bench clients --memory ADDRESS [--memory ADDRESS]... --queries FILE [--clients 1,2,4] [--seconds 10] [--min 0.7]
                                [--confirm] [--during-import FILE]
    """
do {
    let rest = Array(arguments.dropFirst())
    switch arguments.first {
    case "segmentation": try SegmentationBenchmark.run(rest)
    case "tm": try TMBenchmark.run(arguments: rest)
    case "tmx": try TMXBenchmark.run(arguments: rest)
    case "align": try AlignmentBenchmark.run(arguments: rest)
    case "glossary": try GlossaryBenchmark.run(arguments: rest)
    case "session": try SessionBenchmark.run(arguments: rest)
    case "clients": try ClientsBenchmark.run(arguments: rest)
    case "clients-worker": try ClientsBenchmark.runWorker(arguments: rest)
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("tandem-bench: \(error)\n".utf8))
    exit(1)
}

/// A usage or setup problem, printed as one line.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
