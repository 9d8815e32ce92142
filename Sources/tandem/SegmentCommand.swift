import ArgumentParser
import Foundation
import Segmentation

/// `tandem segment`: splits a text into sentences and prints them.
struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Split a text into sentences with SRX segmentation rules.",
        discussion: """
        The input is plain UTF-8 text, one paragraph per line: a line break always ends \
        a sentence, blank lines hold none. Segments are trimmed of surrounding whitespace; \
        offsets are Unicode code points from the start of the input, end-exclusive. \
        Without --srx, Tandem's own rules for French and English are used.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case lines, jsonl, table
    }

    @Option(help: "The text's language, matched against the rules' language maps (Tandem's rules: fr, en).")
    var lang: String = "fr"

    @Option(help: ArgumentHelp("An SRX 2.0 file to use instead of Tandem's rules.", valueName: "file"))
    var srx: String?

    @Option(help: ArgumentHelp(
        "lines: one segment per line; jsonl: one JSON object per segment (paragraph = 0-based line, index, start, end, text); table: numbered segments with line and offsets.",
        valueName: "format"
    ))
    var format: Format = .lines

    @Argument(help: ArgumentHelp("The text to segment; - for standard input.", valueName: "file"))
    var file: String = "-"

    func run() throws {
        let rules = try srx.map { path throws(SRXError) in try SRXDocument(contentsOfFile: path) } ?? .default
        let segmenter = try SentenceSegmenter(rules: rules, language: lang)
        let inputName = file == "-" ? "<stdin>" : file
        let text: String
        do {
            text = try UTF8Text.decode(try readInput())
        } catch let error as SegmentationError {
            throw CommandFailure("\(inputName): \(error)")
        }
        let segments = segmenter.segment(text)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + segments.count * (format == .lines ? 1 : 64))
        switch format {
        case .lines: SegmentFormatter.lines(segments, into: &output)
        case .jsonl: SegmentFormatter.jsonLines(segments, into: &output)
        case .table: SegmentFormatter.table(segments, into: &output)
        }
        FileHandle.standardOutput.write(Data(output))
    }

    private func readInput() throws -> [UInt8] {
        if file == "-" {
            return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory) else {
            throw CommandFailure("\(file): no such file")
        }
        guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure("\(file): cannot read the file")
        }
        return [UInt8](data)
    }
}

/// Writes segments in the command's output formats.
enum SegmentFormatter {
    static func lines(_ segments: [Segment], into output: inout [UInt8]) {
        for segment in segments {
            output.append(contentsOf: segment.text.utf8)
            output.append(0x0A)
        }
    }

    static func jsonLines(_ segments: [Segment], into output: inout [UInt8]) {
        for segment in segments {
            output.append(contentsOf: #"{"paragraph":\#(segment.paragraph),"index":\#(segment.index),"start":\#(segment.range.lowerBound),"end":\#(segment.range.upperBound),"text":"#.utf8)
            appendJSONString(segment.text, to: &output)
            output.append(contentsOf: "}\n".utf8)
        }
    }

    /// Numbered segments (from 1), their line (from 1) and code-point offsets.
    static func table(_ segments: [Segment], into output: inout [UInt8]) {
        let width = max(3, String(segments.count).count)
        let offsetWidth = max(5, String(segments.last?.range.upperBound ?? 0).count)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: " ", count: max(0, width - text.count)) + text
        }
        func padText(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        output.append(contentsOf: "\(padText("#", width))  \(padText("line", 4))  \(padText("start", offsetWidth))  \(padText("end", offsetWidth))  text\n".utf8)
        for segment in segments {
            let row = "\(pad(segment.index + 1, width))  \(pad(segment.paragraph + 1, 4))  \(pad(segment.range.lowerBound, offsetWidth))  \(pad(segment.range.upperBound, offsetWidth))  \(segment.text)\n"
            output.append(contentsOf: row.utf8)
        }
    }

    private static func appendJSONString(_ string: String, to output: inout [UInt8]) {
        output.append(0x22)
        for byte in string.utf8 {
            switch byte {
            case 0x22: output.append(contentsOf: [0x5C, 0x22])
            case 0x5C: output.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: output.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: output.append(contentsOf: [0x5C, 0x72])
            case 0x09: output.append(contentsOf: [0x5C, 0x74])
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: output.append(byte)
            }
        }
        output.append(0x22)
    }
}
