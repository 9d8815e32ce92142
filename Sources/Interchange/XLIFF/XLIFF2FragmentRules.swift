import XMLSupport

/// An XLIFF 2 fragment identifier (core §3, "Fragment Identification"):
/// `#` [`/`] selector {`/` selector}, a selector being [prefix `=`] id.
struct XLIFF2FragmentIdentifier: Equatable {
    struct Selector: Equatable {
        var prefix: String?
        var id: String
    }

    var isAbsolute: Bool
    var selectors: [Selector]

    /// The core prefixes that name containers, in the order they must come.
    static let containerPrefixes = ["f", "g", "u"]
    /// The core prefixes that name a leaf (note, data, target inline element).
    static let coreLeafPrefixes: Set<String> = ["n", "d", "t"]
    /// The prefixes registered with the XLIFF TC: the modules' and TBX's (the TBX extension).
    static let modulePrefixes: Set<String> = ["mtc", "gls", "fs", "mda", "res", "ctr", "slr", "val", "its", "pgs", "tbx"]

    /// Parses `value`, or says in plain words why it is not a fragment identifier.
    static func parse(_ value: String) -> Result<XLIFF2FragmentIdentifier, FragmentError> {
        guard value.hasPrefix("#") else { return .failure(FragmentError("\"\(value)\" does not start with #")) }
        var body = value.dropFirst()
        let isAbsolute = body.hasPrefix("/")
        if isAbsolute { body = body.dropFirst() }
        var selectors: [Selector] = []
        for part in body.split(separator: "/", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
            switch pieces.count {
            case 1:
                guard XMLName.isNMTOKEN(pieces[0]) else { return .failure(FragmentError("\"\(part)\" is not an id (NMTOKEN)")) }
                selectors.append(Selector(prefix: nil, id: pieces[0]))
            case 2:
                guard XMLName.isNMTOKEN(pieces[0]) else { return .failure(FragmentError("the prefix \"\(pieces[0])\" is not an NMTOKEN")) }
                guard XMLName.isNMTOKEN(pieces[1]) else { return .failure(FragmentError("\"\(pieces[1])\" is not an id (NMTOKEN)")) }
                selectors.append(Selector(prefix: pieces[0], id: pieces[1]))
            default:
                return .failure(FragmentError("the selector \"\(part)\" has more than one ="))
            }
        }
        var seen: Set<String> = []
        var lastContainer = -1
        for (index, selector) in selectors.enumerated() {
            let prefix = selector.prefix
            if let prefix, !seen.insert(prefix).inserted { return .failure(FragmentError("the prefix \(prefix)= comes twice")) }
            if let prefix, let rank = containerPrefixes.firstIndex(of: prefix) {
                guard rank > lastContainer else { return .failure(FragmentError("\(prefix)= comes after a selector that must follow it (the order is f=, g=, u=)")) }
                lastContainer = rank
                continue
            }
            // A leaf: a note, data, target element, segment/ignorable/source element, or a module's element.
            if let prefix, prefix.count == 1, !coreLeafPrefixes.contains(prefix) {
                return .failure(FragmentError("\(prefix)= is not a core prefix (f, g, u, n, d, t), and a module or extension prefix is longer than one character"))
            }
            if let prefix, prefix.count > 1, !modulePrefixes.contains(prefix) {
                return .failure(FragmentError("\(prefix)= is not the registered prefix of a module or extension"))
            }
            guard index == selectors.count - 1 else {
                return .failure(FragmentError("only one note, data, inline, segment or module selector may be used, and it must be the last"))
            }
        }
        if selectors.isEmpty { return .failure(FragmentError("it has no selector")) }
        return .success(XLIFF2FragmentIdentifier(isAbsolute: isAbsolute, selectors: selectors))
    }

    struct FragmentError: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    func id(_ prefix: String) -> String? { selectors.first { $0.prefix == prefix }?.id }

    /// The last selector when it names something inside a container.
    var leaf: Selector? {
        guard let last = selectors.last, !(last.prefix.map(Self.containerPrefixes.contains) ?? false) else { return nil }
        return last
    }
}

/// Core §3 (fragment identification) and §4.7 (annotation references): a `ref` that is a
/// fragment identifier has the right syntax and names something that exists; a comment
/// annotation's `ref` names a `<note>` of its own unit.
enum XLIFF2FragmentIdentifierRules: XLIFF2ConstraintRule {
    static let section = "core, fragment identifiers"

