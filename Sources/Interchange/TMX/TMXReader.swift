import TranslationMemory
import XMLSupport

/// Streams a TMX document (versions 1.1 to 1.4b), one `<tu>` at a time.
///
/// The reader goes through libxml2's `xmlTextReader` (``XMLStreamReader``): memory
/// stays flat however large the file, UTF-8 and UTF-16 with a byte-order mark both
/// work, and the document is untrusted (no DTD loading, no external entities, no
/// network; an entity reference anywhere is an error).
///
/// ```swift
/// let reader = try TMXReader(contentsOfFile: "memory.tmx")
/// print(reader.header.sourceLanguage ?? "?")
/// while let tu = try reader.next() {
///     for variant in tu.variants { print(variant.language ?? "?", variant.segment?.plainText ?? "") }
/// }
/// ```
///
/// What is fatal and what is not:
/// - The reader throws ``XMLSupport/XMLParseError`` (file, line, column, reason) when
///   the document is not well-formed XML, has an entity reference, or is not TMX (the
///   root is not `<tmx>`, the version is not 1.x, `<header>` or `<body>` is missing or
///   out of place, an element other than `<tu>` stands in `<body>`).
/// - Problems inside one `<tu>` (an unexpected element, a `<tuv>` without `<seg>` or
///   with two, a `<bpt>` without `i`...) do not stop it: they are listed in the unit's
///   ``TMXTranslationUnit/issues`` and the caller decides (``TMXImporter`` rejects the unit).
/// - Text where TMX expects only elements (between `<tu>`s, say), comments and `<ude>`
///   definitions are ignored. `<header>`, `<tu>` and `<tuv>` keep every attribute as
///   written; inline codes keep the attributes the TMX DTD declares for them.
public final class TMXReader {
    /// The document's `<header>`, read when the reader is created.
    public let header: TMXHeader
    private let xml: XMLStreamReader
    private var state: State = .inBody
    /// The line of the last whitespace or text node read between elements (see ``elementLine()``).
    private var lastTextLine = 0

    private enum State { case inBody, finished }

    /// The document's name, as given to the reader (usually the path).
    public var documentName: String { xml.documentName }
    /// How many bytes of the file the parser has consumed (for progress reports).
    public var bytesRead: Int { xml.bytesConsumed }

    /// Opens a TMX file and reads its header.
    /// - Parameter documentName: the name errors give (default: the path).
    public convenience init(contentsOfFile path: String, documentName: String? = nil) throws {
        try self.init(xml: XMLStreamReader(contentsOfFile: path, documentName: documentName))
    }

    /// Reads a TMX document held in memory.
    public convenience init(bytes: some Collection<UInt8>, documentName: String) throws {
        try self.init(xml: XMLStreamReader(bytes: bytes, documentName: documentName))
    }

    /// Reads a TMX document held in a string.
    public convenience init(string: String, documentName: String) throws {
        try self.init(bytes: Array(string.utf8), documentName: documentName)
    }

    private init(xml: XMLStreamReader) throws {
        self.xml = xml
        var header: TMXHeader?
        // The root element.
        while let type = try Self.readNode(xml), type != .element {}
        guard xml.nodeType == .element else {
            throw XMLParseError(file: xml.documentName, line: xml.line, column: 0, message: "the document has no root element")
        }
        guard xml.localName == "tmx" else {
            throw Self.error(xml, "not a TMX document: the root element is <\(xml.qualifiedName)>, not <tmx>")
        }
        let version = xml.attribute("version")
        if let version, !version.hasPrefix("1.") {
            throw Self.error(xml, "TMX version \(version) is not supported (TMX 1.1 to 1.4b are)")
        }
        guard !xml.isEmptyElement else { throw Self.error(xml, "<tmx> has no <header>") }
        // <header>, then <body>.
        while let type = try Self.readNode(xml) {
            switch type {
            case .element:
                switch xml.localName {
                case "header" where header == nil:
                    header = try Self.readHeader(xml, version: version)
                case "body":
                    guard let header else { throw Self.error(xml, "<body> comes before <header>") }
                    self.header = header
                    if xml.isEmptyElement { try finish() }
                    return
                default:
                    throw Self.error(xml, "unexpected <\(xml.qualifiedName)> in <tmx> (expected <header>, then <body>)")
                }
            case .endElement:
                throw Self.error(xml, header == nil ? "<tmx> has no <header>" : "<tmx> has no <body>")
            default:
                continue
            }
        }
        throw Self.error(xml, "<tmx> has no <body>")
    }

