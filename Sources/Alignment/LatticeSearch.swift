import Foundation

/// A bead found by the search, in block coordinates, with its posterior probability.
struct ScoredBead: Sendable, Equatable {
    var source: Range<Int>
    var target: Range<Int>
    var score: Double
    var posterior: Double
}

/// Dynamic programme over the band: the best monotone sequence of beads (Viterbi), and each chosen
/// bead's posterior probability over all sequences in the band (forward–backward).
struct LatticeSearch {
    /// Divides scores before the forward–backward sums, to soften over-confident naive-Bayes evidence.
    var temperature = 1.0

    func run(scorer: inout BeadScorer, band: Band, shapes: [(shape: BeadShape, logPrior: Double)], posteriors: Bool)
        -> [ScoredBead]
    {
        let n = scorer.n
        var offset = [Int](repeating: 0, count: n + 2)
        for i in 0...n { offset[i + 1] = offset[i] + band.high[i] - band.low[i] + 1 }
        let cells = offset[n + 1]
        var best = [Double](repeating: -.infinity, count: cells)
        var back = [Int8](repeating: -1, count: cells)
        var alpha = [Double](repeating: -.infinity, count: posteriors ? cells : 0)
        // Scores of the beads ending in each cell, by shape, for the backward sums.
        let shapeCount = shapes.count
        var edgeScores = [Double](repeating: -.infinity, count: posteriors ? cells * shapeCount : 0)
        @inline(__always) func cell(_ i: Int, _ j: Int) -> Int { offset[i] + j - band.low[i] }

        best[0] = 0
        if posteriors { alpha[0] = 0 }
        var terms = [Double](repeating: 0, count: shapes.count)
        for i in 0...n {
            for j in band.low[i]...band.high[i] where i > 0 || j > 0 {
                var top = -Double.infinity, choice = -1
                var termCount = 0
                for (index, entry) in shapes.enumerated() {
                    let pi = i - entry.shape.source, pj = j - entry.shape.target
                    guard pi >= 0, pj >= 0, band.contains(pi, pj) else { continue }
                    let from = cell(pi, pj)
                    guard best[from] > -.infinity else { continue }
                    var score = entry.logPrior
                    if !entry.shape.isNull { score += scorer.evidence(pi, i, pj, j) }
                    if best[from] + score > top {
                        top = best[from] + score
                        choice = index
                    }
                    if posteriors {
                        terms[termCount] = alpha[from] + score / temperature
                        termCount += 1
                        edgeScores[cell(i, j) * shapeCount + index] = score
                    }
                }
                let here = cell(i, j)
                best[here] = top
                back[here] = Int8(choice)
                if posteriors { alpha[here] = logSumExp(terms, count: termCount) }
            }
        }

        var path: [ScoredBead] = []
        var i = n, j = band.high[n]
        precondition(j == scorer.m)
        while i > 0 || j > 0 {
            let choice = Int(back[cell(i, j)])
            precondition(choice >= 0, "the band is connected")
            let shape = shapes[choice].shape
            let pi = i - shape.source, pj = j - shape.target
            path.append(ScoredBead(source: pi..<i, target: pj..<j, score: best[cell(i, j)] - best[cell(pi, pj)], posterior: 1))
            i = pi
            j = pj
        }
        path.reverse()
        guard posteriors else { return path }

        // Backward sums: beta(i, j) = log Σ over ways to finish from (i, j).
        var beta = [Double](repeating: -.infinity, count: cells)
        beta[cell(n, scorer.m)] = 0
        for i in stride(from: n, through: 0, by: -1) {
            for j in stride(from: band.high[i], through: band.low[i], by: -1) where i < n || j < scorer.m {
                var termCount = 0
                for (index, entry) in shapes.enumerated() {
                    let ni = i + entry.shape.source, nj = j + entry.shape.target
                    guard ni <= n, nj <= scorer.m, band.contains(ni, nj) else { continue }
                    let to = cell(ni, nj)
                    let score = edgeScores[to * shapeCount + index]
                    guard beta[to] > -.infinity, score > -.infinity else { continue }
                    terms[termCount] = beta[to] + score / temperature
                    termCount += 1
                }
                beta[cell(i, j)] = logSumExp(terms, count: termCount)
            }
        }
        let total = alpha[cell(n, scorer.m)]
        for index in path.indices {
            let bead = path[index]
            let logPosterior = alpha[cell(bead.source.lowerBound, bead.target.lowerBound)]
                + bead.score / temperature + beta[cell(bead.source.upperBound, bead.target.upperBound)] - total
            path[index].posterior = min(1, exp(logPosterior))
        }
        return path
    }

    @inline(__always)
    private func logSumExp(_ values: [Double], count: Int) -> Double {
        var top = -Double.infinity
        for index in 0..<count where values[index] > top { top = values[index] }
        guard top > -.infinity else { return top }
        var sum = 0.0
        for index in 0..<count { sum += exp(values[index] - top) }
        return top + log(sum)
    }
}
