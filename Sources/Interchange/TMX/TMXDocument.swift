import Foundation
import TranslationMemory

// The TMX document model: what a `<header>`, `<tu>` or `<tuv>` says, as written.
// ``TMXReader`` yields it, ``TMXWriter`` writes it and ``TMXUnitMapper`` maps it to and
// from the memory's ``TranslationUnit``.

/// The `<header>` of a TMX document, with the `version` of its `<tmx>` element.
public struct TMXHeader: Hashable, Sendable {
    /// The `version` attribute of `<tmx>` (`1.4`, `1.1`...), `nil` when absent.
    public var version: String?
    /// The header's attributes, as written (`srclang`, `creationtool`, `o-tmf`...).
    public var attributes: TMXAttributes
    public var notes: [TMXNote]
    public var properties: [TMXProperty]
    /// The line of `<header>`, 0 for a header built in memory.
    public var line: Int

    public init(version: String? = "1.4", attributes: TMXAttributes = [:], notes: [TMXNote] = [], properties: [TMXProperty] = [], line: Int = 0) {
        self.version = version
        self.attributes = attributes
        self.notes = notes
        self.properties = properties
        self.line = line
    }

    /// `srclang`: a language tag, or `*all*` when any variant may be the source.
    public var sourceLanguage: String? { attributes["srclang"] }
    /// `creationtool`: the tool that wrote the document (and, by default, its units).
    public var creationTool: String? { attributes["creationtool"] }
    public var creationToolVersion: String? { attributes["creationtoolversion"] }
    /// `datatype`: the format the segments come from (`plaintext`, `html`, `rtf`...).
    public var dataType: String? { attributes["datatype"] }
    /// `o-tmf`: the format of the memory the document was exported from.
    public var originalFormat: String? { attributes["o-tmf"] }
    public var adminLanguage: String? { attributes["adminlang"] }
    public var segmentType: String? { attributes["segtype"] }
    /// `creationdate`, when it is a well-formed TMX date.
    public var creationDate: Date? { attributes["creationdate"].flatMap(TMXDate.parse) }
}

/// A `<tu>`: one translation unit with its variants in several languages.
public struct TMXTranslationUnit: Hashable, Sendable {
    /// The attributes, as written (`tuid`, `srclang`, `creationdate`...).
    public var attributes: TMXAttributes
    public var notes: [TMXNote]
    public var properties: [TMXProperty]
    /// The `<tuv>`s, in document order.
    public var variants: [TMXVariant]
    /// Where the `<tu>` starts (0 when built in memory).
    public var line: Int
    public var column: Int
    /// What is wrong with the unit, as the reader found it (an unexpected element, a
    /// `<tuv>` without `<seg>`...). The whole `<tu>` is rejected on import when it has one.
    public var issues: [TMXIssue]

    public init(attributes: TMXAttributes = [:], notes: [TMXNote] = [], properties: [TMXProperty] = [], variants: [TMXVariant] = [], line: Int = 0, column: Int = 0, issues: [TMXIssue] = []) {
        self.attributes = attributes
        self.notes = notes
        self.properties = properties
        self.variants = variants
        self.line = line
        self.column = column
        self.issues = issues
    }

    /// The `tuid` attribute.
    public var identifier: String? { attributes["tuid"] }
}

/// A `<tuv>`: the unit's text in one language.
public struct TMXVariant: Hashable, Sendable {
    /// The language as written (`xml:lang`, or TMX 1.1's `lang`), `nil` if missing.
    public var language: String?
    /// The other attributes, as written (`creationid`, `changedate`, `usagecount`...).
    public var attributes: TMXAttributes
    public var notes: [TMXNote]
    public var properties: [TMXProperty]
    /// The `<seg>`, with its inline codes; `nil` if the variant has none.
    public var segment: SegmentText?
    public var line: Int

    public init(language: String?, attributes: TMXAttributes = [:], notes: [TMXNote] = [], properties: [TMXProperty] = [], segment: SegmentText?, line: Int = 0) {
        self.language = language
        self.attributes = attributes
        self.notes = notes
        self.properties = properties
        self.segment = segment
        self.line = line
    }
}

