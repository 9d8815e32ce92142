import Alignment
import Foundation
import Testing
import TranslationMemory
@testable import Workbench

func temporaryMemory() throws -> (SQLiteMemoryStore, URL) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-workbench-\(UUID().uuidString)")
    let store = try SQLiteMemoryStore(url: folder.appendingPathComponent("memory.sqlite"), create: true)
    return (store, folder)
}

@Suite struct BilingualAlignmentTests {
    @Test func storesConfidentBeadsAsAlignedUnitsWithContextAndLocation() throws {
        let (store, folder) = try temporaryMemory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = "Le département a suspendu le partenariat en août 2020. Huawei a démenti.\nGriezmann a rompu son contrat le 10 décembre 2020."
        let target = "The department suspended the partnership in August 2020. Huawei denied it.\nGriezmann ended his contract on 10 December 2020."
        let aligned = try BilingualAligner(sourceLanguage: .french, targetLanguage: .english)
            .align(source: source, target: target, presegmented: false)
        #expect(aligned.source.sentences.count == 3)
        #expect(aligned.alignment.beads.map(\.shape) == [BeadShape(1, 1), BeadShape(1, 1), BeadShape(1, 1)])

        let summary = try aligned.store(
            into: store, article: "demo", sourceLanguage: .french, targetLanguage: .english,
            minimumConfidence: 0, creator: "tester")
        #expect(summary.stored == 3)
        var units: [TranslationUnit] = []
        try store.forEachUnit(sourceLanguage: nil, targetLanguage: nil) { units.append($0) }
        #expect(units.count == 3)
        let second = try #require(units.first { $0.source.plainText == "Huawei a démenti." })
        #expect(second.target.plainText == "Huawei denied it.")
        #expect(second.provenance.origin == .aligned)
        #expect(second.provenance.creator == "tester")
        #expect(second.provenance.confidence != nil)
        #expect(second.location == SegmentLocation(article: "demo", segment: 2))
        #expect(second.context.previous == "Le département a suspendu le partenariat en août 2020.")
        #expect(second.context.next == "Griezmann a rompu son contrat le 10 décembre 2020.")

        // Aligning again merges instead of duplicating.
        let again = try aligned.store(
            into: store, article: "demo", sourceLanguage: .french, targetLanguage: .english,
            minimumConfidence: 0, creator: "tester")
        #expect(again.merged == 3)
        #expect(try store.statistics().units == 3)
    }

    @Test func beadsUnderTheThresholdAreHeldForReviewNotStored() throws {
        let (store, folder) = try temporaryMemory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let aligned = try BilingualAligner(sourceLanguage: .french, targetLanguage: .english)
            .align(
                source: "Huawei a signé avec VONum en 2019.\nLe partenariat avec Huawei a été suspendu en août 2020.",
                target: "Huawei signed with VONum in 2019.\nThe partnership with Huawei was suspended in August 2020.",
                presegmented: false)
        let summary = try aligned.store(
            into: store, article: "a", sourceLanguage: .french, targetLanguage: .english,
            minimumConfidence: 1.01, creator: nil)
        #expect(summary.stored == 0)
        #expect(summary.heldForReview.count == aligned.alignment.beads.filter { !$0.isNull }.count)
        #expect(try store.statistics().units == 0)
    }
}
