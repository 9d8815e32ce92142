import ArgumentParser
import Foundation
import TranslationMemory

/// `tandem concordance`: a word or phrase in the memory's sources and targets.
struct ConcordanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concordance",
        abstract: "Find a word or phrase in the memory's sources and targets.",
        discussion: "Case-insensitive unless --case-sensitive; accent-insensitive with --ignore-accents (“Ouighours” finds “Ouïghours”). Hits are highlighted on a terminal (not with NO_COLOR).")

    enum Side: String, ExpressibleByArgument, CaseIterable {
        case source, target, both
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, jsonl
    }

    @OptionGroup var memory: MemoryOptions

    @Argument(help: "The word or phrase.")
    var text: String

    @Flag(name: .customLong("ignore-accents"), help: "Let “e” find “é”.")
    var ignoreAccents = false

    @Flag(name: .customLong("case-sensitive"), help: "Tell capitals apart.")
    var caseSensitive = false

    @Option(help: "Search sources, targets or both.")
    var side: Side = .both

    @Option(help: "How many units at most.")
    var limit: Int = 50

    @Option(help: "Output format.")
    var format: Format = .table

    func run() throws {
        let sides: Set<UnitPart> = switch side {
        case .source: [.source]
        case .target: [.target]
        case .both: [.source, .target]
        }
        let hits = try memory.openStore().concordance(ConcordanceQuery(
            text: text, sides: sides, ignoreCase: !caseSensitive, ignoreAccents: ignoreAccents, limit: limit))
        let color = format == .table && standardOutputWantsColor
        for hit in hits {
            let text = hit.part == .source ? hit.unit.source.plainText : hit.unit.target.plainText
            switch format {
            case .jsonl:
                let ranges = hit.ranges.map { "[\($0.lowerBound), \($0.upperBound)]" }.joined(separator: ", ")
                writeFlushed("{\"id\": \(hit.unit.id ?? 0), \"part\": \"\(hit.part.rawValue)\", \"text\": \(jsonString(text)), "
                    + "\"source\": \(jsonString(hit.unit.source.plainText)), \"target\": \(jsonString(hit.unit.target.plainText)), \"ranges\": [\(ranges)]}\n")
            case .table:
                let other = hit.part == .source ? hit.unit.target.plainText : hit.unit.source.plainText
                print("#\(hit.unit.id ?? 0) \(hit.part.rawValue): \(Self.highlight(text, hit.ranges, color: color))")
                print("    \(other)")
            }
        }
        if format == .table, hits.isEmpty { print("no unit contains “\(text)”") }
    }

    /// The text with the ranges (scalar offsets) in reverse video, or bracketed without colour.
    static func highlight(_ text: String, _ ranges: [Range<Int>], color: Bool) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var cursor = 0
        let (open, close) = color ? ("\u{1B}[1;7m", "\u{1B}[0m") : ("[", "]")
        for range in ranges where range.lowerBound >= cursor && range.upperBound <= scalars.count {
            out.append(contentsOf: scalars[cursor..<range.lowerBound])
            out.append(contentsOf: open.unicodeScalars)
            out.append(contentsOf: scalars[range])
            out.append(contentsOf: close.unicodeScalars)
            cursor = range.upperBound
        }
        out.append(contentsOf: scalars[cursor...])
        return String(out)
    }
}
