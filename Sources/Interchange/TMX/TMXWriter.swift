import Foundation
import TranslationMemory
import XMLSupport

/// Writes a TMX 1.4b document through libxml2's writer (``XMLStreamWriter``), one unit
/// at a time, into a file or into memory.
///
/// The output is valid against the TMX 1.4b DTD whatever the units hold:
/// - at ``Level/plainText`` (TMX level 1) a segment is its plain text, inline codes
///   dropped (the text of `hi` kept); at ``Level/inlineCodes`` (level 2) codes are
///   written as `bpt`/`ept`/`it`/`ph`/`ut`/`hi`/`sub` with their attributes and native
///   data;
/// - a begin or end code without a partner in its segment is written as `<it>`, and
///   codes without an `i` get one, so `<bpt>`/`<ept>` always pair up;
/// - only the attributes the DTD declares are written, and only valid dates, `segtype`
///   values and language tags;
/// - characters XML 1.0 forbids (most C0 controls, U+FFFE, U+FFFF) cannot be written
///   at all: each is replaced by U+FFFD and counted in ``replacedCharacters``.
///
/// ```swift
/// let writer = try TMXWriter(path: "out.tmx", header: TMXWriter.header(sourceLanguage: "fr"))
/// try writer.write(unit)
/// try writer.finish()
/// ```
public final class TMXWriter {
    /// How much of a segment's markup is written.
    public enum Level: Int, Sendable, Hashable, CaseIterable {
        /// TMX level 1: plain text, inline codes dropped.
        case plainText = 1
        /// TMX level 2: text and inline codes.
        case inlineCodes = 2
    }

    /// The version written in `creationtoolversion` by default.
    public static let defaultToolVersion = "0.1.0"

    public let header: TMXHeader
    public let level: Level
    /// Units written so far.
    public private(set) var unitsWritten = 0
    /// Characters XML forbids that were replaced by U+FFFD so far.
    public private(set) var replacedCharacters = 0

    private let xml: XMLStreamWriter
    private var finished = false

    /// A header with Tandem's defaults: `creationtool="Tandem"`, `segtype="sentence"`,
    /// `o-tmf="Tandem"`, `adminlang="en"`, `datatype` `plaintext` (level 1) or `unknown`
    /// (level 2, since codes may come from any format), `creationdate` now.
    public static func header(
        sourceLanguage: String,
        level: Level = .inlineCodes,
        toolVersion: String = defaultToolVersion,
        adminLanguage: String = "en",
        creationDate: Date = Date()
    ) -> TMXHeader {
        TMXHeader(version: "1.4", attributes: [
            "creationtool": "Tandem",
            "creationtoolversion": toolVersion,
            "segtype": "sentence",
            "o-tmf": "Tandem",
            "adminlang": adminLanguage,
            "srclang": sourceLanguage,
            "datatype": level == .plainText ? "plaintext" : "unknown",
            "creationdate": TMXDate.format(creationDate),
        ])
    }

    /// A writer that streams the document into a file (created or truncated).
    /// Required header attributes the header lacks are filled with ``header(sourceLanguage:level:toolVersion:adminLanguage:creationDate:)``'s.
    public convenience init(path: String, header: TMXHeader, level: Level = .inlineCodes) throws {
        try self.init(xml: XMLStreamWriter(path: path, indent: false), header: header, level: level)
    }

    /// A writer that builds the document in memory; ``finish()`` returns it.
    public convenience init(header: TMXHeader, level: Level = .inlineCodes) throws {
        try self.init(xml: XMLStreamWriter(indent: false), header: header, level: level)
    }

    private init(xml: XMLStreamWriter, header: TMXHeader, level: Level) throws {
        self.xml = xml
        self.level = level
        var complete = header
        let defaults = Self.header(sourceLanguage: "*all*", level: level)
        for name in Self.requiredHeaderAttributes where complete.attributes[name] == nil {
            complete.attributes[name] = defaults.attributes[name]
        }
        self.header = complete
        try writeStart()
    }

    // MARK: - Document

    private static let requiredHeaderAttributes = ["creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"]
    private static let headerAttributeOrder = requiredHeaderAttributes + ["o-encoding", "creationdate", "creationid", "changedate", "changeid"]
    private static let unitAttributeOrder = ["tuid", "o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool", "creationtoolversion", "creationdate", "creationid", "changedate", "segtype", "changeid", "o-tmf", "srclang"]
    private static let variantAttributeOrder = ["o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool", "creationtoolversion", "creationdate", "creationid", "changedate", "o-tmf", "changeid"]

