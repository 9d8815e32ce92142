import TranslationMemory

/// Reads the numbers written in digits in a text, in the conventions of its language.
///
/// French: `1 000,5` (space, no-break space, narrow no-break space or `.` between
/// groups of three, comma before decimals). English and other languages: `1,000.5`.
/// A dot or comma followed by other than exactly three digits is a decimal point in
/// French only when it is a comma or a dot (`1.5` is read as 1.5 in both). Group
/// separators are accepted only after a first group of at most three digits, so
/// `2020 800` is two numbers.
enum NumberReader {
    struct Number: Hashable, Sendable {
        /// The canonical value: digits, then `.` and decimals without trailing zeros.
        var value: String
        /// The number as written.
        var text: String
        /// Followed by `%`, `percent`, `per cent` or `pour cent`.
        var isPercentage: Bool
    }

    static func numbers(in text: String, language: LanguageTag) -> [Number] {
        let s = Array(text.unicodeScalars)
        let french = language.language == "fr"
        func isDigit(_ i: Int) -> Bool { i < s.count && s[i].properties.numericType == .decimal && s[i].isASCII }
        func digitsRun(from i: Int) -> Int {
            var j = i
            while isDigit(j) { j += 1 }
            return j - i
        }
        var result: [Number] = []
        var i = 0
        while i < s.count {
            guard isDigit(i), i == 0 || !isDigit(i - 1) else { i += 1; continue }
            let start = i
            var integer = ""
            var decimals = ""
            let first = digitsRun(from: i)
            integer += String(String.UnicodeScalarView(s[i..<(i + first)]))
            i += first
            var grouped = first <= 3
            while i < s.count {
                let separator = s[i]
                let run = digitsRun(from: i + 1)
                let isGroupSeparator = french
                    ? [" ", "\u{A0}", "\u{202F}", "."].contains(separator)
                    : separator == ","
                let isDecimalPoint = french ? (separator == "," || separator == ".") : separator == "."
                if grouped, isGroupSeparator, run == 3 {
                    integer += String(String.UnicodeScalarView(s[(i + 1)..<(i + 4)]))
                    i += 4
                    continue
                }
                if isDecimalPoint, run > 0, decimals.isEmpty, !(french && separator == "." && run == 3) {
                    decimals = String(String.UnicodeScalarView(s[(i + 1)..<(i + 1 + run)]))
                    i += 1 + run
                    grouped = false
                }
                break
            }
            let percentEnd = percentEnd(s, at: i)
            let written = String(String.UnicodeScalarView(s[start..<(percentEnd ?? i)]))
            result.append(Number(value: canonical(integer, decimals), text: written, isPercentage: percentEnd != nil))
            i = percentEnd ?? i
        }
        return result
    }

    static func canonical(_ integer: String, _ decimals: String) -> String {
        var whole = String(integer.drop { $0 == "0" })
        if whole.isEmpty { whole = "0" }
        var fraction = decimals
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? whole : whole + "." + fraction
    }

    /// Where a percent sign or word right after a number ends, `nil` when none follows.
    static func percentEnd(_ s: [Unicode.Scalar], at index: Int) -> Int? {
        var i = index
        while i < s.count, [" ", "\u{A0}", "\u{202F}"].contains(s[i]) { i += 1 }
        guard i < s.count else { return nil }
        if s[i] == "%" { return i + 1 }
        let rest = String(String.UnicodeScalarView(s[i..<min(s.count, i + 10)])).lowercased()
        return ["percent", "per cent", "pour cent", "pourcent"].first { rest.hasPrefix($0) }.map { i + $0.unicodeScalars.count }
    }
}
