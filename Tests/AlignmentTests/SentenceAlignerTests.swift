import Testing
@testable import Alignment

/// A made-up document pair described bead by bead: each side lists its sentences, each sentence
/// the events (`ToyCorpus`) it tells; `-1` is a sentence that has no counterpart.
struct ConstructedCase: CustomTestStringConvertible, Sendable {
    var name: String
    var beads: [(source: [[Int]], target: [[Int]])]

    var testDescription: String { name }

    static let frenchExtra = "Le 14 juillet 1789, Zacharie Hautecloque vendit trois chevaux à Perpignan pour payer ses dettes."
    static let englishExtra = "On 9 November 1799, Ambroise Quillard bought a watermill near Carcassonne."

    /// Source and target sentences, and the beads the aligner should find.
    var document: (source: [String], target: [String], expected: [[Range<Int>]]) {
        var source: [String] = [], target: [String] = [], expected: [[Range<Int>]] = []
        for bead in beads {
            let s = source.count, t = target.count
            source += bead.source.map { $0 == [-1] ? Self.frenchExtra : $0.map(ToyCorpus.french).joined(separator: " ") }
            target += bead.target.map { $0 == [-1] ? Self.englishExtra : $0.map(ToyCorpus.english).joined(separator: " ") }
            expected.append([s..<source.count, t..<target.count])
        }
        return (source, target, expected)
    }

    /// Twenty events aligned 1-1, with `middle` in place of events 8 to 10.
    static func around(_ name: String, _ middle: [(source: [[Int]], target: [[Int]])]) -> ConstructedCase {
        let before = (0..<8).map { (source: [[$0]], target: [[$0]]) }
        let after = (11..<20).map { (source: [[$0]], target: [[$0]]) }
        return ConstructedCase(name: name, beads: before + middle + after)
    }

    static let all: [ConstructedCase] = [
        around("1-1", [([[8]], [[8]]), ([[9]], [[9]]), ([[10]], [[10]])]),
        around("2-1", [([[8], [9]], [[8, 9]]), ([[10]], [[10]])]),
        around("1-2", [([[8, 9]], [[8], [9]]), ([[10]], [[10]])]),
        around("2-2", [([[8, 9], [10]], [[8], [9, 10]])]),
        around("3-1", [([[8], [9], [10]], [[8, 9, 10]])]),
        around("1-3", [([[8, 9, 10]], [[8], [9], [10]])]),
        around("1-0", [([[8]], [[8]]), ([[-1]], []), ([[9]], [[9]]), ([[10]], [[10]])]),
        around("0-1", [([[8]], [[8]]), ([], [[-1]]), ([[9]], [[9]]), ([[10]], [[10]])]),
    ]
}

@Suite("Sentence aligner")
struct SentenceAlignerTests {
    let aligner = SentenceAligner()

    @Test("finds each bead shape", arguments: ConstructedCase.all)
    func beadShapes(_ constructed: ConstructedCase) throws {
        let (source, target, expected) = constructed.document
        let alignment = try aligner.align(AlignableText(sentences: source), AlignableText(sentences: target))
        #expect(alignment.ranges == expected)
    }

    @Test("covers every sentence once, in order, with confidences in [0, 1]")
    func coversEverySentence() throws {
        let (source, target, _) = ConstructedCase.around("mixed", [([[8], [9]], [[8, 9]]), ([[-1]], []), ([[10]], [[10]])]).document
        let alignment = try aligner.align(AlignableText(sentences: source), AlignableText(sentences: target))
        #expect(alignment.beads.flatMap { Array($0.source) } == Array(source.indices))
        #expect(alignment.beads.flatMap { Array($0.target) } == Array(target.indices))
        #expect(alignment.beads.allSatisfy { (0...1).contains($0.confidence) && !($0.source.isEmpty && $0.target.isEmpty) })
    }

    @Test("a bead with matching names and dates is more confident than a doubtful one")
    func confidenceOrdering() throws {
        // Two short target sentences with nothing in common with anything: where they belong is a guess.
        var (source, target) = ToyCorpus.pair(count: 16)
        source.insert("Il se tut.", at: 8)
        target.insert("Nobody answered.", at: 8)
        target.insert("It was late.", at: 9)
        let alignment = try aligner.align(AlignableText(sentences: source), AlignableText(sentences: target))
        let clear = try #require(alignment.beads.first { $0.source == 3..<4 })
        let doubtful = try #require(alignment.beads.first { $0.target.contains(9) })
        #expect(clear.target == 3..<4)
        #expect(clear.confidence > 0.9)
        #expect(doubtful.confidence < clear.confidence)
        #expect(doubtful.confidence < 0.8)
    }