    private func writeStart() throws {
        try xml.startDocument()
        try xml.documentType(name: "tmx", systemID: "tmx14.dtd")
        try text("\n")
        try xml.startElement("tmx")
        try xml.attribute("version", "1.4")
        try newline(1)
        try xml.startElement("header")
        for name in Self.headerAttributeOrder {
            if let value = header.attributes[name] { try xml.attribute(name, clean(value)) }
        }
        try writeNotesAndProperties(notes: header.notes, properties: header.properties, depth: 2)
        if !header.notes.isEmpty || !header.properties.isEmpty { try newline(1) }
        try xml.endElement()
        try newline(1)
        try xml.startElement("body")
    }

    /// Writes one unit as a `<tu>` with its source and target `<tuv>`s; `srclang` is
    /// set on the `<tu>` when its source language is not the header's.
    public func write(_ unit: TranslationUnit) throws {
        var tu = TMXUnitMapper.tmxUnit(for: unit)
        if header.sourceLanguage?.lowercased() != unit.sourceLanguage.identifier.lowercased() {
            tu.attributes["srclang"] = unit.sourceLanguage.identifier
        }
        try write(tu)
    }

    /// Writes a `<tu>` as given (attributes the DTD does not declare are left out).
    public func write(_ tu: TMXTranslationUnit) throws {
        precondition(!finished, "TMXWriter: write after finish()")
        try newline(2)
        try xml.startElement("tu")
        for name in Self.unitAttributeOrder {
            if let value = tu.attributes[name] { try attribute(name, value) }
        }
        try writeNotesAndProperties(notes: tu.notes, properties: tu.properties, depth: 3)
        for variant in tu.variants {
            try newline(3)
            try xml.startElement("tuv")
            try xml.attribute("xml:lang", clean(variant.language ?? "und"))
            for name in Self.variantAttributeOrder {
                if let value = variant.attributes[name] { try attribute(name, value) }
            }
            try writeNotesAndProperties(notes: variant.notes, properties: variant.properties, depth: 4)
            try newline(4)
            try xml.startElement("seg")
            if let segment = variant.segment {
                switch level {
                case .plainText: try text(segment.plainText)
                case .inlineCodes: try writeInline(segment)
                }
            }
            try xml.fullEndElement()
            try newline(3)
            try xml.endElement()
        }
        try newline(2)
        try xml.endElement()
        unitsWritten += 1
    }

    /// Closes the document and flushes it. Returns the document for an in-memory writer,
    /// an empty array for a file writer.
    @discardableResult
    public func finish() throws -> [UInt8] {
        if !finished {
            try newline(1)
            try xml.fullEndElement()  // body
            try text("\n")
            try xml.endElement()  // tmx
            finished = true
        }
        return try xml.finish()
    }

    private func writeNotesAndProperties(notes: [TMXNote], properties: [TMXProperty], depth: Int) throws {
        for note in notes {
            try newline(depth)
            try xml.startElement("note")
            if let language = note.language { try languageAttribute(language) }
            if let encoding = note.encoding { try xml.attribute("o-encoding", clean(encoding)) }
            try text(note.text)
            try xml.fullEndElement()
        }
        for property in properties {
            try newline(depth)
            try xml.startElement("prop")
            try xml.attribute("type", clean(property.type))
            if let language = property.language { try languageAttribute(language) }
            if let encoding = property.encoding { try xml.attribute("o-encoding", clean(encoding)) }
            try text(property.value)
            try xml.fullEndElement()
        }
    }

    /// Writes a `<tu>` or `<tuv>` attribute, unless its value is one the DTD or TMX's
    /// rules refuse (a date not in TMX form, a `segtype` TMX does not know), which is
    /// left out.
    private func attribute(_ name: String, _ value: String) throws {
        if TMXAttributeNames.dates.contains(name), TMXDate.parse(value) == nil { return }
        if name == "segtype", !TMXAttributeNames.segmentTypes.contains(value) { return }
        try xml.attribute(name, clean(value))
    }

    /// Writes `xml:lang` for a note or property: the tag in canonical form, or nothing
    /// when the value is not a language tag.
    private func languageAttribute(_ language: String) throws {
        guard let tag = LanguageTag(language) else { return }
        try xml.attribute("xml:lang", tag.identifier)
    }

    // MARK: - Inline codes

