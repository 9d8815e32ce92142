import Foundation

// `tandem-bench BENCHMARK [OPTIONS]`: one case per benchmark.
let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "tm":
        try TMBenchmark.run(arguments: Array(arguments.dropFirst()))
    case "tmx":
        try TMXBenchmark.run(arguments: Array(arguments.dropFirst()))
    default:
        print("usage: tandem-bench tm --tsv FILE [--queries FILE --truth FILE]... [--min 0.7] [--top 5]")
    }
} catch {
    FileHandle.standardError.write(Data("tandem-bench: \(error)\n".utf8))
    exit(1)
}
