/// Approximate substring search: where does `pattern` occur in `text` with at most
/// `maxDistance` edits (insertions, deletions, substitutions)?
///
/// Sellers' dynamic programme with Ukkonen's cut-off: only the rows of a column that
/// can still be within `maxDistance` are computed, so a search costs about
/// O(maxDistance × text length) on ordinary text instead of O(pattern × text).
enum ApproximateMatch {
    struct Match: Hashable {
        var range: Range<Int>
        var distance: Int
    }

    /// Every end offset at which some substring of `text` ending there is within
    /// `maxDistance` edits of `pattern`, with that smallest distance.
    static func ends(of pattern: [UInt32], in text: [UInt32], maxDistance k: Int) -> [(end: Int, distance: Int)] {
        let m = pattern.count
        guard m > 0, k >= 0, k < m else { return [] }
        // column[i]: edit distance between pattern[0..<i] and the best substring ending at the current text position.
        var column = Array(0...m)
        var lastActive = k // the deepest row whose value is ≤ k
        var results: [(end: Int, distance: Int)] = []
        for (j, character) in text.enumerated() {
            let top = min(lastActive + 1, m)
            var diagonal = column[0] // value of row i-1 in the previous column
            column[0] = 0 // a match may start anywhere
            for i in 1...top {
                let above = column[i]
                let substitution = diagonal + (pattern[i - 1] == character ? 0 : 1)
                column[i] = min(substitution, above + 1, column[i - 1] + 1)
                diagonal = above
            }
            lastActive = top
            while lastActive > 0, column[lastActive] > k { lastActive -= 1 }
            if lastActive == m { results.append((end: j + 1, distance: column[m])) }
        }
        return results
    }

    /// The start of the best substring of `text` ending at `end` that is `distance`
    /// edits from `pattern`, preferring the length closest to the pattern's.
    static func start(of pattern: [UInt32], in text: [UInt32], end: Int, distance: Int) -> Int? {
        let m = pattern.count
        let windowStart = max(0, end - m - distance)
        let window = Array(text[windowStart..<end].reversed())
        let reversed = Array(pattern.reversed())
        // Plain edit distance between reversed pattern prefixes and reversed window prefixes.
        var previous = Array(0...window.count) // row 0: deleting window characters costs
        for i in 1...m {
            var current = [Int](repeating: 0, count: window.count + 1)
            current[0] = i
            if !window.isEmpty {
                for j in 1...window.count {
                    let substitution = previous[j - 1] + (reversed[i - 1] == window[j - 1] ? 0 : 1)
                    current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                }
            }
            previous = current
        }
        var best: Int?
        for length in 0...window.count where previous[length] == distance {
            if best == nil || abs(length - m) < abs(best! - m) { best = length }
        }
        return best.map { end - $0 }
    }

    /// The best approximate occurrences of `pattern` (all at the smallest distance
    /// found, at most `maxDistance`), non-empty ranges.
    static func bestMatches(of pattern: [UInt32], in text: [UInt32], maxDistance: Int) -> [Match] {
        let ends = ends(of: pattern, in: text, maxDistance: maxDistance)
        guard let smallest = ends.map(\.distance).min() else { return [] }
        var matches: [Match] = []
        for candidate in ends where candidate.distance == smallest {
            guard let start = start(of: pattern, in: text, end: candidate.end, distance: smallest), start < candidate.end else {
                continue
            }
            let range = start..<candidate.end
            // Neighbouring ends usually describe the same occurrence; keep the first.
            if let last = matches.last, last.range.overlaps(range) { continue }
            matches.append(Match(range: range, distance: smallest))
        }
        return matches
    }
}
