/// The syntax tree of an ICU regular expression, as far as Tandem's own matcher
/// understands it. Constructs it does not evaluate itself (backreferences, case-insensitive
/// or free-spacing mode, POSIX classes, set operations...) make the parser stop with
/// ``RegexParseFailure/unsupported(_:)``; such patterns are run by ICU instead.
indirect enum RegexNode: Sendable {
    case empty
    case scalar(UInt32)
    case set(ClassSpec)
    case concat([RegexNode])
    case alternation([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?, mode: QuantifierMode)
    case atomic(RegexNode)
    case lookaround(RegexNode, behind: Bool, negative: Bool)
    case assertion(RegexAssertion)
}

enum QuantifierMode: Sendable {
    case greedy, lazy, possessive
}

/// Zero-width assertions, with ICU's meaning.
enum RegexAssertion: Sendable {
    /// `\A`, and `^` outside multi-line mode.
    case startOfInput
    /// `^` in multi-line mode.
    case startOfLine
    /// `\z`.
    case endOfInput
    /// `\Z`, and `$` outside multi-line mode: the end, or before a final line terminator.
    case endOfInputOrFinalTerminator
    /// `$` in multi-line mode.
    case endOfLine
    case wordBoundary
    case notWordBoundary
}

/// Why a pattern could not be parsed.
enum RegexParseFailure: Error, Equatable {
    /// The pattern is not a valid regular expression: what is wrong and where (an offset
    /// in Unicode scalars from the start of the pattern).
    case syntax(offset: Int, message: String)
    /// A valid construct the native matcher leaves to ICU.
    case unsupported(String)
}

/// A recursive-descent parser for ICU regular-expression syntax.
struct RegexParser {
    private let scalars: [UInt32]
    private var position = 0
    private var flags = Flags()

    private struct Flags {
        var multiline = false
        var dotAll = false
    }

    init(_ pattern: String) {
        scalars = pattern.unicodeScalars.map(\.value)
    }

    static func parse(_ pattern: String) throws(RegexParseFailure) -> RegexNode {
        var parser = RegexParser(pattern)
        let node = try parser.parseAlternation()
        if parser.position < parser.scalars.count {
            // Only an unbalanced `)` stops an alternation early.
            throw .syntax(offset: parser.position, message: "unbalanced ')': no group is open")
        }
        return node
    }

    // MARK: Structure

    private var atEnd: Bool { position >= scalars.count }
    private var current: UInt32? { position < scalars.count ? scalars[position] : nil }
    private func peek(_ offset: Int) -> UInt32? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    private mutating func parseAlternation() throws(RegexParseFailure) -> RegexNode {
        var branches = [try parseConcatenation()]
        while current == ascii("|") {
            position += 1
            branches.append(try parseConcatenation())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseConcatenation() throws(RegexParseFailure) -> RegexNode {
        var items: [RegexNode] = []
        while let c = current, c != ascii("|"), c != ascii(")") {
            let start = position
            guard let atom = try parseAtom() else { continue }
            items.append(try parseQuantifiers(on: atom, atomStart: start))
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concat(items)
        }
    }

    private mutating func parseQuantifiers(on atom: RegexNode, atomStart: Int) throws(RegexParseFailure) -> RegexNode {
        guard let quantifier = try parseQuantifier() else { return atom }
        if case .assertion = atom {
            throw .unsupported("a quantifier on an assertion")
        }
        if case .lookaround = atom {
            throw .unsupported("a quantifier on a lookaround")
        }
        var mode = QuantifierMode.greedy
        if current == ascii("?") {
            mode = .lazy
            position += 1
        } else if current == ascii("+") {
            mode = .possessive
            position += 1
        }
        if let c = current, c == ascii("*") || c == ascii("+") || c == ascii("?") || (c == ascii("{") && looksLikeQuantifier()) {
            throw .syntax(offset: position, message: "a quantifier cannot follow another quantifier")
        }
        return .repetition(atom, min: quantifier.min, max: quantifier.max, mode: mode)
    }

    private mutating func parseQuantifier() throws(RegexParseFailure) -> (min: Int, max: Int?)? {
        guard let c = current else { return nil }
        switch c {
        case ascii("*"): position += 1; return (0, nil)
        case ascii("+"): position += 1; return (1, nil)
        case ascii("?"): position += 1; return (0, 1)
        case ascii("{"):
            let start = position
            position += 1
            guard let low = parseNumber() else {
                throw .syntax(offset: start, message: "'{' must start a quantifier {n}, {n,} or {n,m} (write \\{ for a brace)")
            }
            var high: Int? = low
            if current == ascii(",") {
                position += 1
                high = parseNumber()
            }
            guard current == ascii("}") else {
                throw .syntax(offset: start, message: "'{' must start a quantifier {n}, {n,} or {n,m} (write \\{ for a brace)")
            }
            position += 1
            if let high, high < low {
                throw .syntax(offset: start, message: "the quantifier {\(low),\(high)} has its maximum below its minimum")
            }
            return (low, high)
        default:
            return nil
        }
    }

    private func looksLikeQuantifier() -> Bool {
        var index = position + 1
        var digits = 0
        while index < scalars.count, isDigit(scalars[index]) { index += 1; digits += 1 }
        return digits > 0
    }

    private mutating func parseNumber() -> Int? {
        var value = 0
        var digits = 0
        while let c = current, isDigit(c) {
            value = min(value * 10 + Int(c - 0x30), 1_000_000)
            digits += 1
            position += 1
        }
        return digits > 0 ? value : nil
    }

    /// One atom; `nil` for constructs that produce nothing (comments, flag settings).
    private mutating func parseAtom() throws(RegexParseFailure) -> RegexNode? {
        let start = position
        let c = scalars[position]
        position += 1
        switch c {
        case ascii("("): return try parseGroup(start: start)
        case ascii("["): return .set(try parseClass(start: start))
        case ascii("."): return .set(flags.dotAll ? .any : .dot)
        case ascii("^"): return .assertion(flags.multiline ? .startOfLine : .startOfInput)
        case ascii("$"): return .assertion(flags.multiline ? .endOfLine : .endOfInputOrFinalTerminator)
        case ascii("\\"): return try parseEscape(start: start)
        case ascii("*"), ascii("+"), ascii("?"):
            throw .syntax(offset: start, message: "'\(Character(Unicode.Scalar(c)!))' has nothing to repeat")
        case ascii("{"):
            position = start
            if looksLikeQuantifier() {
                throw .syntax(offset: start, message: "a quantifier has nothing to repeat")
            }
            throw .syntax(offset: start, message: "'{' must start a quantifier {n}, {n,} or {n,m} (write \\{ for a brace)")
        case ascii("}"):
            throw .syntax(offset: start, message: "unbalanced '}' (write \\} for a brace)")
        default:
            return .scalar(c)
        }
    }

    private mutating func parseGroup(start: Int) throws(RegexParseFailure) -> RegexNode? {
        guard current == ascii("?") else {
            return try parseGroupBody(start: start)
        }
        position += 1
        guard let kind = current else {
            throw .syntax(offset: start, message: "unfinished group '(?'")
        }
        switch kind {
        case ascii(":"):
            position += 1
            return try parseGroupBody(start: start)
        case ascii("="), ascii("!"):
            position += 1
            let body = try parseGroupBody(start: start)
            return .lookaround(body, behind: false, negative: kind == ascii("!"))
        case ascii(">"):
            position += 1
            return .atomic(try parseGroupBody(start: start))
        case ascii("#"):
            while let c = current, c != ascii(")") { position += 1 }
            guard current == ascii(")") else {
                throw .syntax(offset: start, message: "unfinished comment '(?#': missing ')'")
            }
            position += 1
            return nil
        case ascii("<"):
            position += 1
            if current == ascii("=") || current == ascii("!") {
                let negative = current == ascii("!")
                position += 1
                let body = try parseGroupBody(start: start)
                return .lookaround(body, behind: true, negative: negative)
            }
            // A named group.
            var nameLength = 0
            while let c = current, isASCIILetterOrDigit(c) { position += 1; nameLength += 1 }
            guard nameLength > 0, current == ascii(">") else {
                throw .syntax(offset: start, message: "a named group must be written (?<name>...)")
            }
            position += 1
            return try parseGroupBody(start: start)
        default:
            return try parseFlagGroup(start: start)
        }
    }

    /// `(?imsx-imsx)` or `(?imsx-imsx:...)`.
    private mutating func parseFlagGroup(start: Int) throws(RegexParseFailure) -> RegexNode? {
        var on = true
        var newFlags = flags
        while let c = current, c != ascii(")"), c != ascii(":") {
            switch c {
            case ascii("-"):
                guard on else { throw .syntax(offset: position, message: "a flag group has two '-'") }
                on = false
            case ascii("i"):
                if on { throw .unsupported("case-insensitive matching (?i)") }
            case ascii("m"): newFlags.multiline = on
            case ascii("s"): newFlags.dotAll = on
            case ascii("x"):
                if on { throw .unsupported("free-spacing mode (?x)") }
            case ascii("w"):
                if on { throw .unsupported("Unicode word boundaries (?w)") }
            case ascii("d"):
                if on { throw .unsupported("Unix line mode (?d)") }
            case ascii("u"):
                break  // Unicode-aware case folding: only matters with (?i).
            default:
                throw .syntax(offset: position, message: "unknown group or flag '(?\(Character(Unicode.Scalar(c)!))'")
            }
            position += 1
        }
        guard let end = current else {
            throw .syntax(offset: start, message: "unfinished flag group: missing ')'")
        }
        position += 1
        if end == ascii(")") {
            // Applies to the rest of the enclosing group: parseConcatenation restores.
            flags = newFlags
            return nil
        }
        let saved = flags
        flags = newFlags
        defer { flags = saved }
        return try parseGroupBody(start: start, restoringFlags: false)
    }

    private mutating func parseGroupBody(start: Int, restoringFlags: Bool = true) throws(RegexParseFailure) -> RegexNode {
        let saved = flags
        let body = try parseAlternation()
        if restoringFlags { flags = saved }
        guard current == ascii(")") else {
            throw .syntax(offset: start, message: "unbalanced '(': missing ')'")
        }
        position += 1
        return body
    }

    // MARK: Escapes

    private mutating func parseEscape(start: Int) throws(RegexParseFailure) -> RegexNode {
        guard let c = current else {
            throw .syntax(offset: start, message: "the pattern ends with a lone backslash")
        }
        position += 1
        switch c {
        case ascii("A"): return .assertion(.startOfInput)
        case ascii("z"): return .assertion(.endOfInput)
        case ascii("Z"): return .assertion(.endOfInputOrFinalTerminator)
        case ascii("b"): return .assertion(.wordBoundary)
        case ascii("B"): return .assertion(.notWordBoundary)
        case ascii("Q"):
            var items: [RegexNode] = []
            while let next = current {
                if next == ascii("\\"), peek(1) == ascii("E") {
                    position += 2
                    break
                }
                items.append(.scalar(next))
                position += 1
            }
            return items.isEmpty ? .empty : .concat(items)
        case ascii("E"):
            return .empty  // A stray \E is ignored, as in ICU and Java.
        default:
            position -= 1
            if let spec = try parseShorthandClass(start: start) { return .set(spec) }
            return .scalar(try parseEscapedScalar(start: start))
        }
    }

    /// `\d \s \w \h \v \p{..}` and their negations; `nil` if the escape is something else.
    /// `position` is just after the backslash.
    private mutating func parseShorthandClass(start: Int) throws(RegexParseFailure) -> ClassSpec? {
        guard let c = current else { return nil }
        let spec: ClassSpec
        switch c {
        case ascii("d"): spec = .digit
        case ascii("D"): spec = ClassSpec([.set(.digit)], negated: true)
        case ascii("s"): spec = .space
        case ascii("S"): spec = ClassSpec([.set(.space)], negated: true)
        case ascii("w"): spec = .word
        case ascii("W"): spec = ClassSpec([.set(.word)], negated: true)
        case ascii("h"): spec = .horizontalSpace
        case ascii("H"): spec = ClassSpec([.set(.horizontalSpace)], negated: true)
        case ascii("v"): spec = .verticalSpace
        case ascii("V"): spec = ClassSpec([.set(.verticalSpace)], negated: true)
        case ascii("p"), ascii("P"):
            position += 1
            guard current == ascii("{") else {
                throw .syntax(offset: start, message: "\\p must be followed by a property name in braces, as in \\p{Lu}")
            }
            var name = ""
            position += 1
            while let next = current, next != ascii("}") {
                name.unicodeScalars.append(Unicode.Scalar(next)!)
                position += 1
            }
            guard current == ascii("}") else {
                throw .syntax(offset: start, message: "unfinished property \\p{...: missing '}'")
            }
            position += 1
            let item = try Self.propertyItem(named: name)
            return ClassSpec([item], negated: c == ascii("P"))
        default:
            return nil
        }
        position += 1
        return spec
    }

    static func propertyItem(named name: String) throws(RegexParseFailure) -> ClassItem {
        var loose = String(name.lowercased().unicodeScalars.filter { $0 != " " && $0 != "_" && $0 != "-" })
        for prefix in ["gc=", "generalcategory="] where loose.hasPrefix(prefix) {
            loose.removeFirst(prefix.count)
        }
        if let mask = CategoryMask.named(loose) { return .categories(mask) }
        var candidates = [loose]
        if loose.hasPrefix("is") { candidates.append(String(loose.dropFirst(2))) }
        for candidate in candidates {
            if candidate != loose, let mask = CategoryMask.named(candidate) { return .categories(mask) }
            switch candidate {
            case "whitespace", "wspace": return .property(.whiteSpace)
            case "alphabetic": return .property(.alphabetic)
            case "uppercase": return .property(.uppercase)
            case "lowercase": return .property(.lowercase)
            case "any": return .range(0, 0x10FFFF)
            default: continue
            }
        }
        throw .unsupported("the property \\p{\(name)}")
    }

    /// An escape that stands for one scalar. `position` is just after the backslash.
    private mutating func parseEscapedScalar(start: Int) throws(RegexParseFailure) -> UInt32 {
        let c = scalars[position]
        position += 1
        switch c {
        case ascii("t"): return 0x09
        case ascii("n"): return 0x0A
        case ascii("r"): return 0x0D
        case ascii("f"): return 0x0C
        case ascii("a"): return 0x07
        case ascii("e"): return 0x1B
        case ascii("0"):
            var value: UInt32 = 0
            var digits = 0
            while digits < 3, let next = current, next >= ascii("0"), next <= ascii("7") {
                value = value * 8 + (next - ascii("0"))
                digits += 1
                position += 1
            }
            return value
        case ascii("x"):
            if current == ascii("{") {
                position += 1
                guard let value = parseHex(maxDigits: 8), current == ascii("}") else {
                    throw .syntax(offset: start, message: "\\x{...} needs hexadecimal digits and a closing '}'")
                }
                position += 1
                return try checkedScalar(value, start: start)
            }
            guard let value = parseHex(maxDigits: 2) else {
                throw .syntax(offset: start, message: "\\x needs hexadecimal digits")
            }
            return value
        case ascii("u"):
            guard let value = parseHex(exactDigits: 4) else {
                throw .syntax(offset: start, message: "\\u needs exactly four hexadecimal digits")
            }
            return try checkedScalar(value, start: start)
        case ascii("U"):
            guard let value = parseHex(exactDigits: 8) else {
                throw .syntax(offset: start, message: "\\U needs exactly eight hexadecimal digits")
            }
            return try checkedScalar(value, start: start)
        default:
            if isDigit(c) { throw .unsupported("a backreference \\\(Character(Unicode.Scalar(c)!))") }
            if isASCIILetterOrDigit(c) {
                throw .unsupported("the escape \\\(Character(Unicode.Scalar(c)!))")
            }
            return c
        }
    }

    private func checkedScalar(_ value: UInt32, start: Int) throws(RegexParseFailure) -> UInt32 {
        if (0xD800...0xDFFF).contains(value) { throw .unsupported("a surrogate code unit") }
        guard value <= 0x10FFFF else {
            throw .syntax(offset: start, message: "U+\(String(value, radix: 16, uppercase: true)) is beyond Unicode")
        }
        return value
    }

    private mutating func parseHex(maxDigits: Int) -> UInt32? {
        var value: UInt32 = 0
        var digits = 0
        while digits < maxDigits, let c = current, let digit = hexValue(c) {
            value = value &* 16 &+ digit
            digits += 1
            position += 1
        }
        return digits > 0 ? value : nil
    }

    private mutating func parseHex(exactDigits: Int) -> UInt32? {
        let start = position
        guard let value = parseHex(maxDigits: exactDigits), position - start == exactDigits else { return nil }
        return value
    }

    // MARK: Classes

    /// A bracketed class; `position` is just after the `[`.
    private mutating func parseClass(start: Int) throws(RegexParseFailure) -> ClassSpec {
        var negated = false
        if current == ascii("^") {
            negated = true
            position += 1
        }
        var items: [ClassItem] = []
        var first = true
        while true {
            guard let c = current else {
                throw .syntax(offset: start, message: "unbalanced '[': missing ']'")
            }
            if c == ascii("]"), !first {
                position += 1
                break
            }
            first = false
            if c == ascii("[") {
                if peek(1) == ascii(":") { throw .unsupported("a POSIX class [:name:]") }
                let nestedStart = position
                position += 1
                items.append(.set(try parseClass(start: nestedStart)))
                continue
            }
            if (c == ascii("&") && peek(1) == ascii("&")) || (c == ascii("-") && peek(1) == ascii("-")) {
                throw .unsupported("set operations (&& and --) in a class")
            }
            let low: UInt32
            if c == ascii("\\") {
                let escapeStart = position
                position += 1
                guard let next = current else {
                    throw .syntax(offset: escapeStart, message: "unbalanced '[': missing ']'")
                }
                if next == ascii("Q") || next == ascii("E") { throw .unsupported("\\Q...\\E inside a class") }
                if let spec = try parseShorthandClass(start: escapeStart) {
                    if current == ascii("-"), let after = peek(1), after != ascii("]") {
                        throw .syntax(offset: escapeStart, message: "a class shorthand cannot start a range")
                    }
                    items.append(.set(spec))
                    continue
                }
                low = try parseEscapedScalar(start: escapeStart)
            } else {
                low = c
                position += 1
            }
            // A range?
            if current == ascii("-"), let after = peek(1), after != ascii("]") {
                let rangeStart = position
                position += 1
                let high: UInt32
                if after == ascii("\\") {
                    position += 1
                    guard current != nil else {
                        throw .syntax(offset: rangeStart, message: "unbalanced '[': missing ']'")
                    }
                    if try parseShorthandClass(start: rangeStart) != nil {
                        throw .syntax(offset: rangeStart, message: "a class shorthand cannot end a range")
                    }
                    high = try parseEscapedScalar(start: rangeStart)
                } else if after == ascii("[") {
                    throw .unsupported("a range ending in a nested class")
                } else {
                    high = after
                    position += 1
                }
                guard low <= high else {
                    throw .syntax(offset: rangeStart, message: "the range ends before it starts")
                }
                items.append(.range(low, high))
            } else {
                items.append(.scalar(low))
            }
        }
        return ClassSpec(items, negated: negated)
    }
}

@inline(__always) func ascii(_ character: Unicode.Scalar) -> UInt32 { character.value }

private func isDigit(_ c: UInt32) -> Bool { c >= 0x30 && c <= 0x39 }

private func isASCIILetterOrDigit(_ c: UInt32) -> Bool {
    isDigit(c) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
}

private func hexValue(_ c: UInt32) -> UInt32? {
    switch c {
    case 0x30...0x39: c - 0x30
    case 0x41...0x46: c - 0x41 + 10
    case 0x61...0x66: c - 0x61 + 10
    default: nil
    }
}
