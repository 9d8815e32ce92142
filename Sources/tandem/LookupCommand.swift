import ArgumentParser
import Foundation
import TranslationMemory

/// `tandem lookup`: exact, in-context and fuzzy matches for a segment or a file of them.
struct LookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Find the memory's best matches for a segment.",
        discussion: """
            The score is the character similarity 1 − d / max(len a, len b) over Unicode scalars \
            (Levenshtein, on NFC text with whitespace runs collapsed and inline codes removed). \
            In-context matches (same neighbouring segments) come before exact ones, exact before fuzzy. \
            With --queries, one JSON line per query line is written, in order, as each is answered.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, jsonl
    }

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The segment to match.")
    var text: String?

    @Option(help: ArgumentHelp("A file of segments to match, one a line.", valueName: "file"))
    var queries: String?

    @Option(name: .customLong("min"), help: "The lowest score returned, 0–1.")
    var minimumScore: Double = 0.7

    @Option(help: "How many matches at most per segment.")
    var top: Int = 5

    @Option(name: .customLong("source-lang"), help: "The source language.")
    var sourceLanguage: String = "fr"

    @Option(name: .customLong("target-lang"), help: "The target language.")
    var targetLanguage: String = "en"

    @Flag(name: .customLong("match-region"), help: "Tell regional variants apart (fr-FR is not fr-CA).")
    var matchRegion = false

    @Option(help: "The segment before this one, for in-context matches.")
    var previous: String?

    @Option(help: "The segment after this one, for in-context matches.")
    var next: String?

    @Option(help: "Output format.")
    var format: Format = .table

    func validate() throws {
        guard (text == nil) != (queries == nil) else {
            throw ValidationError("give either a segment or --queries FILE")
        }
        guard minimumScore > 0, minimumScore <= 1 else { throw ValidationError("--min must be in (0, 1]") }
        guard top > 0 else { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let source = try languageTag(sourceLanguage, option: "--source-lang")
        let target = try languageTag(targetLanguage, option: "--target-lang")
        guard memory.exists else {
            throw CommandFailure(description: "no translation memory at \(memory.url.path); create one with `tandem import FILE.tmx`")
        }
        func query(_ text: String) -> MatchQuery {
            MatchQuery(
                source: text, sourceLanguage: source, targetLanguage: target,
                context: SegmentContext(previous: previous, next: next),
                minimumScore: minimumScore, limit: top, matchRegion: matchRegion)
        }
        if let text {
            let matches = try memory.openStore().lookup(query(text))
            switch format {
            case .jsonl: writeFlushed(Self.jsonLine(index: 0, matches))
            case .table: print(Self.table(matches))
            }
            return
        }
        let contents: String
        do {
            contents = try String(contentsOfFile: queries!, encoding: .utf8)
        } catch {
            throw CommandFailure(description: "cannot read \(queries!): \(error.localizedDescription)")
        }
        var lines = contents.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { return }
        let store = try memory.openStore()  // opened only when there is something to answer
        for (index, line) in lines.enumerated() {
            let text = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            let matches = try store.lookup(query(text))
            switch format {
            case .jsonl: writeFlushed(Self.jsonLine(index: index, matches))
            case .table:
                print("# \(index): \(text)")
                print(Self.table(matches))
            }
        }
    }

    static func jsonLine(index: Int, _ matches: [TranslationMatch]) -> String {
        let items = matches.map { match in
            "{\"source\": \(jsonString(match.unit.source.plainText)), \"target\": \(jsonString(match.unit.target.plainText)), "
                + "\"score\": \(String(format: "%.4f", match.score)), \"kind\": \"\(match.kind.rawValue)\", "
                + "\"origin\": \"\(match.unit.provenance.origin.rawValue)\"}"
        }
        return "{\"query\": \(index), \"matches\": [\(items.joined(separator: ", "))]}\n"
    }

    static func table(_ matches: [TranslationMatch]) -> String {
        guard !matches.isEmpty else { return "no match" }
        return matches.map { match in
            let score = String(format: "%5.1f%%", match.score * 100)
            let kind = match.kind == .inContext ? "in-context" : match.kind.rawValue
            return "\(score)  \(kind.padding(toLength: 10, withPad: " ", startingAt: 0))  \(match.unit.source.plainText)\n"
                + "        \(match.unit.provenance.origin.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0))  → \(match.unit.target.plainText)"
        }.joined(separator: "\n")
    }
}
