/// Reading SRX patterns: the Java → ICU dialect fix-ups, and the static analysis that lets
/// the segmenter evaluate a rule only where it can possibly match.
///
/// SRX rules are written for Java's `java.util.regex`; Tandem runs them on ICU (the engine
/// behind Foundation's `NSRegularExpression`). The two agree on almost everything SRX files
/// use (`\p{Lu}`, possessive quantifiers, atomic groups, `\Q…\E`, bounded look-behind,
/// `[a-z&&[^aeiou]]`). Differences handled here:
/// - `\s` in ICU also matches no-break spaces (U+00A0, U+202F and the other `\p{Z}`), which
///   Java's does not; French text needs it, so ICU's meaning is kept (a Java rule that relies
///   on `\s` *not* matching U+00A0 behaves differently).
/// - Java-only property names (`\p{javaLowerCase}`, `\p{IsAlphabetic}`, `\p{IsLatin}`,
///   `\p{InGreek}`, `\p{Alpha}`…) are rewritten to their ICU spelling.
/// - Java-only inline flags (`u`, `U`, `d`) are dropped; ICU treats case folding as Unicode
///   anyway.
/// - Java look-behinds must be bounded too, but SRX `beforebreak` patterns often are not
///   (`\w+\.`). Tandem evaluates a `beforebreak` as a look-behind ending at the break
///   position; when ICU cannot bound it, `*`, `+` and `{n,}` are capped at
///   ``PatternAnalysis/lookBehindCap`` characters.
enum PatternDialect {
    /// Rewrites a Java-dialect pattern into ICU's dialect.
    static func icuPattern(fromJava pattern: String) -> String {
        var output = ""
        var scalars = Array(pattern.unicodeScalars)[...]
        var inQuote = false
        while let c = scalars.popFirst() {
            if inQuote {
                output.unicodeScalars.append(c)
                if c == "\\", scalars.first == "E" { output.unicodeScalars.append(scalars.removeFirst()); inQuote = false }
                continue
            }
            if c == "\\", let next = scalars.first {
                scalars.removeFirst()
                if next == "Q" { inQuote = true; output += "\\Q"; continue }
                if next == "p" || next == "P", scalars.first == "{", let close = scalars.firstIndex(of: "}") {
                    let name = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
                    scalars = scalars[scalars.index(after: close)...]
                    let negated = next == "P"
                    output += property(name, negated: negated)
                    continue
                }
                output.unicodeScalars.append(c)
                output.unicodeScalars.append(next)
                continue
            }
            if c == "(", scalars.first == "?" {
                // Inline flags: (?idmsuxU-idmsuxU) or (?flags: …)
                var lookahead = scalars.dropFirst()
                var flags = ""
                while let f = lookahead.first, "idmsuxUw-".unicodeScalars.contains(f) {
                    flags.unicodeScalars.append(f)
                    lookahead = lookahead.dropFirst()
                }
                if !flags.isEmpty, let end = lookahead.first, end == ")" || end == ":" {
                    let kept = flags.filter { !"udU".contains($0) }
                    scalars = lookahead
                    if kept.isEmpty || kept == "-" {
                        if end == ")" { scalars.removeFirst() } else { scalars.removeFirst(); output += "(?:" }
                    } else {
                        output += "(?" + kept
                    }
                    continue
                }
            }
            output.unicodeScalars.append(c)
        }
        return output
    }

    private static func property(_ name: String, negated: Bool) -> String {
        let icu: String
        switch name {
        case "javaLowerCase": icu = "\\p{Lowercase}"
        case "javaUpperCase": icu = "\\p{Uppercase}"
        case "javaWhitespace", "Space": icu = "\\s"
        case "javaLetter", "IsLetter", "IsL": icu = "\\p{L}"
        case "javaDigit", "IsDigit", "Digit": icu = "\\p{Nd}"
        case "javaLetterOrDigit", "Alnum": icu = "[\\p{L}\\p{Nd}]"
        case "IsAlphabetic", "Alpha": icu = "\\p{Alphabetic}"
        case "IsUppercase", "Upper", "IsLu": icu = "\\p{Uppercase}"
        case "IsLowercase", "Lower", "IsLl": icu = "\\p{Lowercase}"
        case "IsPunctuation", "Punct": icu = "\\p{P}"
        case "IsWhite_Space", "IsWhiteSpace": icu = "\\p{White_Space}"
        default:
            if name.hasPrefix("Is"), name.count > 2 {
                icu = "\\p{Script=\(name.dropFirst(2))}"
            } else if name.hasPrefix("In"), name.count > 2 {
                icu = "\\p{Block=\(name.dropFirst(2))}"
            } else {
                icu = "\\p{\(name)}"
            }
        }
        guard negated else { return icu }
        if icu.hasPrefix("\\p") { return "\\P" + icu.dropFirst(2) }
        if icu == "\\s" { return "\\S" }
        return "[^" + icu.dropFirst().dropLast() + "]"
    }
}

