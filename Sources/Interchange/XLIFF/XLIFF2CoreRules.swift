import XMLSupport

/// Core §4.3 (`id` constraints) and §4.9 (extension ids): every id is unique in its scope.
enum XLIFF2IdentifierRules: XLIFF2ConstraintRule {
    static let section = "core, identifiers"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for container in document.containers {
            // Extension elements: ids unique within the immediate enclosing file, group or unit.
            var extensionIDs: [String: Set<String>] = [:]
            for element in document.ownDescendants(container.element) where !XLIFF2ModuleNamespace.isXLIFF(element.namespaceURI) {
                guard let id = XLIFF2ConstraintDocument.identifier(element), let namespace = element.namespaceURI else { continue }
                if !extensionIDs[namespace, default: []].insert(id).inserted {
                    throw violation(document, element, "<\(element.qualifiedName)> id=\"\(id)\" is used twice by extension elements of one <\(container.element.localName)> (their ids must be unique within the enclosing file, group or unit)")
                }
            }
            guard container.isUnit else { continue }
            let unit = container.element
            // Data ids: unique in the unit.
            var dataIDs: Set<String> = []
            for originalData in unit.elements where document.isCore(originalData, "originalData") {
                for data in originalData.elements where document.isCore(data, "data") {
                    if let id = data.attribute("id"), !dataIDs.insert(id).inserted {
                        throw violation(document, data, "<data> id=\"\(id)\" is not unique in the unit")
                    }
                }
            }
            // Segment, ignorable and source inline ids share one space; target inline ids
            // another (a target code matches its source code by id).
            var sourceIDs: [String: String] = [:]
            var targetIDs: Set<String> = []
            for part in document.parts(of: unit) {
                if let id = part.attribute("id") {
                    if sourceIDs[id] != nil { throw violation(document, part, "<\(part.localName)> id=\"\(id)\" is not unique in the unit (segments, ignorables and source inline elements share one id space)") }
                    sourceIDs[id] = part.localName
                }
            }
            for part in document.parts(of: unit) {
                if let source = document.content(part, "source") {
                    for (element, _) in document.inlineElements(source) {
                        guard let id = element.attribute("id") else { continue }
                        if sourceIDs[id] != nil { throw violation(document, element, "<\(element.localName)> id=\"\(id)\" is not unique in the unit (segments, ignorables and source inline elements share one id space)") }
                        sourceIDs[id] = element.localName
                    }
                }
            }
            for part in document.parts(of: unit) {
                guard let target = document.content(part, "target") else { continue }
                for (element, _) in document.inlineElements(target) {
                    guard let id = element.attribute("id") else { continue }
                    if !targetIDs.insert(id).inserted {
                        throw violation(document, element, "<\(element.localName)> id=\"\(id)\" is not unique in the unit's target content")
                    }
                    if let kind = sourceIDs[id], kind != element.localName, kind == "segment" || kind == "ignorable" || !isCorresponding(kind, element.localName) {
                        throw violation(document, element, "target <\(element.localName)> id=\"\(id)\" is the id of a source <\(kind)> (a target inline element may share an id only with its corresponding source element)")
                    }
                }
            }
        }
    }

    /// Whether a target element may correspond to a source element of another kind
    /// (a `<pc>` may be written as `<sc>`/`<ec>` when it is split, an `<mrk>` as `<sm>`).
    private static func isCorresponding(_ a: String, _ b: String) -> Bool {
        let pairs: Set<Set<String>> = [["pc", "sc"], ["mrk", "sm"]]
        return pairs.contains([a, b])
    }
}

/// Core §4.2 (`srcLang`, `trgLang`, `xml:lang`): the language of every `<source>` is the
/// document's `srcLang`, that of every `<target>` its `trgLang`.
enum XLIFF2LanguageRules: XLIFF2ConstraintRule {
    static let section = "core, xml:lang"
    static let xml = "http://www.w3.org/XML/1998/namespace"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for unit in document.units {
            let path = [document.root] + unit.ancestors + [unit.element]
            for part in document.parts(of: unit.element) {
                for (side, expected, attribute) in [("source", document.sourceLanguage, "srcLang"), ("target", document.targetLanguage, "trgLang")] {
                    guard let content = document.content(part, side), let expected else { continue }
                    guard let language = XLIFF2ConstraintDocument.inherited("lang", namespaceURI: xml, on: content, path: path + [part]) else { continue }
                    if language.lowercased() != expected.lowercased() {
                        throw violation(document, content, "<\(side)> is in xml:lang \"\(language)\" but the document's \(attribute) is \"\(expected)\" (they must be the same)")
                    }
                }
            }
        }
    }
}

/// Core §4.2 (`<segment>`, `<target>` `order`, `xml:space`): states, target order, white space.
enum XLIFF2SegmentRules: XLIFF2ConstraintRule {
    static let section = "core, segments"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for unit in document.units {
            let parts = document.parts(of: unit.element)
            var orders: Set<Int> = []
            for (position, part) in parts.enumerated() {
                if part.localName == "segment" {
                    if part.attribute("subState") != nil, part.attribute("state") == nil {
                        throw violation(document, part, "<segment> has subState but no state")
                    }
                    if let state = part.attribute("state"), state != "initial", document.content(part, "target") == nil {
                        throw violation(document, part, "<segment> state=\"\(state)\" needs a <target>")
                    }
                }
                guard let target = document.content(part, "target") else { continue }
                let order: Int
                if let value = target.attribute("order") {
                    guard let number = Int(value), number >= 1 else { throw violation(document, target, "<target> order=\"\(value)\" is not a positive number") }
                    guard number <= parts.count else {
                        throw violation(document, target, "<target> order=\"\(number)\" is beyond the \(parts.count) segments and ignorables of the unit")
                    }
                    order = number
                } else {
                    order = position + 1
                }
                if !orders.insert(order).inserted {
                    throw violation(document, target, "<target> takes position \(order) in the unit, which another target already has (order values must be unique)")
                }
                // xml:space of the target must be the source's.
                if let source = document.content(part, "source") {
                    let path = [document.root] + unit.ancestors + [unit.element, part]
                    let xml = XLIFF2LanguageRules.xml
                    let sourceSpace = XLIFF2ConstraintDocument.inherited("space", namespaceURI: xml, on: source, path: path) ?? "default"
                    let targetSpace = XLIFF2ConstraintDocument.inherited("space", namespaceURI: xml, on: target, path: path) ?? "default"
                    if sourceSpace != targetSpace {
                        throw violation(document, target, "<target> has xml:space=\"\(targetSpace)\" but its <source> has \"\(sourceSpace)\" (they must be the same)")
                    }
                }
            }
        }
    }
}
