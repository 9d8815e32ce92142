import Alignment
import TranslationMemory
import Workbench
import ArgumentParser
import Foundation

/// `tandem align SOURCE TARGET`: pairs an article with its translation sentence by sentence.
struct AlignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Align a text with its translation sentence by sentence.",
        discussion: """
            Prints beads: runs of consecutive source sentences paired with the consecutive target \
            sentences that translate them (1-1, 2-1, 1-2, 2-2, …), or left alone (1-0, 0-1), each with \
            a confidence from 0 to 1. Plain text is split into sentences with Tandem's rules, each \
            line a paragraph (with --presegmented: one sentence per line, blank lines between \
            paragraphs); paragraphs are aligned first. Needs no dictionary.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case beads, tsv, table
    }

    @Argument(help: "The source text (UTF-8).")
    var source: String

    @Argument(help: "Its translation (UTF-8).")
    var target: String

    @Option(help: "Language of the source text (e.g. fr).")
    var sourceLang: String?

    @Option(help: "Language of the target text (e.g. en).")
    var targetLang: String?

    @Flag(help: "One sentence per line in both files (blank lines separate paragraphs).")
    var presegmented = false

    @Option(help: "beads: Vecalign notation, 0-based, `[0, 1]:[0]:confidence`; tsv: source<TAB>target<TAB>confidence; table: side by side.")
    var format: Format = .beads

    @Option(help: "Beads below this confidence are doubtful: marked in the table and counted.")
    var minConfidence = 0.5

    @Option(help: "A TSV glossary (source term<TAB>target term) adding anchors.")
    var glossary: String?

    @Option(help: "Width of the table (default: $COLUMNS or 80).")
    var width: Int?

    mutating func validate() throws {
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be between 0 and 1") }
        if let width, width < 40 { throw ValidationError("--width must be at least 40") }
    }

    @Flag(help: "Store the beads at or above --min-confidence in the memory (origin: aligned); list the others for review.")
    var intoMemory = false

    @Option(help: "The article id the stored units point to (default: the source file's name without extension).")
    var article: String?

    @Option(help: "Who to record as the units' creator (default: $TANDEM_TRANSLATOR, else $USER).")
    var translator: String?

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let sourceLanguage = try languageTag(sourceLang ?? "fr", option: "--source-lang")
        let targetLanguage = try languageTag(targetLang ?? "en", option: "--target-lang")
        let sourceText = try AlignmentInput.decode(bytes(of: source), file: source)
        let targetText = try AlignmentInput.decode(bytes(of: target), file: target)
        var terms = Glossary()
        if let glossary {
            terms = try Glossary(tsv: AlignmentInput.decode(bytes(of: glossary), file: glossary), file: glossary)
        }
        let store = intoMemory ? try memory.openStore(create: true) : nil
        let aligned = try BilingualAligner(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
            .align(source: sourceText, target: targetText, presegmented: presegmented, glossary: terms, memory: store)
        let alignment = aligned.alignment
        switch format {
        case .beads:
            for bead in alignment.beads {
                print(BeadNotation.format(bead) + ":" + String(format: "%.3f", bead.confidence))
            }
        case .tsv:
            for bead in alignment.beads {
                print(tsvField(aligned.sourceText(of: bead)) + "\t" + tsvField(aligned.targetText(of: bead)) + "\t" + String(format: "%.3f", bead.confidence))
            }
        case .table:
            let columns = width ?? ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).map { max($0, 40) } ?? 80
            print(AlignmentTable(width: columns, minimumConfidence: minConfidence)
                .render(alignment, source: aligned.source.sentences, target: aligned.target.sentences), terminator: "")
        }
        guard let store else { return }
        let articleID = article ?? URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
        let creator = translator ?? ProcessInfo.processInfo.environment["TANDEM_TRANSLATOR"] ?? ProcessInfo.processInfo.environment["USER"]
        let summary = try aligned.store(
            into: store, article: articleID, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
            minimumConfidence: minConfidence, creator: creator)
        var report = "memory: \(summary.stored) pairs stored from \(articleID) (\(summary.merged) already there), "
        report += "\(summary.heldForReview.count) held for review (confidence < \(String(format: "%.2f", minConfidence))), "
        report += "\(summary.unpaired) sentences without a counterpart"
        // With beads or tsv on standard output, the report goes to standard error.
        if format == .table { print(report) } else { FileHandle.standardError.write(Data((report + "\n").utf8)) }
        for bead in summary.heldForReview {
            let line = "  review \(BeadNotation.format(bead)) \(String(format: "%.2f", bead.confidence)): \(aligned.sourceText(of: bead)) ⇄ \(aligned.targetText(of: bead))"
            if format == .table { print(line) } else { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
    }

    private func bytes(of path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(path): cannot read the file")
        }
        return [UInt8](data)
    }

    private func tsvField(_ text: String) -> String {
        text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}

/// Beads side by side for a terminal: confidence, a `?` on doubtful beads, source and target wrapped.
struct AlignmentTable {
    var width: Int
    var minimumConfidence: Double

    func render(_ alignment: Alignment, source: [String], target: [String]) -> String {
        let margin = 7  // "0.93 ? "
        let column = (width - margin - 3) / 2
        var output = ""
        let rule = String(repeating: "-", count: width)
        output += pad("conf", margin) + pad("source", column) + " | " + "target\n" + rule + "\n"
        var doubtful = 0
        for bead in alignment.beads {
            let isDoubtful = bead.confidence < minimumConfidence
            if isDoubtful { doubtful += 1 }
            let left = wrap(bead.source.map { source[$0] }, column)
            let right = wrap(bead.target.map { target[$0] }, column)
            for row in 0..<max(left.count, right.count) {
                let head = row == 0 ? String(format: "%.2f", bead.confidence) + (isDoubtful ? " ? " : "   ") : ""
                output += pad(head, margin) + pad(row < left.count ? left[row] : "", column) + " | "
                    + (row < right.count ? right[row] : "") + "\n"
            }
            output += rule + "\n"
        }
        output += "\(alignment.beads.count) beads, \(doubtful) below \(String(format: "%.2f", minimumConfidence)) (marked ?)\n"
        return output
    }

    /// Each sentence on its own lines, broken at spaces to fit `width` characters.
    private func wrap(_ sentences: [String], _ width: Int) -> [String] {
        if sentences.isEmpty { return ["—"] }
        var lines: [String] = []
        for sentence in sentences {
            var line = ""
            for word in sentence.split(separator: " ") {
                var word = Substring(word)
                while word.count > width {
                    if !line.isEmpty { lines.append(line); line = "" }
                    lines.append(String(word.prefix(width)))
                    word = word.dropFirst(width)
                }
                if line.isEmpty {
                    line = String(word)
                } else if line.count + 1 + word.count <= width {
                    line += " " + word
                } else {
                    lines.append(line)
                    line = String(word)
                }
            }
            if !line.isEmpty { lines.append(line) }
        }
        return lines
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
