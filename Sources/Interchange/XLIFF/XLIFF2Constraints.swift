import XMLSupport

/// The processing requirements of XLIFF 2 (core and modules) that the official schemas
/// cannot express: the Schematron-level constraints of the specification, checked on the
/// parsed tree of a document the grammar may not have seen yet.
///
/// Each family of rules is one small type (``XLIFF2ConstraintRule``) named after the
/// section of the specification it implements; the first violation found throws an
/// ``XMLSupport/XMLParseError`` naming the file, the line of the offending element and the
/// rule in plain words.
///
/// ```swift
/// try XLIFF2Constraints(documentName: "a.xlf").check(root)
/// ```
struct XLIFF2Constraints {
    /// The rule families, in the order they run (structure first, then references,
    /// then inline codes, then modules).
    static let rules: [any XLIFF2ConstraintRule.Type] = [
        XLIFF2IdentifierRules.self,
        XLIFF2LanguageRules.self,
        XLIFF2SegmentRules.self,
        XLIFF2InlineCodeRules.self,
        XLIFF2EditingHintRules.self,
        XLIFF2SubFlowRules.self,
        XLIFF2TypeRules.self,
        XLIFF2FragmentIdentifierRules.self,
        XLIFF2MatchesRules.self,
        XLIFF2GlossaryRules.self,
        XLIFF2FormatStyleRules.self,
        XLIFF2MetadataRules.self,
        XLIFF2ResourceDataRules.self,
        XLIFF2ChangeTrackingRules.self,
        XLIFF2SizeRestrictionRules.self,
        XLIFF2ValidationRules.self,
    ]

    var documentName: String

    /// Checks every rule on the document whose root element is `root`.
    func check(_ root: XMLElement) throws {
        let document = XLIFF2ConstraintDocument(root: root, documentName: documentName)
        for rule in Self.rules { try rule.check(document) }
    }
}

/// One family of XLIFF 2 constraints (one section of the specification).
protocol XLIFF2ConstraintRule {
    /// Where the rules come from, in the words errors use (e.g. "core, inline codes").
    static var section: String { get }
    /// Throws the first violation found.
    static func check(_ document: XLIFF2ConstraintDocument) throws
}

extension XLIFF2ConstraintRule {
    static func violation(_ document: XLIFF2ConstraintDocument, _ element: XMLElement, _ message: String) -> XMLParseError {
        XMLParseError(file: document.documentName, line: element.line, column: 0, message: "\(message) (XLIFF 2 \(section))")
    }
}

/// The namespaces of the XLIFF 2 modules.
enum XLIFF2ModuleNamespace {
    static let matches = "urn:oasis:names:tc:xliff:matches:2.0"
    static let glossary = "urn:oasis:names:tc:xliff:glossary:2.0"
    static let formatStyle = "urn:oasis:names:tc:xliff:fs:2.0"
    static let metadata = "urn:oasis:names:tc:xliff:metadata:2.0"
    static let resourceData = "urn:oasis:names:tc:xliff:resourcedata:2.0"
    static let changeTracking = "urn:oasis:names:tc:xliff:changetracking:2.0"
    static let sizeRestriction = "urn:oasis:names:tc:xliff:sizerestriction:2.0"
    static let validation = "urn:oasis:names:tc:xliff:validation:2.0"
    static let its = "http://www.w3.org/2005/11/its"

    /// Whether a namespace is XLIFF's own (core or a module), not an extension's.
    static func isXLIFF(_ uri: String?) -> Bool {
        guard let uri else { return false }
        return uri.hasPrefix("urn:oasis:names:tc:xliff:") || uri == its
    }
}

/// A parsed XLIFF 2 document as the rules see it: the tree, with helpers to walk it.
struct XLIFF2ConstraintDocument {
    let root: XMLElement
    let documentName: String
    let core: String?
    let sourceLanguage: String?
    let targetLanguage: String?

    init(root: XMLElement, documentName: String) {
        self.root = root
        self.documentName = documentName
        core = root.namespaceURI
        sourceLanguage = root.attribute("srcLang")
        targetLanguage = root.attribute("trgLang")
    }

