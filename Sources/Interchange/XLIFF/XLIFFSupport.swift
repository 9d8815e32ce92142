import TranslationMemory
import XMLSupport

/// The namespaces XLIFF readers and writers know.
public enum XLIFFNamespace {
    public static let xliff12 = "urn:oasis:names:tc:xliff:document:1.2"
    public static let xliff11 = "urn:oasis:names:tc:xliff:document:1.1"
    public static let xliff20 = "urn:oasis:names:tc:xliff:document:2.0"
    public static let xliff22 = "urn:oasis:names:tc:xliff:document:2.2"
    public static let matches = "urn:oasis:names:tc:xliff:matches:2.0"
    public static let metadata = "urn:oasis:names:tc:xliff:metadata:2.0"
    /// Tandem's own extension namespace (XLIFF 2 note authors).
    public static let tandem = "urn:x-tandem:xliff:1"
    static let xml = "http://www.w3.org/XML/1998/namespace"
}

/// The pseudo-attribute an ``TranslationMemory/InlineCode`` read from XLIFF carries to
/// remember the element it was written as (`pc`, `sc`, `g`, `bpt`...), so a writer of the
/// same XLIFF version writes it back the same way. It is not an XML name, so it can never
/// clash with a real attribute; writers never write it.
public let xliffElementAttribute = "(xliff)"

extension InlineCode {
    /// The XLIFF element the code was read from, if any.
    var xliffElement: String? { attribute(xliffElementAttribute) }
    /// The attributes to write (the element marker left out).
    var xmlAttributes: [Attribute] { attributes.filter { $0.name != xliffElementAttribute } }
    /// The code's native data as one string (`<sub>` text flattened).
    var dataText: String? {
        if content.isEmpty { return nil }
        return content.map {
            switch $0 {
            case .data(let text): text
            case .sub(_, let text): text.plainText
            }
        }.joined()
    }
}

/// Builds a tree of an untrusted XML document with the hardened ``XMLStreamReader``:
/// entity references are refused (entities are never expanded or fetched), a DTD is never
/// loaded, comments and processing instructions are dropped. libxml2 caps the depth.
enum XLIFFTree {
    struct Result {
        var root: XMLElement
        /// Every namespace declaration seen, first one per prefix.
        var namespaces: [XMLNamespace]
    }

    static func parse(_ reader: XMLStreamReader) throws -> Result {
        var stack: [XMLElement] = []
        var root: XMLElement?
        var namespaces: [XMLNamespace] = []
        var prefixes: Set<String> = []
        func append(_ child: XMLElement.Child) {
            stack[stack.count - 1].children.append(child)
        }
        while try reader.read() {
            switch reader.nodeType {
            case .element:
                for declaration in reader.namespaceDeclarations() where !declaration.prefix.isEmpty && !prefixes.contains(declaration.prefix) {
                    prefixes.insert(declaration.prefix)
                    namespaces.append(XMLNamespace(prefix: declaration.prefix, uri: declaration.uri))
                }
                if root != nil, stack.isEmpty {
                    throw reader.error("more than one root element")
                }
                let element = XMLElement(
                    qualifiedName: reader.qualifiedName, localName: reader.localName, namespaceURI: reader.namespaceURI,
                    attributes: reader.attributes(), children: [], line: reader.nodeLine
                )
                if reader.isEmptyElement {
                    if stack.isEmpty { root = element } else { append(.element(element)) }
                } else {
                    stack.append(element)
                }
            case .endElement:
                let element = stack.removeLast()
                if stack.isEmpty { root = element } else { append(.element(element)) }
            case .text, .whitespace, .cdata:
                if !stack.isEmpty { append(.text(reader.value ?? "")) }
            case .entityReference:
                throw XMLParseError(file: reader.documentName, line: reader.nodeLine > 0 ? reader.nodeLine : reader.line, column: 0, message: "entity reference '&\(reader.qualifiedName);' is not allowed (entities are never expanded in XLIFF from outside)")
            default:
                break
            }
        }
        guard let root else {
            throw XMLParseError(file: reader.documentName, line: 0, column: 0, message: "the document has no root element")
        }
        return Result(root: root, namespaces: namespaces)
    }

    /// Writes an element kept whole, declaring on it every namespace its subtree uses.
    static func write(_ element: XMLElement, to xml: XMLStreamWriter) throws {
        var declared: [String: String] = [:]
        collectNamespaces(element, into: &declared)
        try write(element, to: xml, declarations: declared)
    }

    private static func write(_ element: XMLElement, to xml: XMLStreamWriter, declarations: [String: String]?) throws {
        try xml.startElement(element.qualifiedName)
        if let declarations {
            for (prefix, uri) in declarations.sorted(by: { $0.key < $1.key }) {
                try xml.attribute(prefix.isEmpty ? "xmlns" : "xmlns:\(prefix)", uri)
            }
        }
        for attribute in element.attributes { try xml.attribute(attribute.qualifiedName, attribute.value) }
        for child in element.children {
            switch child {
            case .text(let text): try xml.text(text)
            case .element(let child): try write(child, to: xml, declarations: nil)
            }
        }
        if element.children.isEmpty { try xml.endElement() } else { try xml.fullEndElement() }
    }

