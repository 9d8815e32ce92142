import TranslationMemory
import XMLSupport

/// Writes a ``BilingualDocument`` as XLIFF 1.2, valid against the strict schema (see
/// ``XLIFFWriter``).
struct XLIFF12Writer {
    let xml: IndentingXMLWriter
    /// Elements and attributes read from an XLIFF 1.x document are written back.
    private let sameFamily: Bool
    private static let core = XLIFFNamespace.xliff12
    static let codeElements: Set<String> = ["g", "x", "bx", "ex", "bpt", "ept", "ph", "it", "mrk"]
    /// The `state` values XLIFF 1.2 defines.
    static let states: Set<String> = Set(XLIFF12Parser.states.keys)

    init(xml: XMLStreamWriter, document: BilingualDocument) {
        self.xml = IndentingXMLWriter(xml)
        sameFamily = document.version.map { $0.hasPrefix("1.") } ?? false
    }

    func write(_ document: BilingualDocument) throws {
        try xml.xml.startDocument()
        try xml.start("xliff")
        try xml.attribute("version", "1.2")
        try xml.attribute("xmlns", Self.core)
        var namespaces = NamespaceCollector(known: document.namespaces, reserved: [])
        if sameFamily {
            namespaces.note(document.attributes.filter { $0.qualifiedName != "xmlns" })
            for file in document.files { namespaces.note(file) }
        }
        for declaration in namespaces.declarations { try xml.attribute("xmlns:\(declaration.prefix)", declaration.uri) }
        if sameFamily {
            for attribute in document.attributes where !attribute.qualifiedName.hasPrefix("xsi:") {
                try xml.attribute(attribute.qualifiedName, attribute.value)
            }
        }
        for (index, file) in document.files.enumerated() { try write(file, index: index, document: document) }
        try xml.end()
    }

    private func write(_ file: BilingualFile, index: Int, document: BilingualDocument) throws {
        try xml.start("file")
        try xml.attribute("original", file.original ?? file.id ?? "file-\(index + 1)")
        try xml.attribute("source-language", document.sourceLanguage)
        try xml.attribute("target-language", ifPresent: document.targetLanguage)
        let attributes = sameFamily ? file.attributes.filter { !["source-language", "target-language"].contains($0.qualifiedName) } : []
        if !attributes.contains(where: { $0.qualifiedName == "datatype" }) { try xml.attribute("datatype", "plaintext") }
        for attribute in attributes { try xml.attribute(attribute.qualifiedName, attribute.value) }
        // <header>: skl, phase-group, then tools, notes and the rest.
        let extensions = sameFamily ? file.extensions : []
        let headerExtensions = extensions.filter { $0.localName != "bin-unit" }
        let tools = file.metadata.filter { $0.category == "tool" && $0.value("tool-id") != nil && $0.value("tool-name") != nil }
        let phases = file.metadata.filter { $0.category == "phase" && $0.value("phase-name") != nil && $0.value("process-name") != nil }
        let otherMetadata = file.metadata.filter { !tools.contains($0) && !phases.contains($0) }
        if !headerExtensions.isEmpty || !tools.isEmpty || !phases.isEmpty || !file.notes.isEmpty || !otherMetadata.isEmpty {
            try xml.start("header")
            for element in headerExtensions where element.localName == "skl" { try xml.element(element) }
            if !phases.isEmpty {
                try xml.start("phase-group")
                for phase in phases { try empty("phase", phase.entries.map { ($0.type, $0.value) }) }
                try xml.end()
            }
            for element in headerExtensions where element.localName == "phase-group" { try xml.element(element) }
            for tool in tools { try empty("tool", tool.entries.map { ($0.type, $0.value) }) }
            for note in file.notes { try write(note) }
            for group in otherMetadata { try write(metadataNote(group)) }
            for element in headerExtensions where element.localName != "skl" && element.localName != "phase-group" { try xml.element(element) }
            try xml.end()
        }
        try xml.start("body")
        var unitIDs = Set<String>()
        for child in file.children { try write(child, unitIDs: &unitIDs) }
        for element in extensions where element.localName == "bin-unit" { try xml.element(element) }
        try xml.fullEnd()
        try xml.end()
    }

