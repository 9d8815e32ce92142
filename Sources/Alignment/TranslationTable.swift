/// Word-translation probabilities τ(explained type | conditioning type) for one direction, stored
/// sparsely (one row of `(type, probability)` entries per conditioning type).
///
/// A sentence's tokens are modelled as a mixture: a token of type `w` is, with probability
/// `coverage[w]` (λ_w), the translation of a word of the other side (IBM Model 1: a uniformly chosen
/// word, then τ), otherwise it comes from the document's unigram background. The per-type share
/// matters: a name or a number that is almost always translated by itself (λ_w near 1) is strong
/// evidence *against* a pairing when its counterpart is missing; a word that never is (λ_w = 0) is
/// no evidence either way. The table is learned from the document itself.
struct TranslationTable: Sendable {
    private(set) var rowStart: [Int32]
    private(set) var columns: [Int32]
    private(set) var probabilities: [Float]
    /// λ_w for every type of the explained side.
    var coverage: [Double]
    /// What each training span contributed, to score a unit without the span it was learned from.
    var holdout: Holdout?

    /// A table from weighted correspondences, each row normalised to at most 1; a type that some
    /// correspondence can explain gets `coverage` times its best weight, the others 0.
    init(
        conditioningTypes: Int, explainedTypes: Int,
        entries: [(conditioning: Int32, explained: Int32, weight: Double)], coverage: Double
    ) {
        var rows = [[(Int32, Float)]](repeating: [], count: conditioningTypes)
        var totals = [Double](repeating: 0, count: conditioningTypes)
        var explained = [Double](repeating: 0, count: explainedTypes)
        for entry in entries { totals[Int(entry.conditioning)] += entry.weight }
        for entry in entries where entry.weight > 0 {
            let total = max(1, totals[Int(entry.conditioning)])
            rows[Int(entry.conditioning)].append((entry.explained, Float(entry.weight / total)))
            explained[Int(entry.explained)] = max(explained[Int(entry.explained)], coverage * min(1, entry.weight))
        }
        for index in rows.indices { rows[index].sort { $0.0 < $1.0 } }
        self.init(rows: rows, coverage: explained)
    }