    /// Reads the next `<tu>`; `nil` at the end of the document, once the whole
    /// document has been read and found well-formed.
    public func next() throws -> TMXTranslationUnit? {
        guard state == .inBody else { return nil }
        while let type = try Self.readNode(xml) {
            switch type {
            case .element:
                guard xml.hasLocalName("tu") else {
                    throw Self.error(xml, "unexpected <\(xml.qualifiedName)> in <body> (only <tu> may stand there)")
                }
                return try readUnit()
            case .endElement:
                try finish()
                return nil
            case .whitespace, .text:
                lastTextLine = xml.nodeLine
            default:
                continue
            }
        }
        throw Self.error(xml, "the document ends inside <body>")
    }

    /// Calls `body` with every remaining `<tu>`.
    public func forEach(_ body: (TMXTranslationUnit) throws -> Void) throws {
        while let unit = try next() { try body(unit) }
    }

    /// Reads what follows `<body>`: only the end of `<tmx>`, comments and processing
    /// instructions may.
    private func finish() throws {
        state = .finished
        while let type = try Self.readNode(xml) {
            if type == .element {
                throw Self.error(xml, "unexpected <\(xml.qualifiedName)> after <body>")
            }
        }
    }

    // MARK: - Header

    private static func readHeader(_ xml: XMLStreamReader, version: String?) throws -> TMXHeader {
        var header = TMXHeader(version: version, line: xml.nodeLine)
        xml.forEachAttribute { name, value in header.attributes[name] = value }
        if xml.isEmptyElement { return header }
        var ignored: [TMXIssue] = []
        while let type = try readNode(xml) {
            switch type {
            case .element:
                switch xml.localName {
                case "note": header.notes.append(try readNote(xml, issues: &ignored))
                case "prop": header.properties.append(try readProperty(xml, issues: &ignored))
                default: try xml.skipSubtree()  // <ude> and anything unknown
                }
            case .endElement:
                return header
            default:
                continue
            }
        }
        return header
    }

    // MARK: - Translation units

    private func readUnit() throws -> TMXTranslationUnit {
        var unit = TMXTranslationUnit(line: elementLine())
        xml.forEachAttribute { name, value in unit.attributes[name] = value }
        if xml.isEmptyElement { return unit }
        while let type = try Self.readNode(xml) {
            switch type {
            case .element:
                if xml.hasLocalName("tuv") {
                    if unit.variants.isEmpty { unit.variants.reserveCapacity(2) }
                    unit.variants.append(try readVariant(issues: &unit.issues))
                } else if xml.hasLocalName("prop") {
                    unit.properties.append(try Self.readProperty(xml, issues: &unit.issues))
                } else if xml.hasLocalName("note") {
                    unit.notes.append(try Self.readNote(xml, issues: &unit.issues))
                } else {
                    try unexpected(in: "tu", issues: &unit.issues)
                }
            case .endElement:
                return unit
            case .whitespace, .text:
                lastTextLine = xml.nodeLine
            default:
                continue
            }
        }
        return unit
    }

    private func readVariant(issues: inout [TMXIssue]) throws -> TMXVariant {
        var variant = TMXVariant(language: nil, segment: nil, line: elementLine())
        var oldLanguage: String?
        xml.forEachAttribute { name, value in
            switch name {
            case "xml:lang": variant.language = value
            case "lang": oldLanguage = value
            default: variant.attributes[name] = value
            }
        }
        if variant.language == nil { variant.language = oldLanguage }
        if xml.isEmptyElement { return variant }
        while let type = try Self.readNode(xml) {
            switch type {
            case .element:
                if xml.hasLocalName("seg") {
                    if variant.segment != nil {
                        issues.append(issue("<tuv> has more than one <seg>"))
                    }
                    variant.segment = try readSegment(issues: &issues)
                } else if xml.hasLocalName("prop") {
                    variant.properties.append(try Self.readProperty(xml, issues: &issues))
                } else if xml.hasLocalName("note") {
                    variant.notes.append(try Self.readNote(xml, issues: &issues))
                } else {
                    try unexpected(in: "tuv", issues: &issues)
                }
            case .endElement:
                return variant
            default:
                continue
            }
        }
        return variant
    }

