import Foundation
import TranslationMemory
import XMLSupport

/// Writes a ``BilingualDocument`` as XLIFF through libxml2's writer.
///
/// - XLIFF 2 (``Format/xliff2(_:)``, 2.1 by default; 2.0 and 2.2 too): one `<unit>` per
///   unit, `<group>`s as in the document (Tandem: one per paragraph), `translate="no"`
///   where a unit says so, `state`/`subState`, candidates as a Translation Candidates
///   module `<mtc:matches>`, metadata (provenance) as a Metadata module `<mda:metadata>`,
///   annotations as `<mrk type="comment" ref="#n=...">` on their span (or `<sm>`/`<em>`
///   when spans overlap or cross codes) pointing at a note of the unit. Ids are unique
///   and every reference resolves.
/// - XLIFF 1.2 (``Format/xliff12``), valid against the strict schema: `<trans-unit>` per
///   unit, `<target state="...">`, candidates as `<alt-trans match-quality="...">`,
///   annotations as `<mrk mtype="x-tandem-KIND" comment="...">` plus a note, provenance
///   as header `<tool>` and `<phase-group>` (metadata groups of category `tool`/`phase`).
///
/// Attributes and elements kept from a document read in the same XLIFF family are
/// written back where they were; across families (1.2 read, 2.x written) they are left
/// out, and inline codes are written in the target family's own terms.
public enum XLIFFWriter {
    /// The XLIFF version to write.
    public enum Format: Hashable, Sendable {
        /// XLIFF 2: "2.0", "2.1" or "2.2".
        case xliff2(String)
        case xliff12

        /// XLIFF 2.1.
        public static let xliff21 = Format.xliff2("2.1")
    }

    /// The document as XLIFF bytes (UTF-8).
    public static func data(_ document: BilingualDocument, format: Format) throws -> [UInt8] {
        let xml = try XMLStreamWriter(indent: false)
        try write(document, format: format, to: xml)
        return try xml.finish()
    }

    /// Writes the document to a file, replacing an earlier one atomically.
    public static func write(_ document: BilingualDocument, format: Format, toFile path: String) throws {
        let bytes = try data(document, format: format)
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url, options: .atomic)
    }

    static func write(_ document: BilingualDocument, format: Format, to xml: XMLStreamWriter) throws {
        switch format {
        case .xliff2(let version):
            guard ["2.0", "2.1", "2.2"].contains(version) else { throw XLIFFWriteError.unsupportedVersion(version) }
            try XLIFF2Writer(version: version, xml: xml, document: document).write(document)
        case .xliff12:
            try XLIFF12Writer(xml: xml, document: document).write(document)
        }
    }
}

/// Why a document cannot be written as XLIFF.
public enum XLIFFWriteError: Error, Hashable, Sendable, CustomStringConvertible {
    case unsupportedVersion(String)
    /// Units have targets but the document has no target language.
    case noTargetLanguage
    /// Two units of one file share an id.
    case duplicateUnit(String)
    /// A unit has no segment (only ignorables, or nothing).
    case noSegment(String)
    /// Inline codes written as elements with content (`pc`, `mrk`, `g`) do not nest.
    case badNesting(String)

    public var description: String {
        switch self {
        case .unsupportedVersion(let version): "XLIFF \(version) cannot be written (2.0, 2.1, 2.2 and 1.2 can)"
        case .noTargetLanguage: "the units have translations but the document has no target language"
        case .duplicateUnit(let id): "two units have the id \"\(id)\" in one file"
        case .noSegment(let id): "unit \"\(id)\" has no segment"
        case .badNesting(let name): "inline <\(name)> codes do not nest properly"
        }
    }
}
