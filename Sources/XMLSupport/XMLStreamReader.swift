import CLibXML2
import Foundation

/// A forward-only, streaming XML reader over libxml2's `xmlTextReader`.
///
/// Memory stays flat however large the document. Documents from outside are untrusted,
/// so the reader is hardened: no network access, no DTD loading, no external entities,
/// entities are not substituted, and libxml2's built-in amplification limits stay on
/// (`XML_PARSE_HUGE` is never set). A DTD's internal subset is parsed but never used to
/// fetch anything.
///
/// ```swift
/// let reader = try XMLStreamReader(contentsOfFile: "memory.tmx")
/// while try reader.read() {
///     if reader.nodeType == .element, reader.localName == "tu" { ... }
/// }
/// ```
public final class XMLStreamReader {
    /// The kinds of node the reader stops at.
    public enum NodeType: Sendable, Equatable {
        case element
        case endElement
        case text
        case whitespace
        case cdata
        case comment
        case processingInstruction
        case documentType
        case entityReference
        case other
    }

    /// The document's name, used in error messages.
    public let documentName: String
    private let reader: xmlTextReaderPtr
    private let errors: ErrorCollector
    /// Keeps an in-memory document alive while libxml2 reads it.
    private let buffer: UnsafeMutableBufferPointer<CChar>?
    /// Whether the root element has been read (to explain an early end).
    private var hasSeenElement = false

