import Foundation

/// Gale–Church style length evidence, as a log-likelihood ratio against sentences that translate nothing.
///
/// Given source spans of `x` characters, a translation has `y ≈ ratio · x` characters with variance
/// `variance · x` (Gale & Church 1993). A sentence that translates nothing has its length drawn from
/// the text's own distribution of sentence lengths (a gamma fitted by moments). The ratio of the two
/// densities is the length evidence that the spans belong together; it is computed in both directions
/// and averaged.
struct LengthModel: Sendable {
    /// Target characters per source character over the whole document.
    var ratio: Double
    /// Variance of the target length per source character.
    var variance: Double
    /// Share of a wider component (four times the variance) that absorbs free translations.
    var outlierShare = 0.1
    var sourceLengths: GammaDistribution
    var targetLengths: GammaDistribution

    init(source: [Double], target: [Double], variancePerCharacter: Double = 6.8) {
        let sourceTotal = source.reduce(0, +), targetTotal = target.reduce(0, +)
        ratio = sourceTotal > 0 && targetTotal > 0 ? targetTotal / sourceTotal : 1
        variance = variancePerCharacter * ratio
        sourceLengths = GammaDistribution(fittedTo: source)
        targetLengths = GammaDistribution(fittedTo: target)
    }

    /// log density of `y` target characters given `x` source characters (`ratio`/`variance` for that direction).
    @inline(__always)
    private func logDensity(_ y: Double, given x: Double, ratio: Double, variance: Double) -> Double {
        // log[(1 − o)·N(y; μ, v) + o·N(y; μ, 4v)], computed with one exp and one log.
        let v = variance * max(x, 1)
        let q = (y - ratio * x) * (y - ratio * x) / (2 * v)
        return -0.25 * q - 0.5 * log(2 * Double.pi * v)
            + log(outlierShare * 0.5 + (1 - outlierShare) * exp(-0.75 * q))
    }

    /// Evidence for target spans of `targetParts` sentences, `y` characters in all, whose own
    /// lengths have log marginal densities summing to `targetMarginal`, translating `x` source characters.
    @inline(__always)
    func targetGivenSource(x: Double, y: Double, targetParts: Int, targetMarginal: Double) -> Double {
        logDensity(y, given: x, ratio: ratio, variance: variance)
            + logSplit(total: y, parts: targetParts) - targetMarginal
    }

    /// The same evidence in the other direction.
    @inline(__always)
    func sourceGivenTarget(x: Double, y: Double, sourceParts: Int, sourceMarginal: Double) -> Double {
        logDensity(x, given: y, ratio: 1 / ratio, variance: variance / (ratio * ratio * ratio))
            + logSplit(total: x, parts: sourceParts) - sourceMarginal
    }

    /// log density of one way of cutting `total` characters into `parts` sentences (uniform cut points).
    @inline(__always)
    private func logSplit(total: Double, parts: Int) -> Double {
        switch parts {
        case 1: return 0
        case 2: return -log(total)
        case 3: return log(2) - 2 * log(total)
        default: return lgamma(Double(parts)) - Double(parts - 1) * log(total)
        }
    }

    /// Re-estimates the variance from 1-1 beads believed right (a median, robust to wrong beads).
    mutating func refit(pairs: [(x: Double, y: Double)]) {
        guard pairs.count >= 20 else { return }
        let total = pairs.reduce(into: (0.0, 0.0)) { $0.0 += $1.x; $0.1 += $1.y }
        ratio = total.1 / max(total.0, 1)
        var scaled = pairs.map { pair -> Double in
            let residual = pair.y - ratio * pair.x
            return residual * residual / max(pair.x, 1)
        }
        scaled.sort()
        // The median of a χ²(1) variable is 0.455.
        variance = max(0.5, scaled[scaled.count / 2] / 0.455)
    }
}

/// A gamma distribution fitted by moments, for sentence lengths.
struct GammaDistribution: Sendable {
    var shape: Double
    var rate: Double
    private var normaliser: Double

    init(fittedTo values: [Double]) {
        let count = Double(max(values.count, 1))
        let mean = max(values.reduce(0, +) / count, 1)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
        let shape = variance > 0 ? min(max(mean * mean / variance, 0.5), 20) : 2
        self.shape = shape
        self.rate = shape / mean
        self.normaliser = shape * log(rate) - lgamma(shape)
    }

    func logDensity(_ x: Double) -> Double {
        normaliser + (shape - 1) * log(max(x, 1)) - rate * x
    }
}