    // MARK: - Segments and inline codes

    /// Reads a `<seg>`. Plain text, by far the most common content, takes a fast path.
    private func readSegment(issues: inout [TMXIssue]) throws -> SegmentText {
        if xml.isEmptyElement { return SegmentText(elements: []) }
        guard let first = try Self.readNode(xml) else { return SegmentText(elements: []) }
        var elements: [SegmentText.Element] = []
        var pending: XMLStreamReader.NodeType? = first
        if first == .text || first == .whitespace || first == .cdata {
            let text = xml.value ?? ""
            let second = try Self.readNode(xml)
            if second == .endElement { return SegmentText(text) }
            elements.append(.text(text))
            pending = second
        }
        // Mixed content, or more than one text node.
        if let pending {
            elements += try readInline(in: "seg", issues: &issues, startingWith: pending)
        }
        return SegmentText(elements: elements)
    }

    /// Reads the content of `<seg>`, `<hi>` or `<sub>` up to its end tag. The reader is
    /// on the start tag, or, with `current`, on the first node of the content.
    private func readInline(in container: String, issues: inout [TMXIssue], startingWith current: XMLStreamReader.NodeType? = nil) throws -> [SegmentText.Element] {
        var elements: [SegmentText.Element] = []
        if current == nil, xml.isEmptyElement { return elements }
        var next = current
        if next == nil { next = try Self.readNode(xml) }
        while let type = next {
            switch type {
            case .text, .whitespace, .cdata:
                elements.append(.text(xml.value ?? ""))
            case .element:
                if xml.hasLocalName("bpt") {
                    elements.append(.code(try readCode(.begin, name: "bpt", issues: &issues)))
                } else if xml.hasLocalName("ept") {
                    elements.append(.code(try readCode(.end, name: "ept", issues: &issues)))
                } else if xml.hasLocalName("ph") {
                    elements.append(.code(try readCode(.placeholder, name: "ph", issues: &issues)))
                } else if xml.hasLocalName("it") {
                    elements.append(.code(try readCode(.isolated, name: "it", issues: &issues)))
                } else if xml.hasLocalName("hi") {
                    elements.append(.code(InlineCode(kind: .highlightBegin, attributes: inlineAttributes(of: "hi"))))
                    elements += try readInline(in: "hi", issues: &issues)
                    elements.append(.code(InlineCode(kind: .highlightEnd)))
                } else if xml.hasLocalName("ut") {
                    elements.append(.code(try readCode(.unknown, name: "ut", issues: &issues)))
                } else {
                    try unexpected(in: container, issues: &issues)
                }
            case .endElement:
                return elements
            default:
                break
            }
            next = try Self.readNode(xml)
        }
        return elements
    }

    /// Reads `<bpt>`, `<ept>`, `<it>`, `<ph>` or `<ut>`: native code data and `<sub>`s.
    private func readCode(_ kind: InlineCode.Kind, name: String, issues: inout [TMXIssue]) throws -> InlineCode {
        let attributes = inlineAttributes(of: name)
        if kind == .begin || kind == .end, !attributes.contains(where: { $0.name == "i" }) {
            issues.append(issue("<\(name)> has no 'i' attribute"))
        }
        if kind == .isolated, !attributes.contains(where: { $0.name == "pos" && ($0.value == "begin" || $0.value == "end") }) {
            issues.append(issue("<it> needs pos=\"begin\" or pos=\"end\""))
        }
        var content: [InlineCode.Content] = []
        if !xml.isEmptyElement {
            while let type = try Self.readNode(xml) {
                switch type {
                case .text, .whitespace, .cdata:
                    let text = xml.value ?? ""
                    if case .data(let previous)? = content.last {
                        content[content.count - 1] = .data(previous + text)
                    } else {
                        content.append(.data(text))
                    }
                case .element:
                    if xml.hasLocalName("sub") {
                        let subAttributes = inlineAttributes(of: "sub")
                        content.append(.sub(attributes: subAttributes, text: SegmentText(elements: try readInline(in: "sub", issues: &issues))))
                    } else {
                        try unexpected(in: name, issues: &issues)
                    }
                case .endElement:
                    return InlineCode(kind: kind, attributes: attributes, content: content)
                default:
                    continue
                }
            }
        }
        return InlineCode(kind: kind, attributes: attributes, content: content)
    }

