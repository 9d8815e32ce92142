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

    /// Every valid third-party XLIFF file imports, and its units survive export and
    /// re-import unchanged: segments, sources, targets, states, inline codes (with their
    /// attributes and native data), notes, candidates and kept extensions.
    @Test(arguments: valid.map(\.path))
    func roundTrip(path: String) throws {
        let url = SharedData.samples.appendingPathComponent(path)
        let document = try XLIFFReader.read(contentsOfFile: url.path, documentName: path)
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
