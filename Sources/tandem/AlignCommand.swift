import Alignment
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
            a confidence from 0 to 1. Blank lines separate paragraphs; when both texts have \
            paragraphs, paragraphs are aligned first. Needs no dictionary.
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

    func run() throws {
        let sourceText = try read(source, language: sourceLang)
        let targetText = try read(target, language: targetLang)
        var terms = Glossary()
        if let glossary {
            terms = try Glossary(tsv: AlignmentInput.decode(bytes(of: glossary), file: glossary), file: glossary)
        }
        let alignment = try SentenceAligner().align(sourceText, targetText, glossary: terms)
        // --into-memory will store the beads at or above --min-confidence here.
        switch format {
        case .beads:
            for bead in alignment.beads {
                print(BeadNotation.format(bead) + ":" + String(format: "%.3f", bead.confidence))
            }
        case .tsv:
            for bead in alignment.beads {
                print(join(bead.source, sourceText) + "\t" + join(bead.target, targetText) + "\t" + String(format: "%.3f", bead.confidence))
            }
        case .table:
            let columns = width ?? ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init).map { max($0, 40) } ?? 80
            print(AlignmentTable(width: columns, minimumConfidence: minConfidence)
                .render(alignment, source: sourceText.sentences, target: targetText.sentences), terminator: "")
        }
    }

    /// One file as sentences in paragraphs (blank lines separate paragraphs).
    private func read(_ path: String, language: String?) throws -> AlignableText {
        let text = try AlignmentInput.decode(bytes(of: path), file: path)
        if presegmented { return AlignmentInput.presegmented(text) }
        return AlignableText(paragraphs: try AlignmentInput.paragraphs(text).map { lines in
            try lines.flatMap { try sentences(of: $0, language: language) }
        })
    }

    /// Cuts one line of running text into sentences: the segmenter (Segmentation target) plugs in here.
    private func sentences(of line: String, language: String?) throws -> [String] {
        throw ValidationError("sentence segmentation is not wired in yet: pass --presegmented with one sentence per line")
    }

    private func bytes(of path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(path): cannot read the file")
        }
        return [UInt8](data)
    }

    private func join(_ range: Range<Int>, _ text: AlignableText) -> String {
        range.map { text.sentences[$0] }.joined(separator: " ")
            .replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\r", with: " ")
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
