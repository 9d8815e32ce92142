import Foundation
import XMLSupport

/// The interchange formats Tandem reads, told apart by a file's root element (never by
/// its name).
public enum InterchangeFormat: Hashable, Sendable, CustomStringConvertible {
    /// TMX (`<tmx>`), any version the TMX reader accepts.
    case tmx
    /// XLIFF (`<xliff>`) with the `version` it declares (`1.2`, `2.0`, `2.1`...).
    case xliff(version: String?)

    public var description: String {
        switch self {
        case .tmx: "TMX"
        case .xliff(let version): "XLIFF \(version ?? "(no version)")"
        }
    }

    /// Reads a file up to its root element (through the hardened libxml2 reader: no DTD,
    /// no entity, no network) and says which format it is.
    /// - Throws: ``XMLSupport/XMLParseError`` when the file cannot be read up to a root
    ///   element, or when the root is neither `<tmx>` nor `<xliff>`.
    public static func detect(contentsOfFile path: String, documentName: String? = nil) throws -> InterchangeFormat {
        try detect(XMLStreamReader(contentsOfFile: path, documentName: documentName))
    }

    /// The same for a document held in memory.
    public static func detect(bytes: some Collection<UInt8>, documentName: String) throws -> InterchangeFormat {
        try detect(XMLStreamReader(bytes: bytes, documentName: documentName))
    }

    static func detect(_ reader: XMLStreamReader) throws -> InterchangeFormat {
        while try reader.read() {
            guard reader.nodeType == .element else { continue }
            switch reader.localName {
            case "tmx": return .tmx
            case "xliff": return .xliff(version: reader.attribute("version"))
            default:
                throw XMLParseError(file: reader.documentName, line: reader.nodeLine, column: 0,
                                    message: "neither TMX nor XLIFF: the root element is <\(reader.qualifiedName)>")
            }
        }
        throw XMLParseError(file: reader.documentName, line: 0, column: 0, message: "the document has no root element (is it empty, or not XML?)")
    }
}