    /// A table from pair-wise probabilities, keeping those of at least `threshold`.
    init(
        rowOf: [Int32], columnOf: [Int32], probabilities: [Double], keepingAtLeast threshold: Float,
        rowCount: Int, coverage: [Double]
    ) {
        var rowStart = [Int32](repeating: 0, count: rowCount + 1)
        for id in probabilities.indices where Float(probabilities[id]) >= threshold { rowStart[Int(rowOf[id]) + 1] += 1 }
        for row in 0..<rowCount { rowStart[row + 1] += rowStart[row] }
        var fill = rowStart
        // Entries packed as (column, probability bits) so that a plain sort orders each row by column.
        var packed = [UInt64](repeating: 0, count: Int(rowStart[rowCount]))
        for id in probabilities.indices where Float(probabilities[id]) >= threshold {
            let row = Int(rowOf[id])
            packed[Int(fill[row])] = UInt64(UInt32(columnOf[id])) << 32 | UInt64(Float(probabilities[id]).bitPattern)
            fill[row] += 1
        }
        packed.withUnsafeMutableBufferPointer { packed in
            for row in 0..<rowCount where rowStart[row + 1] - rowStart[row] > 1 {
                var segment = UnsafeMutableBufferPointer(rebasing: packed[Int(rowStart[row])..<Int(rowStart[row + 1])])
                segment.sort()
            }
        }
        self.rowStart = rowStart
        self.columns = packed.map { Int32(truncatingIfNeeded: $0 >> 32) }
        self.probabilities = packed.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) }
        self.coverage = coverage
    }

    /// A table from rows sorted by explained type.
    init(rows: [[(Int32, Float)]], coverage: [Double]) {
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

    /// τ(`explained` | `conditioning`), or nil when the table has no such entry.
    func probability(_ explained: Int32, given conditioning: Int32) -> Float? {
        var low = Int(rowStart[Int(conditioning)]), high = Int(rowStart[Int(conditioning) + 1])
        let end = high
        while low < high {
            let middle = (low + high) / 2
            if columns[middle] < explained { low = middle + 1 } else { high = middle }
        }
        return low < end && columns[low] == explained ? probabilities[low] : nil
    }

    /// Adds τ(· | `conditioning`) × `scale` into `accumulator` (indexed by explained type), recording new keys.
    @inline(__always)
    func accumulate(row conditioning: Int32, scale: Float = 1, into accumulator: inout [Float], touched: inout [Int32]) {
        let start = Int(rowStart[Int(conditioning)]), end = Int(rowStart[Int(conditioning) + 1])
        for index in start..<end {
            let column = Int(columns[index])
            if accumulator[column] == 0 { touched.append(Int32(column)) }
            accumulator[column] += probabilities[index] * scale
        }
    }

    /// Adds Σ τ(· | s) over the tokens `s` of conditioning unit `unit` into `accumulator`, leaving out
    /// what the span the unit was learned in contributed (see ``Holdout``).
    func accumulate(unit: Int, tokens: [Int32], into accumulator: inout [Float], touched: inout [Int32]) {
        guard let holdout, let span = holdout.span(ofConditioningUnit: unit) else {
            for s in tokens { accumulate(row: s, into: &accumulator, touched: &touched) }
            return
        }
        for s in tokens {
            guard let group = holdout.contributionGroup(of: s, in: span) else {
                accumulate(row: s, into: &accumulator, touched: &touched)
                continue
            }
            let denominator = holdout.denominators[Int(s)]
            let reduced = denominator - holdout.groupTotals[group]
            // Everything this type knows came from the span itself: it is no evidence here.
            guard reduced > 0.01 * denominator, reduced > 1e-3 else { continue }
            accumulate(row: s, scale: denominator / reduced, into: &accumulator, touched: &touched)
            for entry in Int(holdout.groupStart[group])..<Int(holdout.groupStart[group + 1]) {
                let w = Int(holdout.contributionTypes[entry])
                accumulator[w] = max(0, accumulator[w] - holdout.contributionValues[entry] / reduced)
            }
        }
    }

    /// λ_w for the tokens of explained unit `unit`, leaving out the span the unit was learned in.
    func coverages(explainedUnit unit: Int, tokens: [Int32]) -> [Double] {
        guard let holdout, let span = holdout.span(ofExplainedUnit: unit) else {
            return tokens.map { coverage[Int($0)] }
        }
        return tokens.map { w in
            guard let (mass, seen) = holdout.explainedMass(of: w, in: span) else { return coverage[Int(w)] }
            let explained = max(0, Double(holdout.explainedTotals[Int(w)] - mass))
            let occurrences = max(0, Double(holdout.occurrenceTotals[Int(w)] - seen))
            let smoothed = (explained + holdout.smoothing * holdout.meanCoverage) / (occurrences + holdout.smoothing)
            return min(holdout.maximumCoverage, max(0.001, smoothed))
        }
    }

    /// Leave-one-span-out. A table learned from an alignment would otherwise confirm that alignment's
    /// own mistakes (two unrelated sentences paired once look like translations of each other), so a
    /// unit is scored with τ₋ᵦ(w | s) = (n(w, s) − r_b(w, s)) / (N(s) − R_b(s)), where r_b are the
    /// expected counts its span b gave in the last expectation step; coverage likewise.
    struct Holdout: Sendable {
        /// N(s): the denominator of every row.
        var denominators: [Float]
        /// The span each unit was learned in (-1: none), for both sides.
        var spanOfConditioningUnit: [Int32]
        var spanOfExplainedUnit: [Int32]
        /// Per span, its conditioning types (ascending) each with a group of contributions
        /// `(explained type, min(r_b, kept τ · N))`, and their total R_b.
        var spanGroupStart: [Int32] = [0]
        var groupTypes: [Int32] = []
        var groupTotals: [Float] = []
        var groupStart: [Int32] = [0]
        var contributionTypes: [Int32] = []
        var contributionValues: [Float] = []
        /// Per span, its explained types (ascending) with their explained mass and occurrences.
        var spanMassStart: [Int32] = [0]
        var massTypes: [Int32] = []
        var masses: [Float] = []
        var massOccurrences: [Float] = []
        var explainedTotals: [Float], occurrenceTotals: [Float]
        var meanCoverage: Double, smoothing: Double, maximumCoverage: Double

        func span(ofConditioningUnit unit: Int) -> Int? {
            unit < spanOfConditioningUnit.count && spanOfConditioningUnit[unit] >= 0 ? Int(spanOfConditioningUnit[unit]) : nil
        }

        func span(ofExplainedUnit unit: Int) -> Int? {
            unit < spanOfExplainedUnit.count && spanOfExplainedUnit[unit] >= 0 ? Int(spanOfExplainedUnit[unit]) : nil
        }

        /// The group of contributions of conditioning type `s` in `span`.
        @inline(__always)
        func contributionGroup(of s: Int32, in span: Int) -> Int? {
            Self.find(s, in: groupTypes, from: Int(spanGroupStart[span]), to: Int(spanGroupStart[span + 1]))
        }

        /// Explained mass and occurrences of type `w` in `span`.
        func explainedMass(of w: Int32, in span: Int) -> (Float, Float)? {
            guard let index = Self.find(w, in: massTypes, from: Int(spanMassStart[span]), to: Int(spanMassStart[span + 1]))
            else { return nil }
            return (masses[index], massOccurrences[index])
        }

        @inline(__always)
        private static func find(_ value: Int32, in sorted: [Int32], from: Int, to: Int) -> Int? {
            var low = from, high = to
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low < to && sorted[low] == value ? low : nil
        }
    }
}

