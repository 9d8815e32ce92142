// tandem-bench: Tandem's benchmarks. Run them on a release build:
//
//   swift run -c release tandem-bench segmentation [--file F] [--lang fr] [--runs N] [--profile]
//   swift run -c release tandem-bench all          (also what no arguments does)
//
// Each benchmark lives in its own file and registers itself in `benchmarks` below with a
// name, a one-line summary and an entry point taking the remaining arguments.
import Foundation

/// A benchmark the dispatcher can run.
struct Benchmark: Sendable {
    let name: String
    let summary: String
    let run: @Sendable ([String]) throws -> Void
}

let benchmarks: [Benchmark] = [
    SegmentationBenchmark.benchmark,
]

/// A usage or setup problem, printed as one line.
struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func printUsage(_ benchmarks: [Benchmark]) {
    print("usage: tandem-bench <benchmark> [options] | tandem-bench all")
    for benchmark in benchmarks {
        print("  \(benchmark.name.padding(toLength: 14, withPad: " ", startingAt: 0))\(benchmark.summary)")
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
// No arguments: run everything (what `make bench` does).
let command = arguments.first ?? "all"
if command == "-h" || command == "--help" {
    printUsage(benchmarks)
    exit(0)
}
do {
    if command == "all" {
        for benchmark in benchmarks {
            print("== \(benchmark.name)")
            try benchmark.run([])
        }
    } else if let benchmark = benchmarks.first(where: { $0.name == command }) {
        try benchmark.run(Array(arguments.dropFirst()))
    } else {
        FileHandle.standardError.write(Data("tandem-bench: unknown benchmark '\(command)'\n".utf8))
        printUsage(benchmarks)
        exit(1)
    }
} catch {
    FileHandle.standardError.write(Data("tandem-bench: \(error)\n".utf8))
    exit(1)
}
