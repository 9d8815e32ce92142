/// A problem with an SRX file, located in it: reads like a compiler diagnostic,
/// `FILE:LINE: message`.
public struct SRXError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The file cannot be opened or read.
        case unreadableFile
        /// The file is not well-formed XML.
        case malformedXML
        /// The XML is not an SRX document Tandem can use (missing or wrong elements and
        /// attributes, a language map naming no rule set...).
        case invalidDocument
        /// A rule's or language map's regular expression does not compile.
        case invalidPattern
    }

    public var kind: Kind
    public var file: String
    /// 1-based line of the problem, 0 when unknown.
    public var line: Int
    public var message: String

    public init(kind: Kind, file: String, line: Int, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if file.isEmpty { return message }
        return line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}

/// A problem with the text to segment or with the request itself.
public enum SegmentationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not UTF-8; `byteOffset` is the 0-based offset of the first bad byte.
    case invalidUTF8(byteOffset: Int)
    /// No language map of the rules matches the language.
    case unsupportedLanguage(String, rules: String, supported: [String])

    public var description: String {
        switch self {
        case .invalidUTF8(let offset):
            return "the text is not valid UTF-8: bad byte at offset \(offset)"
        case .unsupportedLanguage(let language, let rules, let supported):
            let hint = supported.isEmpty ? "" : " (it has rules for: \(supported.joined(separator: ", ")))"
            return "no language map in \(rules) matches the language '\(language)'\(hint)"
        }
    }
}
