import Foundation
import TranslationMemory
import XMLSupport

/// Keeps a unit read from an XLIFF file as a small XLIFF document of its own, so that
/// whatever Tandem does not interpret (other modules, extensions, attributes, notes,
/// multi-segment structure) can travel with a memory unit and be written back later.
///
/// The archive is an XLIFF document of the version the unit was read from, holding one
/// `<file>` with that one unit; it is written and read with ``XLIFFWriter`` and
/// ``XLIFFReader``, so it is exactly as faithful as a round trip through a file.
///
/// ```swift
/// let text = try XLIFFUnitArchive.encode(unit, of: document)
/// let again = try XLIFFUnitArchive.decode(text).unit
/// ```
public enum XLIFFUnitArchive {
    /// The unit as a one-unit XLIFF document of `document`'s version and languages.
    /// - Parameter file: the unit's file; its XLIFF 2 Resource Data (`res:resourceData`),
    ///   which units may point at, is kept with the unit.
    public static func encode(_ unit: BilingualUnit, of document: BilingualDocument, file: BilingualFile? = nil) throws -> String {
        let resources = (file?.extensions ?? []).filter { $0.localName == "resourceData" && $0.namespaceURI == "urn:oasis:names:tc:xliff:resourcedata:2.0" }
        var single = BilingualDocument(
            version: document.version, sourceLanguage: document.sourceLanguage, targetLanguage: document.targetLanguage,
            files: [BilingualFile(id: "f1", original: "unit", children: [.unit(unit)], extensions: resources)],
            namespaces: document.namespaces
        )
        single.notes = []
        let format: XLIFFWriter.Format = (document.version?.hasPrefix("2.") ?? true) ? .xliff2(document.version ?? "2.1") : .xliff12
        if case .xliff12 = format { single.version = document.version ?? "1.2" }
        return String(decoding: try XLIFFWriter.data(single, format: format), as: UTF8.self)
    }

    /// What an archive holds.
    public struct Contents: Hashable, Sendable {
        public var unit: BilingualUnit
        /// The XLIFF version it was written in.
        public var version: String?
        /// File-level elements the unit may refer to (XLIFF 2 `res:resourceData`): a
        /// document the unit is written into again needs them in its `<file>`.
        public var fileExtensions: [XMLElement]
    }

    /// The unit an archive holds, with its version and the file-level data it refers to.
    /// - Throws: ``XMLSupport/XMLParseError`` when the archive is not a one-unit XLIFF document.
    public static func decode(_ archive: String, documentName: String = "archived unit") throws -> Contents {
        // The unit passed the document's constraints when it was read; alone, its
        // references to other files and what it inherited from its group do not hold.
        let document = try XLIFFReader.read(bytes: Array(archive.utf8), documentName: documentName, checkingDocumentConstraints: false)
        guard document.allUnits.count == 1, let unit = document.allUnits.first else {
            throw XMLParseError(file: documentName, line: 0, column: 0, message: "an archived unit holds \(document.allUnits.count) units, not one")
        }
        return Contents(unit: unit, version: document.version, fileExtensions: document.files.first?.extensions ?? [])
    }
}
