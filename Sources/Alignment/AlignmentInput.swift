/// Reading the texts to align: UTF-8 decoding with the position of a bad byte, and the two
/// layouts the aligner accepts.
public enum AlignmentInput {
    /// Decodes UTF-8 (a leading byte-order mark is dropped).
    /// - Parameter file: the name used in error messages.
    /// - Throws: ``AlignmentInputError/invalidUTF8(file:line:column:byte:)`` at the first byte that is
    ///   not valid UTF-8 (1-based line; column in bytes), ``AlignmentInputError/empty(file:)`` when there is no text.
    public static func decode(_ bytes: [UInt8], file: String) throws(AlignmentInputError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        var line = 1, lineStart = body.startIndex
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if byte < 0x80 {
                if byte == 0x0A {
                    line += 1
                    lineStart = index + 1
                }
                index += 1
                continue
            }
            let length: Int, minimum: UInt32
            switch byte {
            case 0xC2...0xDF: (length, minimum) = (2, 0x80)
            case 0xE0...0xEF: (length, minimum) = (3, 0x800)
            case 0xF0...0xF4: (length, minimum) = (4, 0x10000)
            default: length = 0; minimum = 0
            }
            var valid = length > 0 && index + length <= body.endIndex
            if valid {
                var scalar = UInt32(byte) & (0xFF >> (length + 1))
                for offset in 1..<length {
                    let continuation = body[index + offset]
                    if continuation & 0xC0 != 0x80 { valid = false; break }
                    scalar = scalar << 6 | UInt32(continuation & 0x3F)
                }
                valid = valid && scalar >= minimum && scalar <= 0x10FFFF && !(0xD800...0xDFFF).contains(scalar)
            }
            guard valid else {
                throw .invalidUTF8(file: file, line: line, column: index - lineStart + 1, byte: byte)
            }
            index += length
        }
        let text = String(decoding: body, as: UTF8.self)
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw .empty(file: file) }
        return text
    }

    /// One sentence per line; blank lines separate paragraphs. Surrounding white space is trimmed.
    public static func presegmented(_ text: String) -> AlignableText {
        AlignableText(paragraphs: paragraphs(text))
    }

    /// Paragraphs (runs of non-blank lines, separated by blank lines) as lists of their trimmed lines.
    /// Without `--presegmented` every line is a unit for the segmenter: a line break always ends a sentence.
    public static func paragraphs(_ text: String) -> [[String]] {
        var paragraphs: [[String]] = [[]]
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var scalars = rawLine.unicodeScalars[...]
            while let first = scalars.first, first.properties.isWhitespace { scalars = scalars.dropFirst() }
            while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
            if scalars.isEmpty {
                if !paragraphs[paragraphs.count - 1].isEmpty { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1].append(String(String.UnicodeScalarView(scalars)))
            }
        }
        return paragraphs.filter { !$0.isEmpty }
    }
}

/// A text file the aligner cannot read.
public enum AlignmentInputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The byte at `line`:`column` (column counted in bytes, both 1-based) is not valid UTF-8.
    case invalidUTF8(file: String, line: Int, column: Int, byte: UInt8)
    /// The file holds no text.
    case empty(file: String)

    public var description: String {
        switch self {
        case let .invalidUTF8(file, line, column, byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "\(file):\(line):\(column): not UTF-8 (byte 0x\(hex.count < 2 ? "0" : "")\(hex)); convert the file to UTF-8 first (e.g. iconv -f latin1 -t utf-8)"
        case let .empty(file):
            return "\(file): the file is empty"
        }
    }
}
