import CLibXML2
import Foundation

/// Writes XML through libxml2's `xmlTextWriter`, into memory or straight to a file.
///
/// Text and attribute values are escaped by libxml2. Characters XML 1.0 forbids (most
/// C0 controls) cannot be written at all; ``XMLStreamWriter/isXMLCharacter(_:)`` lets
/// callers find them first and encode them as their format prescribes.
///
/// ```swift
/// let writer = try XMLStreamWriter()
/// try writer.startDocument()
/// try writer.startElement("tmx"); try writer.attribute("version", "1.4")
/// try writer.endElement()
/// let bytes = try writer.finish()
/// ```
public final class XMLStreamWriter {
    private let writer: xmlTextWriterPtr
    private let buffer: xmlBufferPtr?
    private let destination: String?
    private var finished = false

    /// A writer that collects the document in memory; ``finish()`` returns it.
    public init(indent: Bool = true) throws {
        guard let buffer = xmlBufferCreate(), let writer = xmlNewTextWriterMemory(buffer, 0) else {
            throw XMLWriteError(operation: "create")
        }
        self.buffer = buffer
        self.writer = writer
        self.destination = nil
        if indent { setIndent() }
    }

    /// A writer that streams the document into a file (created or truncated).
    public init(path: String, indent: Bool = true) throws {
        guard let writer = xmlNewTextWriterFilename(path, 0) else {
            throw XMLWriteError(operation: "open", destination: path)
        }
        self.buffer = nil
        self.writer = writer
        self.destination = path
        if indent { setIndent() }
    }

    deinit {
        xmlFreeTextWriter(writer)
        if let buffer { xmlBufferFree(buffer) }
    }

    private func setIndent() {
        xmlTextWriterSetIndent(writer, 1)
        xmlTextWriterSetIndentString(writer, "  ")
    }

    private func check(_ status: Int32, _ operation: @autoclosure () -> String) throws {
        if status < 0 { throw XMLWriteError(operation: operation(), destination: destination) }
    }

    /// Writes the XML declaration (UTF-8).
    public func startDocument(standalone: Bool? = nil) throws {
        let standaloneValue: String? = standalone.map { $0 ? "yes" : "no" }
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", standaloneValue), "start document")
    }

    /// Writes `<!DOCTYPE name PUBLIC "publicID" "systemID">`.
    public func documentType(name: String, publicID: String? = nil, systemID: String? = nil) throws {
        try check(xmlTextWriterWriteDTD(writer, name, publicID, systemID, nil), "DOCTYPE \(name)")
    }

    /// Opens an element by its qualified name.
    public func startElement(_ name: String) throws {
        try check(xmlTextWriterStartElement(writer, name), "start <\(name)>")
    }

    /// Writes an attribute of the element just opened.
    public func attribute(_ name: String, _ value: String) throws {
        try check(xmlTextWriterWriteAttribute(writer, name, value), "attribute \(name)")
    }

    /// Writes an attribute when the value is present.
    public func attribute(_ name: String, ifPresent value: String?) throws {
        if let value { try attribute(name, value) }
    }

    /// Writes escaped character data.
    public func text(_ text: String) throws {
        try check(xmlTextWriterWriteString(writer, text), "text")
    }

    /// Writes `<name>text</name>`.
    public func element(_ name: String, text: String) throws {
        try startElement(name)
        try self.text(text)
        try endElement()
    }

    /// Writes a comment.
    public func comment(_ text: String) throws {
        try check(xmlTextWriterWriteComment(writer, text), "comment")
    }

    /// Closes the innermost open element (`<x/>` if it has no content).
    public func endElement() throws {
        try check(xmlTextWriterEndElement(writer), "end element")
    }

    /// Closes the innermost open element with an explicit end tag even when empty.
    public func fullEndElement() throws {
        try check(xmlTextWriterFullEndElement(writer), "end element")
    }

    /// Closes every open element and flushes. Returns the document for an in-memory
    /// writer, an empty array for a file writer.
    @discardableResult
    public func finish() throws -> [UInt8] {
        if !finished {
            try check(xmlTextWriterEndDocument(writer), "end document")
            try check(xmlTextWriterFlush(writer), "flush")
            finished = true
        }
        guard let buffer, let content = xmlBufferContent(buffer) else { return [] }
        let count = Int(xmlBufferLength(buffer))
        return content.withMemoryRebound(to: UInt8.self, capacity: count) { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }

    /// Whether XML 1.0 allows the character in a document.
    public static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }
}
