import Foundation
import TeamStore
import TranslationMemory

/// `tandem-bench clients`: lookups per second when 1, 2, 4... translators query one
/// memory at once, each client a separate process with its own store (its own
/// connection and match index), as `tandem` processes are.
///
///     tandem-bench clients --memory ADDRESS [--memory ADDRESS]... --queries FILE
///                          [--clients 1,2,4] [--seconds 10] [--min 0.7] [--top 5]
///                          [--confirm] [--during-import FILE]
///
/// Each `--memory` (a SQLite file or a `postgres://` address, already filled, e.g. with
/// `tandem import`) is measured in turn, side by side in the table. Every client opens
/// the memory and makes one lookup first (so start-up, the index's loading, is not
/// counted), waits until all clients are ready, then runs the queries from its own
/// offset for the given time. Printed per memory and client count: lookups per
/// second over all clients, and the latency of one lookup (p50, p95) as the clients
/// saw it.
///
/// With `--confirm` each client also stores a translation after every lookup (a new
/// unit, as a translator's confirmation does) and the confirmations' latency is printed
/// (p50, p95, worst). With `--during-import FILE`, `tandem import FILE` (the `tandem`
/// built beside this program) runs into the same memory while the clients work: how long
/// it took, and what it did to the clients' figures, show whether it blocks them.
enum ClientsBenchmark {
    struct Options {
        var memories: [String] = []
        var queries: String?
        var clients: [Int] = [1, 2, 4]
        var seconds = 10.0
        var minimumScore = 0.7
        var top = 5
        /// Store a translation after each lookup.
        var confirm = false
        /// A TMX or XLIFF file imported while the clients work.
        var importFile: String?
        /// Where a worker starts in the query list (so clients do not query in step).
        var offset = 0
    }

    /// What one client measured.
    struct ClientResult: Codable {
        var lookups: Int
        var matches: Int
        var elapsed: Double
        /// Milliseconds per lookup, in the order made.
        var latencies: [Double]
        /// Milliseconds per confirmation (with `--confirm`).
        var confirmations: [Double] = []
    }

    static func run(arguments: [String]) throws {
        let options = try parse(arguments)
        guard let queries = options.queries, !options.memories.isEmpty else {
            throw BenchmarkFailure("usage: tandem-bench clients --memory ADDRESS [--memory ADDRESS]... --queries FILE [--clients 1,2,4] [--seconds 10] [--min 0.7] [--top 5]")
        }
        let queryCount = try readQueries(queries).count
        print("tandem-bench clients: \(queryCount) queries from \(queries), --min \(options.minimumScore), top \(options.top), \(Int(options.seconds)) s per run, cores \(ProcessInfo.processInfo.activeProcessorCount)")
        if let file = options.importFile { print("while importing \(file)") }
        print("memory".padding(toLength: 12, withPad: " ", startingAt: 0) + " clients   lookups/s   p50 ms   p95 ms   start-up s"
              + (options.confirm ? "   confirm p50/p95/max ms" : "") + (options.importFile != nil ? "   import s" : ""))
        for memory in options.memories {
            let name = PostgresLocation.isPostgres(memory) ? "PostgreSQL" : "SQLite"
            for count in options.clients {
                let run = try measure(memory: memory, clients: count, options: options)
                var line = name.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + String(format: " %7d %11.1f %8.2f %8.2f %12.2f", count, run.perSecond, run.p50, run.p95, run.startUp)
                if let confirm = run.confirm { line += String(format: "   %6.1f /%6.1f /%7.1f", confirm.p50, confirm.p95, confirm.max) }
                if let seconds = run.importSeconds { line += String(format: " %10.1f", seconds) }
                print(line)
            }
        }
    }

    /// The figures of one run of `clients` processes.
    struct Run {
        var perSecond: Double
        var p50: Double
        var p95: Double
        var startUp: Double
        /// Confirmation latencies (with `--confirm`).
        var confirm: (p50: Double, p95: Double, max: Double)?
        /// How long the import beside the clients took (with `--during-import`).
        var importSeconds: Double?
    }