/// What a pattern can match first and last: the characters it can start and end with.
struct PatternAnalysis {
    /// How many characters an unbounded quantifier may repeat inside a look-behind.
    static let lookBehindCap = 100

    /// A set of characters: ICU regex fragments that each match one character
    /// (`\p{Lu}`, `[.?!]`, `\x{2026}`); `nil` is "any character".
    typealias CharacterSet = [String]?

    /// The characters a match can start with; `nil`: any (or not analysable).
    var first: CharacterSet
    /// The characters a match can end with; `nil`: any (or not analysable).
    var last: CharacterSet
    /// Whether the pattern can match the empty string (then neither set constrains anything).
    var isNullable: Bool
    /// Whether the pattern uses a back-reference (its group numbers must not move).
    var hasBackReference: Bool
    /// Whether case-insensitive matching is switched on somewhere.
    var isCaseInsensitive: Bool
    /// Whether every match starts at the start of the text (`^…` with no top-level `|`).
    var isAnchoredAtStart = false

    init(_ pattern: String) {
        var parser = Parser(Array(pattern.unicodeScalars))
        let node = parser.parseAlternation()
        if parser.failed || parser.index < parser.scalars.count {
            first = nil; last = nil; isNullable = true
        } else {
            isNullable = node.isNullable
            first = isNullable ? nil : node.first
            last = isNullable ? nil : node.last
            if case .sequence(let nodes) = node, case .startAnchor = nodes.first { isAnchoredAtStart = true }
        }
        hasBackReference = parser.hasBackReference
        isCaseInsensitive = parser.isCaseInsensitive
    }

    /// `pattern` with `*`, `+` and `{n,}` capped so that ICU can bound it in a look-behind.
    static func bounded(_ pattern: String, cap: Int = lookBehindCap) -> String {
        var output = ""
        let scalars = Array(pattern.unicodeScalars)
        var i = 0
        var classDepth = 0
        var inQuote = false
        while i < scalars.count {
            let c = scalars[i]
            if inQuote {
                output.unicodeScalars.append(c)
                if c == "\\", i + 1 < scalars.count, scalars[i + 1] == "E" { output += "E"; i += 1; inQuote = false }
                i += 1; continue
            }
            if c == "\\", i + 1 < scalars.count {
                if scalars[i + 1] == "Q" { inQuote = true }
                output.unicodeScalars.append(c); output.unicodeScalars.append(scalars[i + 1])
                i += 2; continue
            }
            if c == "[" { classDepth += 1 } else if c == "]", classDepth > 0 { classDepth -= 1 }
            if classDepth == 0 {
                let previous = i > 0 ? scalars[i - 1] : "("
                let quantifies = previous != "(" && previous != "|"
                if c == "*", quantifies { output += "{0,\(cap)}"; i += 1; continue }
                if c == "+", quantifies, !(i > 0 && "*+?}".unicodeScalars.contains(scalars[i - 1])) {
                    output += "{1,\(cap)}"; i += 1; continue
                }
                if c == "{", let close = scalars[i...].firstIndex(of: "}") {
                    let body = String(String.UnicodeScalarView(scalars[(i + 1)..<close]))
                    if body.hasSuffix(","), let n = Int(body.dropLast()) {
                        output += "{\(n),\(max(n, cap))}"
                        i = close + 1; continue
                    }
                }
            }
            output.unicodeScalars.append(c)
            i += 1
        }
        return output
    }
}

