/// A small, immutable XML tree for configuration-sized documents (SRX rules, TBX
/// glossaries). Large documents are read with ``XMLStreamReader`` instead.
public struct XMLElement: Sendable, Hashable {
    /// The child nodes of an element.
    public enum Child: Sendable, Hashable {
        case element(XMLElement)
        case text(String)
    }

    public var qualifiedName: String
    public var localName: String
    public var namespaceURI: String?
    public var attributes: [XMLAttribute]
    public var children: [Child]
    /// The line the element starts on, for error messages.
    public var line: Int

    public init(qualifiedName: String, localName: String, namespaceURI: String?, attributes: [XMLAttribute], children: [Child], line: Int) {
        self.qualifiedName = qualifiedName
        self.localName = localName
        self.namespaceURI = namespaceURI
        self.attributes = attributes
        self.children = children
        self.line = line
    }

    /// The child elements.
    public var elements: [XMLElement] {
        children.compactMap { if case .element(let element) = $0 { element } else { nil } }
    }

    /// The child elements with a local name.
    public func elements(named localName: String) -> [XMLElement] {
        elements.filter { $0.localName == localName }
    }

    /// The first child element with a local name.
    public func firstElement(named localName: String) -> XMLElement? {
        elements.first { $0.localName == localName }
    }

    /// The value of an attribute, by local name and namespace (`nil`: no namespace).
    public func attribute(_ localName: String, namespaceURI: String? = nil) -> String? {
        attributes.first { $0.localName == localName && $0.namespaceURI == namespaceURI }?.value
    }

    /// All the text inside the element, descendants included, in document order.
    public var textContent: String {
        children.map {
            switch $0 {
            case .text(let text): text
            case .element(let element): element.textContent
            }
        }.joined()
    }

    /// Parses a whole document into a tree with the hardened reader.
    public static func parse(contentsOfFile path: String, documentName: String? = nil) throws -> XMLElement {
        try build(from: XMLStreamReader(contentsOfFile: path, documentName: documentName))
    }

    /// Parses a document held in a string.
    public static func parse(string: String, documentName: String) throws -> XMLElement {
        try build(from: XMLStreamReader(string: string, documentName: documentName))
    }

    private static func build(from reader: XMLStreamReader) throws -> XMLElement {
        var stack: [XMLElement] = []
        var root: XMLElement?
        func append(_ child: Child) {
            if stack.isEmpty { return }
            stack[stack.count - 1].children.append(child)
        }
        while try reader.read() {
            switch reader.nodeType {
            case .element:
                let element = XMLElement(
                    qualifiedName: reader.qualifiedName,
                    localName: reader.localName,
                    namespaceURI: reader.namespaceURI,
                    attributes: reader.attributes(),
                    children: [],
                    line: reader.nodeLine > 0 ? reader.nodeLine : reader.line
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
                append(.text(reader.value ?? ""))
            case .entityReference:
                throw reader.error("entity reference '&\(reader.qualifiedName);' is not allowed")
            default:
                break
            }
        }
        guard let root else {
            throw XMLParseError(file: reader.documentName, line: 0, column: 0, message: "the document has no root element")
        }
        return root
    }
}
