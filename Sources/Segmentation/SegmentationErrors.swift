/// A problem with an SRX rules document: where it is and what is wrong.
///
/// The description reads like a compiler diagnostic, `FILE:LINE: message`.
public struct SRXError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The document's name as the user gave it (usually a path).
    public var file: String
    /// 1-based line of the element at fault, 0 when unknown.
    public var line: Int
    /// What is wrong, in plain words (names the rule when a rule is at fault).
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}

/// A problem with the text or the request given to the segmenter.
public enum SegmentationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is not valid UTF-8; `byteOffset` is the 0-based offset of the first bad byte.
    case invalidUTF8(byteOffset: Int)
    /// No language map of the rules matches the language.
    case unknownLanguage(String, rules: String, known: [String])

    public var description: String {
        switch self {
        case .invalidUTF8(let byteOffset):
            return "the input is not valid UTF-8: bad byte at offset \(byteOffset)"
        case .unknownLanguage(let language, let rules, let known):
            let list = known.isEmpty ? "" : " (it has rules for: \(known.joined(separator: ", ")))"
            return "no segmentation rules for language '\(language)' in \(rules)\(list)"
        }
    }
}
