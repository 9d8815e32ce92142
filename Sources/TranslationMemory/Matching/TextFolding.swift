import Foundation

/// Case and accent folding for concordance searches, keeping track of where each
/// folded scalar came from so that hits are reported in the original text's scalar
/// offsets.
package struct TextFolding: Sendable {
    package var ignoreCase: Bool
    package var ignoreAccents: Bool

    package init(ignoreCase: Bool, ignoreAccents: Bool) {
        self.ignoreCase = ignoreCase
        self.ignoreAccents = ignoreAccents
    }

    /// Folded scalars, and for each the offset of the original scalar it came from.
    package struct Folded {
        package var scalars: [UInt32] = []
        var origins: [Int] = []
    }

    package func fold(_ text: String) -> Folded {
        var folded = Folded()
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if scalar.isASCII {
                var value = scalar.value
                if ignoreCase, value >= 0x41, value <= 0x5A { value += 0x20 }
                folded.scalars.append(value)
                folded.origins.append(offset)
                continue
            }
            var pieces = String(scalar)
            if ignoreAccents {
                pieces = String(String.UnicodeScalarView(pieces.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
                    $0.properties.generalCategory != .nonspacingMark
                }))
            }
            if ignoreCase { pieces = pieces.lowercased() }
            for piece in pieces.unicodeScalars {
                folded.scalars.append(piece.value)
                folded.origins.append(offset)
            }
        }
        return folded
    }

    /// The scalar ranges of `text` where `needle` (already folded) occurs, starting at
    /// the beginning of a word.
    package func occurrences(of needle: [UInt32], in text: String) -> [Range<Int>] {
        let haystack = fold(text)
        let originals = Array(text.unicodeScalars)
        guard needle.count <= haystack.scalars.count, !needle.isEmpty else { return [] }
        var ranges: [Range<Int>] = []
        var i = 0
        let last = haystack.scalars.count - needle.count
        while i <= last {
            if haystack.scalars[i] == needle[0], Array(haystack.scalars[i..<(i + needle.count)]) == needle {
                let start = haystack.origins[i]
                let startsWord = start == 0 || !Self.isWordScalar(originals[start - 1]) || !Self.isWordScalar(originals[start])
                if startsWord, haystack.origins[i] != haystack.origins[max(0, i - 1)] || i == 0 {
                    ranges.append(start..<(haystack.origins[i + needle.count - 1] + 1))
                    i += needle.count
                    continue
                }
            }
            i += 1
        }
        return ranges
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation:
            true
        default:
            false
        }
    }

    /// The words of a query, as the word index tokenises them (letters and digits).
    package static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }
}