/// The attributes of a TMX element by qualified name (`srclang`, `xml:lang`), each at
/// most once, in name order (so equality does not depend on the order in the file).
///
/// TMX elements carry a handful of attributes, so a small sorted array beats a
/// dictionary here: no hashing, and nothing allocated for an element without any.
public struct TMXAttributes: Hashable, Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public struct Attribute: Hashable, Sendable {
        public var name: String
        public var value: String
    }

    private var storage: [Attribute] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// The value of an attribute; setting `nil` removes it.
    public subscript(name: String) -> String? {
        get {
            for index in storage.indices where storage[index].name == name { return storage[index].value }
            return nil
        }
        set {
            let index = storage.firstIndex { $0.name >= name } ?? storage.endIndex
            let present = index < storage.endIndex && storage[index].name == name
            switch (newValue, present) {
            case (let value?, true): storage[index].value = value
            case (let value?, false): storage.insert(Attribute(name: name, value: value), at: index)
            case (nil, true): storage.remove(at: index)
            case (nil, false): break
            }
        }
    }

    public var isEmpty: Bool { storage.isEmpty }
    public var count: Int { storage.count }

    public func makeIterator() -> IndexingIterator<[Attribute]> { storage.makeIterator() }
}

/// A `<prop type="...">`: a named value.
public struct TMXProperty: Hashable, Sendable {
    public var type: String
    public var value: String
    /// `xml:lang` (or `lang`).
    public var language: String?
    /// `o-encoding`.
    public var encoding: String?

    public init(type: String, value: String, language: String? = nil, encoding: String? = nil) {
        self.type = type
        self.value = value
        self.language = language
        self.encoding = encoding
    }
}

/// A `<note>`: free text.
public struct TMXNote: Hashable, Sendable {
    public var text: String
    /// `xml:lang` (or `lang`).
    public var language: String?
    /// `o-encoding`.
    public var encoding: String?

    public init(text: String, language: String? = nil, encoding: String? = nil) {
        self.text = text
        self.language = language
        self.encoding = encoding
    }
}

/// A problem inside one `<tu>`, located in the file.
public struct TMXIssue: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var message: String

    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String { "\(line):\(column): \(message)" }
}

/// The names TMX 1.4b gives its elements' attributes (the DTD's lists).
enum TMXAttributeNames {
    /// Attributes of `<tu>` and `<tuv>` that make a unit's ``Provenance``.
    static let provenance = ["creationtool", "creationdate", "creationid", "changedate", "changeid"]
    /// Other attributes of `<tu>` kept as properties (in the DTD's order); `srclang`
    /// is not among them: it decides the unit's source language.
    static let unitProperties = ["tuid", "o-encoding", "datatype", "usagecount", "lastusagedate", "creationtoolversion", "segtype", "o-tmf"]
    /// Other attributes of `<tuv>` kept as properties; `xml:lang`/`lang` is not among them.
    static let variantProperties = ["o-encoding", "datatype", "usagecount", "lastusagedate", "creationtoolversion", "o-tmf"]
    /// The `<tuv>` attributes a unit keeps as properties, in the order it keeps them.
    static let variantAttributeOrder = provenance + variantProperties
    /// Every `<tu>` attribute.
    static let unit = Set(provenance + unitProperties + ["srclang"])
    /// Every `<tuv>` attribute except its language.
    static let variant = Set(provenance + variantProperties)
    /// Attributes whose value must be a TMX date.
    static let dates: Set<String> = ["creationdate", "changedate", "lastusagedate"]
    /// The values `segtype` may take.
    static let segmentTypes: Set<String> = ["block", "paragraph", "sentence", "phrase"]

    /// The attributes each inline element may carry.
    static let inline: [String: Set<String>] = [
        "bpt": ["i", "x", "type"],
        "ept": ["i"],
        "it": ["pos", "x", "type"],
        "ph": ["x", "assoc", "type"],
        "hi": ["x", "type"],
        "ut": ["x"],
        "sub": ["datatype", "type"],
    ]
}
