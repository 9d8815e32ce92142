/// The words of a text, for coverage by words.
///
/// A word is a maximal run of letters, digits and combining marks; anything else
/// (spaces, punctuation, apostrophes, hyphens) separates words, so "l’entreprise"
/// is two words and "2020" one. A word counts as inside a set of spans when at least
/// one of its code points is: a word is never counted twice, however many
/// overlapping claims contain it.
struct WordIndex {
    /// Word ranges in code points, in order.
    let ranges: [Range<Int>]

    init(_ text: ScalarText) {
        var ranges: [Range<Int>] = []
        var start: Int?
        for (offset, scalar) in text.scalars.enumerated() {
            if Self.isWordScalar(scalar) {
                if start == nil { start = offset }
            } else if let begun = start {
                ranges.append(begun..<offset)
                start = nil
            }
        }
        if let start { ranges.append(start..<text.count) }
        self.ranges = ranges
    }

    var count: Int { ranges.count }

    /// The number of words that overlap at least one of `spans`.
    func count(in spans: [Range<Int>]) -> Int {
        let merged = Self.union(spans)
        var total = 0, index = 0
        for word in ranges {
            while index < merged.count, merged[index].upperBound <= word.lowerBound { index += 1 }
            guard index < merged.count else { break }
            if merged[index].lowerBound < word.upperBound { total += 1 }
        }
        return total
    }

    /// Sorted, disjoint ranges covering the same code points as `spans`.
    static func union(_ spans: [Range<Int>]) -> [Range<Int>] {
        var merged: [Range<Int>] = []
        for span in spans.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, span.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic { return true }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
