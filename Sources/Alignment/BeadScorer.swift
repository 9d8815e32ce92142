import Foundation

/// The shape of a bead: how many source and target sentences it holds.
public struct BeadShape: Hashable, Sendable, CustomStringConvertible {
    public var source: Int
    public var target: Int
    public init(_ source: Int, _ target: Int) {
        self.source = source
        self.target = target
    }
    public var description: String { "\(source)-\(target)" }
    var isNull: Bool { source == 0 || target == 0 }
}

/// Everything a bead's score depends on that is fixed for one document: the two tokenized texts,
/// the length model, the translation tables in both directions and the bead-shape priors.
struct AlignmentModel: Sendable {
    var source: TokenizedText
    var target: TokenizedText
    var length: LengthModel
    /// τ(target | source).
    var forward: TranslationTable
    /// τ(source | target).
    var backward: TranslationTable
    /// log prior of each allowed bead shape.
    var shapes: [(shape: BeadShape, logPrior: Double)]
    /// Unit pairs known to be translations (from the memory): source unit → target units.
    var anchors: [Int: [Int]] = [:]
    /// Log-odds added to a bead for each anchor pair it holds.
    var anchorBonus = 10.0
}

/// Scores beads inside one block of the lattice (source sentences `sourceBase..<sourceBase+n`,
/// target sentences `targetBase..<targetBase+m`) for the cells of a band.
///
/// Lexical evidence between every source and target sentence the band lets meet is computed once up
/// front; a bead's score then only sums small per-pair lists.
struct BeadScorer {
    let model: AlignmentModel
    let sourceBase: Int, targetBase: Int
    let n: Int, m: Int

    // Prefix sums over the block's sentences.
    private var sourceChars: [Double], targetChars: [Double]
    private var sourceMarginal: [Double], targetMarginal: [Double]
    private var sourceTokens: [Int], targetTokens: [Int]

    // Pairs the band lets meet: for source sentence i, target sentences pairLow[i]..<pairHigh[i].
    private var pairLow: [Int], pairHigh: [Int], pairOffset: [Int]
    // Per pair, entries (token position, Σ τ / background) in both directions (CSR).
    private var forwardStart: [Int32], forwardPosition: [Int32], forwardValue: [Float]
    private var backwardStart: [Int32], backwardPosition: [Int32], backwardValue: [Float]

    private let forwardOdds: Double, backwardOdds: Double
    private let forwardBase: Double, backwardBase: Double
    private var scratch: [Double]
    private var touched: [Int32]
    private var anchored: Set<Int> = []

    init(model: AlignmentModel, sourceBase: Int, n: Int, targetBase: Int, m: Int, band: Band, maxSide: Int) {
        self.model = model
        self.sourceBase = sourceBase
        self.targetBase = targetBase
        self.n = n
        self.m = m
        func prefix(_ values: some Sequence<Double>) -> [Double] {
            var sums = [0.0]
            for value in values { sums.append(sums.last! + value) }
            return sums
        }
        let source = model.source, target = model.target
        let sourceRange = sourceBase..<(sourceBase + n), targetRange = targetBase..<(targetBase + m)
        sourceChars = prefix(source.lengths[sourceRange])
        targetChars = prefix(target.lengths[targetRange])
        sourceMarginal = prefix(source.lengths[sourceRange].map { model.length.sourceLengths.logDensity($0) })
        targetMarginal = prefix(target.lengths[targetRange].map { model.length.targetLengths.logDensity($0) })
        sourceTokens = [0]
        for i in sourceRange { sourceTokens.append(sourceTokens.last! + source.sentences[i].count) }
        targetTokens = [0]
        for j in targetRange { targetTokens.append(targetTokens.last! + target.sentences[j].count) }

        let lambda = model.forward.coverage, mu = model.backward.coverage
        forwardOdds = lambda / (1 - lambda)
        backwardOdds = mu / (1 - mu)
        forwardBase = log(1 - lambda)
        backwardBase = log(1 - mu)

        // Which sentence pairs can share a bead.
        pairLow = []
        pairHigh = []
        pairOffset = [0]
        for i in 0..<max(n, 0) {
            let low = max(0, band.low[max(0, i - maxSide)] - 0)
            let high = min(m, band.high[min(n, i + maxSide)])
            pairLow.append(low)
            pairHigh.append(max(low, high))
            pairOffset.append(pairOffset.last! + max(0, high - low))
        }
        let pairCount = pairOffset.last!

        // Forward: target tokens explained by each source sentence.
        var accumulator = [Float](repeating: 0, count: target.types.count)
        var keys: [Int32] = []
        forwardStart = [0]
        forwardPosition = []
        forwardValue = []
        forwardStart.reserveCapacity(pairCount + 1)
        for i in 0..<n {
            for s in source.sentences[sourceBase + i] {
                model.forward.accumulate(row: s, into: &accumulator, touched: &keys)
            }
            for j in pairLow[i]..<pairHigh[i] {
                if !keys.isEmpty {
                    for (position, t) in target.sentences[targetBase + j].enumerated() where accumulator[Int(t)] > 0 {
                        forwardPosition.append(Int32(position))
                        forwardValue.append(Float(Double(accumulator[Int(t)]) / target.unigram(t)))
                    }
                }
                forwardStart.append(Int32(forwardPosition.count))
            }
            for key in keys { accumulator[Int(key)] = 0 }
            keys.removeAll(keepingCapacity: true)
        }

        // Backward: source tokens explained by each target sentence, visited target-major.
        var columnLow = [Int](repeating: n, count: m), columnHigh = [Int](repeating: 0, count: m)
        for i in 0..<n {
            for j in pairLow[i]..<pairHigh[i] {
                columnLow[j] = min(columnLow[j], i)
                columnHigh[j] = max(columnHigh[j], i + 1)
            }
        }
        var perPair = [[(Int32, Float)]](repeating: [], count: pairCount)
        var sourceAccumulator = [Float](repeating: 0, count: source.types.count)
        for j in 0..<m where columnLow[j] < columnHigh[j] {
            for t in target.sentences[targetBase + j] {
                model.backward.accumulate(row: t, into: &sourceAccumulator, touched: &keys)
            }
            if !keys.isEmpty {
                for i in columnLow[j]..<columnHigh[j] where j >= pairLow[i] && j < pairHigh[i] {
                    let pair = pairOffset[i] + j - pairLow[i]
                    for (position, s) in source.sentences[sourceBase + i].enumerated() where sourceAccumulator[Int(s)] > 0 {
                        perPair[pair].append((Int32(position), Float(Double(sourceAccumulator[Int(s)]) / source.unigram(s))))
                    }
                }
            }
            for key in keys { sourceAccumulator[Int(key)] = 0 }
            keys.removeAll(keepingCapacity: true)
        }
        backwardStart = [0]
        backwardPosition = []
        backwardValue = []
        for entries in perPair {
            for (position, value) in entries {
                backwardPosition.append(position)
                backwardValue.append(value)
            }
            backwardStart.append(Int32(backwardPosition.count))
        }

        let longest = max(
            source.sentences[sourceRange].map(\.count).max() ?? 0,
            target.sentences[targetRange].map(\.count).max() ?? 0)
        scratch = [Double](repeating: 0, count: longest + 1)
        touched = []

        for (i, targets) in model.anchors where sourceRange.contains(i) {
            for j in targets where targetRange.contains(j) {
                if let pair = pairIndex(i - sourceBase, j - targetBase) { anchored.insert(pair) }
            }
        }
    }

