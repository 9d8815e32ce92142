/// Word-translation probabilities τ(target type | source type) for one direction, stored sparsely
/// (one row of `(target, probability)` entries per source type).
///
/// A sentence's tokens are modelled as a mixture: with probability `coverage` (λ) a token is the
/// translation of a word of the other side (IBM Model 1: a uniformly chosen word, then τ), otherwise
/// it comes from the document's unigram background. The table is learned from the document itself.
struct TranslationTable: Sendable {
    private(set) var rowStart: [Int32]
    private(set) var columns: [Int32]
    private(set) var probabilities: [Float]
    /// λ: the share of tokens the table explains.
    var coverage: Double

    /// A table from weighted correspondences, each row normalised to at most 1.
    init(sourceTypes: Int, entries: [(source: Int32, target: Int32, weight: Double)], coverage: Double) {
        var rows = [[(Int32, Float)]](repeating: [], count: sourceTypes)
        var totals = [Double](repeating: 0, count: sourceTypes)
        for entry in entries { totals[Int(entry.source)] += entry.weight }
        for entry in entries where entry.weight > 0 {
            let total = max(1, totals[Int(entry.source)])
            rows[Int(entry.source)].append((entry.target, Float(entry.weight / total)))
        }
        self.init(rows: rows, coverage: coverage)
    }

    init(rows: [[(Int32, Float)]], coverage: Double) {
        var rowStart: [Int32] = [0]
        var columns: [Int32] = []
        var probabilities: [Float] = []
        rowStart.reserveCapacity(rows.count + 1)
        for row in rows {
            for (column, probability) in row {
                columns.append(column)
                probabilities.append(probability)
            }
            rowStart.append(Int32(columns.count))
        }
        self.rowStart = rowStart
        self.columns = columns
        self.probabilities = probabilities
        self.coverage = coverage
    }

    var sourceTypeCount: Int { rowStart.count - 1 }

    /// Adds τ(· | `source`) × `scale` into `accumulator` (indexed by target type), recording new keys.
    @inline(__always)
    func accumulate(row source: Int32, into accumulator: inout [Float], touched: inout [Int32]) {
        let start = Int(rowStart[Int(source)]), end = Int(rowStart[Int(source) + 1])
        for index in start..<end {
            let column = Int(columns[index])
            if accumulator[column] == 0 { touched.append(Int32(column)) }
            accumulator[column] += probabilities[index]
        }
    }
}

/// Learns a ``TranslationTable`` from aligned spans of one document by expectation–maximisation
/// (IBM Model 1 with a unigram background), with dictionary-free correspondences (cognates, anchors)
/// as a Dirichlet prior.
struct ModelOneTrainer: Sendable {
    var iterations = 5
    /// Pseudo-counts given to the prior correspondences.
    var priorStrength = 1.0
    /// Types rarer than this (on either side) learn nothing from co-occurrence, only from the prior:
    /// a pair seen together once would otherwise merely confirm the alignment it was learned from.
    var minimumCount = 2
    /// Entries below this probability are dropped from the learned table.
    var pruneBelow: Float = 0.005

    struct Span: Sendable {
        var source: [Int32]
        var target: [Int32]
    }

    func train(
        spans: [Span], source: TokenizedText, target: TokenizedText,
        prior: [(source: Int32, target: Int32, weight: Double)], initialCoverage: Double
    ) -> TranslationTable {
        var index: [UInt64: Int32] = [:]
        var pairSource: [Int32] = []
        var pairTarget: [Int32] = []
        var priorWeight: [Double] = []
        func pairID(_ s: Int32, _ t: Int32) -> Int32 {
            let key = UInt64(UInt32(s)) << 32 | UInt64(UInt32(t))
            if let id = index[key] { return id }
            let id = Int32(pairSource.count)
            index[key] = id
            pairSource.append(s)
            pairTarget.append(t)
            priorWeight.append(0)
            return id
        }
        for entry in prior { priorWeight[Int(pairID(entry.source, entry.target))] += entry.weight }

        // Every (target token, source token) slot of every span, as pair ids; -1 for slots that learn nothing.
        var slots: [Int32] = []
        var spanOffsets: [Int] = [0]
        for span in spans {
            for t in span.target {
                let targetLearns = target.counts[Int(t)] >= minimumCount
                for s in span.source {
                    let key = UInt64(UInt32(s)) << 32 | UInt64(UInt32(t))
                    if let id = index[key] {
                        slots.append(id)
                    } else if targetLearns && source.counts[Int(s)] >= minimumCount {
                        slots.append(pairID(s, t))
                    } else {
                        slots.append(-1)
                    }
                }
            }
            spanOffsets.append(slots.count)
        }

        // Start uniform over each source type's partners (prior pairs weighted up).
        let pairCount = pairSource.count
        var partners = [Double](repeating: 0, count: source.types.count)
        for id in 0..<pairCount { partners[Int(pairSource[id])] += 1 + priorWeight[id] }
        var tau = (0..<pairCount).map { (1 + priorWeight[$0]) / partners[Int(pairSource[$0])] }
        var coverage = initialCoverage
        var counts = [Double](repeating: 0, count: pairCount)
        var sourceTotals = [Double](repeating: 0, count: source.types.count)

        for _ in 0..<iterations {
            for id in 0..<pairCount { counts[id] = 0 }
            var explained = 0.0, tokens = 0.0
            for (spanIndex, span) in spans.enumerated() where !span.source.isEmpty {
                let width = span.source.count
                let share = coverage / Double(width)
                var slot = spanOffsets[spanIndex]
                for t in span.target {
                    let background = (1 - coverage) * target.unigram(t)
                    var sum = 0.0
                    for offset in 0..<width {
                        let id = slots[slot + offset]
                        if id >= 0 { sum += tau[Int(id)] }
                    }
                    let denominator = background + share * sum
                    if sum > 0 {
                        let factor = share / denominator
                        for offset in 0..<width {
                            let id = slots[slot + offset]
                            if id >= 0 { counts[Int(id)] += tau[Int(id)] * factor }
                        }
                        explained += share * sum / denominator
                    }
                    tokens += 1
                    slot += width
                }
            }
            coverage = min(0.95, max(0.01, explained / max(tokens, 1)))
            for s in 0..<sourceTotals.count { sourceTotals[s] = 0 }
            for id in 0..<pairCount {
                counts[id] += priorStrength * priorWeight[id]
                sourceTotals[Int(pairSource[id])] += counts[id]
            }
            for id in 0..<pairCount {
                let total = sourceTotals[Int(pairSource[id])]
                tau[id] = total > 0 ? counts[id] / total : 0
            }
        }

        var rows = [[(Int32, Float)]](repeating: [], count: source.types.count)
        for id in 0..<pairCount where Float(tau[id]) >= pruneBelow {
            rows[Int(pairSource[id])].append((pairTarget[id], Float(tau[id])))
        }
        return TranslationTable(rows: rows, coverage: coverage)
    }
}
