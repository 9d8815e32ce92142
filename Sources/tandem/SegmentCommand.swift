import ArgumentParser
import Foundation
import Segmentation

/// `tandem segment`: split text into sentences with SRX rules.
struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Split plain text into sentences (one paragraph per line) with SRX rules.",
        discussion: """
            Uses Tandem's own French and English rules unless --srx gives an SRX 2.0 file \
            (e.g. LanguageTool's, Okapi's or OmegaT's). Offsets are in Unicode code points.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case lines, jsonl, table
    }

    @Option(name: .long, help: "Language code the rules are chosen for (fr, en, or any code the SRX file maps).")
    var lang = "fr"

    @Option(name: .long, help: "An SRX 2.0 file to use instead of Tandem's rules.")
    var srx: String?

    @Option(name: .long, help: "Output: lines (one segment per line), jsonl (objects with offsets) or table.")
    var format: Format = .lines

    @Argument(help: "UTF-8 text file, one paragraph per line; '-' or nothing reads standard input.")
    var file: String?

    func run() throws {
        do {
            let rules = try srx.map { path throws(SRXError) in try SRXDocument(contentsOfFile: path) } ?? SRXDocument.tandemDefault
            let segmenter = try SentenceSegmenter(rules: rules, language: lang)
            let bytes = try readInput()
            let text = try UTF8Decoding.decode(bytes)
            let output = OutputBuffer()
            let segments = segmenter.segment(text)
            switch format {
            case .lines:
                for segment in segments { output.write(segment.text); output.write("\n") }
            case .jsonl:
                for segment in segments {
                    output.write("{\"paragraph\":\(segment.paragraph),\"index\":\(segment.index),\"start\":\(segment.range.lowerBound),\"end\":\(segment.range.upperBound),\"text\":")
                    output.write(jsonString(segment.text))
                    output.write("}\n")
                }
            case .table:
                var paragraph = -1
                for segment in segments {
                    if segment.paragraph != paragraph {
                        if paragraph >= 0 { output.write("\n") }
                        paragraph = segment.paragraph
                        output.write("¶ \(paragraph + 1)\n")
                    }
                    let number = String(segment.index + 1).leftPadded(to: 4)
                    let range = "\(segment.range.lowerBound)–\(segment.range.upperBound)".leftPadded(to: 12)
                    output.write("\(number) \(range)  \(segment.text)\n")
                }
            }
            output.flush()
        } catch let error as SRXError {
            fail(error.description)
        } catch let error as SegmentationError {
            fail(error.description)
        } catch let error as UnreadableInput {
            fail("\(error.path): cannot read the file")
        }
    }

    /// One line on stderr, exit status 1.
    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("tandem segment: error: \(message)\n".utf8))
        Foundation.exit(1)
    }

    private func readInput() throws -> [UInt8] {
        if let file, file != "-" {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw UnreadableInput(path: file)
            }
            return [UInt8](data)
        }
        return [UInt8](FileHandle.standardInput.readDataToEndOfFile())
    }
}

private struct UnreadableInput: Error {
    var path: String
}

/// Buffered standard output.
private final class OutputBuffer {
    private var buffer: [UInt8] = []

    init() { buffer.reserveCapacity(1 << 16) }

    func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
