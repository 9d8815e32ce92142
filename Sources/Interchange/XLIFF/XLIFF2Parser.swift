import TranslationMemory
import XMLSupport

/// Turns the tree of an XLIFF 2.0/2.1/2.2 document into a ``BilingualDocument``, checking
/// the core's constraints that the schema cannot express (XLIFF 2.1 §4.3 and §4.7).
struct XLIFF2Parser: XLIFFParsing {
    let documentName: String
    /// The core namespace (2.0, shared by 2.1, or 2.2).
    let core: String
    private var hasTarget = false
    private var sourceLanguage = ""
    private var targetLanguage: String?
    /// The `xml:space` the enclosing `<xliff>`, `<file>` and `<group>` elements set.
    private var inheritedSpace: String?
    private static let xml = "http://www.w3.org/XML/1998/namespace"

    init(documentName: String, core: String) {
        self.documentName = documentName
        self.core = core
    }

    private func isCore(_ element: XMLElement) -> Bool { element.namespaceURI == core }

    mutating func document(_ root: XMLElement) throws -> BilingualDocument {
        guard let sourceLanguage = root.attribute("srcLang") else { throw error(root, "<xliff> has no srcLang") }
        let targetLanguage = root.attribute("trgLang")
        try checkLanguage(root, "srcLang", sourceLanguage)
        try checkLanguage(root, "trgLang", targetLanguage)
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        inheritedSpace = root.attribute("space", namespaceURI: Self.xml)
        var document = BilingualDocument(
            version: root.attribute("version"), sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
            attributes: otherAttributes(root, except: ["version", "srcLang", "trgLang"])
        )
        var fileIDs: Set<String> = []
        for child in root.children {
            guard case .element(let element) = child else { continue }
            if isCore(element), element.localName == "notes", core == XLIFFNamespace.xliff22, document.files.isEmpty {
                document.notes = try notes(element)
                continue
            }
            guard isCore(element), element.localName == "file" else {
                throw error(element, "unexpected <\(element.qualifiedName)> in <xliff> (only <file> may stand there)")
            }
            let outerSpace = inheritedSpace
            inheritedSpace = element.attribute("space", namespaceURI: Self.xml) ?? outerSpace
            let file = try self.file(element)
            inheritedSpace = outerSpace
            if !fileIDs.insert(file.id ?? "").inserted {
                throw error(element, "duplicate <file> id \"\(file.id ?? "")\"")
            }
            document.files.append(file)
        }
        if document.files.isEmpty { throw error(root, "<xliff> has no <file>") }
        if hasTarget, targetLanguage == nil {
            throw error(root, "the document has <target> elements but <xliff> has no trgLang")
        }
        return document
    }

    // MARK: - Structure

    private mutating func file(_ element: XMLElement) throws -> BilingualFile {
        guard let id = element.attribute("id") else { throw error(element, "<file> has no id") }
        var file = BilingualFile(
            id: id, original: element.attribute("original"), translate: try yesNo(element, "translate"),
            attributes: otherAttributes(element, except: ["id", "original", "translate"]), line: element.line
        )
        var ids = StructureIDs()
        try container(element, notes: &file.notes, metadata: &file.metadata, children: &file.children, extensions: &file.extensions, ids: &ids, allowSkeleton: true)
        if file.children.isEmpty { throw error(element, "<file> \"\(id)\" has no <unit> or <group>") }
        try checkResourceData(file)
        return file
    }

    /// Unit and group ids, each unique in their `<file>`.
    private struct StructureIDs {
        var units: Set<String> = []
        var groups: Set<String> = []
    }