/// A pattern reduced to what matters for the first/last characters.
private indirect enum Node {
    /// One character from a set (`nil`: any).
    case character(PatternAnalysis.CharacterSet)
    /// Matches without consuming (anchors, look-arounds) or consumes nothing.
    case empty
    /// `^`.
    case startAnchor
    case sequence([Node])
    case alternation([Node])
    case repetition(Node, min: Int, max: Int?)

    var isNullable: Bool {
        switch self {
        case .character: false
        case .empty, .startAnchor: true
        case .sequence(let nodes): nodes.allSatisfy(\.isNullable)
        case .alternation(let nodes): nodes.contains(where: \.isNullable)
        case .repetition(let node, let min, let max): min == 0 || max == 0 || node.isNullable
        }
    }

    var first: PatternAnalysis.CharacterSet { edge(fromStart: true) }
    var last: PatternAnalysis.CharacterSet { edge(fromStart: false) }

    private func edge(fromStart: Bool) -> PatternAnalysis.CharacterSet {
        switch self {
        case .character(let set): return set
        case .empty, .startAnchor: return []
        case .repetition(let node, _, let max): return max == 0 ? [] : node.edge(fromStart: fromStart)
        case .alternation(let nodes):
            var union: [String] = []
            for node in nodes {
                guard let set = node.edge(fromStart: fromStart) else { return nil }
                union += set
            }
            return union
        case .sequence(let nodes):
            var union: [String] = []
            for node in fromStart ? nodes : nodes.reversed() {
                guard let set = node.edge(fromStart: fromStart) else { return nil }
                union += set
                if !node.isNullable { break }
            }
            return union
        }
    }
}

