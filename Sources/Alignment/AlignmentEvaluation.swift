/// Scores predicted beads against gold beads the way `shared/tools/alignment-score` does: strict and
/// lax precision/recall over content beads (both sides non-empty), and null precision/recall over
/// the sentences left unaligned. Counts add up over documents (micro-averaging).
public struct AlignmentEvaluation: Hashable, Sendable {
    public var goldContent = 0, predictedContent = 0
    public var strictHits = 0
    public var laxHitsPrecision = 0, laxHitsRecall = 0
    public var goldNull = 0, predictedNull = 0, nullHits = 0

    public init() {}

    /// The counts of one document.
    public init(gold: [IndexBead], predicted: [IndexBead]) {
        let goldContentBeads = Set(gold.filter { !$0.isNull })
        let predictedContentBeads = Set(predicted.filter { !$0.isNull })
        goldContent = goldContentBeads.count
        predictedContent = predictedContentBeads.count
        strictHits = goldContentBeads.intersection(predictedContentBeads).count
        let goldLinks = Self.links(goldContentBeads), predictedLinks = Self.links(predictedContentBeads)
        laxHitsPrecision = predictedContentBeads.filter { Self.laxHit($0, goldLinks) }.count
        laxHitsRecall = goldContentBeads.filter { Self.laxHit($0, predictedLinks) }.count
        let goldUnaligned = Self.unaligned(gold), predictedUnaligned = Self.unaligned(predicted)
        goldNull = goldUnaligned.count
        predictedNull = predictedUnaligned.count
        nullHits = goldUnaligned.intersection(predictedUnaligned).count
    }

    public static func + (a: Self, b: Self) -> Self {
        var sum = a
        sum.goldContent += b.goldContent
        sum.predictedContent += b.predictedContent
        sum.strictHits += b.strictHits
        sum.laxHitsPrecision += b.laxHitsPrecision
        sum.laxHitsRecall += b.laxHitsRecall
        sum.goldNull += b.goldNull
        sum.predictedNull += b.predictedNull
        sum.nullHits += b.nullHits
        return sum
    }

    public var strict: PrecisionRecall { PrecisionRecall(hits: strictHits, predicted: predictedContent, hitsRecall: strictHits, gold: goldContent) }
    public var lax: PrecisionRecall { PrecisionRecall(hits: laxHitsPrecision, predicted: predictedContent, hitsRecall: laxHitsRecall, gold: goldContent) }
    public var null: PrecisionRecall { PrecisionRecall(hits: nullHits, predicted: predictedNull, hitsRecall: nullHits, gold: goldNull) }

    private static func links(_ beads: Set<IndexBead>) -> [Int: Set<Int>] {
        var links: [Int: Set<Int>] = [:]
        for bead in beads { for i in bead.source { links[i, default: []].formUnion(bead.target) } }
        return links
    }

    private static func laxHit(_ bead: IndexBead, _ links: [Int: Set<Int>]) -> Bool {
        bead.source.contains { !(links[$0] ?? []).isDisjoint(with: bead.target) }
    }

    /// Unaligned sentences as (side, index): side 0 source, 1 target.
    private static func unaligned(_ beads: [IndexBead]) -> Set<[Int]> {
        var result: Set<[Int]> = []
        for bead in beads where bead.source.isEmpty != bead.target.isEmpty {
            for i in bead.source { result.insert([0, i]) }
            for j in bead.target { result.insert([1, j]) }
        }
        return result
    }
}

/// Precision, recall and F1.
public struct PrecisionRecall: Hashable, Sendable {
    public var precision: Double
    public var recall: Double
    init(hits: Int, predicted: Int, hitsRecall: Int, gold: Int) {
        precision = predicted > 0 ? Double(hits) / Double(predicted) : 0
        recall = gold > 0 ? Double(hitsRecall) / Double(gold) : 0
    }
    public var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }
}
