import Foundation
import TranslationMemory
import XMLSupport

/// Reads an XLIFF document (1.2, and 1.0/1.1 files of the same shape; 2.0, 2.1, 2.2) into
/// a ``BilingualDocument``.
///
/// The document is untrusted: it is read through libxml2 (``XMLSupport/XMLStreamReader``)
/// with no network, no DTD loading and no entity expansion (an entity reference is an
/// error), and libxml2's depth and amplification limits on. A file is parsed whole
/// (XLIFF files are article-sized), then checked against the rules of its version that
/// a schema cannot express: unique ids, references that resolve, inline codes that pair
/// (for XLIFF 2, the processing requirements of core and modules, see
/// ``XLIFF2Constraints``). An XLIFF 2.x document that passes is then validated against the official grammars of
/// its version, core and modules (bundled in `Schemas/`, see ``XLIFFSchemas``).
///
/// Every problem is an ``XMLSupport/XMLParseError`` naming the file, the line and what
/// is wrong; a document is accepted whole or not at all.
///
/// ```swift
/// let document = try XLIFFReader.read(contentsOfFile: "article.fr-en.xlf")
/// for unit in document.allUnits { print(unit.id, unit.source.plainText, unit.target?.plainText ?? "") }
/// ```
///
/// What is kept: units, segments, ignorables, targets, states, notes, inline codes (every
/// attribute as written, plus the element they were written as, see
/// ``xliffElementAttribute``; native data from XLIFF 2 `<originalData>` or 1.2 code
/// content), translation candidates, and, whole, every element Tandem does not interpret
/// (other modules, extensions, XLIFF 1.2 `<seg-source>`, `<context-group>`, header
/// elements). Comments and processing instructions are dropped.
public enum XLIFFReader {
    /// Reads an XLIFF file.
    /// - Parameter documentName: the name errors give (default: the path).
    public static func read(contentsOfFile path: String, documentName: String? = nil) throws -> BilingualDocument {
        let document = try read(XMLStreamReader(contentsOfFile: path, documentName: documentName))
        if let schema = XLIFFSchemas.schema(for: document) {
            try XLIFFSchemas.validate(XMLStreamReader(contentsOfFile: path, documentName: documentName), against: schema)
        }
        return document
    }

    /// Reads an XLIFF document held in memory.
    public static func read(bytes: some Collection<UInt8>, documentName: String) throws -> BilingualDocument {
        let document = try read(XMLStreamReader(bytes: bytes, documentName: documentName))
        if let schema = XLIFFSchemas.schema(for: document) {
            try XLIFFSchemas.validate(XMLStreamReader(bytes: bytes, documentName: documentName), against: schema)
        }
        return document
    }

    /// Reads an XLIFF document held in a string.
    public static func read(string: String, documentName: String) throws -> BilingualDocument {
        try read(bytes: Array(string.utf8), documentName: documentName)
    }

    static func read(_ reader: XMLStreamReader) throws -> BilingualDocument {
        let tree: XLIFFTree.Result
        do {
            tree = try XLIFFTree.parse(reader)
        } catch var error as XMLParseError where error.message == "Document is empty" {
            error.message = "the document has no root element (is it empty, or not XML?)"
            throw error
        }
        let root = tree.root
        let name = reader.documentName
        func fail(_ message: String) -> XMLParseError {
            XMLParseError(file: name, line: root.line, column: 0, message: message)
        }
        guard root.localName == "xliff" else {
            throw fail("not an XLIFF document: the root element is <\(root.qualifiedName)>, not <xliff>")
        }
        let version = root.attribute("version")
        switch root.namespaceURI {
        case XLIFFNamespace.xliff20?, XLIFFNamespace.xliff22?:
            let is22 = root.namespaceURI == XLIFFNamespace.xliff22
            guard let version else { throw fail("<xliff> has no version attribute") }
            let expected = is22 ? ["2.2"] : ["2.0", "2.1"]
            guard expected.contains(version) else {
                throw fail("XLIFF version \"\(version)\" does not go with the namespace \(root.namespaceURI!) (expected \(expected.joined(separator: " or ")))")
            }
            var parser = XLIFF2Parser(documentName: name, core: root.namespaceURI!)
            var document = try parser.document(root)
            try XLIFF2Constraints(documentName: name).check(root)
            document.namespaces = tree.namespaces
            return document
        case XLIFFNamespace.xliff12?, XLIFFNamespace.xliff11?, nil:
            let namespaceVersion = root.namespaceURI == XLIFFNamespace.xliff12 ? "1.2" : root.namespaceURI == XLIFFNamespace.xliff11 ? "1.1" : nil
            guard let version else { throw fail("<xliff> has no version attribute") }
            if version.hasPrefix("2.") {
                throw fail("XLIFF \(version) needs the namespace urn:oasis:names:tc:xliff:document:\(version == "2.2" ? "2.2" : "2.0"), not \(root.namespaceURI ?? "none")")
            }
            guard ["1.0", "1.1", "1.2"].contains(version) else {
                throw fail("XLIFF version \"\(version)\" is not supported (1.2 and 2.0 to 2.2 are)")
            }
            if let namespaceVersion, namespaceVersion != version {
                throw fail("XLIFF version \"\(version)\" does not go with the namespace \(root.namespaceURI!)")
            }
            var parser = XLIFF12Parser(documentName: name, core: root.namespaceURI)
            var document = try parser.document(root)
            document.namespaces = tree.namespaces
            return document
        default:
            throw fail("<xliff> is in the namespace \(root.namespaceURI!), which is not an XLIFF namespace")
        }
    }
}