    /// The attributes of an inline element the TMX DTD declares for it.
    private func inlineAttributes(of name: String) -> [InlineCode.Attribute] {
        var attributes: [InlineCode.Attribute] = []
        let declared = TMXAttributeNames.inline[name] ?? []
        xml.forEachAttribute { attribute, value in
            if declared.contains(attribute) { attributes.append(.init(name: attribute, value: value)) }
        }
        return attributes
    }

    // MARK: - Notes and properties

    private static func readProperty(_ xml: XMLStreamReader, issues: inout [TMXIssue]) throws -> TMXProperty {
        var property = TMXProperty(type: "", value: "")
        var oldLanguage: String?
        xml.forEachAttribute { name, value in
            switch name {
            case "type": property.type = value
            case "xml:lang": property.language = value
            case "lang": oldLanguage = value
            case "o-encoding": property.encoding = value
            default: break
            }
        }
        if property.language == nil { property.language = oldLanguage }
        property.value = try readText(xml, in: "prop", issues: &issues)
        return property
    }

    private static func readNote(_ xml: XMLStreamReader, issues: inout [TMXIssue]) throws -> TMXNote {
        var note = TMXNote(text: "")
        var oldLanguage: String?
        xml.forEachAttribute { name, value in
            switch name {
            case "xml:lang": note.language = value
            case "lang": oldLanguage = value
            case "o-encoding": note.encoding = value
            default: break
            }
        }
        if note.language == nil { note.language = oldLanguage }
        note.text = try readText(xml, in: "note", issues: &issues)
        return note
    }

    /// The text content of an element that holds only text.
    private static func readText(_ xml: XMLStreamReader, in name: String, issues: inout [TMXIssue]) throws -> String {
        if xml.isEmptyElement { return "" }
        var text = ""
        while let type = try readNode(xml) {
            switch type {
            case .text, .whitespace, .cdata:
                text += xml.value ?? ""
            case .element:
                issues.append(TMXIssue(line: xml.nodeLine, column: 0, message: "unexpected <\(xml.qualifiedName)> in <\(name)>"))
                try xml.skipSubtree()
            case .endElement:
                return text
            default:
                continue
            }
        }
        return text
    }

    // MARK: - Helpers

    /// Moves to the next node and returns its type, `nil` at the end of the document.
    /// Entity references are refused: entities are never expanded, so one would
    /// silently lose text.
    private static func readNode(_ xml: XMLStreamReader) throws -> XMLStreamReader.NodeType? {
        guard try xml.read() else { return nil }
        let type = xml.nodeType
        if type == .entityReference {
            throw error(xml, "entity reference '&\(xml.qualifiedName);' is not allowed in a TMX document")
        }
        return type
    }

    /// The line of the element the reader is on. libxml2 keeps exact element lines up
    /// to 65,535 only; beyond, it infers them from the element's first child, which
    /// can be a line late, so the whitespace just before the element (which ends where
    /// the element starts) gives the line instead.
    private func elementLine() -> Int {
        let line = xml.nodeLine
        if line >= 65_535, lastTextLine >= 65_535 { return lastTextLine }
        return line
    }

    private func unexpected(in container: String, issues: inout [TMXIssue]) throws {
        issues.append(issue("unexpected <\(xml.qualifiedName)> in <\(container)>"))
        try xml.skipSubtree()
    }

    private func issue(_ message: String) -> TMXIssue {
        TMXIssue(line: xml.nodeLine, column: 0, message: message)
    }

    /// An error at the current node: an element's own line, or, for an end tag (whose
    /// node is the element), the parser's line.
    private static func error(_ xml: XMLStreamReader, _ message: String) -> XMLParseError {
        let line = xml.nodeType == .endElement ? xml.line : xml.nodeLine
        return XMLParseError(file: xml.documentName, line: line, column: 0, message: message)
    }
}