private struct Parser {
    let scalars: [Unicode.Scalar]
    var index = 0
    var failed = false
    var hasBackReference = false
    var isCaseInsensitive = false

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    mutating func parseAlternation() -> Node {
        var branches = [parseSequence()]
        while peek == "|" {
            index += 1
            branches.append(parseSequence())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    mutating func parseSequence() -> Node {
        var nodes: [Node] = []
        while let c = peek, c != "|", c != ")", !failed {
            var atoms = parseAtom()
            // A quantifier applies to the last atom only (a `\Q…\E` run yields several).
            if var atom = atoms.popLast() {
                atom = parseQuantifiers(atom)
                atoms.append(atom)
            }
            nodes += atoms
        }
        return .sequence(nodes)
    }

    mutating func parseQuantifiers(_ atom: Node) -> Node {
        var node = atom
        while let c = peek {
            var min = 0, max: Int? = nil
            if c == "*" { index += 1 }
            else if c == "+" { index += 1; min = 1 }
            else if c == "?" { index += 1; max = 1 }
            else if c == "{", let close = scalars[index...].firstIndex(of: "}") {
                let body = String(String.UnicodeScalarView(scalars[(index + 1)..<close]))
                let parts = body.split(separator: ",", omittingEmptySubsequences: false)
                guard let low = Int(parts[0].trimmingSpaces), parts.count <= 2 else { failed = true; return node }
                min = low
                max = parts.count == 1 ? low : (parts[1].trimmingSpaces.isEmpty ? nil : Int(parts[1].trimmingSpaces))
                index = close + 1
            } else { break }
            // Lazy and possessive suffixes change nothing here.
            if let s = peek, s == "?" || s == "+" { index += 1 }
            node = .repetition(node, min: min, max: max)
        }
        return node
    }

    mutating func parseAtom() -> [Node] {
        let c = scalars[index]
        index += 1
        switch c {
        case "(":
            return [parseGroup()]
        case "[":
            let start = index - 1
            guard let end = classEnd(from: start) else { failed = true; return [] }
            index = end + 1
            return [.character([String(String.UnicodeScalarView(scalars[start...end]))])]
        case ".":
            return [.character(nil)]
        case "^":
            return [.startAnchor]
        case "$":
            return [.empty]
        case "\\":
            return parseEscape()
        default:
            return [.character([literal(c)])]
        }
    }

    func literal(_ c: Unicode.Scalar) -> String {
        "\\x{" + String(c.value, radix: 16) + "}"
    }

    mutating func parseEscape() -> [Node] {
        guard let c = peek else { failed = true; return [] }
        index += 1
        switch c {
        case "Q":
            var nodes: [Node] = []
            while index < scalars.count {
                if scalars[index] == "\\", index + 1 < scalars.count, scalars[index + 1] == "E" { index += 2; break }
                nodes.append(.character([literal(scalars[index])]))
                index += 1
            }
            return nodes
        case "b", "B", "A", "z", "Z", "G", "E":
            return [.empty]
        case "d", "D", "w", "W", "s", "S", "h", "H", "v", "V":
            return [.character(["\\" + String(c)])]
        case "X", "R":
            return [.character(nil)]
        case "p", "P", "N":
            if peek == "{", let close = scalars[index...].firstIndex(of: "}") {
                let text = "\\" + String(c) + String(String.UnicodeScalarView(scalars[index...close]))
                index = close + 1
                return [.character([text])]
            }
            if let single = peek { index += 1; return [.character(["\\" + String(c) + String(single)])] }
            failed = true; return []
        case "x":
            if peek == "{", let close = scalars[index...].firstIndex(of: "}") {
                let text = "\\x" + String(String.UnicodeScalarView(scalars[index...close]))
                index = close + 1
                return [.character([text])]
            }
            let digits = scalars[index..<min(index + 2, scalars.count)]
            index += digits.count
            return [.character(["\\x" + String(String.UnicodeScalarView(digits))])]
        case "u":
            let digits = scalars[index..<min(index + 4, scalars.count)]
            index += digits.count
            return [.character(["\\u" + String(String.UnicodeScalarView(digits))])]
        case "U":
            let digits = scalars[index..<min(index + 8, scalars.count)]
            index += digits.count
            return [.character(["\\U" + String(String.UnicodeScalarView(digits))])]
        case "t", "n", "r", "f", "a", "e":
            return [.character(["\\" + String(c)])]
        case "c":
            if peek != nil { index += 1 }
            return [.character(nil)]
        case "k":
            hasBackReference = true
            if peek == "<", let close = scalars[index...].firstIndex(of: ">") { index = close + 1 }
            return [.character(nil)]
        case "0"..."9":
            hasBackReference = c != "0"
            while let d = peek, ("0"..."9").contains(d) { index += 1 }
            return [.character(nil)]
        default:
            return [.character([literal(c)])]
        }
    }

    mutating func parseGroup() -> Node {
        var zeroWidth = false
        if peek == "?" {
            index += 1
            guard let kind = peek else { failed = true; return .empty }
            switch kind {
            case ":", ">", "|":
                index += 1
            case "=", "!":
                index += 1; zeroWidth = true
            case "<":
                index += 1
                if let next = peek, next == "=" || next == "!" {
                    index += 1; zeroWidth = true
                } else if let close = scalars[index...].firstIndex(of: ">") {
                    index = close + 1 // named group
                } else { failed = true; return .empty }
            case "#":
                while let c = peek, c != ")" { index += 1 }
                index += 1
                return .empty
            default:
                // Flags: (?i) or (?i: …)
                var flags = ""
                while let f = peek, f != ")", f != ":" { flags.unicodeScalars.append(f); index += 1 }
                let on = flags.split(separator: "-", maxSplits: 1).first ?? ""
                if on.contains("i") { isCaseInsensitive = true }
                if on.contains("x") { failed = true }
                if peek == ")" { index += 1; return .empty }
                index += 1
            }
        }
        let inner = parseAlternation()
        guard peek == ")" else { failed = true; return .empty }
        index += 1
        return zeroWidth ? .empty : inner
    }

    /// The index of the `]` closing the class opened at `start`.
    func classEnd(from start: Int) -> Int? {
        var i = start + 1
        var depth = 1
        if i < scalars.count, scalars[i] == "^" { i += 1 }
        if i < scalars.count, scalars[i] == "]" { i += 1 } // a leading ] is literal
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\" {
                if i + 1 < scalars.count, scalars[i + 1] == "Q" {
                    i += 2
                    while i + 1 < scalars.count, !(scalars[i] == "\\" && scalars[i + 1] == "E") { i += 1 }
                }
                i += 2; continue
            }
            if c == "[" { depth += 1 }
            if c == "]" { depth -= 1; if depth == 0 { return i } }
            i += 1
        }
        return nil
    }
}

private extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s
    }
}
