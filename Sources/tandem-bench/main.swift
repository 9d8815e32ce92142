// tandem-bench: `swift run -c release tandem-bench <benchmark> [arguments]`.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = "usage: tandem-bench segmentation [FILE ...] [--megabytes N]"
do {
    switch arguments.first {
    case "segmentation":
        try SegmentationBenchmark.run(arguments: Array(arguments.dropFirst()))
    default:
        FileHandle.standardError.write(Data((usage + "\n").utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("tandem-bench: \(error)\n".utf8))
    exit(1)
}