    @inline(__always)
    private func pairIndex(_ i: Int, _ j: Int) -> Int? {
        guard j >= pairLow[i], j < pairHigh[i] else { return nil }
        return pairOffset[i] + j - pairLow[i]
    }

    /// The lexical and length evidence (log-likelihood ratio against all sentences unaligned) that
    /// source sentences `i0..<i1` and target sentences `j0..<j1` (block coordinates) translate each other.
    mutating func evidence(_ i0: Int, _ i1: Int, _ j0: Int, _ j1: Int) -> Double {
        let x = sourceChars[i1] - sourceChars[i0], y = targetChars[j1] - targetChars[j0]
        let lengthEvidence = 0.5 * (
            model.length.targetGivenSource(
                x: x, y: y, targetParts: j1 - j0, targetMarginal: targetMarginal[j1] - targetMarginal[j0])
            + model.length.sourceGivenTarget(
                x: x, y: y, sourceParts: i1 - i0, sourceMarginal: sourceMarginal[i1] - sourceMarginal[i0]))

        // Target given source: each target token is a translation of one of the source tokens or background.
        let sourceTokenCount = Double(max(1, sourceTokens[i1] - sourceTokens[i0]))
        var forward = forwardBase * Double(targetTokens[j1] - targetTokens[j0])
        let forwardScale = forwardOdds / sourceTokenCount
        for j in j0..<j1 {
            for i in i0..<i1 {
                guard let pair = pairIndex(i, j) else { continue }
                for entry in Int(forwardStart[pair])..<Int(forwardStart[pair + 1]) {
                    let position = Int(forwardPosition[entry])
                    if scratch[position] == 0 { touched.append(Int32(position)) }
                    scratch[position] += Double(forwardValue[entry])
                }
            }
            for position in touched {
                forward += log1p(forwardScale * scratch[Int(position)])
                scratch[Int(position)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }

        let targetTokenCount = Double(max(1, targetTokens[j1] - targetTokens[j0]))
        var backward = backwardBase * Double(sourceTokens[i1] - sourceTokens[i0])
        let backwardScale = backwardOdds / targetTokenCount
        for i in i0..<i1 {
            for j in j0..<j1 {
                guard let pair = pairIndex(i, j) else { continue }
                for entry in Int(backwardStart[pair])..<Int(backwardStart[pair + 1]) {
                    let position = Int(backwardPosition[entry])
                    if scratch[position] == 0 { touched.append(Int32(position)) }
                    scratch[position] += Double(backwardValue[entry])
                }
            }
            for position in touched {
                backward += log1p(backwardScale * scratch[Int(position)])
                scratch[Int(position)] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        var bonus = 0.0
        if !anchored.isEmpty {
            for i in i0..<i1 {
                for j in j0..<j1 {
                    if let pair = pairIndex(i, j), anchored.contains(pair) { bonus += model.anchorBonus }
                }
            }
        }
        return lengthEvidence + 0.5 * (forward + backward) + bonus
    }
}