/// Learns ``TranslationTable``s in both directions from aligned spans of one document by
/// expectation–maximisation (IBM Model 1 with a unigram background and per-type coverage), with
/// dictionary-free correspondences (cognates, glossary terms) as a Dirichlet prior.
struct ModelOneTrainer: Sendable {
    var iterations = 5
    /// Pseudo-counts given to the prior correspondences.
    var priorStrength = 1.0
    /// Pseudo-occurrences pulling each type's coverage towards the document's mean.
    var coverageSmoothing = 2.0
    /// Types rarer than this (on either side) learn nothing from co-occurrence, only from the prior:
    /// with leave-one-span-out scoring a type seen once could not be evidence anyway.
    var minimumCount = 2
    /// Entries below this probability are dropped from the learned table.
    var pruneBelow: Float = 0.005
    /// Highest coverage a type may get (a translation can always paraphrase).
    var maximumCoverage = 0.9

    /// Aligned units, as the tokens of both sides.
    struct Span: Sendable {
        var source: [Int32]
        var target: [Int32]
    }

    /// The (source type, target type) pairs that co-occur in the spans or have a prior, and every
    /// (target token, source token) slot of every span as a pair id (-1: a slot that learns nothing),
    /// stored target-major (`slots`) and source-major (`transposed`).
    private struct Pairs {
        var source: [Int32] = []
        var target: [Int32] = []
        var prior: [Double] = []
        var slots: [Int32] = []
        var transposed: [Int32] = []
        var offsets: [Int] = [0]
    }

    /// - Parameters:
    ///   - sourceSpanOfUnit: for every source unit, the span it belongs to (-1: none); likewise `targetSpanOfUnit`.
    ///   - initialCoverage: λ per type to start from, for the target side then the source side.
    /// - Returns: τ(target | source) and τ(source | target).
    func train(
        spans: [Span], source: TokenizedText, target: TokenizedText,
        sourceSpanOfUnit: [Int32], targetSpanOfUnit: [Int32],
        prior: [(source: Int32, target: Int32, weight: Double)],
        initialCoverage: (target: [Double], source: [Double]),
        warmStart previous: (forward: TranslationTable, backward: TranslationTable)? = nil
    ) -> (forward: TranslationTable, backward: TranslationTable) {
        var pairs = Pairs()
        let slotCount = spans.reduce(0) { $0 + $1.source.count * $1.target.count }
        var index = PairIndex(capacity: prior.count + slotCount / 2)
        func key(_ s: Int32, _ t: Int32) -> UInt64 { UInt64(UInt32(s)) << 32 | UInt64(UInt32(t)) }
        for entry in prior {
            let k = key(entry.source, entry.target)
            if let id = index[k] {
                pairs.prior[Int(id)] += entry.weight
            } else {
                index.insert(k, Int32(pairs.source.count))
                pairs.source.append(entry.source)
                pairs.target.append(entry.target)
                pairs.prior.append(entry.weight)
            }
        }
        let sourceLearns = source.counts.map { $0 >= minimumCount }
        let targetLearns = target.counts.map { $0 >= minimumCount }
        pairs.slots.reserveCapacity(slotCount)
        for span in spans {
            for t in span.target {
                let learns = targetLearns[Int(t)]
                for s in span.source {
                    let k = key(s, t)
                    if let id = index[k] {
                        pairs.slots.append(id)
                    } else if learns && sourceLearns[Int(s)] {
                        let id = Int32(pairs.source.count)
                        index.insert(k, id)
                        pairs.source.append(s)
                        pairs.target.append(t)
                        pairs.prior.append(0)
                        pairs.slots.append(id)
                    } else {
                        pairs.slots.append(-1)
                    }
                }
            }
            pairs.offsets.append(pairs.slots.count)
        }
        pairs.transposed = [Int32](repeating: -1, count: pairs.slots.count)
        for (spanIndex, span) in spans.enumerated() {
            let base = pairs.offsets[spanIndex], width = span.source.count, height = span.target.count
            for k in 0..<height {
                for l in 0..<width { pairs.transposed[base + l * height + k] = pairs.slots[base + k * width + l] }
            }
        }
        let forward = em(
            pairs, spans: spans, forward: true, conditioning: source, explained: target,
            spanOfConditioningUnit: sourceSpanOfUnit, spanOfExplainedUnit: targetSpanOfUnit,
            initialCoverage: initialCoverage.target, warmStart: previous?.forward)
        let backward = em(
            pairs, spans: spans, forward: false, conditioning: target, explained: source,
            spanOfConditioningUnit: targetSpanOfUnit, spanOfExplainedUnit: sourceSpanOfUnit,
            initialCoverage: initialCoverage.source, warmStart: previous?.backward)
        return (forward, backward)
    }