    /// The content of `<file>` or `<group>`: modules and extensions, notes, units and groups.
    private mutating func container(_ element: XMLElement, notes: inout [BilingualNote], metadata: inout [BilingualMetadataGroup], children: inout [BilingualNode], extensions: inout [XMLElement], ids: inout StructureIDs, allowSkeleton: Bool = false) throws {
        for child in element.elements {
            if !isCore(child) {
                if let groups = metadataGroups(child) { metadata += groups } else { extensions.append(child) }
                continue
            }
            switch child.localName {
            case "skeleton" where allowSkeleton:
                let hasHref = child.attribute("href") != nil
                let isEmpty = child.children.isEmpty
                if hasHref == !isEmpty {
                    throw error(child, hasHref ? "<skeleton> has both href and content" : "<skeleton> has neither href nor content")
                }
                extensions.append(child)
            case "notes":
                notes = try self.notes(child)
            case "unit":
                let unit = try self.unit(child)
                if !ids.units.insert(unit.id).inserted { throw error(child, "duplicate <unit> id \"\(unit.id)\" in the file") }
                children.append(.unit(unit))
            case "group":
                guard let id = child.attribute("id") else { throw error(child, "<group> has no id") }
                if !ids.groups.insert(id).inserted { throw error(child, "duplicate <group> id \"\(id)\" in the file") }
                var group = BilingualGroup(
                    id: id, name: child.attribute("name"), translate: try yesNo(child, "translate"),
                    attributes: otherAttributes(child, except: ["id", "name", "translate"]), line: child.line
                )
                let outerSpace = inheritedSpace
                inheritedSpace = child.attribute("space", namespaceURI: Self.xml) ?? outerSpace
                try container(child, notes: &group.notes, metadata: &group.metadata, children: &group.children, extensions: &group.extensions, ids: &ids)
                inheritedSpace = outerSpace
                children.append(.group(group))
            default:
                throw error(child, "unexpected <\(child.qualifiedName)> in <\(element.qualifiedName)>")
            }
        }
    }

    /// Resource Data module: a unit's `res:resourceItemRef` names a `res:resourceItem` of
    /// its `<file>`, and `res:source`/`res:target` languages are the document's.
    private func checkResourceData(_ file: BilingualFile) throws {
        let namespace = "urn:oasis:names:tc:xliff:resourcedata:2.0"
        func descendants(_ element: XMLElement) -> [XMLElement] { [element] + element.elements.flatMap(descendants) }
        let fileItems = Set(file.extensions.flatMap(descendants).filter { $0.namespaceURI == namespace && $0.localName == "resourceItem" }.compactMap { $0.attribute("id") })
        for unit in file.allUnits {
            for element in unit.extensions.flatMap(descendants) where element.namespaceURI == namespace {
                if element.localName == "resourceItemRef", let reference = element.attribute("ref"), !fileItems.contains(reference) {
                    throw error(element, "<res:resourceItemRef ref=\"\(reference)\"> names no <res:resourceItem> of the file")
                }
            }
        }
        for element in (file.extensions + file.allUnits.flatMap(\.extensions)).flatMap(descendants) where element.namespaceURI == namespace {
            let language = element.attribute("lang", namespaceURI: XLIFFNamespace.xml)
            if element.localName == "target", let language, let expected = targetLanguage, language.lowercased() != expected.lowercased() {
                throw error(element, "<res:target> xml:lang=\"\(language)\" differs from trgLang \"\(expected)\"")
            }
            if element.localName == "source", let language, language.lowercased() != sourceLanguage.lowercased() {
                throw error(element, "<res:source> xml:lang=\"\(language)\" differs from srcLang \"\(sourceLanguage)\"")
            }
        }
    }

    private func notes(_ element: XMLElement) throws -> [BilingualNote] {
        var notes: [BilingualNote] = []
        var ids: Set<String> = []
        for child in element.elements {
            guard isCore(child), child.localName == "note" else {
                throw error(child, "unexpected <\(child.qualifiedName)> in <notes> (only <note> may stand there)")
            }
            let id = child.attribute("id")
            if let id, !ids.insert(id).inserted { throw error(child, "duplicate <note> id \"\(id)\"") }
            var priority: Int?
            if let value = child.attribute("priority") {
                guard let number = Int(value), (1...10).contains(number) else {
                    throw error(child, "<note> priority=\"\(value)\" is not a number from 1 to 10")
                }
                priority = number
            }
            if let appliesTo = child.attribute("appliesTo"), appliesTo != "source", appliesTo != "target" {
                throw error(child, "<note> appliesTo=\"\(appliesTo)\" is neither source nor target")
            }
            let author = child.attribute("author", namespaceURI: XLIFFNamespace.tandem)
            notes.append(BilingualNote(
                id: id, text: try textOnly(child), category: child.attribute("category"), author: author,
                priority: priority, appliesTo: child.attribute("appliesTo"),
                attributes: child.attributes.filter {
                    !["id", "category", "priority", "appliesTo"].contains($0.qualifiedName)
                        && !($0.localName == "author" && $0.namespaceURI == XLIFFNamespace.tandem)
                }
            ))
        }
        if notes.isEmpty { throw error(element, "<notes> has no <note>") }
        return notes
    }

