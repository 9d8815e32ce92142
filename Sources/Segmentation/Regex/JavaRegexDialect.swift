/// Rewrites the few pieces of Java regular-expression syntax that ICU spells differently,
/// so rules written for Java SRX engines (LanguageTool, Okapi, OmegaT) compile unchanged.
///
/// - `\pL`, `\PL` (one-letter property names) become `\p{L}`, `\P{L}`.
/// - The `U` flag (`(?U)`, Java's `UNICODE_CHARACTER_CLASS`) is dropped: ICU's classes
///   are always Unicode-aware.
/// - A `}` that closes no quantifier is a literal in Java and an error in ICU: it is
///   escaped.
///
/// Everything else is passed through: ICU already accepts Java's possessive quantifiers,
/// atomic groups, `\Q...\E`, `\h`, `\R`, `\x{...}`, `[a-z&&[^c]]`, named groups, and
/// the `\p{IsLatin}`/`\p{InGreek}`/`\p{javaLowerCase}` property spellings.
enum JavaRegexDialect {
    static func translate(_ pattern: String) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        var classDepth = 0
        func at(_ offset: Int) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        while index < scalars.count {
            let c = scalars[index]
            switch c {
            case "\\":
                guard let next = at(1) else {
                    output.append(c)
                    index += 1
                    continue
                }
                if next == "Q" {
                    // Copy a quoted run verbatim, up to and including \E.
                    output.append(c)
                    output.append(next)
                    index += 2
                    while index < scalars.count {
                        if scalars[index] == "\\", at(1) == "E" {
                            output.append("\\")
                            output.append("E")
                            index += 2
                            break
                        }
                        output.append(scalars[index])
                        index += 1
                    }
                    continue
                }
                if next == "p" || next == "P", let name = at(2), name != "{", name.properties.isAlphabetic {
                    output.append(c)
                    output.append(next)
                    output.append("{")
                    output.append(name)
                    output.append("}")
                    index += 3
                    continue
                }
                output.append(c)
                output.append(next)
                index += 2
                // \p{...}, \x{...}, \N{...}: copy the braces verbatim.
                if "pPxN".unicodeScalars.contains(next), at(0) == "{" {
                    while index < scalars.count {
                        let scalar = scalars[index]
                        output.append(scalar)
                        index += 1
                        if scalar == "}" { break }
                    }
                }
            case "[":
                classDepth += 1
                output.append(c)
                index += 1
                // A `]` right after `[` or `[^` is a literal.
                if at(0) == "^" {
                    output.append("^")
                    index += 1
                }
                if at(0) == "]" {
                    output.append("]")
                    index += 1
                }
            case "]" where classDepth > 0:
                classDepth -= 1
                output.append(c)
                index += 1
            case "{" where classDepth == 0:
                if let end = quantifierEnd(scalars, from: index) {
                    output.append(contentsOf: scalars[index...end])
                    index = end + 1
                } else {
                    output.append(c)
                    index += 1
                }
            case "}" where classDepth == 0:
                output.append("\\")
                output.append(c)
                index += 1
            case "(" where classDepth == 0 && at(1) == "?":
                // A flag group: drop the U flag.
                var end = index + 2
                var flags: [Unicode.Scalar] = []
                while end < scalars.count, "imsxuUdw-".unicodeScalars.contains(scalars[end]) {
                    flags.append(scalars[end])
                    end += 1
                }
                guard !flags.isEmpty, end < scalars.count, scalars[end] == ")" || scalars[end] == ":", flags.contains("U") else {
                    output.append(c)
                    index += 1
                    continue
                }
                let kept = flags.filter { $0 != "U" }
                let closer = scalars[end]
                if kept.isEmpty || kept == ["-"] {
                    if closer == ":" {
                        output.append("(")
                        output.append("?")
                        output.append(":")
                    }
                } else {
                    output.append("(")
                    output.append("?")
                    kept.forEach { output.append($0) }
                    output.append(closer)
                }
                index = end + 1
            default:
                output.append(c)
                index += 1
            }
        }
        return String(output)
    }

    /// The index of the `}` closing a quantifier `{n}`, `{n,}` or `{n,m}` starting at
    /// `start`, if there is one.
    private static func quantifierEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start + 1
        var digits = 0
        while index < scalars.count, scalars[index].properties.numericType == .decimal, scalars[index].isASCII {
            index += 1
            digits += 1
        }
        guard digits > 0, index < scalars.count else { return nil }
        if scalars[index] == "," {
            index += 1
            while index < scalars.count, scalars[index].isASCII, scalars[index].properties.numericType == .decimal {
                index += 1
            }
        }
        return index < scalars.count && scalars[index] == "}" ? index : nil
    }

    /// Rewrites the end anchors (`$`, `\Z`, `\z`; `atEnd`) or the start anchors (`^`,
    /// `\A`) of a pattern as lookarounds, `(?![\s\S])` and `(?<![\s\S])`, which hold only
    /// at the real edges of the text even when ICU searches a region that ends (or
    /// starts) at a break candidate. Escapes, quoted runs and classes are left alone.
    static func pinningAnchors(_ pattern: String, atEnd: Bool) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var output = String.UnicodeScalarView()
        let replacement = atEnd ? #"(?![\s\S])"# : #"(?<![\s\S])"#
        var index = 0
        var classDepth = 0
        while index < scalars.count {
            let c = scalars[index]
            if c == "\\", index + 1 < scalars.count {
                let next = scalars[index + 1]
                if next == "Q" {
                    var end = index + 2
                    while end < scalars.count, !(scalars[end] == "\\" && end + 1 < scalars.count && scalars[end + 1] == "E") { end += 1 }
                    end = min(end + 2, scalars.count)
                    output.append(contentsOf: scalars[index..<end])
                    index = end
                    continue
                }
                if classDepth == 0, atEnd ? (next == "Z" || next == "z") : next == "A" {
                    output.append(contentsOf: replacement.unicodeScalars)
                } else {
                    output.append(c)
                    output.append(next)
                }
                index += 2
                continue
            }
            if c == "[" {
                classDepth += 1
                output.append(c)
                index += 1
                if index < scalars.count, scalars[index] == "^" { output.append("^"); index += 1 }
                if index < scalars.count, scalars[index] == "]" { output.append("]"); index += 1 }
                continue
            }
            if c == "]", classDepth > 0 { classDepth -= 1 }
            if classDepth == 0, c == (atEnd ? "$" : "^") {
                output.append(contentsOf: replacement.unicodeScalars)
            } else {
                output.append(c)
            }
            index += 1
        }
        return String(output)
    }
}
