/// Dictionary-free word correspondences: identical spellings (names, numbers, punctuation) and
/// cognates (`curiosité`/`curiosity`, `Ouïghours`/`Uyghurs`), found by comparing folded spellings.
///
/// Candidates are pairs of types that share a key (the first four letters, or the consonant skeleton
/// `Ouïghours` → `ghrs`); a candidate is a cognate when the longest common subsequence covers at least
/// `minimumSimilarity` of the longer spelling.
struct CognateFinder: Sendable {
    /// Shortest word (in letters) compared by similarity; shorter words must be identical.
    var minimumLength = 4
    /// Longest-common-subsequence ratio a cognate needs.
    var minimumSimilarity = 0.6

    /// A weighted correspondence between a source type and a target type.
    struct Pair: Sendable, Equatable {
        var source: Int32
        var target: Int32
        /// 1 for identical spellings, the similarity otherwise.
        var weight: Double
    }

    func pairs(source: [String], target: [String]) -> [Pair] {
        var exact: [String: Int32] = [:]
        var buckets: [String: [Int32]] = [:]
        let targetScalars = target.map { Array($0.unicodeScalars) }
        for (id, spelling) in target.enumerated() {
            exact[spelling] = Int32(id)
            for key in keys(targetScalars[id]) { buckets[key, default: []].append(Int32(id)) }
        }
        var result: [Pair] = []
        for (id, spelling) in source.enumerated() {
            let sourceID = Int32(id)
            if let same = exact[spelling] {
                result.append(Pair(source: sourceID, target: same, weight: 1))
            }
            let scalars = Array(spelling.unicodeScalars)
            var seen: Set<Int32> = []
            for key in keys(scalars) {
                for candidate in buckets[key] ?? [] where candidate != exact[spelling] {
                    guard seen.insert(candidate).inserted else { continue }
                    let similarity = Self.lcsRatio(scalars, targetScalars[Int(candidate)])
                    if similarity >= minimumSimilarity {
                        result.append(Pair(source: sourceID, target: candidate, weight: similarity))
                    }
                }
            }
        }
        return result
    }

    private func keys(_ scalars: [Unicode.Scalar]) -> [String] {
        guard scalars.count >= minimumLength, scalars.allSatisfy({ $0.properties.isAlphabetic }) else { return [] }
        var keys = [String(String.UnicodeScalarView(scalars.prefix(4)))]
        var skeleton = String.UnicodeScalarView()
        var last: Unicode.Scalar = " "
        for scalar in scalars where !"aeiouy".unicodeScalars.contains(scalar) && scalar != last {
            skeleton.append(scalar)
            last = scalar
        }
        if skeleton.count >= 3 { keys.append("#" + String(skeleton)) }
        return keys
    }

    /// Length of the longest common subsequence over the length of the longer sequence.
    static func lcsRatio(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (index, y) in b.enumerated() {
                current[index + 1] = x == y ? previous[index] + 1 : max(previous[index + 1], current[index])
            }
            swap(&previous, &current)
        }
        return Double(previous[b.count]) / Double(max(a.count, b.count))
    }
}
