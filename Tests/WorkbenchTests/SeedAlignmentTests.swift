import Alignment
import Foundation
import Testing
import TranslationMemory
import Workbench

/// The seed articles (in the repository's seeds/) aligned with our translations: every
/// bead right, the page furniture ("Menu Fermer", the comment form) left unpaired.
@Suite struct SeedAlignmentTests {
    static let seeds = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds")

    func align(_ name: String) throws -> AlignedTexts {
        let source = try String(contentsOf: Self.seeds.appendingPathComponent(name), encoding: .utf8)
        let target = try String(contentsOf: Self.seeds.appendingPathComponent("en").appendingPathComponent(name), encoding: .utf8)
        return try BilingualAligner(sourceLanguage: .french, targetLanguage: .english)
            .align(source: source, target: target, presegmented: false)
    }

    @Test func doubleVictoryArticle() throws {
        let aligned = try align("000_9519520b1cfbc68e.txt")
        var expected = [IndexBead(source: [0], target: [])]  // Menu Fermer
        expected += (0..<13).map { IndexBead(source: [$0 + 1], target: [$0]) }
        expected += [[14], [15], [16]].map { IndexBead(source: $0, target: []) }  // the comment form
        #expect(aligned.alignment.beads.map(IndexBead.init) == expected)
        #expect(aligned.alignment.beads.allSatisfy { $0.confidence > 0.5 })
    }

    @Test func blacklistArticle() throws {
        let aligned = try align("004_8a092bc0b89f6462.txt")
        // 20 French segments (the headings "Importations interdites" and "Sérieux froid"
        // stand alone) and 19 English ones: the related-article teaser glued into the
        // French text ("Comment Pékin utilise une appli…", segment 8) is page furniture
        // the translation leaves out, so it stays unpaired; every other bead is 1-1.
        var expected = (0..<8).map { IndexBead(source: [$0], target: [$0]) }
        expected.append(IndexBead(source: [8], target: []))
        expected += (9..<20).map { IndexBead(source: [$0], target: [$0 - 1]) }
        #expect(aligned.alignment.beads.map(IndexBead.init) == expected)
        #expect(aligned.source.sentences[8].hasPrefix("Comment Pékin utilise une appli mobile"))
        #expect(aligned.targetText(of: aligned.alignment.beads[6]) == "Banned imports")
        #expect(aligned.targetText(of: aligned.alignment.beads[5]).hasPrefix("NGOs have for years"))
    }
}