    /// Options every Tandem reader uses: see the type's documentation.
    static let hardenedOptions: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_BIG_LINES.rawValue
    )

    /// Opens a file for streaming. The encoding is taken from the byte-order mark or
    /// the XML declaration (UTF-8 and UTF-16 with BOM both work).
    public init(contentsOfFile path: String, documentName: String? = nil) throws {
        self.documentName = documentName ?? path
        self.errors = ErrorCollector(documentName: self.documentName)
        // Checked first: libxml2 would print its own message to standard error.
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw XMLParseError(file: self.documentName, line: 0, column: 0, message: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw XMLParseError(file: self.documentName, line: 0, column: 0, message: "is a directory, not a file")
        }
        guard let reader = xmlReaderForFile(path, nil, Self.hardenedOptions) else {
            throw XMLParseError(file: self.documentName, line: 0, column: 0, message: "cannot open the file")
        }
        self.reader = reader
        self.buffer = nil
        installErrorHandler()
    }

    /// Reads a document held in memory.
    public init(bytes: some Collection<UInt8>, documentName: String) throws {
        self.documentName = documentName
        self.errors = ErrorCollector(documentName: documentName)
        guard !bytes.isEmpty else {
            throw XMLParseError(file: documentName, line: 0, column: 0, message: "the document is empty")
        }
        let buffer = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(bytes.count, 1))
        _ = buffer.initialize(from: bytes.lazy.map { CChar(bitPattern: $0) })
        guard let reader = xmlReaderForMemory(buffer.baseAddress, Int32(bytes.count), documentName, nil, Self.hardenedOptions) else {
            buffer.deallocate()
            throw XMLParseError(file: documentName, line: 0, column: 0, message: "cannot read the document")
        }
        self.reader = reader
        self.buffer = buffer
        installErrorHandler()
    }

    /// Reads a document held in a string (as UTF-8).
    public convenience init(string: String, documentName: String) throws {
        try self.init(bytes: Array(string.utf8), documentName: documentName)
    }

    deinit {
        xmlFreeTextReader(reader)
        buffer?.deallocate()
    }

    private func installErrorHandler() {
        let context = Unmanaged.passUnretained(errors).toOpaque()
        xmlTextReaderSetStructuredErrorHandler(reader, { context, error in
            guard let context, let error else { return }
            let collector = Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue()
            collector.record(error.pointee)
        }, context)
    }

    /// Validates the document against a W3C XML Schema while it is read: a node that
    /// breaks the grammar makes ``read()`` throw with its line. Call before the first
    /// ``read()``. The schema is loaded from local files (its imports too); the network
    /// is never used.
    /// - Throws: ``XMLParseError`` when the schema cannot be loaded.
    public func validate(againstSchemaAt path: String) throws {
        guard xmlTextReaderSchemaValidate(reader, path) == 0 else {
            throw XMLParseError(file: path, line: 0, column: 0, message: "cannot load the schema")
        }
    }

    /// Moves to the next node. Returns `false` at the end of the document.
    /// - Throws: ``XMLParseError`` with the line and column of the first error.
    @discardableResult
    public func read() throws -> Bool {
        let status = xmlTextReaderRead(reader)
        if var error = errors.firstError {
            // libxml2 says "Extra content at the end of the document" when a document
            // stops early too; say what may have happened.
            if errors.firstCode == Int32(XML_ERR_DOCUMENT_END.rawValue) {
                // Not xmlTextReaderCurrentDoc: once called, the reader no longer frees
                // its document (a leak per malformed file, found by fuzzing).
                error.message = !hasSeenElement
                    ? "the document has no root element (is it empty, or not XML?)"
                    : "the document ends before its root element is closed, or goes on after it (is it truncated?)"
            }
            throw error
        }
        if status < 0 {
            throw XMLParseError(file: documentName, line: line, column: column, message: "the document is not well-formed XML")
        }
        if status == 1, !hasSeenElement, xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
            hasSeenElement = true
        }
        return status == 1
    }

    /// The type of the current node.
    public var nodeType: NodeType {
        switch xmlTextReaderNodeType(reader) {
        case Int32(XML_READER_TYPE_ELEMENT.rawValue): return .element
        case Int32(XML_READER_TYPE_END_ELEMENT.rawValue): return .endElement
        case Int32(XML_READER_TYPE_TEXT.rawValue): return .text
        case Int32(XML_READER_TYPE_CDATA.rawValue): return .cdata
        case Int32(XML_READER_TYPE_WHITESPACE.rawValue), Int32(XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue): return .whitespace
        case Int32(XML_READER_TYPE_COMMENT.rawValue): return .comment
        case Int32(XML_READER_TYPE_PROCESSING_INSTRUCTION.rawValue): return .processingInstruction
        case Int32(XML_READER_TYPE_DOCUMENT_TYPE.rawValue): return .documentType
        case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue): return .entityReference
        default: return .other
        }
    }

    /// The local name of the current node (`tu` for `<tmx:tu>`).
    public var localName: String { string(xmlTextReaderConstLocalName(reader)) ?? "" }
    /// The qualified name of the current node (`xml:lang`, `mtc:matches`).
    public var qualifiedName: String { string(xmlTextReaderConstName(reader)) ?? "" }
    /// The namespace URI of the current node, if it has one.
    public var namespaceURI: String? { string(xmlTextReaderConstNamespaceUri(reader)) }
    /// The text of a text, whitespace, CDATA or comment node.
    public var value: String? { string(xmlTextReaderConstValue(reader)) }
    /// Whether the current element is written `<x/>` (no end-element node follows).
    public var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
    /// Depth of the current node in the tree, the root element at 0.
    public var depth: Int { Int(xmlTextReaderDepth(reader)) }
    /// The line of the current node (1-based).
    public var line: Int { Int(xmlTextReaderGetParserLineNumber(reader)) }
    /// The line where the current node starts (1-based; for an element, the line of its
    /// start tag), 0 when unknown. Unlike ``line``, which is where the parser is (it reads
    /// ahead), this is the node's own line: exact up to line 65,535, and within a line or
    /// so beyond (libxml2 infers it from the nearest text node).
    public var nodeLine: Int {
        guard let node = xmlTextReaderCurrentNode(reader) else { return 0 }
        return max(0, Int(xmlGetLineNo(node)))
    }
    /// The column of the parser (1-based), approximate for streamed input.
    public var column: Int { Int(xmlTextReaderGetParserColumnNumber(reader)) }

    /// The attributes of the current element, in document order (namespace
    /// declarations excluded).
    public func attributes() -> [XMLAttribute] {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return [] }
        var result: [XMLAttribute] = []
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
            result.append(XMLAttribute(
                qualifiedName: qualifiedName,
                localName: localName,
                namespaceURI: namespaceURI,
                value: value ?? ""
            ))
        }
        xmlTextReaderMoveToElement(reader)
        return result
    }

    /// Calls `body` with the qualified name and the value of each attribute of the
    /// current element, in document order (namespace declarations excluded).
    ///
    /// The fast path for large documents: no ``XMLAttribute`` and no namespace URI is
    /// built. Qualified names are as written (`xml:lang`, `lang`, `srclang`).
    public func forEachAttribute(_ body: (_ qualifiedName: String, _ value: String) throws -> Void) rethrows {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        defer { xmlTextReaderMoveToElement(reader) }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if xmlTextReaderIsNamespaceDecl(reader) == 1 { continue }
            try body(qualifiedName, value ?? "")
        }
    }

    /// Whether the current node's local name is `name`, compared byte for byte without
    /// building a `String`.
    public func hasLocalName(_ name: StaticString) -> Bool {
        guard let pointer = xmlTextReaderConstLocalName(reader) else { return false }
        return name.withUTF8Buffer { expected in
            pointer.withMemoryRebound(to: UInt8.self, capacity: expected.count + 1) { actual in
                for index in 0..<expected.count where actual[index] != expected[index] { return false }
                return actual[expected.count] == 0
            }
        }
    }

    /// How many bytes of the input the parser has consumed so far (for progress
    /// reports; approximate, since the parser reads ahead).
    public var bytesConsumed: Int { max(0, Int(xmlTextReaderByteConsumed(reader))) }

    /// The namespace declarations made on the current element, as (prefix, URI); the
    /// default namespace has the prefix "".
    public func namespaceDeclarations() -> [(prefix: String, uri: String)] {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return [] }
        var result: [(String, String)] = []
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            guard xmlTextReaderIsNamespaceDecl(reader) == 1 else { continue }
            let name = qualifiedName
            let prefix = name == "xmlns" ? "" : String(name.dropFirst("xmlns:".count))
            result.append((prefix, value ?? ""))
        }
        xmlTextReaderMoveToElement(reader)
        return result
    }

    /// The value of one attribute of the current element, by local name and namespace
    /// (`nil`: no namespace).
    public func attribute(_ localName: String, namespaceURI: String? = nil) -> String? {
        let pointer: UnsafeMutablePointer<xmlChar>?
        if let namespaceURI {
            pointer = xmlTextReaderGetAttributeNs(reader, localName, namespaceURI)
        } else {
            pointer = xmlTextReaderGetAttribute(reader, localName)
        }
        guard let pointer else { return nil }
        defer { tandem_xmlFree(pointer) }
        return String(cString: pointer)
    }

    /// Skips the current element's whole subtree (the reader ends on its last node).
    public func skipSubtree() throws {
        guard nodeType == .element, !isEmptyElement else { return }
        let start = depth
        while try read() {
            if nodeType == .endElement, depth == start { return }
        }
    }

    /// An error located at the reader's current position.
    public func error(_ message: String) -> XMLParseError {
        XMLParseError(file: documentName, line: line, column: column, message: message)
    }

    private func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}

