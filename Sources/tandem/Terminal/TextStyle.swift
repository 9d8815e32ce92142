/// ANSI styles, or nothing when colour is off (not a terminal, or `NO_COLOR`).
struct TextStyle {
    var color: Bool

    enum Kind: String {
        case bold = "1", dim = "2", underline = "4", reverse = "7"
        case red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36"
        case boldCyan = "1;36", boldGreen = "1;32", boldYellow = "1;33", yellowUnderline = "33;4"
    }

    /// `text` in a style.
    func apply(_ kind: Kind, _ text: String) -> String {
        color && !text.isEmpty ? "\u{1B}[\(kind.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// The number of columns a text takes (escape sequences take none; one column a character).
    static func visibleWidth(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for character in text {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }

    /// Cuts a text into lines of at most `width` columns at spaces, each line after the
    /// first indented by `indent` spaces (escape sequences count for nothing).
    static func wrap(_ text: String, width: Int, indent: Int = 0, firstIndent: Int = 0) -> [String] {
        var lines: [String] = []
        // Leading spaces are the first line's indentation.
        let leading = text.prefix { $0 == " " }.count
        let text = String(text.dropFirst(leading))
        var line = String(repeating: " ", count: leading)
        var lineWidth = firstIndent + leading
        let firstIndent = firstIndent + leading
        let limit = max(width, indent + 10)
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let wordWidth = visibleWidth(String(word))
            if !line.isEmpty, lineWidth + 1 + wordWidth > limit {
                lines.append(line)
                line = String(repeating: " ", count: indent) + word
                lineWidth = indent + wordWidth
            } else {
                if lineWidth > firstIndent { line += " "; lineWidth += 1 }
                line += word
                lineWidth += wordWidth
            }
        }
        lines.append(line)
        return lines
    }
}
