#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What reading a line gave.
enum LineInput: Equatable {
    /// A line (Enter pressed, or a line of piped input).
    case line(String)
    /// A key with a meaning of its own on an empty line (a digit, when `shortcut` allows it).
    case shortcut(Character)
    /// Ctrl-C.
    case interrupt
    /// Ctrl-D on an empty line, or the end of piped input.
    case end
}

/// Reads lines from standard input: with editing (arrows, Home/End, backspace,
/// delete, Ctrl-A/E/U/K/W, history on up/down) when it is a terminal in raw mode, as
/// plain lines otherwise. Long lines scroll sideways within one screen line.
struct LineEditor {
    private(set) var history: [String] = []
    private var pending: [UInt8] = []

    /// Reads one line. On a terminal, `initial` is already on the line for editing, and
    /// when `shortcut` accepts a key typed on an empty line, that key is returned at once.
    mutating func readLine(prompt: String, promptWidth: Int, initial: String = "", interactive: Bool,
                           shortcut: (Character) -> Bool = { _ in false }) -> LineInput {
        guard interactive else { return readPlainLine() }
        var buffer = Array(initial)
        var cursor = buffer.count
        var historyIndex = history.count
        var draft = buffer
        let width = max(10, RawTerminal.columns - promptWidth - 1)
        var offset = 0

        func redraw() {
            // Keep the cursor inside the visible window.
            if cursor < offset { offset = cursor }
            if cursor > offset + width { offset = cursor - width }
            let visible = String(buffer[offset..<min(buffer.count, offset + width)])
            let before = String(buffer[offset..<cursor])
            let column = promptWidth + before.count
            writeFlushed("\r" + prompt + visible + "\u{1B}[K\r" + (column > 0 ? "\u{1B}[\(column)C" : ""))
        }
        redraw()
        while let byte = nextByte() {
            switch byte {
            case 0x0D, 0x0A:  // Enter
                writeFlushed("\r\n")
                let line = String(buffer)
                if !line.trimmingWhitespace.isEmpty, history.last != line { history.append(line) }
                return .line(line)
            case 0x03:  // Ctrl-C
                writeFlushed("^C\r\n")
                return .interrupt
            case 0x04:  // Ctrl-D
                if buffer.isEmpty { writeFlushed("\r\n"); return .end }
                if cursor < buffer.count { buffer.remove(at: cursor) }
            case 0x7F, 0x08:  // Backspace
                if cursor > 0 { cursor -= 1; buffer.remove(at: cursor) }
            case 0x01: cursor = 0  // Ctrl-A
            case 0x05: cursor = buffer.count  // Ctrl-E
            case 0x15: buffer.removeSubrange(0..<cursor); cursor = 0  // Ctrl-U
            case 0x0B: buffer.removeSubrange(cursor...)  // Ctrl-K
            case 0x17:  // Ctrl-W: the word before the cursor
                var start = cursor
                while start > 0, buffer[start - 1] == " " { start -= 1 }
                while start > 0, buffer[start - 1] != " " { start -= 1 }
                buffer.removeSubrange(start..<cursor)
                cursor = start
            case 0x1B:
                switch readEscape() {
                case "[D", "OD": if cursor > 0 { cursor -= 1 }
                case "[C", "OC": if cursor < buffer.count { cursor += 1 }
                case "[H", "OH", "[1~", "[7~": cursor = 0
                case "[F", "OF", "[4~", "[8~": cursor = buffer.count
                case "[3~": if cursor < buffer.count { buffer.remove(at: cursor) }
                case "[1;5D", "b":  // word left
                    while cursor > 0, buffer[cursor - 1] == " " { cursor -= 1 }
                    while cursor > 0, buffer[cursor - 1] != " " { cursor -= 1 }
                case "[1;5C", "f":  // word right
                    while cursor < buffer.count, buffer[cursor] == " " { cursor += 1 }
                    while cursor < buffer.count, buffer[cursor] != " " { cursor += 1 }
                case "[A", "OA":
                    if historyIndex > 0 {
                        if historyIndex == history.count { draft = buffer }
                        historyIndex -= 1
                        buffer = Array(history[historyIndex]); cursor = buffer.count
                    }
                case "[B", "OB":
                    if historyIndex < history.count {
                        historyIndex += 1
                        buffer = historyIndex == history.count ? draft : Array(history[historyIndex])
                        cursor = buffer.count
                    }
                default: break
                }
            default:
                guard byte >= 0x20, let character = readCharacter(startingWith: byte) else { break }
                if buffer.isEmpty, shortcut(character) {
                    writeFlushed("\r\n")
                    return .shortcut(character)
                }
                buffer.insert(character, at: cursor)
                cursor += 1
            }
            redraw()
        }
        return .end
    }

    /// A line of piped input (without its line break), or the end.
    private mutating func readPlainLine() -> LineInput {
        var bytes: [UInt8] = []
        while let byte = nextByte() {
            if byte == 0x0A {
                if bytes.last == 0x0D { bytes.removeLast() }
                return .line(String(decoding: bytes, as: UTF8.self))
            }
            bytes.append(byte)
        }
        return bytes.isEmpty ? .end : .line(String(decoding: bytes, as: UTF8.self))
    }

    private mutating func nextByte() -> UInt8? {
        if !pending.isEmpty { return pending.removeFirst() }
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(STDIN_FILENO, &chunk, chunk.count)
            if count > 0 {
                pending = Array(chunk[1..<count])
                return chunk[0]
            }
            if count < 0, errno == EINTR { continue }
            return nil
        }
    }

    /// The rest of an escape sequence after ESC: `[A`, `[3~`, `OH`, `[1;5C`, or one letter (Alt-key).
    private mutating func readEscape() -> String {
        guard let first = nextByte() else { return "" }
        guard first == UInt8(ascii: "[") || first == UInt8(ascii: "O") else { return String(UnicodeScalar(first)) }
        var sequence = String(UnicodeScalar(first))
        while let byte = nextByte() {
            sequence.append(Character(UnicodeScalar(byte)))
            if (0x40...0x7E).contains(byte), sequence.count > 1 { break }
            if sequence.count > 8 { break }
        }
        return sequence
    }

    /// One character from its first UTF-8 byte and the bytes that follow it.
    private mutating func readCharacter(startingWith first: UInt8) -> Character? {
        let length = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 0
        guard length > 0 else { return nil }
        var bytes = [first]
        while bytes.count < length, let next = nextByte() { bytes.append(next) }
        return String(decoding: bytes, as: UTF8.self).first
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
