import XMLSupport

/// Core §4.7 (inline codes and annotations): codes pair, references resolve.
///
/// - `<sc>`/`<ec>`: an `<ec>` closes an earlier `<sc>` of the same unit and side with
///   `startRef`, or is `isolated="yes"` with an `id` and no `startRef`; an `<sc>` without
///   its `<ec>` in the unit is `isolated="yes"`, one with it is not.
/// - `<sm>`/`<em>` likewise (an `<em>` closes an earlier `<sm>`).
/// - `dataRef`, `dataRefStart`, `dataRefEnd` name a `<data>` of the unit;
///   `dataRefStart`/`dataRefEnd`, `subFlowsStart`/`subFlowsEnd`, `equivStart`/`equivEnd`
///   come in pairs on `<pc>`.
/// - `copyOf` names a code of the same kind in the unit that may be copied (not
///   `canCopy="no"`), and a copy has no native data of its own.
/// - `<cp hex>` is a code point that XML cannot hold as a character.
enum XLIFF2InlineCodeRules: XLIFF2ConstraintRule {
    static let section = "core, inline codes"
    static let codes: Set<String> = ["ph", "pc", "sc", "ec"]

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for unit in document.units {
            var dataIDs: Set<String> = []
            for originalData in unit.element.elements where document.isCore(originalData, "originalData") {
                for data in originalData.elements where document.isCore(data, "data") {
                    if let id = data.attribute("id") { dataIDs.insert(id) }
                }
            }
            for side in ["source", "target"] {
                let contents = document.parts(of: unit.element).compactMap { document.content($0, side) }
                let elements = contents.flatMap { document.inlineElements($0).map(\.element) }
                try checkSide(document, elements, dataIDs: dataIDs, side: side)
            }
        }
    }

    private static func checkSide(_ document: XLIFF2ConstraintDocument, _ elements: [XMLElement], dataIDs: Set<String>, side: String) throws {
        var byID: [String: XMLElement] = [:]
        for element in elements { if let id = element.attribute("id"), byID[id] == nil { byID[id] = element } }
        let closed = Set(elements.filter { $0.localName == "ec" }.compactMap { $0.attribute("startRef") })
        let ended = Set(elements.filter { $0.localName == "em" }.compactMap { $0.attribute("startRef") })
        var opened: Set<String> = []
        var openedMarkers: Set<String> = []
        for element in elements {
            let name = element.localName
            let isolated = element.attribute("isolated")
            // Native data.
            for attribute in ["dataRef", "dataRefStart", "dataRefEnd"] {
                if let reference = element.attribute(attribute), !dataIDs.contains(reference) {
                    throw violation(document, element, "<\(name)> \(attribute)=\"\(reference)\" names no <data> of the unit")
                }
            }
            if name == "pc" {
                for (a, b) in [("dataRefStart", "dataRefEnd"), ("subFlowsStart", "subFlowsEnd"), ("equivStart", "equivEnd")] {
                    if (element.attribute(a) == nil) != (element.attribute(b) == nil) {
                        throw violation(document, element, "<pc> has \(element.attribute(a) == nil ? b : a) without \(element.attribute(a) == nil ? a : b) (they go together)")
                    }
                }
            }
            switch name {
            case "sc":
                guard let id = element.attribute("id") else { break }
                opened.insert(id)
                if isolated == "yes", closed.contains(id) {
                    throw violation(document, element, "<sc id=\"\(id)\"> is isolated=\"yes\" but an <ec startRef=\"\(id)\"> of the unit closes it")
                }
                if isolated != "yes", !closed.contains(id) {
                    throw violation(document, element, "<sc id=\"\(id)\"> has no <ec startRef=\"\(id)\"> in the unit's \(side) and is not isolated=\"yes\" (unpaired inline code)")
                }
            case "ec":
                if isolated == "yes" {
                    if let start = element.attribute("startRef") {
                        throw violation(document, element, "<ec> is isolated=\"yes\" but has startRef=\"\(start)\" (an isolated <ec> has an id instead)")
                    }
                    if element.attribute("id") == nil {
                        throw violation(document, element, "<ec isolated=\"yes\"> has no id")
                    }
                } else {
                    guard let start = element.attribute("startRef") else {
                        throw violation(document, element, "<ec> has neither startRef nor isolated=\"yes\" (unpaired inline code)")
                    }
                    if element.attribute("id") != nil {
                        throw violation(document, element, "<ec startRef=\"\(start)\"> also has an id (only an isolated <ec> has one)")
                    }
                    guard opened.contains(start), byID[start]?.localName == "sc" else {
                        throw violation(document, element, "<ec startRef=\"\(start)\"> closes no earlier <sc> of the unit's \(side) (unpaired inline code)")
                    }
                    if let sc = byID[start] {
                        if sc.attribute("isolated") == "yes" {
                            throw violation(document, element, "<ec startRef=\"\(start)\"> closes an <sc> that is isolated=\"yes\"")
                        }
                        for hint in ["canCopy", "canDelete", "canOverlap", "canReorder"] where sc.attribute(hint) != element.attribute(hint) {
                            let start = sc.attribute(hint) ?? "(default)", end = element.attribute(hint) ?? "(default)"
                            throw violation(document, element, "<ec startRef=\"\(sc.attribute("id")!)\"> has \(hint)=\"\(end)\" but its <sc> has \"\(start)\" (the two must have the same editing hints)")
                        }
                    }
                }
            case "sm":
                if let id = element.attribute("id") {
                    openedMarkers.insert(id)
                    if !ended.contains(id) {
                        throw violation(document, element, "<sm id=\"\(id)\"> has no <em startRef=\"\(id)\"> in the unit's \(side) (unpaired marker)")
                    }
                }
            case "em":
                if let start = element.attribute("startRef"), !openedMarkers.contains(start) {
                    throw violation(document, element, "<em startRef=\"\(start)\"> closes no earlier <sm> of the unit's \(side) (unpaired marker)")
                }
            case "cp":
                try checkCodePoint(document, element)
            default:
                break
            }
            if let original = element.attribute("copyOf") {
                guard let copied = byID[original] ?? nil, copied.localName == name || (name == "ph" && copied.localName == "ph") else {
                    throw violation(document, element, "<\(name)> copyOf=\"\(original)\" names no <\(name)> of the unit's \(side)")
                }
                if copied.attribute("canCopy") == "no" {
                    throw violation(document, element, "<\(name)> copyOf=\"\(original)\" copies a code that has canCopy=\"no\"")
                }
                if copied.attribute("copyOf") != nil {
                    throw violation(document, element, "<\(name)> copyOf=\"\(original)\" names a code that is itself a copy")
                }
                if ["dataRef", "dataRefStart", "dataRefEnd"].contains(where: { element.attribute($0) != nil }) {
                    throw violation(document, element, "<\(name)> has copyOf and its own native data reference (a copy takes its original's data)")
                }
            }
        }
    }

    /// `<cp hex>`: hexadecimal, a Unicode code point, and one XML does not allow as a character.
    private static func checkCodePoint(_ document: XLIFF2ConstraintDocument, _ element: XMLElement) throws {
        guard let hex = element.attribute("hex") else { return }
        guard !hex.isEmpty, hex.count <= 6, let value = UInt32(hex, radix: 16), value <= 0x10FFFF else {
            throw violation(document, element, "<cp hex=\"\(hex)\"> is not a hexadecimal Unicode code point")
        }
        let allowedInXML = value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
            || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
        if allowedInXML {
            throw violation(document, element, "<cp hex=\"\(hex)\"> stands for a character XML can hold as it is (<cp> is only for characters XML forbids)")
        }
    }
}

