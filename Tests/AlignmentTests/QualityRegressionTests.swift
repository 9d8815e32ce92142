import Foundation
import Testing
@testable import Alignment

/// The aligner on the public gold sets (`../shared/data/alignment`), against the bars of issue 5:
/// strict F1 above every peer on each set (the best peer's figure from the data README) and at
/// least 0.5 null-bead F1.
@Suite("Quality on the public gold sets", .enabled(if: SharedData.isAvailable, "needs ../shared/data/alignment next to the package"))
struct QualityRegressionTests {
    /// Set, best peer's strict F1 there.
    static let bars: [(set: String, bestPeerStrictF1: Double)] = [
        ("transread-dev", 0.829),  // hunalign with a 31.5k-pair dictionary
        ("synth-dev", 0.641),  // hunalign with a 31.5k-pair dictionary
        ("textberg-dev", 0.673),  // hunalign without dictionary
    ]

    @Test("strict F1 above the best peer, null F1 at least 0.5", arguments: bars.map(\.set))
    func beatsPeers(_ set: String) throws {
        let gold = try GoldAlignmentSet(directory: SharedData.alignment.appendingPathComponent(set))
        let (total, _) = try gold.evaluate(with: SentenceAligner())
        let bar = try #require(Self.bars.first { $0.set == set }).bestPeerStrictF1
        #expect(total.strict.f1 > bar, "strict F1 \(total.strict.f1) on \(set)")
        #expect(total.null.f1 >= 0.5, "null F1 \(total.null.f1) on \(set)")
    }
}