    @Test("an anchor from the memory changes a decision")
    func anchorChangesDecision() throws {
        // Two sentences without names or numbers stand before one target sentence: which one it
        // translates is a matter of length alone, until the memory says so.
        var (source, target) = ToyCorpus.pair(count: 16)
        source.insert(contentsOf: ["Elle attendit longtemps devant la porte close.", "Personne ne vint."], at: 8)
        target.insert("No one came to open the door for her.", at: 8)
        let plain = try aligner.align(AlignableText(sentences: source), AlignableText(sentences: target))
        let beadOfTarget = try #require(plain.beads.first { $0.target.contains(8) })
        // Anchor the target sentence to whichever source sentence the aligner did not pick alone.
        let other = beadOfTarget.source == 9..<10 ? 8 : 9
        let anchored = try aligner.align(
            AlignableText(sentences: source), AlignableText(sentences: target),
            anchors: [AnchorPair(source: source[other], target: target[8])])
        let anchoredBead = try #require(anchored.beads.first { $0.target.contains(8) })
        #expect(anchoredBead.source.contains(other))
        #expect(anchored.ranges != plain.ranges)
    }

    @Test("a glossary term pair changes a decision")
    func glossaryChangesDecision() throws {
        // Nothing but the glossary tells which of the two source sentences the target one translates.
        var (source, target) = ToyCorpus.pair(count: 16)
        source.insert(contentsOf: ["Le gâteau était bien trop cuit.", "La soupe était froide."], at: 8)
        target.insert("The cake was overdone.", at: 8)
        let plain = try aligner.align(AlignableText(sentences: source), AlignableText(sentences: target))
        let glossary = try Glossary(tsv: "# terms\ngâteau\tcake\ncuisinière\tcook\n")
        let withGlossary = try aligner.align(AlignableText(sentences: source), AlignableText(sentences: target), glossary: glossary)
        let before = try #require(plain.beads.first { $0.target.contains(8) })
        let after = try #require(withGlossary.beads.first { $0.target.contains(8) })
        #expect(before.source != 8..<9)
        #expect(after.source == 8..<9)
    }

    @Test("paragraphs are aligned first: a paragraph missing from the translation stays unpaired")
    func paragraphsFirst() throws {
        let paragraphs = (0..<6).map { p in (0..<4).map { 4 * p + $0 } }
        let source = AlignableText(paragraphs: paragraphs.map { $0.map(ToyCorpus.french) })
        // The translation leaves out the third paragraph.
        let target = AlignableText(paragraphs: paragraphs.enumerated().filter { $0.offset != 2 }.map { $0.element.map(ToyCorpus.english) })
        let alignment = try aligner.align(source, target)
        var expected = oneToOne(0..<8)
        expected += (8..<12).map { [$0..<($0 + 1), 8..<8] }
        expected += oneToOne(12..<24, offset: -4)
        #expect(alignment.ranges == expected)
    }

    @Test("empty texts are refused")
    func emptyTexts() {
        let text = AlignableText(sentences: ToyCorpus.pair(count: 3).source)
        #expect(throws: AlignmentError.emptySource) { try aligner.align(AlignableText(sentences: []), text) }
        #expect(throws: AlignmentError.emptyTarget) { try aligner.align(text, AlignableText(paragraphs: [[], []])) }
    }

    @Test("a text that is not the translation of the other is refused")
    func notATranslation() {
        let source = AlignableText(sentences: (0..<30).map(ToyCorpus.french))
        // Another story entirely, three times as long.
        let target = AlignableText(sentences: (0..<90).map { k in
            "The \(["old", "young", "tall", "quiet"][k % 4]) miller counted \(k * 7 + 3) sacks of flour before the storm of \(2000 + k) reached the valley."
        })
        #expect {
            try aligner.align(source, target)
        } throws: { error in
            guard case .notATranslation(let figures) = error as? AlignmentError else { return false }
            return figures.lengthRatio > 2.5 && "\(error)".contains("does not look like a translation")
        }
    }

    @Test("unrelated texts of similar length are refused too")
    func unrelatedSameLength() {
        let source = AlignableText(sentences: (0..<30).map(ToyCorpus.french))
        let target = AlignableText(sentences: (0..<30).map { k in
            "On day \(k + 40) of the voyage, the crew of the \(["Albatross", "Heron", "Kestrel"][k % 3]) saw whales near \(["Iceland", "Greenland", "Svalbard"][k % 3])."
        })
        #expect(throws: AlignmentError.self) { try aligner.align(source, target) }
    }

    @Test("aligning is symmetric enough: swapping the texts swaps the beads")
    func swapping() throws {
        let (source, target, expected) = ConstructedCase.around("2-1", [([[8], [9]], [[8, 9]]), ([[10]], [[10]])]).document
        let alignment = try aligner.align(AlignableText(sentences: target), AlignableText(sentences: source))
        #expect(alignment.ranges == expected.map { [$0[1], $0[0]] })
    }
}
