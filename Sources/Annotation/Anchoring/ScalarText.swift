/// A text as an array of code points, for offset arithmetic and searching.
struct ScalarText {
    let scalars: [Unicode.Scalar]
    /// The scalars with typographic variants folded (see ``fold(_:)``), same length.
    let folded: [UInt32]

    init(_ string: String) {
        scalars = Array(string.unicodeScalars)
        folded = scalars.map(Self.fold)
    }

    var count: Int { scalars.count }

    func string(_ range: Range<Int>) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
        return String(result)
    }

    /// Every offset where `pattern` starts (overlapping occurrences included).
    func occurrences(of pattern: [UInt32], in haystack: [UInt32]) -> [Int] {
        guard let first = pattern.first, pattern.count <= haystack.count else { return [] }
        var found: [Int] = []
        let last = haystack.count - pattern.count
        var start = 0
        while start <= last {
            if haystack[start] == first {
                var index = 1
                while index < pattern.count, haystack[start + index] == pattern[index] { index += 1 }
                if index == pattern.count { found.append(start) }
            }
            start += 1
        }
        return found
    }

    /// Exact occurrences of `pattern`, code point for code point.
    func exactOccurrences(of pattern: String) -> [Int] {
        occurrences(of: pattern.unicodeScalars.map(\.value), in: scalars.map(\.value))
    }

    /// Occurrences once apostrophes, quotation marks, dashes and spaces are folded.
    func foldedOccurrences(of pattern: String) -> [Int] {
        occurrences(of: Self.folded(pattern), in: folded)
    }

    /// Occurrences ignoring case as well (for suggestions only).
    func caseInsensitiveOccurrences(of pattern: String) -> [Int] {
        occurrences(of: Self.folded(pattern).map(Self.lowercase), in: folded.map(Self.lowercase))
    }

    /// The W3C selector for a span: its exact text and up to
    /// ``TextQuoteSelector/contextLength`` code points either side.
    func selector(for span: Range<Int>) -> TextQuoteSelector {
        let context = TextQuoteSelector.contextLength
        return TextQuoteSelector(
            exact: string(span),
            prefix: string(max(0, span.lowerBound - context)..<span.lowerBound),
            suffix: string(span.upperBound..<min(count, span.upperBound + context))
        )
    }

    /// How well the text around an occurrence agrees with a selector's context: the
    /// number of folded code points of `prefix` that end right before the occurrence
    /// plus those of `suffix` that start right after it.
    func contextScore(at span: Range<Int>, prefix: [UInt32], suffix: [UInt32]) -> Int {
        var score = 0
        var p = prefix.count - 1, t = span.lowerBound - 1
        while p >= 0, t >= 0, prefix[p] == folded[t] { score += 1; p -= 1; t -= 1 }
        var s = 0
        t = span.upperBound
        while s < suffix.count, t < folded.count, suffix[s] == folded[t] { score += 1; s += 1; t += 1 }
        return score
    }

    /// Whether the text right before `span` is `prefix` and the text right after
    /// starts with `suffix` (folded; empty context always agrees).
    func contextAgrees(at span: Range<Int>, prefix: [UInt32], suffix: [UInt32]) -> Bool {
        guard prefix.count <= span.lowerBound, span.upperBound + suffix.count <= folded.count else { return false }
        return folded[(span.lowerBound - prefix.count)..<span.lowerBound].elementsEqual(prefix)
            && folded[span.upperBound..<(span.upperBound + suffix.count)].elementsEqual(suffix)
    }

    static func folded(_ string: String) -> [UInt32] { string.unicodeScalars.map(fold) }

    /// Folds typographic variants one-for-one, so offsets are unchanged: curly and
    /// angle quotes to ASCII quotes, dashes to `-`, every kind of space and line
    /// break to a space.
    static func fold(_ scalar: Unicode.Scalar) -> UInt32 {
        switch scalar.value {
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0x02BC, 0x0060, 0x00B4: return 0x27 // '
        case 0x201C, 0x201D, 0x201E, 0x201F, 0x00AB, 0x00BB, 0x2033: return 0x22 // "
        case 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212: return 0x2D // -
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return 0x20
        default:
            return scalar.properties.generalCategory == .spaceSeparator ? 0x20 : scalar.value
        }
    }

    private static func lowercase(_ value: UInt32) -> UInt32 {
        guard let scalar = Unicode.Scalar(value) else { return value }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first!.value : value
    }
}