/// An attribute of an element.
public struct XMLAttribute: Sendable, Equatable, Hashable {
    public var qualifiedName: String
    public var localName: String
    public var namespaceURI: String?
    public var value: String

    public init(qualifiedName: String, localName: String? = nil, namespaceURI: String? = nil, value: String) {
        self.qualifiedName = qualifiedName
        self.localName = localName ?? qualifiedName.split(separator: ":").last.map(String.init) ?? qualifiedName
        self.namespaceURI = namespaceURI
        self.value = value
    }
}

/// Keeps the first error libxml2 reports for one reader.
final class ErrorCollector {
    let documentName: String
    private(set) var firstError: XMLParseError?
    /// libxml2's code for ``firstError`` (`xmlParserErrors`).
    private(set) var firstCode: Int32 = 0

    init(documentName: String) { self.documentName = documentName }

    func record(_ error: xmlError) {
        guard firstError == nil else { return }
        // Warnings do not stop reading.
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = error.message.map { String(cString: $0) } ?? "XML error \(error.code)"
        // One line: libxml2 adds details on lines of their own ("Bytes: 0xE9 0x3C ...").
        message = message.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        firstError = XMLParseError(file: documentName, line: Int(error.line), column: Int(error.int2), message: message)
        firstCode = error.code
    }
}