    func isCore(_ element: XMLElement, _ localName: String? = nil) -> Bool {
        element.namespaceURI == core && (localName == nil || element.localName == localName)
    }

    var files: [XMLElement] { root.elements.filter { isCore($0, "file") } }

    /// A `<file>`, `<group>` or `<unit>` with the elements that enclose it.
    struct Container {
        var element: XMLElement
        /// The enclosing `<file>` and `<group>` elements, outermost first.
        var ancestors: [XMLElement]
        var file: XMLElement { ancestors.first ?? element }
        var isUnit: Bool { element.localName == "unit" }
    }

    /// Every `<file>`, `<group>` and `<unit>`, in document order.
    var containers: [Container] {
        var result: [Container] = []
        func walk(_ element: XMLElement, _ ancestors: [XMLElement]) {
            result.append(Container(element: element, ancestors: ancestors))
            for child in element.elements where isCore(child, "group") || isCore(child, "unit") {
                walk(child, ancestors + [element])
            }
        }
        for file in files { walk(file, []) }
        return result
    }

    var units: [Container] { containers.filter(\.isUnit) }

    /// The `<segment>` and `<ignorable>` children of a unit.
    func parts(of unit: XMLElement) -> [XMLElement] {
        unit.elements.filter { isCore($0, "segment") || isCore($0, "ignorable") }
    }

    /// The `<source>` or `<target>` of a segment or ignorable.
    func content(_ part: XMLElement, _ side: String) -> XMLElement? {
        part.elements.first { isCore($0, side) }
    }

    /// The core inline elements inside a `<source>` or `<target>`, in document order,
    /// with the inline element that encloses each (`nil` at the top).
    func inlineElements(_ content: XMLElement) -> [(element: XMLElement, parent: XMLElement?)] {
        var result: [(XMLElement, XMLElement?)] = []
        func walk(_ element: XMLElement, _ parent: XMLElement?) {
            for child in element.elements where isCore(child) {
                result.append((child, parent))
                walk(child, child)
            }
        }
        walk(content, nil)
        return result
    }

    /// Every element of the subtree, the element itself included, in document order.
    static func descendants(_ element: XMLElement) -> [XMLElement] {
        var result: [XMLElement] = [element]
        for child in element.elements { result += descendants(child) }
        return result
    }

    /// The elements of a container's own content: its descendants, not entering
    /// nested `<group>` and `<unit>` elements.
    func ownDescendants(_ container: XMLElement) -> [XMLElement] {
        var result: [XMLElement] = []
        func walk(_ element: XMLElement) {
            for child in element.elements where !(isCore(child, "group") || isCore(child, "unit")) {
                result.append(child)
                walk(child)
            }
        }
        walk(container)
        return result
    }

    /// An element's id: its `id`, else its `xml:id` (extensions may use either).
    static func identifier(_ element: XMLElement) -> String? {
        element.attribute("id") ?? element.attribute("id", namespaceURI: "http://www.w3.org/XML/1998/namespace")
    }

    /// The value of an inherited attribute (`xml:lang`, `xml:space`, `translate`...) on
    /// `element`, looking up `path` (its enclosing elements, outermost first).
    static func inherited(_ localName: String, namespaceURI: String?, on element: XMLElement, path: [XMLElement]) -> String? {
        for candidate in ([element] + path.reversed()) {
            if let value = candidate.attribute(localName, namespaceURI: namespaceURI) { return value }
        }
        return nil
    }
}

/// XML names and tokens, as the specification uses them.
enum XMLName {
    static func isNameStart(_ c: Character) -> Bool {
        c.isLetter || c == "_" || c == ":"
    }

    static func isNameCharacter(_ c: Character) -> Bool {
        isNameStart(c) || c.isNumber || c == "-" || c == "." || c == "\u{B7}"
            || c.unicodeScalars.allSatisfy { (0x0300...0x036F).contains($0.value) || (0x203F...0x2040).contains($0.value) }
    }

    /// An NMTOKEN: one or more name characters.
    static func isNMTOKEN(_ value: String) -> Bool {
        !value.isEmpty && value.allSatisfy(isNameCharacter)
    }
}