    private func writeInline(_ segment: SegmentText) throws {
        let pairing = Pairing(segment.elements)
        var openHighlights = 0
        for (index, element) in segment.elements.enumerated() {
            switch element {
            case .text(let string):
                try text(string)
            case .code(let code):
                switch code.kind {
                case .highlightBegin:
                    try xml.startElement("hi")
                    try attributes(of: code, declaredFor: "hi")
                    openHighlights += 1
                case .highlightEnd:
                    guard openHighlights > 0 else { continue }
                    try xml.fullEndElement()
                    openHighlights -= 1
                case .begin, .end:
                    if let i = pairing.identifiers[index] {
                        let name = code.kind == .begin ? "bpt" : "ept"
                        try xml.startElement(name)
                        try xml.attribute("i", clean(i))
                        if code.kind == .begin { try attributes(of: code, declaredFor: name, except: ["i"]) }
                        try content(of: code)
                    } else {
                        try isolated(code, position: code.kind == .begin ? "begin" : "end")
                    }
                case .isolated:
                    let position = code.attribute("pos")
                    try isolated(code, position: position == "end" ? "end" : "begin")
                case .placeholder:
                    try xml.startElement("ph")
                    try attributes(of: code, declaredFor: "ph")
                    try content(of: code)
                case .unknown:
                    try xml.startElement("ut")
                    try attributes(of: code, declaredFor: "ut")
                    try content(of: code)
                }
            }
        }
        for _ in 0..<openHighlights { try xml.fullEndElement() }
    }

    private func isolated(_ code: InlineCode, position: String) throws {
        try xml.startElement("it")
        try xml.attribute("pos", position)
        try attributes(of: code, declaredFor: "it", except: ["pos"])
        try content(of: code)
    }

    /// Writes a code's native data and `<sub>`s, then closes its element.
    private func content(of code: InlineCode) throws {
        for piece in code.content {
            switch piece {
            case .data(let data):
                try text(data)
            case .sub(let attributes, let text):
                try xml.startElement("sub")
                for attribute in attributes where TMXAttributeNames.inline["sub", default: []].contains(attribute.name) {
                    try xml.attribute(attribute.name, clean(attribute.value))
                }
                try writeInline(text)
                try xml.fullEndElement()
            }
        }
        try xml.fullEndElement()
    }

    private func attributes(of code: InlineCode, declaredFor element: String, except excluded: Set<String> = []) throws {
        let declared = TMXAttributeNames.inline[element, default: []]
        for attribute in code.attributes where declared.contains(attribute.name) && !excluded.contains(attribute.name) {
            try xml.attribute(attribute.name, clean(attribute.value))
        }
    }

    // MARK: - Text

    private func text(_ string: String) throws {
        try xml.text(clean(string))
    }

    private func newline(_ depth: Int) throws {
        try xml.text(Self.indentation[min(depth, Self.indentation.count - 1)])
    }

    private static let indentation = (0...6).map { "\n" + String(repeating: "  ", count: $0) }

    /// The string with every character XML forbids replaced by U+FFFD.
    private func clean(_ string: String) -> String {
        guard string.utf8.contains(where: Self.mayStartForbiddenCharacter) else { return string }
        var result = String.UnicodeScalarView()
        for scalar in string.unicodeScalars {
            if XMLStreamWriter.isXMLCharacter(scalar) {
                result.append(scalar)
            } else {
                result.append("\u{FFFD}")
                replacedCharacters += 1
            }
        }
        return String(result)
    }

    /// A UTF-8 byte that is, or may start, a character XML forbids: C0 controls other
    /// than tab, line feed and carriage return, and 0xEF (U+FFFE and U+FFFF start with it).
    private static func mayStartForbiddenCharacter(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0xEF
    }
}

/// Which begin and end codes of a segment are written as a `<bpt>`/`<ept>` pair, and
/// with which `i`. A code with no partner is written as `<it>`.
private struct Pairing {
    /// The `i` of each paired code, by its index in the segment's elements.
    var identifiers: [Int: String] = [:]

    init(_ elements: [SegmentText.Element]) {
        var used = Set<String>()
        for case .code(let code) in elements where code.kind == .begin || code.kind == .end {
            if let i = code.attribute("i") { used.insert(i) }
        }
        var open: [(index: Int, i: String?)] = []
        var next = 1
        for (index, element) in elements.enumerated() {
            guard case .code(let code) = element else { continue }
            switch code.kind {
            case .begin:
                open.append((index, code.attribute("i")))
            case .end:
                let i = code.attribute("i")
                // An end closes the latest open begin with the same i (or, without i,
                // the latest open begin without one).
                guard let position = open.lastIndex(where: { $0.i == i }) else { continue }
                let begin = open.remove(at: position)
                var identifier = i
                if identifier == nil || identifiers.values.contains(identifier!) {
                    while used.contains(String(next)) { next += 1 }
                    identifier = String(next)
                    used.insert(identifier!)
                }
                identifiers[begin.index] = identifier
                identifiers[index] = identifier
            default:
                continue
            }
        }
    }
}
