/// The text of one side of a unit: plain text interleaved with inline codes.
///
/// Inline codes (formatting, placeholders, tags of the original document) are kept
/// losslessly so that a unit exported again carries them; matching works on
/// ``plainText``, where codes are left out. The model is format-neutral: TMX
/// (`bpt`/`ept`/`it`/`ph`/`hi`/`sub`/`ut`) and XLIFF (`pc`/`sc`/`ec`/`ph`/`g`/`x`...)
/// readers in `Interchange` map their elements onto it.
public struct SegmentText: Hashable, Sendable, Codable, CustomStringConvertible {
    /// One piece of a segment.
    public enum Element: Hashable, Sendable, Codable {
        case text(String)
        case code(InlineCode)
    }

    public var elements: [Element]

    public init(elements: [Element]) {
        // Merge adjacent text runs so equal content has one representation.
        var merged: [Element] = []
        for element in elements {
            if case .text(let next) = element {
                if next.isEmpty { continue }
                if case .text(let previous)? = merged.last {
                    merged[merged.count - 1] = .text(previous + next)
                    continue
                }
            }
            merged.append(element)
        }
        self.elements = merged
    }

    /// A segment with no inline codes.
    public init(_ plainText: String) {
        self.init(elements: [.text(plainText)])
    }

    /// The text with every inline code left out (the text used for matching). The text
    /// inside highlight codes is kept, since it is segment text.
    public var plainText: String {
        var result = ""
        for element in elements {
            if case .text(let text) = element { result += text }
        }
        return result
    }

    /// Whether the segment has any inline code.
    public var hasMarkup: Bool {
        elements.contains { if case .code = $0 { true } else { false } }
    }

    public var description: String { plainText }
}

/// An inline code inside a segment.
public struct InlineCode: Hashable, Sendable, Codable {
    /// What the code does.
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Opens a paired code (TMX `bpt`, XLIFF `sc`/the start of `pc`/`g`).
        case begin
        /// Closes a paired code (TMX `ept`, XLIFF `ec`/the end of `pc`/`g`).
        case end
        /// A begin or end code whose partner is outside the segment (TMX `it`).
        case isolated
        /// A standalone code (TMX `ph`, XLIFF `ph`/`x`).
        case placeholder
        /// Starts a highlighted run of segment text (TMX `hi`, XLIFF `mrk`).
        case highlightBegin
        /// Ends a highlighted run.
        case highlightEnd
        /// A code of unknown meaning (TMX `ut`).
        case unknown
    }

    /// A piece of a code's native data.
    public enum Content: Hashable, Sendable, Codable {
        /// The original document's code as text, e.g. `<b>` or `{0}`.
        case data(String)
        /// Translatable text nested inside the code (TMX `sub`), with its attributes.
        case sub(attributes: [Attribute], text: SegmentText)
    }

    /// A name and value kept as the source format wrote it (`i`, `x`, `type`, `pos`,
    /// `assoc`, `datatype`, ...), sorted by name.
    public struct Attribute: Hashable, Sendable, Codable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var kind: Kind
    /// The format's attributes, sorted by name (so equality does not depend on order).
    public var attributes: [Attribute]
    /// The code's native data.
    public var content: [Content]

    public init(kind: Kind, attributes: [Attribute] = [], content: [Content] = []) {
        self.kind = kind
        self.attributes = attributes.sorted { $0.name < $1.name }
        self.content = content
    }

    /// The value of one attribute.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}
