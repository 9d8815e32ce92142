import TranslationMemory
import XMLSupport

/// Turns the tree of an XLIFF 1.2 document (or a 1.0/1.1 one of the same shape) into a
/// ``BilingualDocument``, checking what the schema cannot: unique unit ids in a file,
/// `<bpt>`/`<ept>` pairs.
struct XLIFF12Parser: XLIFFParsing {
    let documentName: String
    /// The core namespace, `nil` for old files without one.
    let core: String?

    private func isCore(_ element: XMLElement) -> Bool { element.namespaceURI == core }

    /// An XLIFF 1.0/1.1 core element kept whole, moved into the 1.2 namespace so that a
    /// 1.2 export carries it as XLIFF 1.2.
    private func upgraded(_ element: XMLElement) -> XMLElement {
        guard core != XLIFFNamespace.xliff12 else { return element }
        var copy = element
        if copy.namespaceURI == core { copy.namespaceURI = XLIFFNamespace.xliff12 }
        copy.children = copy.children.map {
            if case .element(let child) = $0 { .element(upgraded(child)) } else { $0 }
        }
        return copy
    }

    /// XLIFF 1.2 `state` values and the XLIFF 2 state each maps to.
    static let states: [String: BilingualState] = [
        "new": .initial, "needs-translation": .initial, "needs-adaptation": .initial, "needs-l10n": .initial,
        "translated": .translated, "needs-review-translation": .translated, "needs-review-adaptation": .translated,
        "needs-review-l10n": .translated, "signed-off": .reviewed, "final": .final,
    ]

    mutating func document(_ root: XMLElement) throws -> BilingualDocument {
        var document = BilingualDocument(
            version: root.attribute("version"), sourceLanguage: "", targetLanguage: nil,
            attributes: otherAttributes(root, except: ["version"])
        )
        for element in root.elements {
            guard isCore(element), element.localName == "file" else {
                throw error(element, "unexpected <\(element.qualifiedName)> in <xliff> (only <file> may stand there)")
            }
            guard let source = element.attribute("source-language") else { throw error(element, "<file> has no source-language") }
            try checkLanguage(element, "source-language", source)
            let target = element.attribute("target-language")
            try checkLanguage(element, "target-language", target)
            if document.files.isEmpty {
                document.sourceLanguage = source
                document.targetLanguage = target
            }
            document.files.append(try file(element))
        }
        if document.files.isEmpty { throw error(root, "<xliff> has no <file>") }
        return document
    }

    private func file(_ element: XMLElement) throws -> BilingualFile {
        guard let original = element.attribute("original") else { throw error(element, "<file> has no original") }
        var file = BilingualFile(
            original: original, attributes: otherAttributes(element, except: ["original"]), line: element.line
        )
        var body: XMLElement?
        for child in element.elements {
            guard isCore(child) else { throw error(child, "unexpected <\(child.qualifiedName)> in <file>") }
            switch child.localName {
            case "header" where body == nil:
                try header(child, into: &file)
            case "body" where body == nil:
                body = child
            default:
                throw error(child, "unexpected <\(child.qualifiedName)> in <file> (expected an optional <header>, then <body>)")
            }
        }
        guard let body else { throw error(element, "<file> has no <body>") }
        // phase-name references resolve to a <phase> of the header.
        func descendants(_ element: XMLElement) -> [XMLElement] { [element] + element.elements.flatMap(descendants) }
        let phases = Set(element.elements.filter { $0.localName == "header" }.flatMap(descendants)
            .filter { $0.localName == "phase" && isCore($0) }.compactMap { $0.attribute("phase-name") })
        for inner in descendants(body) where isCore(inner) {
            if let phase = inner.attribute("phase-name"), !phases.contains(phase) {
                throw error(inner, "<\(inner.localName)> phase-name=\"\(phase)\" names no <phase> of the file's header")
            }
        }
        var unitIDs: Set<String> = []
        var ignoredNotes: [BilingualNote] = []
        var ignoredExtensions: [XMLElement] = []
        try container(body, notes: &ignoredNotes, children: &file.children, extensions: &ignoredExtensions, unitIDs: &unitIDs)
        file.extensions += ignoredExtensions
        return file
    }

    private func header(_ element: XMLElement, into file: inout BilingualFile) throws {
        for child in element.elements {
            if isCore(child), child.localName == "note" {
                file.notes.append(try note(child))
            } else if isCore(child), child.localName == "tool", child.children.isEmpty {
                file.metadata.append(BilingualMetadataGroup(category: "tool", entries: child.attributes.map { .init(type: $0.qualifiedName, value: $0.value) }))
            } else if isCore(child), child.localName == "phase-group", child.elements.allSatisfy({ $0.localName == "phase" && $0.children.isEmpty }) {
                for phase in child.elements {
                    file.metadata.append(BilingualMetadataGroup(category: "phase", entries: phase.attributes.map { .init(type: $0.qualifiedName, value: $0.value) }))
                }
            } else {
                file.extensions.append(upgraded(child))
            }
        }
    }