    private static func collectNamespaces(_ element: XMLElement, into declared: inout [String: String]) {
        func add(_ qualifiedName: String, _ uri: String?) {
            let prefix = qualifiedName.contains(":") ? String(qualifiedName.prefix { $0 != ":" }) : ""
            guard prefix != "xml", prefix != "xmlns" else { return }
            if let uri, declared[prefix] == nil { declared[prefix] = uri }
            if uri == nil, prefix.isEmpty, declared[""] == nil, qualifiedName == element.qualifiedName { declared[""] = "" }
        }
        add(element.qualifiedName, element.namespaceURI)
        for attribute in element.attributes where attribute.qualifiedName.contains(":") {
            add(attribute.qualifiedName, attribute.namespaceURI)
        }
        for child in element.elements { collectNamespaces(child, into: &declared) }
    }

    /// The element as an XML string (its namespaces declared on it).
    static func serialize(_ element: XMLElement) throws -> String {
        let writer = try XMLStreamWriter(indent: false)
        try write(element, to: writer)
        return String(decoding: try writer.finish(), as: UTF8.self)
    }
}

extension XMLElement {
    /// The XML text of an element kept whole, its namespaces declared on it.
    public var xmlString: String { (try? XLIFFTree.serialize(self)) ?? "" }
}

/// Collects the namespace prefixes of attributes to declare on a writer's root element.
struct NamespaceCollector {
    private(set) var declarations: [XMLNamespace] = []
    private var seen: Set<String> = []
    let known: [String: String]

    init(known: [XMLNamespace], reserved: [String]) {
        var map: [String: String] = [:]
        for namespace in known where map[namespace.prefix] == nil { map[namespace.prefix] = namespace.uri }
        self.known = map
        seen = Set(reserved)
    }

    mutating func note(_ qualifiedName: String, uri: String? = nil) {
        guard let colon = qualifiedName.firstIndex(of: ":") else { return }
        let prefix = String(qualifiedName[..<colon])
        guard prefix != "xml", prefix != "xmlns", !seen.contains(prefix), let uri = uri ?? known[prefix] else { return }
        seen.insert(prefix)
        declarations.append(XMLNamespace(prefix: prefix, uri: uri))
    }

    mutating func note(_ attributes: [XMLAttribute]) {
        for attribute in attributes { note(attribute.qualifiedName, uri: attribute.namespaceURI) }
    }

    /// Every attribute Tandem keeps anywhere in a file: file, groups, units, notes,
    /// segments, candidates and inline codes.
    mutating func note(_ file: BilingualFile) {
        note(file.attributes)
        for note in file.notes { self.note(note.attributes) }
        func visit(_ node: BilingualNode) {
            switch node {
            case .group(let group):
                note(group.attributes)
                for note in group.notes { self.note(note.attributes) }
                group.children.forEach(visit)
            case .unit(let unit):
                note(unit.attributes)
                for note in unit.notes { self.note(note.attributes) }
                for segment in unit.segments {
                    note(segment.attributes + segment.sourceAttributes + segment.targetAttributes)
                    note(segment.source)
                    if let target = segment.target { note(target) }
                }
                for candidate in unit.candidates {
                    note(candidate.attributes)
                    note(candidate.source)
                    note(candidate.target)
                }
            }
        }
        file.children.forEach(visit)
    }

    mutating func note(_ segment: SegmentText) {
        for case .code(let code) in segment.elements {
            for attribute in code.attributes { note(attribute.name) }
        }
    }
}

/// Formats a number for an attribute: no trailing `.0`.
func formatNumber(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return String(rounded)
}


/// Writes XLIFF through ``XMLSupport/XMLStreamWriter`` with indentation between
/// structural elements only: inside mixed content (segment text, notes, elements kept
/// whole) nothing is added, so the text is exactly what the document says.
final class IndentingXMLWriter {
    let xml: XMLStreamWriter
    private struct Open {
        var hasChildElement = false
        var isMixed: Bool
    }
    private var stack: [Open] = []

    init(_ xml: XMLStreamWriter) { self.xml = xml }

    private var inMixed: Bool { stack.last?.isMixed ?? false }

    private func newline() throws {
        guard !stack.isEmpty, !inMixed else { return }
        try xml.text("\n" + String(repeating: "  ", count: stack.count))
    }

    /// Opens an element; with `mixed`, its content is written as is (no indentation).
    func start(_ name: String, mixed: Bool = false) throws {
        try newline()
        if !stack.isEmpty { stack[stack.count - 1].hasChildElement = true }
        try xml.startElement(name)
        stack.append(Open(isMixed: mixed || inMixed))
    }

    func attribute(_ name: String, _ value: String) throws { try xml.attribute(name, value) }

    func attribute(_ name: String, ifPresent value: String?) throws { try xml.attribute(name, ifPresent: value) }

    func text(_ text: String) throws { try xml.text(text) }

    /// Closes the innermost element: `<x/>` when it is empty, else an end tag.
    func end() throws {
        let open = stack.removeLast()
        if open.hasChildElement, !open.isMixed {
            try xml.text("\n" + String(repeating: "  ", count: stack.count))
        }
        try xml.endElement()
    }

    /// Closes the innermost element with an end tag even when empty (`<source></source>`).
    func fullEnd() throws {
        let open = stack.removeLast()
        if open.hasChildElement, !open.isMixed {
            try xml.text("\n" + String(repeating: "  ", count: stack.count))
        }
        try xml.fullEndElement()
    }

    /// Writes an element kept whole.
    func element(_ element: XMLElement) throws {
        try newline()
        if !stack.isEmpty { stack[stack.count - 1].hasChildElement = true }
        try XLIFFTree.write(element, to: xml)
    }
}