/// The official XLIFF 2 grammars bundled with the reader (Sources/Interchange/Schemas).
///
/// An XLIFF 2.x document the parser accepts (its own checks come first, with their
/// plainer messages) is read a second time against core and every module schema of
/// its version. XLIFF 1.x is not: tools write much 1.x that the strict grammar refuses but
/// that reads well (see the 1.2 parser).
enum XLIFFSchemas {
    /// The driver schema for a document read, `nil` when it is not XLIFF 2 or when the
    /// schemas are not installed.
    static func schema(for document: BilingualDocument) -> String? {
        let file: String
        switch document.version {
        case "2.0"?, "2.1"?: file = "xliff-2.1/xliff-2.1-all.xsd"
        case "2.2"?: file = "xliff-2.2/xliff-2.2-all.xsd"
        default: return nil
        }
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Schemas") else { return nil }
        let path = directory.appendingPathComponent(file).path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Reads a document again, validating it against the schema: the first node that
    /// breaks the grammar throws, with its line.
    static func validate(_ reader: XMLStreamReader, against schema: String) throws {
        try reader.validate(againstSchemaAt: schema)
        while try reader.read() {}
    }
}

/// Shared helpers of both parsers.
protocol XLIFFParsing {
    var documentName: String { get }
}

extension XLIFFParsing {
    func error(_ element: XMLElement, _ message: String) -> XMLParseError {
        XMLParseError(file: documentName, line: element.line, column: 0, message: message)
    }

    func yesNo(_ element: XMLElement, _ name: String) throws -> Bool? {
        guard let value = element.attribute(name) else { return nil }
        switch value {
        case "yes": return true
        case "no": return false
        default: throw error(element, "<\(element.qualifiedName)> \(name)=\"\(value)\" is neither yes nor no")
        }
    }

    func checkLanguage(_ element: XMLElement, _ name: String, _ value: String?) throws {
        guard let value else { return }
        if LanguageTag(value) == nil {
            throw error(element, "\(name)=\"\(value)\" is not a language tag (BCP 47)")
        }
    }

    /// Attributes other than the ones listed (namespace declarations are never listed).
    func otherAttributes(_ element: XMLElement, except names: Set<String>) -> [XMLAttribute] {
        element.attributes.filter { !names.contains($0.qualifiedName) }
    }

    /// The text of an element that may hold only text.
    func textOnly(_ element: XMLElement) throws -> String {
        var text = ""
        for child in element.children {
            switch child {
            case .text(let value): text += value
            case .element(let inner): throw error(inner, "unexpected <\(inner.qualifiedName)> in <\(element.qualifiedName)> (only text may stand there)")
            }
        }
        return text
    }
}

func codeAttributes(_ element: XMLElement, name: String) -> [InlineCode.Attribute] {
    [InlineCode.Attribute(name: xliffElementAttribute, value: name)]
        + element.attributes.map { InlineCode.Attribute(name: $0.qualifiedName, value: $0.value) }
}