    /// The content of `<body>` or `<group>`.
    private func container(_ element: XMLElement, notes: inout [BilingualNote], children: inout [BilingualNode], extensions: inout [XMLElement], unitIDs: inout Set<String>) throws {
        for child in element.elements {
            guard isCore(child) else { extensions.append(upgraded(child)); continue }
            switch child.localName {
            case "trans-unit":
                let unit = try self.unit(child)
                if !unitIDs.insert(unit.id).inserted { throw error(child, "duplicate <trans-unit> id \"\(unit.id)\" in the file") }
                children.append(.unit(unit))
            case "group":
                var group = BilingualGroup(
                    id: child.attribute("id"), name: child.attribute("resname"), translate: try yesNo(child, "translate"),
                    attributes: otherAttributes(child, except: ["id", "resname", "translate"]), line: child.line
                )
                try container(child, notes: &group.notes, children: &group.children, extensions: &group.extensions, unitIDs: &unitIDs)
                children.append(.group(group))
            case "note":
                notes.append(try note(child))
            case "bin-unit", "context-group", "count-group", "prop-group":
                extensions.append(upgraded(child))
            default:
                throw error(child, "unexpected <\(child.qualifiedName)> in <\(element.localName)>")
            }
        }
    }

    private func note(_ element: XMLElement) throws -> BilingualNote {
        var priority: Int?
        if let value = element.attribute("priority") {
            guard let number = Int(value), (1...10).contains(number) else {
                throw error(element, "<note> priority=\"\(value)\" is not a number from 1 to 10")
            }
            priority = number
        }
        return BilingualNote(
            text: try textOnly(element), author: element.attribute("from"), priority: priority,
            appliesTo: element.attribute("annotates"),
            attributes: otherAttributes(element, except: ["from", "priority", "annotates"])
        )
    }

    private func unit(_ element: XMLElement) throws -> BilingualUnit {
        guard let id = element.attribute("id") else { throw error(element, "<trans-unit> has no id") }
        var unit = BilingualUnit(
            id: id, name: element.attribute("resname"), translate: try yesNo(element, "translate"), segments: [],
            attributes: otherAttributes(element, except: ["id", "resname", "translate"]), line: element.line
        )
        var segment = BilingualSegment(source: SegmentText(elements: []))
        var source: XMLElement?
        var target: XMLElement?
        for child in element.elements {
            guard isCore(child) else { unit.extensions.append(upgraded(child)); continue }
            switch child.localName {
            case "source" where source == nil:
                source = child
                segment.sourceAttributes = child.attributes
                segment.source = SegmentText(elements: try inline(child))
            case "seg-source" where source != nil && target == nil:
                _ = try inline(child)
                unit.extensions.append(upgraded(child))
            case "target" where source != nil && target == nil:
                target = child
                segment.target = SegmentText(elements: try inline(child))
                segment.targetAttributes = otherAttributes(child, except: ["state"])
                if let state = child.attribute("state") {
                    if let mapped = Self.states[state] {
                        segment.state = mapped
                    } else if state.hasPrefix("x-") {
                        segment.state = .translated
                    } else {
                        throw error(child, "<target> state=\"\(state)\" is not an XLIFF 1.2 state")
                    }
                    segment.subState = "xliff12:\(state)"
                }
            case "note":
                unit.notes.append(try note(child))
            case "alt-trans":
                unit.candidates.append(try candidate(child))
            case "context-group", "count-group", "prop-group":
                unit.extensions.append(upgraded(child))
            default:
                throw error(child, "unexpected <\(child.qualifiedName)> in <trans-unit>")
            }
        }
        guard source != nil else { throw error(element, "<trans-unit> \"\(id)\" has no <source>") }
        unit.segments = [segment]
        return unit
    }

    private func candidate(_ element: XMLElement) throws -> TranslationCandidate {
        var candidate = TranslationCandidate(
            reference: element.attribute("mid"), source: SegmentText(elements: []), target: SegmentText(elements: []),
            origin: element.attribute("origin")
        )
        var kept: Set<String> = ["mid", "origin"]
        if let quality = element.attribute("match-quality") {
            let number = quality.hasSuffix("%") ? String(quality.dropLast()) : quality
            if let value = Double(number.trimmingCharacters(in: .whitespaces)), (0...100).contains(value) {
                candidate.similarity = value / 100
                kept.insert("match-quality")
            }
        }
        candidate.attributes = otherAttributes(element, except: kept)
        var hasTarget = false
        for child in element.elements {
            if isCore(child), child.localName == "source" {
                candidate.source = SegmentText(elements: try inline(child))
            } else if isCore(child), child.localName == "target", !hasTarget {
                candidate.target = SegmentText(elements: try inline(child))
                hasTarget = true
            } else {
                candidate.extensions.append(upgraded(child))
            }
        }
        guard hasTarget else { throw error(element, "<alt-trans> has no <target>") }
        return candidate
    }