/// Core §4.7.2 (editing hints `canCopy`, `canDelete`, `canReorder`, `canOverlap`).
///
/// - A code with `canReorder` `no` or `firstNo` has `canCopy="no"` and `canDelete="no"`.
/// - A `no` code continues a sequence that a `firstNo` code opened (in the same content).
/// - In a target, the codes of a sequence keep their source order and parent.
/// - A source code with `canDelete="no"` is in the unit's target when the segment has one.
enum XLIFF2EditingHintRules: XLIFF2ConstraintRule {
    static let section = "core, editing hints"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for unit in document.units {
            let parts = document.parts(of: unit.element)
            var targetCodes: Set<String> = []
            for part in parts {
                if let target = document.content(part, "target") {
                    for (element, _) in document.inlineElements(target) where XLIFF2InlineCodeRules.codes.contains(element.localName) {
                        if let key = codeKey(element) { targetCodes.insert(key) }
                    }
                }
            }
            for part in parts {
                for side in ["source", "target"] {
                    guard let content = document.content(part, side) else { continue }
                    try checkReorderContext(document, content)
                }
                guard let source = document.content(part, "source") else { continue }
                if let target = document.content(part, "target") {
                    for (element, _) in document.inlineElements(source) where XLIFF2InlineCodeRules.codes.contains(element.localName) && element.attribute("canDelete") == "no" {
                        if let key = codeKey(element), !targetCodes.contains(key) {
                            throw violation(document, target, "<\(element.localName)> \(element.localName == "ec" ? "startRef" : "id")=\"\(key.split(separator: "|").last!)\" has canDelete=\"no\" but is missing from the unit's target")
                        }
                    }
                    try checkSequences(document, source: source, target: target)
                }
            }
        }
    }

    /// A code's identity across source and target: an `<ec>` by the `<sc>` it closes.
    private static func codeKey(_ element: XMLElement) -> String? {
        if element.localName == "ec", let start = element.attribute("startRef") { return "ec|\(start)" }
        return element.attribute("id").map { "\(element.localName == "ec" ? "ec" : "code")|\($0)" }
    }

    private static func checkReorderContext(_ document: XLIFF2ConstraintDocument, _ content: XMLElement) throws {
        var inSequence = false
        let codes = document.inlineElements(content).filter { XLIFF2InlineCodeRules.codes.contains($0.element.localName) }
        for (element, _) in codes {
            let hint = element.attribute("canReorder") ?? "yes"
            if hint == "no" || hint == "firstNo" {
                for other in ["canCopy", "canDelete"] where element.attribute(other) != "no" {
                    throw violation(document, element, "<\(element.localName)> has canReorder=\"\(hint)\" but not \(other)=\"no\" (a code that cannot be reordered can be neither copied nor deleted)")
                }
            }
            switch hint {
            case "firstNo": inSequence = true
            case "no":
                // An <ec> closing a code of the sequence carries the hint of its <sc>.
                if element.localName == "ec", element.attribute("startRef") != nil { continue }
                if !inSequence {
                    throw violation(document, element, "<\(element.localName)> has canReorder=\"no\" but no earlier code with canReorder=\"firstNo\" opens its sequence")
                }
            default:
                if element.localName == "ec", element.attribute("startRef") != nil { continue }
                inSequence = false
            }
        }
    }

    /// The sequences of non-reorderable codes of a source keep their order and parent in the target.
    private static func checkSequences(_ document: XLIFF2ConstraintDocument, source: XMLElement, target: XMLElement) throws {
        func sequences(_ content: XMLElement) -> [[(key: String, parent: String?, element: XMLElement)]] {
            var result: [[(String, String?, XMLElement)]] = []
            for (element, parent) in document.inlineElements(content) where XLIFF2InlineCodeRules.codes.contains(element.localName) {
                guard let key = codeKey(element) else { continue }
                switch element.attribute("canReorder") ?? "yes" {
                case "firstNo": result.append([(key, parent?.attribute("id"), element)])
                case "no": if !result.isEmpty { result[result.count - 1].append((key, parent?.attribute("id"), element)) }
                default: break
                }
            }
            return result
        }
        let targetOrder = document.inlineElements(target).filter { XLIFF2InlineCodeRules.codes.contains($0.element.localName) }
        let targetIndex = Dictionary(targetOrder.enumerated().compactMap { index, item in codeKey(item.element).map { ($0, (index, item.parent?.attribute("id"))) } }, uniquingKeysWith: { a, _ in a })
        for sequence in sequences(source) {
            var previous: Int?
            for code in sequence {
                guard let (index, parent) = targetIndex[code.key] else { continue }
                if parent != code.parent {
                    throw violation(document, target, "the code \(code.key.split(separator: "|").last!) cannot be reordered (canReorder) but the target moves it \(parent == nil ? "out of" : "into") another code")
                }
                if let previous, index != previous + 1 {
                    throw violation(document, target, "the code \(code.key.split(separator: "|").last!) cannot be reordered (canReorder) but the target does not keep it right after the previous code of its sequence")
                }
                previous = index
            }
        }
    }
}

/// Core §4.7 (`subFlows`, `subFlowsStart`, `subFlowsEnd`): each value lists ids of units
/// of the same file.
enum XLIFF2SubFlowRules: XLIFF2ConstraintRule {
    static let section = "core, sub-flows"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for file in document.files {
            let fileUnits = document.units.filter { $0.file.line == file.line && $0.file.attribute("id") == file.attribute("id") }
            let unitIDs = Set(fileUnits.compactMap { $0.element.attribute("id") })
            for unit in fileUnits {
                for part in document.parts(of: unit.element) {
                    for side in ["source", "target"] {
                        guard let content = document.content(part, side) else { continue }
                        for (element, _) in document.inlineElements(content) {
                            for attribute in ["subFlows", "subFlowsStart", "subFlowsEnd"] {
                                guard let value = element.attribute(attribute) else { continue }
                                let ids = value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
                                if ids.isEmpty { throw violation(document, element, "<\(element.localName)> \(attribute) is empty") }
                                for id in ids where !unitIDs.contains(id) {
                                    throw violation(document, element, "<\(element.localName)> \(attribute) names \"\(id)\", which is no <unit> of the file")
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