    private func metadataNote(_ group: BilingualMetadataGroup) -> BilingualNote {
        let text = group.entries.map { "\($0.type): \($0.value)" }.joined(separator: "; ")
        return BilingualNote(text: group.category.map { "[\($0)] \(text)" } ?? text, author: "tandem-metadata")
    }

    private func empty(_ name: String, _ attributes: [(String, String)]) throws {
        try xml.start(name)
        for (attribute, value) in attributes { try xml.attribute(attribute, value) }
        try xml.end()
    }

    private func write(_ note: BilingualNote) throws {
        try xml.start("note", mixed: true)
        try xml.attribute("from", ifPresent: note.author ?? note.category)
        try xml.attribute("priority", ifPresent: note.priority.map { String(min(max($0, 1), 10)) })
        if let appliesTo = note.appliesTo, ["source", "target", "general"].contains(appliesTo) { try xml.attribute("annotates", appliesTo) }
        if sameFamily { for attribute in note.attributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
        try xml.text(Self.clean(note.text))
        try xml.end()
    }

    private func write(_ node: BilingualNode, unitIDs: inout Set<String>) throws {
        switch node {
        case .group(let group):
            guard !group.allUnitsEmpty else { return }
            try xml.start("group")
            try xml.attribute("id", ifPresent: group.id)
            try xml.attribute("resname", ifPresent: group.name)
            if let translate = group.translate { try xml.attribute("translate", translate ? "yes" : "no") }
            if sameFamily { for attribute in group.attributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
            if sameFamily { for element in group.extensions { try xml.element(element) } }
            for note in group.notes { try write(note) }
            for group in group.metadata { try write(metadataNote(group)) }
            for child in group.children { try write(child, unitIDs: &unitIDs) }
            try xml.end()
        case .unit(let unit):
            guard unitIDs.insert(unit.id).inserted else { throw XLIFFWriteError.duplicateUnit(unit.id) }
            try write(unit)
        }
    }

    private func write(_ unit: BilingualUnit) throws {
        guard let first = unit.segments.firstIndex(where: { !$0.isIgnorable }) else { throw XLIFFWriteError.noSegment(unit.id) }
        try xml.start("trans-unit")
        try xml.attribute("id", unit.id)
        try xml.attribute("resname", ifPresent: unit.name)
        if let translate = unit.translate { try xml.attribute("translate", translate ? "yes" : "no") }
        if sameFamily { for attribute in unit.attributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
        // Reviewed and final translations are approved (translate-toolkit and Weblate
        // read an unapproved target as fuzzy).
        if !sameFamily, let first = unit.segments.first(where: { !$0.isIgnorable }), first.target != nil, first.state == .reviewed || first.state == .final {
            try xml.attribute("approved", "yes")
        }

        // One segment (Tandem's units, and XLIFF 1.2's) keeps its attributes; several are joined.
        let segment = unit.segments[first]
        let single = unit.segments.count == 1
        var source = single ? segment.source : unit.source
        let target = single ? segment.target : unit.target
        // Annotations: a note each, and <mrk> on the span when the spans nest.
        var annotationNotes: [BilingualNote] = []
        let annotations = unit.annotations.filter { $0.segment == first }
        for annotation in unit.annotations {
            annotationNotes.append(BilingualNote(text: annotation.comment, author: "tandem:\(annotation.kind)", appliesTo: "source"))
        }
        let hasContainers = source.elements.contains { if case .code(let code) = $0 { ["g", "mrk"].contains(code.xliffElement ?? "") } else { false } }
        if single, !annotations.isEmpty, !hasContainers, AnnotationPlacer.nest(annotations.map(\.range)) {
            source = AnnotationPlacer.place(annotations, in: source, begin: { annotation in
                InlineCode(kind: .highlightBegin, attributes: [
                    .init(name: xliffElementAttribute, value: "mrk"),
                    .init(name: "mtype", value: "x-tandem-\(Self.token(annotation.kind))"),
                    .init(name: "mid", value: annotation.id),
                    .init(name: "comment", value: annotation.comment),
                ])
            }, end: { _ in InlineCode(kind: .highlightEnd, attributes: [.init(name: xliffElementAttribute, value: "mrk")]) })
        }
        try xml.start("source", mixed: true)
        if single, sameFamily { for attribute in segment.sourceAttributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
        try inline(source, forceTandemMarks: true)
        try xml.fullEnd()
        if sameFamily { for element in unit.extensions where element.localName == "seg-source" { try xml.element(element) } }
        if let target {
            try xml.start("target", mixed: true)
            if let state = state(of: segment) { try xml.attribute("state", state) }
            if single, sameFamily { for attribute in segment.targetAttributes where attribute.qualifiedName != "state" { try xml.attribute(attribute.qualifiedName, attribute.value) } }
            try inline(target, forceTandemMarks: false)
            try xml.fullEnd()
        }
        if sameFamily { for element in unit.extensions where ["context-group", "count-group", "prop-group"].contains(element.localName) && element.namespaceURI == Self.core { try xml.element(element) } }
        for note in unit.notes + annotationNotes { try write(note) }
        for group in unit.metadata { try write(metadataNote(group)) }
        for candidate in unit.candidates { try write(candidate) }
        if sameFamily {
            for element in unit.extensions where !["seg-source", "context-group", "count-group", "prop-group"].contains(element.localName) || element.namespaceURI != Self.core {
                try xml.element(element)
            }
        }
        try xml.end()
    }

    /// The 1.2 `state`: the one read from 1.2 (kept in `subState`) when it still agrees, else the mapping.
    private func state(of segment: BilingualSegment) -> String? {
        guard let state = segment.state else { return nil }
        if let subState = segment.subState, subState.hasPrefix("xliff12:") {
            let value = String(subState.dropFirst("xliff12:".count))
            if XLIFF12Parser.states[value] == state || (value.hasPrefix("x-") && state == .translated) { return value }
        }
        switch state {
        case .initial: return "new"
        case .translated: return "translated"
        case .reviewed: return "signed-off"
        case .final: return "final"
        }
    }

    private func write(_ candidate: TranslationCandidate) throws {
        try xml.start("alt-trans")
        try xml.attribute("mid", ifPresent: candidate.reference.flatMap { sameFamily ? $0 : nil })
        try xml.attribute("match-quality", ifPresent: candidate.similarity.map { formatNumber(min(max($0, 0), 1) * 100) + "%" })
        try xml.attribute("origin", ifPresent: candidate.origin)
        if sameFamily { for attribute in candidate.attributes { try xml.attribute(attribute.qualifiedName, attribute.value) } }
        if !candidate.source.elements.isEmpty {
            try xml.start("source", mixed: true)
            try inline(candidate.source, forceTandemMarks: false)
            try xml.fullEnd()
        }
        try xml.start("target", mixed: true)
        try inline(candidate.target, forceTandemMarks: false)
        try xml.fullEnd()
        if sameFamily { for element in candidate.extensions { try xml.element(element) } }
        try xml.end()
    }

    // MARK: - Inline content

    /// Writes inline content: codes read from XLIFF 1.x as written; others as
    /// `bpt`/`ept`/`it`/`ph` (native data inside) and `mrk mtype="x-highlight"`.
    private func inline(_ text: SegmentText, forceTandemMarks: Bool) throws {
        var ids = IDAllocator(prefix: "")
        for case .code(let code) in text.elements {
            if let id = code.attribute("id") { ids.reserve(id) }
        }
        var open: [(key: String?, id: String)] = []
        var containers: [String] = []
        for element in text.elements {
            switch element {
            case .text(let string):
                try xml.text(Self.clean(string))
            case .code(let code):
                let marked = code.xliffElement.map { Self.codeElements.contains($0) } ?? false
                let isTandemMark = code.xliffElement == "mrk" && (code.attribute("mtype")?.hasPrefix("x-tandem-") ?? false)
                if marked && (sameFamily || (forceTandemMarks && isTandemMark) || (code.kind == .highlightEnd && containers.last == "mrk")) {
                    let name = code.xliffElement!
                    switch (name, code.kind) {
                    case ("g", .begin), ("mrk", .highlightBegin):
                        try xml.start(name)
                        for attribute in code.xmlAttributes { try xml.attribute(attribute.name, attribute.value) }
                        containers.append(name)
                    case ("g", .end), ("mrk", .highlightEnd):
                        guard containers.last == name else { throw XLIFFWriteError.badNesting(name) }
                        containers.removeLast()
                        try xml.fullEnd()
                    default:
                        try xml.start(name)
                        for attribute in code.xmlAttributes { try xml.attribute(attribute.name, attribute.value) }
                        try content(code)
                        try xml.end()
                    }
                    continue
                }
                let key = code.attribute("i") ?? code.attribute("rid") ?? code.attribute("id")
                switch code.kind {
                case .begin:
                    let id = ids.next()
                    open.append((key, id))
                    try codeElement("bpt", [("id", id)], code)
                case .end:
                    if let match = open.lastIndex(where: { key != nil && $0.key == key }) ?? (open.isEmpty ? nil : open.count - 1) {
                        let start = open.remove(at: match)
                        try codeElement("ept", [("id", start.id)], code)
                    } else {
                        try codeElement("it", [("id", ids.next()), ("pos", "close")], code)
                    }
                case .isolated:
                    let position = code.attribute("pos")
                    try codeElement("it", [("id", ids.next()), ("pos", position == "end" || position == "close" ? "close" : "open")], code)
                case .placeholder, .unknown:
                    try codeElement("ph", [("id", ids.next())], code)
                case .highlightBegin:
                    try xml.start("mrk")
                    try xml.attribute("mtype", "x-highlight")
                    containers.append("mrk")
                case .highlightEnd:
                    if containers.last == "mrk" {
                        containers.removeLast()
                        try xml.fullEnd()
                    }
                }
            }
        }
        // A <bpt> must have its <ept>: unpaired begins were written as <bpt>; close them.
        for start in open.reversed() {
            try codeElement("ept", [("id", start.id)], InlineCode(kind: .end))
        }
        if let container = containers.last { throw XLIFFWriteError.badNesting(container) }
    }

    private func codeElement(_ name: String, _ attributes: [(String, String)], _ code: InlineCode) throws {
        try xml.start(name)
        for (attribute, value) in attributes { try xml.attribute(attribute, value) }
        try content(code)
        try xml.end()
    }

    private func content(_ code: InlineCode) throws {
        for part in code.content {
            switch part {
            case .data(let text):
                try xml.text(Self.clean(text))
            case .sub(let attributes, let text):
                try xml.start("sub", mixed: true)
                for attribute in attributes { try xml.attribute(attribute.name, attribute.value) }
                try inline(text, forceTandemMarks: false)
                try xml.fullEnd()
            }
        }
    }

    /// XLIFF 1.2 has no way to carry characters XML forbids: they are left out.
    static func clean(_ string: String) -> String {
        guard string.unicodeScalars.contains(where: { !XMLStreamWriter.isXMLCharacter($0) }) else { return string }
        var result = ""
        result.unicodeScalars.append(contentsOf: string.unicodeScalars.filter(XMLStreamWriter.isXMLCharacter))
        return result
    }

    /// A value usable after `x-` in an `mtype`: no spaces.
    static func token(_ string: String) -> String {
        let cleaned = String(string.map { $0.isWhitespace ? "-" : $0 })
        return cleaned.isEmpty ? "annotation" : cleaned
    }
}

extension BilingualGroup {
    /// Whether the group holds no unit at all (XLIFF 1.2 needs at least one).
    var allUnitsEmpty: Bool { children.flatMap(\.allUnits).isEmpty }
}