    /// A Metadata module element of the simple shape Tandem writes (groups of typed
    /// values, no ids, no nesting); `nil` for anything else, which is kept whole.
    private func metadataGroups(_ element: XMLElement) -> [BilingualMetadataGroup]? {
        guard element.namespaceURI == XLIFFNamespace.metadata, element.localName == "metadata", element.attributes.isEmpty else { return nil }
        var groups: [BilingualMetadataGroup] = []
        for group in element.elements {
            guard group.namespaceURI == XLIFFNamespace.metadata, group.localName == "metaGroup",
                  group.attributes.allSatisfy({ $0.qualifiedName == "category" }) else { return nil }
            var entries: [BilingualMetadataGroup.Entry] = []
            for meta in group.elements {
                guard meta.namespaceURI == XLIFFNamespace.metadata, meta.localName == "meta", meta.attributes.count == 1,
                      let type = meta.attribute("type"), meta.elements.isEmpty else { return nil }
                entries.append(.init(type: type, value: meta.textContent))
            }
            if entries.isEmpty { return nil }
            groups.append(BilingualMetadataGroup(category: group.attribute("category"), entries: entries))
        }
        return groups.isEmpty ? nil : groups
    }

    // MARK: - Units

    private mutating func unit(_ element: XMLElement) throws -> BilingualUnit {
        guard let id = element.attribute("id") else { throw error(element, "<unit> has no id") }
        var unit = BilingualUnit(
            id: id, name: element.attribute("name"), translate: try yesNo(element, "translate"), segments: [],
            attributes: otherAttributes(element, except: ["id", "name", "translate"]), line: element.line
        )
        // A unit carries the xml:space it inherits, so that it keeps its meaning when it
        // travels alone (a memory's unit archive, a unit exported into another file).
        if element.attribute("space", namespaceURI: Self.xml) == nil, let inheritedSpace {
            unit.attributes.append(XMLAttribute(qualifiedName: "xml:space", localName: "space", namespaceURI: Self.xml, value: inheritedSpace))
        }
        var data: [String: String] = [:]
        var matchesElements: [XMLElement] = []
        var segmentElements: [XMLElement] = []
        for child in element.elements {
            if !isCore(child) {
                if child.namespaceURI == XLIFFNamespace.matches, child.localName == "matches" {
                    matchesElements.append(child)
                } else if let groups = metadataGroups(child) {
                    unit.metadata += groups
                } else {
                    unit.extensions.append(child)
                }
                continue
            }
            switch child.localName {
            case "notes": unit.notes = try notes(child)
            case "originalData": data = try originalData(child)
            case "segment", "ignorable": segmentElements.append(child)
            default: throw error(child, "unexpected <\(child.qualifiedName)> in <unit>")
            }
        }
        guard segmentElements.contains(where: { $0.localName == "segment" }) else {
            throw error(element, "<unit> \"\(id)\" has no <segment>")
        }
        var context = UnitContext(data: data, noteIDs: Set(unit.notes.compactMap(\.id)))
        for segment in segmentElements { unit.segments.append(try self.segment(segment, context: &context)) }
        try context.finish(self, element)
        for matches in matchesElements { unit.candidates += try candidates(matches, unitIDs: context.sourceIDs) }
        return unit
    }

