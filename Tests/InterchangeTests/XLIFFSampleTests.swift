import Foundation
import Interchange
import Testing
import TranslationMemory
import XMLSupport

/// The XLIFF files of ../shared/interchange/samples, as MANIFEST.tsv lists them.
enum XLIFFSamples {
    struct Entry {
        var path: String
        var format: String
        var expectValid: Bool
        var url: URL { SharedData.samples.appendingPathComponent(path) }
    }

    static var entries: [Entry] {
        guard let text = try? String(contentsOf: SharedData.samples.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, !line.hasPrefix("#"), fields[1].hasPrefix("xliff") else { return nil }
            return Entry(path: fields[0], format: fields[1], expectValid: fields[2] == "valid")
        }
    }

    /// What a unit says, for comparing a unit before and after a round trip.
    struct UnitSummary: Equatable, CustomStringConvertible {
        var id: String
        var translate: Bool?
        var segments: [BilingualSegment]
        var notes: [BilingualNote]
        var candidates: [TranslationCandidate]
        var extensions: [String]

        init(_ unit: BilingualUnit) {
            id = unit.id
            translate = unit.translate
            segments = unit.segments
            notes = unit.notes
            // Kept elements compare by their XML (their line numbers differ).
            candidates = unit.candidates.map { var candidate = $0; candidate.extensions = []; return candidate }
            extensions = (unit.extensions + unit.candidates.flatMap(\.extensions)).map(\.xmlString)
        }

        var description: String { "\(id): \(segments.map { "\($0.source) → \($0.target?.description ?? "-") [\($0.state?.rawValue ?? "")]" })" }
    }

    /// The format to write a document back in: its own version.
    static func format(of document: BilingualDocument) -> XLIFFWriter.Format {
        guard let version = document.version, version.hasPrefix("2.") else { return .xliff12 }
        return .xliff2(version)
    }
}

@Suite(.enabled(if: SharedData.isAvailable, "needs ../shared/interchange/samples (the team's shared data beside the package)"))
struct XLIFFSampleTests {
    static let valid = XLIFFSamples.entries.filter(\.expectValid)

    /// Units compare segments, sources, targets, states, inline codes (with their
    /// attributes and native data), notes, candidates and kept extensions.
    /// Every valid third-party XLIFF file imports, and its units survive export and
    /// re-import unchanged; so do the invalid files the reader accepts (those only the
    /// strict 1.2 schema refuses).
    @Test(arguments: XLIFFSamples.entries.map(\.path))
    func roundTrip(path: String) throws {
        let url = SharedData.samples.appendingPathComponent(path)
        let isValid = XLIFFSamples.entries.first { $0.path == path }?.expectValid ?? true
        let read = Result { try XLIFFReader.read(contentsOfFile: url.path, documentName: path) }
        if !isValid, case .failure = read { return }
        let document = try read.get()
        #expect(!document.files.isEmpty)
        let bytes = try XLIFFWriter.data(document, format: XLIFFSamples.format(of: document))
        let again = try XLIFFReader.read(bytes: bytes, documentName: "\(path) (exported)")
        let before = document.allUnits.map(XLIFFSamples.UnitSummary.init)
        let after = again.allUnits.map(XLIFFSamples.UnitSummary.init)
        #expect(before.count == after.count)
        for (a, b) in zip(before, after) {
            #expect(a == b, "unit \(a.id) of \(path) changed on the round trip")
        }
        #expect(document.files.map(\.notes) == again.files.map(\.notes))
        #expect(document.files.map { $0.extensions.map(\.xmlString) } == again.files.map { $0.extensions.map(\.xmlString) })
    }
}

/// The invalid XLIFF files of the samples (OASIS test-suite defects, files from tools
/// that break the spec): the reader refuses every one that breaks a rule of the spec or
/// the transitional XLIFF 1.2 schema. Files only the *strict* 1.2 schema refuses (their
/// tool's undeclared extension attributes and elements) are accepted on purpose: they
/// are what real tools write, and Tandem keeps their extensions.
@Suite(.enabled(if: SharedData.canValidate, "needs ../shared/tools/validate-interchange, python3 and xmllint (apt-get install libxml2-utils) to tell spec errors from strict-schema-only ones"))
struct XLIFFInvalidSampleTests {
    struct Verdict {
        var transitionalValid = false
        var ruleErrors: Set<String> = []
        /// Whether Tandem must refuse the file.
        var mustRefuse: Bool { !transitionalValid || !ruleErrors.isEmpty }
    }

    /// The validator's verdict on each file, from one run over all of them.
    static func verdicts(_ entries: [XLIFFSamples.Entry]) throws -> [String: Verdict] {
        let output = try Tool.run(SharedData.validator, entries.map(\.url.path)).text
        var verdicts: [String: Verdict] = [:]
        var current: String?
        for line in output.split(separator: "\n").map(String.init) {
            if !line.hasPrefix(" "), let range = line.range(of: ": INVALID") {
                current = String(line[..<range.lowerBound])
                verdicts[current!] = Verdict()
            } else if let file = current, line.contains("note: valid against the XLIFF 1.2 transitional schema") {
                verdicts[file]?.transitionalValid = true
            } else if let file = current, let start = line.range(of: "error [")?.upperBound, let end = line[start...].firstIndex(of: "]") {
                let code = String(line[start..<end])
                if code != "SCHEMA" && code != "RULES" { verdicts[file]?.ruleErrors.insert(code) }
            }
        }
        return verdicts
    }

    @Test func refusesInvalidFiles() throws {
        let invalid = XLIFFSamples.entries.filter { !$0.expectValid }
        #expect(!invalid.isEmpty)
        let verdicts = try Self.verdicts(invalid)
        var refused = 0
        var accepted: [String] = []
        for entry in invalid {
            let verdict = try #require(verdicts[entry.url.path], "no verdict for \(entry.path)")
            do {
                _ = try XLIFFReader.read(contentsOfFile: entry.url.path, documentName: entry.path)
                accepted.append(entry.path)
                #expect(!verdict.mustRefuse, "\(entry.path) breaks \(verdict.ruleErrors.sorted()) \(verdict.transitionalValid ? "" : "and the transitional schema") but was accepted")
            } catch let error as XMLParseError {
                refused += 1
                #expect(error.file == entry.path && error.line > 0, "\(error)")
            }
        }
        print("XLIFF invalid samples: \(refused) of \(invalid.count) refused; accepted (valid against the transitional 1.2 schema): \(accepted.joined(separator: ", "))")
    }
}
