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
    /// Log-odds added to a bead for each unit pair it holds that outside knowledge vouches for
    /// (memory anchors, glossary terms): source unit → (target unit, log-odds).
    var pairBonuses: [Int: [(target: Int, bonus: Double)]] = [:]
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

    // Prefix sums of Σ log(1 − λ_w) over the tokens: what a sentence pays when nothing explains it.
    private var sourceUnexplained: [Double], targetUnexplained: [Double]
    private let scratch: ScratchSpace
    private var bonuses: [Int: Double] = [:]
    /// log n for the character counts a bead can have.
    private let logarithms: [Double]

    init(model: AlignmentModel, sourceBase: Int, n: Int, targetBase: Int, m: Int, band: Band, maxSide: Int) {
        self.model = model
        let longestSpan = 1 + Int(max(
            (model.source.lengths[sourceBase..<(sourceBase + n)].max() ?? 1),
            (model.target.lengths[targetBase..<(targetBase + m)].max() ?? 1))) * maxSide
        logarithms = (0...min(longestSpan, 1 << 16)).map { log(Double(max($0, 1))) }
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

        // Per token of each sentence: λ_w (left out of the sentence's own training span) and the odds
        // λ_w / (1 − λ_w) / P(w) its entries are scaled by; a bead divides them by its token count.
        var sourceOdds: [[Double]] = [], targetOdds: [[Double]] = []
        var sourceLoss: [Double] = [], targetLoss: [Double] = []
        for i in sourceRange {
            let tokens = source.sentences[i]
            let lambdas = model.backward.coverages(explainedUnit: i, tokens: tokens)
            sourceOdds.append(zip(tokens, lambdas).map { $1 / (1 - $1) / source.unigram($0) })
            sourceLoss.append(lambdas.reduce(0) { $0 + log(1 - $1) })
        }
        for j in targetRange {
            let tokens = target.sentences[j]
            let lambdas = model.forward.coverages(explainedUnit: j, tokens: tokens)
            targetOdds.append(zip(tokens, lambdas).map { $1 / (1 - $1) / target.unigram($0) })
            targetLoss.append(lambdas.reduce(0) { $0 + log(1 - $1) })
        }
        sourceUnexplained = prefix(sourceLoss)
        targetUnexplained = prefix(targetLoss)

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
            model.forward.accumulate(
                unit: sourceBase + i, tokens: source.sentences[sourceBase + i], into: &accumulator, touched: &keys)
            for j in pairLow[i]..<pairHigh[i] {
                if !keys.isEmpty {
                    for (position, t) in target.sentences[targetBase + j].enumerated() where accumulator[Int(t)] > 1e-9 {
                        forwardPosition.append(Int32(position))
                        forwardValue.append(Float(Double(accumulator[Int(t)]) * targetOdds[j][position]))
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
            model.backward.accumulate(
                unit: targetBase + j, tokens: target.sentences[targetBase + j], into: &sourceAccumulator, touched: &keys)
            if !keys.isEmpty {
                for i in columnLow[j]..<columnHigh[j] where j >= pairLow[i] && j < pairHigh[i] {
                    let pair = pairOffset[i] + j - pairLow[i]
                    for (position, s) in source.sentences[sourceBase + i].enumerated() where sourceAccumulator[Int(s)] > 1e-9 {
                        perPair[pair].append((Int32(position), Float(Double(sourceAccumulator[Int(s)]) * sourceOdds[i][position])))
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
        scratch = ScratchSpace(capacity: longest + 1)

        for (i, targets) in model.pairBonuses where sourceRange.contains(i) {
            for (j, bonus) in targets where targetRange.contains(j) {
                if let pair = pairIndex(i - sourceBase, j - targetBase) { bonuses[pair, default: 0] += bonus }
            }
        }
    }

    /// log max(value, 1) for a whole number of characters, from a table when it is in range.
    @inline(__always)
    private func logarithm(_ value: Double) -> Double {
        let index = Int(value)
        return index < logarithms.count ? logarithms[max(index, 1)] : log(value)
    }

    @inline(__always)
    private func pairIndex(_ i: Int, _ j: Int) -> Int? {
        guard j >= pairLow[i], j < pairHigh[i] else { return nil }
        return pairOffset[i] + j - pairLow[i]
    }

    /// Σ over the tokens of the `outer` units of log(1 + scale · Σ over the `inner` units of their
    /// entries), forward (outer = target units) or backward (outer = source units).
    @inline(__always)
    private func gainLog(outer: Range<Int>, inner: Range<Int>, scale: Double, targetMajor: Bool) -> Double {
        if targetMajor {
            return forwardStart.withUnsafeBufferPointer { starts in
                forwardPosition.withUnsafeBufferPointer { positions in
                    forwardValue.withUnsafeBufferPointer { values in
                        gainLog(outer: outer, inner: inner, scale: scale, targetMajor: true, starts, positions, values)
                    }
                }
            }
        }
        return backwardStart.withUnsafeBufferPointer { starts in
            backwardPosition.withUnsafeBufferPointer { positions in
                backwardValue.withUnsafeBufferPointer { values in
                    gainLog(outer: outer, inner: inner, scale: scale, targetMajor: false, starts, positions, values)
                }
            }
        }
    }

    @inline(__always)
    private func gainLog(
        outer: Range<Int>, inner: Range<Int>, scale: Double, targetMajor: Bool,
        _ starts: UnsafeBufferPointer<Int32>, _ positions: UnsafeBufferPointer<Int32>, _ values: UnsafeBufferPointer<Float>
    ) -> Double {
        var total = 0.0
        var product = 1.0
        if inner.count == 1 {
            // One unit explains: every token has at most one entry, no merging needed.
            let k = inner.lowerBound
            for o in outer {
                guard let pair = targetMajor ? pairIndex(k, o) : pairIndex(o, k) else { continue }
                for entry in Int(starts[pair])..<Int(starts[pair + 1]) {
                    product *= 1 + scale * Double(values[entry])
                    if product > 1e100 {
                        total += log(product)
                        product = 1
                    }
                }
            }
            return total + log(product)
        }
        // Several units explain: merge their entries per token first.
        let sums = scratch.sums, keys = scratch.keys
        for o in outer {
            var keyCount = 0
            for k in inner {
                guard let pair = targetMajor ? pairIndex(k, o) : pairIndex(o, k) else { continue }
                for entry in Int(starts[pair])..<Int(starts[pair + 1]) {
                    let position = Int(positions[entry])
                    if sums[position] == 0 {
                        keys[keyCount] = Int32(position)
                        keyCount += 1
                    }
                    sums[position] += Double(values[entry])
                }
            }
            for index in 0..<keyCount {
                let position = Int(keys[index])
                product *= 1 + scale * sums[position]
                if product > 1e100 {
                    total += log(product)
                    product = 1
                }
                sums[position] = 0
            }
        }
        return total + log(product)
    }

    /// The lexical and length evidence (log-likelihood ratio against all sentences unaligned) that
    /// source sentences `i0..<i1` and target sentences `j0..<j1` (block coordinates) translate each other.
    func evidence(_ i0: Int, _ i1: Int, _ j0: Int, _ j1: Int) -> Double {
        let x = sourceChars[i1] - sourceChars[i0], y = targetChars[j1] - targetChars[j0]
        let logX = logarithm(x), logY = logarithm(y)
        let lengthEvidence = 0.5 * (
            model.length.targetGivenSource(
                x: x, y: y, logX: logX, logY: logY, targetParts: j1 - j0,
                targetMarginal: targetMarginal[j1] - targetMarginal[j0])
            + model.length.sourceGivenTarget(
                x: x, y: y, logX: logX, logY: logY, sourceParts: i1 - i0,
                sourceMarginal: sourceMarginal[i1] - sourceMarginal[i0]))

        // Target given source: each target token is a translation of one of the source tokens or
        // background; the evidence is Σ log(1 + Σ_i value / N_S) over the tokens some source explains.
        let forwardScale = 1 / Double(max(1, sourceTokens[i1] - sourceTokens[i0]))
        let forward = targetUnexplained[j1] - targetUnexplained[j0]
            + gainLog(outer: j0..<j1, inner: i0..<i1, scale: forwardScale, targetMajor: true)
        let backwardScale = 1 / Double(max(1, targetTokens[j1] - targetTokens[j0]))
        let backward = sourceUnexplained[i1] - sourceUnexplained[i0]
            + gainLog(outer: i0..<i1, inner: j0..<j1, scale: backwardScale, targetMajor: false)
        var bonus = 0.0
        if !bonuses.isEmpty {
            for i in i0..<i1 {
                for j in j0..<j1 {
                    if let pair = pairIndex(i, j), let value = bonuses[pair] { bonus += value }
                }
            }
        }
        return lengthEvidence + 0.5 * (forward + backward) + bonus
    }
}

/// Reusable zeroed buffers for merging entries, one per scorer.
private final class ScratchSpace {
    /// Per token position: a running sum, zero when unused.
    let sums: UnsafeMutableBufferPointer<Double>
    /// The positions in use.
    let keys: UnsafeMutableBufferPointer<Int32>

    init(capacity: Int) {
        sums = .allocate(capacity: capacity)
        sums.initialize(repeating: 0)
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0)
    }

    deinit {
        sums.deallocate()
        keys.deallocate()
    }
}