    // MARK: - Inline content

    /// Reads the content of `<source>`, `<target>`, `<seg-source>`, `<g>` or `<mrk>`;
    /// checks that `<bpt>`/`<ept>` pair up inside it.
    private func inline(_ element: XMLElement) throws -> [SegmentText.Element] {
        var open: [String: Int] = [:]
        let elements = try inline(element, open: &open)
        if let (id, line) = open.first {
            throw XMLParseError(file: documentName, line: line, column: 0, message: "<bpt id=\"\(id)\"> has no matching <ept> in <\(element.localName)> (unpaired inline code)")
        }
        return elements
    }

    private func inline(_ element: XMLElement, open: inout [String: Int]) throws -> [SegmentText.Element] {
        var result: [SegmentText.Element] = []
        for child in element.children {
            guard case .element(let code) = child else {
                if case .text(let text) = child { result.append(.text(text)) }
                continue
            }
            guard isCore(code) else { throw error(code, "unexpected <\(code.qualifiedName)> in <\(element.localName)>") }
            let name = code.localName
            let attributes = codeAttributes(code, name: name)
            func requireID() throws -> String {
                guard let id = code.attribute("id") else { throw error(code, "<\(name)> has no id") }
                return id
            }
            switch name {
            case "g":
                _ = try requireID()
                result.append(.code(InlineCode(kind: .begin, attributes: attributes)))
                result += try inline(code, open: &open)
                result.append(.code(InlineCode(kind: .end, attributes: [.init(name: xliffElementAttribute, value: "g")])))
            case "mrk":
                guard code.attribute("mtype") != nil else { throw error(code, "<mrk> has no mtype") }
                result.append(.code(InlineCode(kind: .highlightBegin, attributes: attributes)))
                result += try inline(code, open: &open)
                result.append(.code(InlineCode(kind: .highlightEnd, attributes: [.init(name: xliffElementAttribute, value: "mrk")])))
            case "x", "bx", "ex":
                _ = try requireID()
                if !code.children.isEmpty { throw error(code, "<\(name)> must be empty") }
                let kind: InlineCode.Kind = name == "x" ? .placeholder : name == "bx" ? .begin : .end
                result.append(.code(InlineCode(kind: kind, attributes: attributes)))
            case "bpt", "ept", "ph", "it":
                let id = try requireID()
                var kind: InlineCode.Kind = .placeholder
                switch name {
                case "bpt":
                    kind = .begin
                    if open[id] != nil { throw error(code, "<bpt id=\"\(id)\"> is already open (duplicate id)") }
                    open[id] = code.line
                case "ept":
                    kind = .end
                    if open.removeValue(forKey: id) == nil, open.removeValue(forKey: code.attribute("rid") ?? "\u{0}") == nil {
                        throw error(code, "<ept id=\"\(id)\"> closes no earlier <bpt> (unpaired inline code)")
                    }
                case "it":
                    kind = .isolated
                    guard let position = code.attribute("pos"), position == "open" || position == "close" else {
                        throw error(code, "<it> needs pos=\"open\" or pos=\"close\"")
                    }
                default: break
                }
                result.append(.code(InlineCode(kind: kind, attributes: attributes, content: try codeContent(code))))
            default:
                throw error(code, "unexpected <\(code.qualifiedName)> in <\(element.localName)>")
            }
        }
        return result
    }

    /// The native data of `<bpt>`, `<ept>`, `<ph>` or `<it>`: text and `<sub>`s.
    private func codeContent(_ element: XMLElement) throws -> [InlineCode.Content] {
        var content: [InlineCode.Content] = []
        for child in element.children {
            switch child {
            case .text(let text):
                if case .data(let previous)? = content.last { content[content.count - 1] = .data(previous + text) } else { content.append(.data(text)) }
            case .element(let sub) where isCore(sub) && sub.localName == "sub":
                var open: [String: Int] = [:]
                let text = SegmentText(elements: try inline(sub, open: &open))
                content.append(.sub(attributes: sub.attributes.map { .init(name: $0.qualifiedName, value: $0.value) }, text: text))
            case .element(let other):
                throw error(other, "unexpected <\(other.qualifiedName)> in <\(element.localName)>")
            }
        }
        return content
    }
}
