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

    /// log density of `y` target characters given `x` source characters (`ratio`/`variance` for that
    /// direction; `logX` = log max(x, 1)).
    @inline(__always)
    private func logDensity(_ y: Double, given x: Double, logX: Double, ratio: Double, variance: Double) -> Double {
        // log[(1 − o)·N(y; μ, v) + o·N(y; μ, 4v)] = −q/4 − ½ log 2πv + log(o/2 + (1 − o) e^(−3q/4)).
        let v = variance * max(x, 1)
        let q = (y - ratio * x) * (y - ratio * x) / (2 * v)
        let mixture = q > 40 ? logHalfOutliers : Double(log(halfOutliers + inliers * exp(Float(-0.75 * q))))
        return -0.25 * q - 0.5 * (log(2 * Double.pi * variance) + logX) + mixture
    }

    private var halfOutliers: Float { Float(outlierShare / 2) }
    private var inliers: Float { Float(1 - outlierShare) }
    private var logHalfOutliers: Double { log(outlierShare / 2) }

    /// Evidence for target spans of `targetParts` sentences, `y` characters in all, whose own
    /// lengths have log marginal densities summing to `targetMarginal`, translating `x` source
    /// characters; `logX` and `logY` are the logarithms of max(x, 1) and max(y, 1).
    @inline(__always)
    func targetGivenSource(x: Double, y: Double, logX: Double, logY: Double, targetParts: Int, targetMarginal: Double) -> Double {
        logDensity(y, given: x, logX: logX, ratio: ratio, variance: variance)
            + logSplit(logTotal: logY, parts: targetParts) - targetMarginal
    }

    /// The same evidence in the other direction.
    @inline(__always)
    func sourceGivenTarget(x: Double, y: Double, logX: Double, logY: Double, sourceParts: Int, sourceMarginal: Double) -> Double {
        logDensity(x, given: y, logX: logY, ratio: 1 / ratio, variance: variance / (ratio * ratio * ratio))
            + logSplit(logTotal: logX, parts: sourceParts) - sourceMarginal
    }

    /// log density of one way of cutting a total of e^`logTotal` characters into `parts` sentences
    /// (uniform cut points): log (parts − 1)! − (parts − 1) log total.
    @inline(__always)
    private func logSplit(logTotal: Double, parts: Int) -> Double {
        switch parts {
        case 1: return 0
        case 2: return -logTotal
        case 3: return 0.6931471805599453 - 2 * logTotal
        default: return lgamma(Double(parts)) - Double(parts - 1) * logTotal
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