    private func originalData(_ element: XMLElement) throws -> [String: String] {
        var data: [String: String] = [:]
        for child in element.elements {
            guard isCore(child), child.localName == "data" else {
                throw error(child, "unexpected <\(child.qualifiedName)> in <originalData>")
            }
            guard let id = child.attribute("id") else { throw error(child, "<data> has no id") }
            var text = ""
            for part in child.children {
                switch part {
                case .text(let value): text += value
                case .element(let cp) where isCore(cp) && cp.localName == "cp":
                    text += String(try codePoint(cp))
                case .element(let other): throw error(other, "unexpected <\(other.qualifiedName)> in <data>")
                }
            }
            if data[id] != nil { throw error(child, "duplicate <data> id \"\(id)\"") }
            data[id] = text
        }
        return data
    }

    private func codePoint(_ element: XMLElement) throws -> Character {
        guard let hex = element.attribute("hex"), let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
            throw error(element, "<cp> needs hex=\"...\" naming a Unicode code point")
        }
        return Character(scalar)
    }

    private mutating func segment(_ element: XMLElement, context: inout UnitContext) throws -> BilingualSegment {
        let isIgnorable = element.localName == "ignorable"
        var segment = BilingualSegment(
            id: element.attribute("id"), isIgnorable: isIgnorable, source: SegmentText(elements: []),
            attributes: otherAttributes(element, except: ["id", "state", "subState"])
        )
        if let id = segment.id, !context.sourceIDs.insert(id).inserted {
            throw error(element, "duplicate id \"\(id)\" in the unit (segment, ignorable and source inline ids share one space)")
        }
        if !isIgnorable {
            if let value = element.attribute("state") {
                guard let state = BilingualState(rawValue: value) else {
                    throw error(element, "<segment> state=\"\(value)\" is not initial, translated, reviewed or final")
                }
                segment.state = state
            }
            segment.subState = element.attribute("subState")
            if segment.subState != nil, segment.state == nil {
                throw error(element, "<segment> has subState but no state")
            }
        }
        var source: XMLElement?
        var target: XMLElement?
        for child in element.elements {
            guard isCore(child) else { throw error(child, "unexpected <\(child.qualifiedName)> in <\(element.localName)>") }
            switch child.localName {
            case "source" where source == nil && target == nil: source = child
            case "target" where target == nil && source != nil: target = child
            default: throw error(child, "unexpected <\(child.qualifiedName)> in <\(element.localName)> (expected <source>, then an optional <target>)")
            }
        }
        guard let source else { throw error(element, "<\(element.localName)> has no <source>") }
        segment.sourceAttributes = source.attributes
        segment.source = SegmentText(elements: try inline(source, side: .source, context: &context))
        if let target {
            hasTarget = true
            segment.targetAttributes = target.attributes
            segment.target = SegmentText(elements: try inline(target, side: .target, context: &context))
        }
        if let state = segment.state, state != .initial, target == nil {
            throw error(element, "<segment> state=\"\(state.rawValue)\" needs a <target>")
        }
        return segment
    }

    // MARK: - Inline content

    enum Side { case source, target }

    /// What the inline content of a unit must agree on: ids, code pairs, data, notes.
    struct UnitContext {
        let data: [String: String]
        let noteIDs: Set<String>
        /// Ids of segments, ignorables and source inline elements.
        var sourceIDs: Set<String> = []
        var targetIDs: Set<String> = []
        /// Open `<sc>`/`<sm>` ids per side, with their element's line.
        var openSource: [String: (kind: String, line: Int)] = [:]
        var openTarget: [String: (kind: String, line: Int)] = [:]

        init(data: [String: String], noteIDs: Set<String>) {
            self.data = data
            self.noteIDs = noteIDs
        }

        func finish(_ parser: XLIFF2Parser, _ unit: XMLElement) throws {
            for (id, open) in openSource.merging(openTarget, uniquingKeysWith: { a, _ in a }) {
                throw XMLParseError(file: parser.documentName, line: open.line, column: 0, message: "<\(open.kind) id=\"\(id)\"> has no matching <\(open.kind == "sc" ? "ec" : "em")> in the unit (unpaired inline code)")
            }
        }
    }

    private func inline(_ element: XMLElement, side: Side, context: inout UnitContext) throws -> [SegmentText.Element] {
        var result: [SegmentText.Element] = []
        for child in element.children {
            guard case .element(let code) = child else {
                if case .text(let text) = child { result.append(.text(text)) }
                continue
            }
            guard isCore(code) else { throw error(code, "unexpected <\(code.qualifiedName)> in <\(element.localName)> (only XLIFF inline elements may stand there)") }
            let name = code.localName
            func data(_ attribute: String) throws -> [InlineCode.Content] {
                guard let reference = code.attribute(attribute) else { return [] }
                guard let text = context.data[reference] else {
                    throw error(code, "<\(name)> \(attribute)=\"\(reference)\" names no <data> of the unit")
                }
                return [.data(text)]
            }
            func register(_ id: String?) throws {
                guard let id else { throw error(code, "<\(name)> has no id") }
                switch side {
                case .source:
                    if !context.sourceIDs.insert(id).inserted { throw error(code, "duplicate id \"\(id)\" in the unit's source") }
                case .target:
                    if !context.targetIDs.insert(id).inserted { throw error(code, "duplicate id \"\(id)\" in the unit's target") }
                }
            }
            let attributes = codeAttributes(code, name: name)
            switch name {
            case "ph":
                try register(code.attribute("id"))
                try noChildren(code)
                result.append(.code(InlineCode(kind: .placeholder, attributes: attributes, content: try data("dataRef"))))
            case "cp":
                // A character XML cannot carry: it is text.
                try noChildren(code)
                result.append(.text(String(try codePoint(code))))
            case "pc":
                try register(code.attribute("id"))
                if code.attribute("dataRefEnd") != nil, code.attribute("dataRefStart") == nil {
                    throw error(code, "<pc> has dataRefEnd without dataRefStart")
                }
                result.append(.code(InlineCode(kind: .begin, attributes: attributes, content: try data("dataRefStart"))))
                result += try inline(code, side: side, context: &context)
                result.append(.code(InlineCode(kind: .end, attributes: [.init(name: xliffElementAttribute, value: "pc")], content: try data("dataRefEnd"))))
            case "sc", "ec":
                try noChildren(code)
                let isolated = try yesNo(code, "isolated") ?? false
                if name == "sc" || isolated || code.attribute("id") != nil && code.attribute("startRef") == nil {
                    if name == "ec", code.attribute("startRef") != nil { throw error(code, "<ec> has both isolated=\"yes\" and startRef") }
                    try register(code.attribute("id"))
                }
                if name == "sc", !isolated {
                    let id = code.attribute("id")!
                    if side == .source { context.openSource[id] = ("sc", code.line) } else { context.openTarget[id] = ("sc", code.line) }
                }
                if name == "ec", !isolated {
                    guard let start = code.attribute("startRef") else { throw error(code, "<ec> has neither startRef nor isolated=\"yes\"") }
                    let opened = side == .source ? context.openSource.removeValue(forKey: start) : context.openTarget.removeValue(forKey: start)
                    guard opened?.kind == "sc" else { throw error(code, "<ec startRef=\"\(start)\"> closes no earlier <sc> of the unit (unpaired inline code)") }
                }
                let kind: InlineCode.Kind = isolated ? .isolated : (name == "sc" ? .begin : .end)
                result.append(.code(InlineCode(kind: kind, attributes: attributes, content: try data("dataRef"))))
            case "mrk":
                try register(code.attribute("id"))
                try checkComment(code, context: context)
                result.append(.code(InlineCode(kind: .highlightBegin, attributes: attributes)))
                result += try inline(code, side: side, context: &context)
                result.append(.code(InlineCode(kind: .highlightEnd, attributes: [.init(name: xliffElementAttribute, value: "mrk")])))
            case "sm":
                try noChildren(code)
                try register(code.attribute("id"))
                try checkComment(code, context: context)
                let id = code.attribute("id")!
                if side == .source { context.openSource[id] = ("sm", code.line) } else { context.openTarget[id] = ("sm", code.line) }
                result.append(.code(InlineCode(kind: .highlightBegin, attributes: attributes)))
            case "em":
                try noChildren(code)
                guard let start = code.attribute("startRef") else { throw error(code, "<em> has no startRef") }
                let opened = side == .source ? context.openSource.removeValue(forKey: start) : context.openTarget.removeValue(forKey: start)
                guard opened?.kind == "sm" else { throw error(code, "<em startRef=\"\(start)\"> closes no earlier <sm> of the unit (unpaired marker)") }
                result.append(.code(InlineCode(kind: .highlightEnd, attributes: attributes)))
            default:
                throw error(code, "unexpected <\(code.qualifiedName)> in <\(element.localName)>")
            }
        }
        return result
    }

    private func noChildren(_ element: XMLElement) throws {
        if let child = element.children.first {
            switch child {
            case .element(let inner): throw error(inner, "unexpected <\(inner.qualifiedName)> in <\(element.localName)> (it must be empty)")
            case .text: throw error(element, "<\(element.localName)> must be empty")
            }
        }
    }

    /// A comment annotation has exactly one of `value` and `ref`, and a `#n=` ref names a note of the unit.
    private func checkComment(_ element: XMLElement, context: UnitContext) throws {
        guard element.attribute("type") == "comment" else { return }
        let value = element.attribute("value")
        let reference = element.attribute("ref")
        if (value == nil) == (reference == nil) {
            throw error(element, "comment annotation <\(element.localName)> needs exactly one of value and ref")
        }
        if let reference, reference.hasPrefix("#n="), !context.noteIDs.contains(String(reference.dropFirst(3))) {
            throw error(element, "<\(element.localName)> ref=\"\(reference)\" names no <note> of the unit")
        }
    }

    // MARK: - Translation candidates

    private func candidates(_ element: XMLElement, unitIDs: Set<String>) throws -> [TranslationCandidate] {
        var result: [TranslationCandidate] = []
        var ids: Set<String> = []
        for match in element.elements {
            guard match.namespaceURI == XLIFFNamespace.matches, match.localName == "match" else {
                throw error(match, "unexpected <\(match.qualifiedName)> in <mtc:matches>")
            }
            if let id = match.attribute("id"), !ids.insert(id).inserted { throw error(match, "duplicate <mtc:match> id \"\(id)\"") }
            guard let reference = match.attribute("ref") else { throw error(match, "<mtc:match> has no ref") }
            if reference.hasPrefix("#"), !reference.contains("="), !reference.contains("/"), !unitIDs.contains(String(reference.dropFirst())) {
                throw error(match, "<mtc:match> ref=\"\(reference)\" names nothing in the unit's source")
            }
            var candidate = TranslationCandidate(
                id: match.attribute("id"), reference: reference.hasPrefix("#") ? String(reference.dropFirst()) : reference,
                source: SegmentText(elements: []), target: SegmentText(elements: []),
                origin: match.attribute("origin"), type: match.attribute("type")
            )
            var kept: Set<String> = ["id", "ref", "origin", "type"]
            for (name, path) in [("similarity", \TranslationCandidate.similarity), ("matchQuality", \TranslationCandidate.matchQuality)] {
                guard let value = match.attribute(name) else { continue }
                guard let number = Double(value), (0...100).contains(number) else {
                    throw error(match, "<mtc:match> \(name)=\"\(value)\" is not a number from 0 to 100")
                }
                candidate[keyPath: path] = number / 100
                kept.insert(name)
            }
            candidate.attributes = otherAttributes(match, except: kept)
            var data: [String: String] = [:]
            var source: XMLElement?
            var target: XMLElement?
            for child in match.elements {
                if isCore(child), child.localName == "originalData" { data = try originalData(child) }
                else if isCore(child), child.localName == "source" { source = child }
                else if isCore(child), child.localName == "target" { target = child }
                else { candidate.extensions.append(child) }
            }
            guard let source, let target else { throw error(match, "<mtc:match> needs a <source> and a <target>") }
            var context = UnitContext(data: data, noteIDs: [])
            candidate.source = SegmentText(elements: try inline(source, side: .source, context: &context))
            candidate.target = SegmentText(elements: try inline(target, side: .target, context: &context))
            result.append(candidate)
        }
        return result
    }
}
