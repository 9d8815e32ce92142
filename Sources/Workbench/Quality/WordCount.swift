/// The word count of ``TranslationAnalyzer`` and the checks.
///
/// A word is a run of letters, digits and combining marks. A hyphen between two such
/// characters joins (`porte-parole`, `high-tech`: one word each); an apostrophe
/// separates (`l'homme`, `aujourd’hui`: two words, as memoQ counts French elisions);
/// `.`, `,`, a no-break or narrow no-break space between two digits join (`1,000.5`
/// and `1 000,5` are one word). Everything else (spaces, punctuation, symbols such as
/// `%` and `€`) separates and is not counted.
public enum WordCount {
    /// The number of words in `text`.
    public static func words(in text: String) -> Int {
        let s = Array(text.unicodeScalars)
        var count = 0
        var inWord = false
        for (i, scalar) in s.enumerated() {
            if isWordScalar(scalar) {
                if !inWord { count += 1; inWord = true }
                continue
            }
            if inWord, i + 1 < s.count, i > 0, joins(scalar, s[i - 1], s[i + 1]) { continue }
            inWord = false
        }
        return count
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    private static func joins(_ scalar: Unicode.Scalar, _ before: Unicode.Scalar, _ after: Unicode.Scalar) -> Bool {
        switch scalar {
        case "-", "\u{2011}":
            return isWordScalar(before) && isWordScalar(after)
        case ".", ",", "\u{A0}", "\u{202F}":
            return before.properties.numericType != nil && after.properties.numericType != nil
        default:
            return false
        }
    }
}