    static func check(_ document: XLIFF2ConstraintDocument) throws {
        for unit in document.units {
            for part in document.parts(of: unit.element) {
                for side in ["source", "target"] {
                    guard let content = document.content(part, side) else { continue }
                    for (element, _) in document.inlineElements(content) where element.localName == "mrk" || element.localName == "sm" {
                        guard let reference = element.attribute("ref") else { continue }
                        let isComment = element.attribute("type") == "comment"
                        guard reference.hasPrefix("#") || isComment else { continue }
                        let fragment = try parse(document, element, "ref", reference)
                        try resolve(document, element, "ref", fragment, from: unit, comment: isComment)
                    }
                }
            }
            // Module references that are fragment identifiers.
            for element in document.ownDescendants(unit.element) {
                let isMatch = element.namespaceURI == XLIFF2ModuleNamespace.matches && element.localName == "match"
                let isEntry = element.namespaceURI == XLIFF2ModuleNamespace.glossary && element.localName == "glossEntry"
                guard isMatch || isEntry, let reference = element.attribute("ref") else { continue }
                let fragment = try parse(document, element, "ref", reference)
                try resolve(document, element, "ref", fragment, from: unit, comment: false)
            }
        }
    }

    static func parse(_ document: XLIFF2ConstraintDocument, _ element: XMLElement, _ attribute: String, _ value: String) throws -> XLIFF2FragmentIdentifier {
        switch XLIFF2FragmentIdentifier.parse(value) {
        case .success(let fragment): return fragment
        case .failure(let error): throw violation(document, element, "<\(element.qualifiedName)> \(attribute)=\"\(value)\" is not a valid fragment identifier: \(error.reason)")
        }
    }

    /// Resolves a fragment identifier written inside `unit`: missing file, group and unit
    /// selectors are those of the enclosing elements.
    static func resolve(_ document: XLIFF2ConstraintDocument, _ element: XMLElement, _ attribute: String, _ fragment: XLIFF2FragmentIdentifier, from unit: XLIFF2ConstraintDocument.Container, comment: Bool) throws {
        let value = element.attribute(attribute) ?? ""
        func fail(_ what: String) -> XMLParseError {
            violation(document, element, "<\(element.qualifiedName)> \(attribute)=\"\(value)\" names \(what), which does not exist")
        }
        // The container the leaf is in.
        let file: XMLElement
        if let id = fragment.id("f") {
            guard let found = document.files.first(where: { $0.attribute("id") == id }) else { throw fail("<file id=\"\(id)\">") }
            file = found
        } else {
            file = unit.file
        }
        let explicitContainer = fragment.id("f") != nil || fragment.id("g") != nil || fragment.id("u") != nil
        var container: XMLElement = file
        let inFile = document.containers.filter { $0.file.line == file.line && $0.file.attribute("id") == file.attribute("id") }
        if let id = fragment.id("g") {
            guard let group = inFile.first(where: { $0.element.localName == "group" && $0.element.attribute("id") == id }) else { throw fail("<group id=\"\(id)\">") }
            container = group.element
        }
        if let id = fragment.id("u") {
            guard let found = inFile.first(where: { $0.isUnit && $0.element.attribute("id") == id }) else { throw fail("<unit id=\"\(id)\">") }
            container = found.element
        }
        if !explicitContainer { container = unit.element }
        guard let leaf = fragment.leaf else {
            if comment { throw violation(document, element, "comment annotation ref=\"\(value)\" names no <note> (it must name a note of its unit)") }
            return
        }
        let isUnit = container.localName == "unit"
        switch leaf.prefix {
        case "n"?:
            let notes = container.elements.filter { document.isCore($0, "notes") }.flatMap { $0.elements.filter { document.isCore($0, "note") } }
            guard notes.contains(where: { $0.attribute("id") == leaf.id }) else { throw fail("<note id=\"\(leaf.id)\"> of <\(container.localName) id=\"\(container.attribute("id") ?? "")\">") }
            if comment, container != unit.element {
                throw violation(document, element, "comment annotation ref=\"\(value)\" names a note of a <\(container.localName)>, not one of its own unit")
            }
            return
        case "d"?:
            guard isUnit, container.elements.filter({ document.isCore($0, "originalData") }).flatMap(\.elements).contains(where: { $0.attribute("id") == leaf.id }) else { throw fail("<data id=\"\(leaf.id)\">") }
        case "t"?:
            guard isUnit, ids(document, in: container, side: "target").contains(leaf.id) else { throw fail("the target inline element \"\(leaf.id)\"") }
        case nil:
            guard isUnit, ids(document, in: container, side: "source").contains(leaf.id) || document.parts(of: container).contains(where: { $0.attribute("id") == leaf.id }) else {
                throw fail("the segment, ignorable or source inline element \"\(leaf.id)\"")
            }
        case let prefix?:
            let found = document.ownDescendants(container).contains { $0.namespaceURI != document.core && XLIFF2ConstraintDocument.identifier($0) == leaf.id }
            guard found else { throw fail("the \(prefix) element \"\(leaf.id)\"") }
        }
        if comment { throw violation(document, element, "comment annotation ref=\"\(value)\" names no <note> (it must name a note of its unit)") }
    }

    private static func ids(_ document: XLIFF2ConstraintDocument, in unit: XMLElement, side: String) -> Set<String> {
        Set(document.parts(of: unit).compactMap { document.content($0, side) }.flatMap { document.inlineElements($0).compactMap { $0.element.attribute("id") } })
    }
}
