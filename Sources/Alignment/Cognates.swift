/// Dictionary-free word correspondences: identical spellings (names, numbers, punctuation) and
/// cognates (`curiosité`/`curiosity`, `Ouïghours`/`Uyghurs`), found by comparing folded spellings.
///
/// Candidates are pairs of types of similar length that share their first letter or their consonant
/// skeleton (`Ouïghours` → `ghrs`); a candidate is a cognate when the longest common subsequence covers
/// at least `minimumSimilarity` of the longer spelling (Melamed's LCSR).
struct CognateFinder: Sendable {
    /// Shortest word (in letters) compared by similarity; shorter words must be identical.
    var minimumLength = 4
    /// Longest-common-subsequence ratio a cognate needs.
    var minimumSimilarity = 0.6
    /// The ratio words shorter than six letters need.
    var shortWordSimilarity = 0.75

    /// A weighted correspondence between a source type and a target type.
    struct Pair: Sendable, Equatable {
        var source: Int32
        var target: Int32
        /// 1 for identical spellings, the similarity otherwise.
        var weight: Double
    }

    func pairs(source: [String], target: [String]) -> [Pair] {
        var exact: [String: Int32] = [:]
        // Candidates share their first letter (and have similar lengths) or their consonant skeleton.
        var byInitial: [Unicode.Scalar: [Int32]] = [:]
        var bySkeleton: [String: [Int32]] = [:]
        let targetScalars = target.map { Array($0.unicodeScalars) }
        for (id, spelling) in target.enumerated() {
            exact[spelling] = Int32(id)
            let scalars = targetScalars[id]
            guard isComparable(scalars) else { continue }
            byInitial[scalars[0], default: []].append(Int32(id))
            if let skeleton = skeleton(scalars) { bySkeleton[skeleton, default: []].append(Int32(id)) }
        }
        var result: [Pair] = []
        var seen: Set<Int32> = []
        for (id, spelling) in source.enumerated() {
            let sourceID = Int32(id)
            let same = exact[spelling]
            if let same { result.append(Pair(source: sourceID, target: same, weight: 1)) }
            let scalars = Array(spelling.unicodeScalars)
            guard isComparable(scalars) else { continue }
            let matcher = SubsequenceMatcher(scalars)
            seen.removeAll(keepingCapacity: true)
            let sameSkeleton = skeleton(scalars).flatMap { bySkeleton[$0] } ?? []
            for candidate in (byInitial[scalars[0]] ?? []) + sameSkeleton where candidate != same {
                guard seen.insert(candidate).inserted else { continue }
                let other = targetScalars[Int(candidate)]
                let shorter = min(scalars.count, other.count), longer = max(scalars.count, other.count)
                guard Double(shorter) >= 0.6 * Double(longer) else { continue }
                let similarity = Double(matcher.longestCommonSubsequence(with: other)) / Double(longer)
                // Short words need more letters in common: `dans` is not `dance`.
                if similarity >= (shorter < 6 ? shortWordSimilarity : minimumSimilarity) {
                    result.append(Pair(source: sourceID, target: candidate, weight: similarity))
                }
            }
        }
        return result
    }

    private func isComparable(_ scalars: [Unicode.Scalar]) -> Bool {
        scalars.count >= minimumLength && scalars.allSatisfy { $0.properties.isAlphabetic }
    }

    /// The consonants, doubled ones once (`Ouïghours` → `ghrs`), when there are at least three.
    private func skeleton(_ scalars: [Unicode.Scalar]) -> String? {
        var skeleton = String.UnicodeScalarView()
        var last: Unicode.Scalar = " "
        for scalar in scalars where !"aeiouy".unicodeScalars.contains(scalar) && scalar != last {
            skeleton.append(scalar)
            last = scalar
        }
        return skeleton.count >= 3 ? String(skeleton) : nil
    }

    /// Longest common subsequences of one word with many others, bit-parallel (Crochemore et al.
    /// 2001): one pass of word operations per letter of the other word.
    struct SubsequenceMatcher {
        private let word: [Unicode.Scalar]
        private var masks: [UInt64]  // per ASCII letter: the positions where `word` has it
        private var otherMasks: [(Unicode.Scalar, UInt64)] = []

        init(_ word: [Unicode.Scalar]) {
            self.word = word
            masks = [UInt64](repeating: 0, count: 128)
            guard word.count <= 64 else { return }
            for (position, scalar) in word.enumerated() {
                if scalar.value < 128 {
                    masks[Int(scalar.value)] |= 1 << UInt64(position)
                } else if let index = otherMasks.firstIndex(where: { $0.0 == scalar }) {
                    otherMasks[index].1 |= 1 << UInt64(position)
                } else {
                    otherMasks.append((scalar, 1 << UInt64(position)))
                }
            }
        }

        func longestCommonSubsequence(with other: [Unicode.Scalar]) -> Int {
            guard word.count <= 64 else {
                return Int((CognateFinder.lcsRatio(word, other) * Double(max(word.count, other.count))).rounded())
            }
            var v = UInt64.max
            for scalar in other {
                let mask = scalar.value < 128
                    ? masks[Int(scalar.value)] : (otherMasks.first { $0.0 == scalar }?.1 ?? 0)
                let u = v & mask
                v = (v &+ u) | (v & ~mask)
            }
            let used: UInt64 = word.count == 64 ? .max : (1 << UInt64(word.count)) - 1
            return (~v & used).nonzeroBitCount
        }
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

/// Correspondences that need no dictionary, for one document pair.
enum DictionaryFreeEvidence {
    /// Cognates and identical spellings, weighted by how similar their frequencies are (a word and
    /// its translation occur about as often; `pour`, frequent in French, is not the rare English verb).
    static func cognatePrior(_ source: TokenizedText, _ target: TokenizedText) -> [(source: Int32, target: Int32, weight: Double)] {
        CognateFinder().pairs(source: source.types, target: target.types).map { pair in
            let sourceRate = Double(source.counts[Int(pair.source)]) / Double(max(1, source.tokenCount))
            let targetRate = Double(target.counts[Int(pair.target)]) / Double(max(1, target.tokenCount))
            let agreement = min(sourceRate, targetRate) / max(sourceRate, targetRate)
            return (pair.source, pair.target, pair.weight * agreement)
        }
    }

    /// Sentence pairs equal (after folding, ignoring punctuation the tokenizer drops) to an anchor pair.
    static func anchorPairs(_ anchors: [AnchorPair], _ source: TokenizedText, _ target: TokenizedText) -> [Int: [Int]] {
        guard !anchors.isEmpty else { return [:] }
        func key(_ text: String) -> String {
            var tokens: [String] = []
            TokenizedText.forEachToken(in: text) { tokens.append(TokenizedText.fold($0)) }
            return tokens.joined(separator: " ")
        }
        var targetsByKey: [String: [Int]] = [:]
        for j in target.sentences.indices { targetsByKey[target.key(ofSentence: j), default: []].append(j) }
        var wanted: [String: Set<String>] = [:]
        for anchor in anchors { wanted[key(anchor.source), default: []].insert(key(anchor.target)) }
        var pairs: [Int: [Int]] = [:]
        for i in source.sentences.indices {
            guard let targetKeys = wanted[source.key(ofSentence: i)] else { continue }
            let targets = targetKeys.flatMap { targetsByKey[$0] ?? [] }.sorted()
            if !targets.isEmpty { pairs[i] = targets }
        }
        return pairs
    }
}