    /// One expectation step over all spans (explained-major slots): accumulates expected pair counts,
    /// explained mass and occurrences per explained type; on the last step also what each slot and
    /// each explained token got. Raw buffers: this loop is most of the training time.
    private static func expectation(
        slots: [Int32], widths: [Int], explainedOffsets: [Int], explainedTokens: [Int32],
        tau: [Double], coverage: [Double], background: [Double],
        counts: inout [Double], explainedMass: inout [Double], occurrences: inout [Double],
        responsibilities: inout [Float], masses: inout [Float], record: Bool
    ) {
        slots.withUnsafeBufferPointer { slots in
        tau.withUnsafeBufferPointer { tau in
        coverage.withUnsafeBufferPointer { coverage in
        background.withUnsafeBufferPointer { background in
        explainedTokens.withUnsafeBufferPointer { explainedTokens in
        counts.withUnsafeMutableBufferPointer { counts in
        explainedMass.withUnsafeMutableBufferPointer { explainedMass in
        occurrences.withUnsafeMutableBufferPointer { occurrences in
        responsibilities.withUnsafeMutableBufferPointer { responsibilities in
        masses.withUnsafeMutableBufferPointer { masses in
            var slot = 0
            for spanIndex in 0..<widths.count {
                let width = widths[spanIndex]
                for position in explainedOffsets[spanIndex]..<explainedOffsets[spanIndex + 1] {
                    defer { slot += width }
                    let w = Int(explainedTokens[position])
                    occurrences[w] += 1
                    guard width > 0 else { continue }
                    let lambda = coverage[w]
                    let share = lambda / Double(width)
                    var sum = 0.0
                    for other in slot..<(slot + width) {
                        let id = slots[other]
                        if id >= 0 { sum += tau[Int(id)] }
                    }
                    guard sum > 0 else { continue }
                    let denominator = (1 - lambda) * background[w] + share * sum
                    let factor = share / denominator
                    for other in slot..<(slot + width) {
                        let id = slots[other]
                        guard id >= 0 else { continue }
                        let responsibility = tau[Int(id)] * factor
                        counts[Int(id)] += responsibility
                        if record { responsibilities[other] = Float(responsibility) }
                    }
                    let mass = share * sum / denominator
                    explainedMass[w] += mass
                    if record { masses[position] = Float(mass) }
                }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
        }
    }

    /// Model 1 in one direction: `forward` explains target tokens by source tokens.
    private func em(
        _ pairs: Pairs, spans: [Span], forward: Bool, conditioning: TokenizedText, explained: TokenizedText,
        spanOfConditioningUnit: [Int32], spanOfExplainedUnit: [Int32], initialCoverage: [Double],
        warmStart previous: TranslationTable?
    ) -> TranslationTable {
        let rowOf = forward ? pairs.source : pairs.target
        let columnOf = forward ? pairs.target : pairs.source
        // Explained-major slots: for each explained token, its conditioning tokens are contiguous.
        let slots = forward ? pairs.slots : pairs.transposed
        let pairCount = rowOf.count

        // Start uniform over each conditioning type's partners (prior pairs weighted up).
        var partners = [Double](repeating: 0, count: conditioning.types.count)
        for id in 0..<pairCount { partners[Int(rowOf[id])] += 1 + pairs.prior[id] }
        var tau = (0..<pairCount).map { (1 + pairs.prior[$0]) / partners[Int(rowOf[$0])] }
        let meanStart = initialCoverage.reduce(0, +) / Double(max(1, initialCoverage.count))
        var coverage = initialCoverage.map { max($0, meanStart) }
        var iterations = self.iterations
        if let previous, previous.holdout != nil {
            // Continue from a table learned on an earlier alignment: fewer steps are needed.
            var totals = [Double](repeating: 0, count: conditioning.types.count)
            for id in 0..<pairCount {
                tau[id] = Double(previous.probability(columnOf[id], given: rowOf[id]) ?? 0) + 0.01 * tau[id]
                totals[Int(rowOf[id])] += tau[id]
            }
            for id in 0..<pairCount where totals[Int(rowOf[id])] > 0 { tau[id] /= totals[Int(rowOf[id])] }
            coverage = initialCoverage
            iterations = max(1, iterations - 2)
        }
        let background = (0..<explained.types.count).map { explained.unigram(Int32($0)) }
        var counts = [Double](repeating: 0, count: pairCount)
        var rowTotals = [Double](repeating: 0, count: conditioning.types.count)
        var explainedMass = [Double](repeating: 0, count: explained.types.count)
        var occurrences = [Double](repeating: 0, count: explained.types.count)
        var responsibilities = [Float](repeating: 0, count: slots.count)
        var explainedOffsets = [0]
        for span in spans { explainedOffsets.append(explainedOffsets.last! + (forward ? span.target.count : span.source.count)) }
        var masses = [Float](repeating: 0, count: explainedOffsets.last!)
        let explainedFlat = spans.flatMap { forward ? $0.target : $0.source }
        let widths = spans.map { forward ? $0.source.count : $0.target.count }
        var mean = 0.0

        for iteration in 0..<iterations {
            let last = iteration == iterations - 1
            for id in 0..<pairCount { counts[id] = 0 }
            for w in 0..<explainedMass.count { explainedMass[w] = 0; occurrences[w] = 0 }
            Self.expectation(
                slots: slots, widths: widths, explainedOffsets: explainedOffsets, explainedTokens: explainedFlat,
                tau: tau, coverage: coverage, background: background,
                counts: &counts, explainedMass: &explainedMass, occurrences: &occurrences,
                responsibilities: &responsibilities, masses: &masses, record: last)
            mean = explainedMass.reduce(0, +) / max(1, occurrences.reduce(0, +))
            for w in 0..<coverage.count {
                let smoothed = (explainedMass[w] + coverageSmoothing * mean) / (occurrences[w] + coverageSmoothing)
                coverage[w] = min(maximumCoverage, max(0.001, smoothed))
            }
            Self.maximisation(
                counts: &counts, prior: pairs.prior, priorStrength: priorStrength, rowOf: rowOf,
                rowTotals: &rowTotals, tau: &tau)
        }

        let table = TranslationTable(
            rowOf: rowOf, columnOf: columnOf, probabilities: tau, keepingAtLeast: pruneBelow,
            rowCount: conditioning.types.count, coverage: coverage)
        var tableWithHoldout = table

        // What each span gave, grouped by conditioning type, for leave-one-span-out scoring.
        var holdout = TranslationTable.Holdout(
            denominators: rowTotals.map(Float.init),
            spanOfConditioningUnit: spanOfConditioningUnit, spanOfExplainedUnit: spanOfExplainedUnit,
            explainedTotals: explainedMass.map(Float.init), occurrenceTotals: occurrences.map(Float.init),
            meanCoverage: mean, smoothing: coverageSmoothing, maximumCoverage: maximumCoverage)
        var scratch = [Float](repeating: 0, count: explained.types.count)
        var touched: [Int32] = []
        var seenCounts = [Float](repeating: 0, count: explained.types.count)
        for (spanIndex, span) in spans.enumerated() {
            let conditioningTokens = forward ? span.source : span.target
            let explainedTokens = forward ? span.target : span.source
            let width = conditioningTokens.count
            let base = pairs.offsets[spanIndex]
            // Conditioning positions grouped by type (ascending).
            let positions = conditioningTokens.enumerated().map { UInt64(UInt32($1)) << 32 | UInt64($0) }.sorted()
            var cursor = 0
            while cursor < positions.count {
                let s = Int32(truncatingIfNeeded: positions[cursor] >> 32)
                var total: Float = 0
                while cursor < positions.count && Int32(truncatingIfNeeded: positions[cursor] >> 32) == s {
                    let l = Int(positions[cursor] & 0xFFFF_FFFF)
                    cursor += 1
                    for (k, w) in explainedTokens.enumerated() {
                        let value = responsibilities[base + k * width + l]
                        guard value > 0 else { continue }
                        if scratch[Int(w)] == 0 { touched.append(w) }
                        scratch[Int(w)] += value
                        total += value
                    }
                }
                guard total > 0 else { continue }
                holdout.groupTypes.append(s)
                holdout.groupTotals.append(total)
                let denominator = Float(rowTotals[Int(s)])
                for w in touched {
                    // Only entries the table kept are added when scoring: only those are taken back.
                    if let p = table.probability(w, given: s) {
                        holdout.contributionTypes.append(w)
                        holdout.contributionValues.append(min(scratch[Int(w)], p * denominator))
                    }
                    scratch[Int(w)] = 0
                }
                touched.removeAll(keepingCapacity: true)
                holdout.groupStart.append(Int32(holdout.contributionTypes.count))
            }
            holdout.spanGroupStart.append(Int32(holdout.groupTypes.count))

            for (k, w) in explainedTokens.enumerated() {
                if seenCounts[Int(w)] == 0 { touched.append(w) }
                scratch[Int(w)] += masses[explainedOffsets[spanIndex] + k]
                seenCounts[Int(w)] += 1
            }
            touched.sort()
            for w in touched {
                holdout.massTypes.append(w)
                holdout.masses.append(scratch[Int(w)])
                holdout.massOccurrences.append(seenCounts[Int(w)])
                scratch[Int(w)] = 0
                seenCounts[Int(w)] = 0
            }
            touched.removeAll(keepingCapacity: true)
            holdout.spanMassStart.append(Int32(holdout.massTypes.count))
        }
        tableWithHoldout.holdout = holdout
        return tableWithHoldout
    }

    /// One maximisation step: τ = (expected counts + prior) / row total.
    private static func maximisation(
        counts: inout [Double], prior: [Double], priorStrength: Double, rowOf: [Int32],
        rowTotals: inout [Double], tau: inout [Double]
    ) {
        counts.withUnsafeMutableBufferPointer { counts in
        rowTotals.withUnsafeMutableBufferPointer { rowTotals in
        tau.withUnsafeMutableBufferPointer { tau in
        prior.withUnsafeBufferPointer { prior in
        rowOf.withUnsafeBufferPointer { rowOf in
            for row in 0..<rowTotals.count { rowTotals[row] = 0 }
            for id in 0..<counts.count {
                counts[id] += priorStrength * prior[id]
                rowTotals[Int(rowOf[id])] += counts[id]
            }
            for id in 0..<counts.count {
                let total = rowTotals[Int(rowOf[id])]
                tau[id] = total > 0 ? counts[id] / total : 0
            }
        }
        }
        }
        }
        }
    }
}

/// An open-addressing hash map from packed (source type, target type) pairs to pair ids: the
/// standard dictionary's hashing dominated the building of the training slots.
private struct PairIndex {
    private var keys: [UInt64]
    private var values: [Int32]
    private var mask: Int
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: .max, count: size)
        values = [Int32](repeating: -1, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    subscript(key: UInt64) -> Int32? {
        var index = slot(key)
        while true {
            let stored = keys[index]
            if stored == key { return values[index] }
            if stored == .max { return nil }
            index = (index + 1) & mask
        }
    }

    /// Inserts a key that is not in the map.
    mutating func insert(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        var index = slot(key)
        while keys[index] != .max { index = (index + 1) & mask }
        keys[index] = key
        values[index] = value
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: .max, count: oldKeys.count * 2)
        values = [Int32](repeating: -1, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (key, value) in zip(oldKeys, oldValues) where key != .max { insert(key, value) }
    }
}