    /// Starts `clients` worker processes, lets them go together and gathers their figures.
    static func measure(memory: String, clients: Int, options: Options) throws -> Run {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var workers: [(process: Process, input: Pipe, output: Pipe)] = []
        defer { for worker in workers where worker.process.isRunning { worker.process.terminate() } }
        let started = ContinuousClock.now
        for index in 0..<clients {
            let process = Process()
            process.executableURL = executable
            process.arguments = [
                "clients-worker", "--memory", memory, "--queries", options.queries!,
                "--seconds", String(options.seconds), "--min", String(options.minimumScore),
                "--top", String(options.top), "--offset", String(index * 997),
            ] + (options.confirm ? ["--confirm"] : [])
            let input = Pipe(), output = Pipe()
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            workers.append((process, input, output))
        }
        // Every client has opened the memory and made its first lookup.
        for worker in workers {
            let line = readLine(from: worker.output.fileHandleForReading)
            guard line == "ready" else {
                worker.process.waitUntilExit()
                throw BenchmarkFailure("a client could not start on \(memory) (exit \(worker.process.terminationStatus))")
            }
        }
        let startUp = milliseconds(ContinuousClock.now - started) / 1000
        var importer: Process?
        if let file = options.importFile {
            let process = Process()
            process.executableURL = executable.deletingLastPathComponent().appendingPathComponent("tandem")
            process.arguments = ["import", file, "--memory", memory]
            process.standardOutput = FileHandle.nullDevice
            importer = process
        }
        let go = ContinuousClock.now
        try importer?.run()
        for worker in workers { worker.input.fileHandleForWriting.write(Data("go\n".utf8)) }
        var results: [ClientResult] = []
        for worker in workers {
            let data = worker.output.fileHandleForReading.readDataToEndOfFile()
            worker.process.waitUntilExit()
            guard worker.process.terminationStatus == 0 else {
                throw BenchmarkFailure("a client failed on \(memory) (exit \(worker.process.terminationStatus))")
            }
            results.append(try JSONDecoder().decode(ClientResult.self, from: data))
        }
        var importSeconds: Double?
        if let importer {
            importer.waitUntilExit()
            guard importer.terminationStatus == 0 else { throw BenchmarkFailure("the import beside the clients failed (exit \(importer.terminationStatus))") }
            importSeconds = milliseconds(ContinuousClock.now - go) / 1000
        }
        let latencies = results.flatMap(\.latencies).sorted()
        let perSecond = results.map { Double($0.lookups) / $0.elapsed }.reduce(0, +)
        var run = Run(perSecond: perSecond, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), startUp: startUp)
        let confirmations = results.flatMap(\.confirmations).sorted()
        if options.confirm, let worst = confirmations.last {
            run.confirm = (percentile(confirmations, 0.5), percentile(confirmations, 0.95), worst)
        }
        run.importSeconds = importSeconds
        return run
    }

    /// One client: opens the memory, looks up once, says "ready", waits for "go", then
    /// looks up queries in turn (from its offset) for the given time and prints its figures as JSON.
    static func runWorker(arguments: [String]) throws {
        let options = try parse(arguments, allowOffset: true)
        let offset = options.offset
        guard let memory = options.memories.first, let path = options.queries else { throw BenchmarkFailure("clients-worker: --memory and --queries are required") }
        let queries = try readQueries(path)
        guard !queries.isEmpty else { throw BenchmarkFailure("\(path): no queries") }
        let store: any MemoryStore = PostgresLocation.isPostgres(memory)
            ? try PostgresMemoryStore(address: memory)
            : try SQLiteMemoryStore(url: URL(fileURLWithPath: memory), create: false)
        func query(_ index: Int) -> MatchQuery {
            MatchQuery(source: queries[index % queries.count], sourceLanguage: .french, targetLanguage: .english,
                       minimumScore: options.minimumScore, limit: options.top)
        }
        _ = try store.lookup(query(offset))
        FileHandle.standardOutput.write(Data("ready\n".utf8))
        guard readLine(from: FileHandle.standardInput) == "go" else { return }
        var result = ClientResult(lookups: 0, matches: 0, elapsed: 0, latencies: [])
        let start = ContinuousClock.now
        var next = offset + 1
        while true {
            let before = ContinuousClock.now
            result.matches += try store.lookup(query(next)).count
            let after = ContinuousClock.now
            result.latencies.append(milliseconds(after - before))
            result.lookups += 1
            if options.confirm {
                // A translator's confirmation: a new unit, committed at once.
                let confirmed = TranslationUnit(
                    sourceLanguage: .french, targetLanguage: .english,
                    source: SegmentText(queries[next % queries.count] + " [\(getpid())-\(next)]"),
                    target: SegmentText("Confirmed \(getpid())-\(next)"),
                    provenance: Provenance(origin: .human, creator: "bench-\(getpid())", createdAt: Date()))
                let start = ContinuousClock.now
                try store.add(confirmed, policy: .keepAlternatives)
                result.confirmations.append(milliseconds(ContinuousClock.now - start))
            }
            next += 1
            result.elapsed = milliseconds(after - start) / 1000
            if result.elapsed >= options.seconds { break }
        }
        FileHandle.standardOutput.write(try JSONEncoder().encode(result))
    }

    // MARK: Helpers

    private static func parse(_ arguments: [String], allowOffset: Bool = false) throws -> Options {
        var options = Options()
        var rest = arguments
        while let flag = rest.first {
            if flag == "--confirm" {
                options.confirm = true
                rest.removeFirst()
                continue
            }
            guard rest.count >= 2 else { throw BenchmarkFailure("missing value after \(flag)") }
            let value = rest[1]
            switch flag {
            case "--memory": options.memories.append(value)
            case "--queries": options.queries = value
            case "--clients":
                options.clients = try value.split(separator: ",").map {
                    guard let n = Int($0), n > 0 else { throw BenchmarkFailure("--clients: “\(value)” is not a list of counts like 1,2,4") }
                    return n
                }
            case "--seconds": options.seconds = Double(value) ?? options.seconds
            case "--min": options.minimumScore = Double(value) ?? options.minimumScore
            case "--top": options.top = Int(value) ?? options.top
            case "--during-import": options.importFile = value
            case "--offset" where allowOffset: options.offset = Int(value) ?? 0
            default: throw BenchmarkFailure("unknown option \(flag)")
            }
            rest.removeFirst(2)
        }
        return options
    }

    private static func readQueries(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }

    /// One line from a pipe, read a byte at a time (so nothing after it is consumed).
    private static func readLine(from handle: FileHandle) -> String? {
        var bytes: [UInt8] = []
        while true {
            let data = handle.readData(ofLength: 1)
            guard let byte = data.first else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    private static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
}
