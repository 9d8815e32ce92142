import Testing
@testable import Alignment

@Suite("Bead notation, scoring, input")
struct NotationAndInputTests {
    @Test("Vecalign notation round-trips, a trailing score is ignored")
    func notation() throws {
        #expect(BeadNotation.format(Bead(source: 0..<2, target: 0..<1, confidence: 0.5)) == "[0, 1]:[0]")
        #expect(BeadNotation.format(Bead(source: 2..<3, target: 1..<1, confidence: 0.5)) == "[2]:[]")
        #expect(try BeadNotation.parse("[0, 1]:[0]") == IndexBead(source: [0, 1], target: [0]))
        #expect(try BeadNotation.parse("[]:[4]:0.25") == IndexBead(source: [], target: [4]))
        #expect(try BeadNotation.parseFile("# gold\n[0]:[0]\n\n[1, 2]:[1]\n").count == 2)
        #expect(throws: BeadNotationError.self) { try BeadNotation.parse("[0]-[1]") }
        #expect(throws: BeadNotationError.self) { try BeadNotation.parse("[a]:[1]") }
    }

    @Test("scoring counts strict, lax and null hits like alignment-score")
    func scoring() {
        let gold = [IndexBead(source: [0], target: [0]), IndexBead(source: [1, 2], target: [1]), IndexBead(source: [3], target: []),
                    IndexBead(source: [4], target: [2])]
        let predicted = [IndexBead(source: [0], target: [0]), IndexBead(source: [1], target: [1]), IndexBead(source: [2], target: []),
                         IndexBead(source: [3], target: []), IndexBead(source: [4], target: [2])]
        let evaluation = AlignmentEvaluation(gold: gold, predicted: predicted)
        #expect(evaluation.strict.precision == 2.0 / 3.0)
        #expect(evaluation.strict.recall == 2.0 / 3.0)
        #expect(evaluation.lax.f1 == 1)
        #expect(evaluation.null.precision == 0.5)
        #expect(evaluation.null.recall == 1)
        #expect((evaluation + evaluation).strict.f1 == evaluation.strict.f1)
    }

    @Test("invalid UTF-8 is reported with its line and column")
    func invalidUTF8() {
        let bytes = Array("Première ligne.\nDeux".utf8) + [0xE9, 0x74, 0xE9] + Array("\n".utf8)
        #expect(throws: AlignmentInputError.invalidUTF8(file: "article.txt", line: 2, column: 5, byte: 0xE9)) {
            try AlignmentInput.decode(bytes, file: "article.txt")
        }
        // Overlong and surrogate encodings are not UTF-8 either.
        #expect(throws: AlignmentInputError.self) { try AlignmentInput.decode([0x41, 0xC0, 0xAF], file: "f") }
        #expect(throws: AlignmentInputError.self) { try AlignmentInput.decode([0xED, 0xA0, 0x80], file: "f") }
        #expect("\(AlignmentInputError.invalidUTF8(file: "a.txt", line: 2, column: 5, byte: 0xE9))".hasPrefix("a.txt:2:5: not UTF-8"))
    }

    @Test("empty and blank files are refused; a byte-order mark is dropped")
    func emptyFiles() throws {
        #expect(throws: AlignmentInputError.empty(file: "e.txt")) { try AlignmentInput.decode([], file: "e.txt") }
        #expect(throws: AlignmentInputError.empty(file: "e.txt")) { try AlignmentInput.decode(Array(" \n\n".utf8), file: "e.txt") }
        #expect(try AlignmentInput.decode([0xEF, 0xBB, 0xBF] + Array("Été.".utf8), file: "b.txt") == "Été.")
    }

    @Test("presegmented text: one sentence per line, blank lines between paragraphs")
    func presegmented() {
        let text = AlignmentInput.presegmented("  Un.\nDeux.\r\n\n\nTrois.\n")
        #expect(text.sentences == ["Un.", "Deux.", "Trois."])
        #expect(text.paragraphs == [0..<2, 2..<3])
        #expect(AlignmentInput.presegmented("A.\nB.\n").paragraphStarts == [0])
    }

    @Test("glossary lines: source TAB target, with errors at their line")
    func glossary() throws {
        let glossary = try Glossary(tsv: "# fr\ten\nOuïghours\tUyghurs\n\nvidéosurveillance\tCCTV\textra column\r\n", file: "g.tsv")
        #expect(glossary.entries == [.init(source: "Ouïghours", target: "Uyghurs"), .init(source: "vidéosurveillance", target: "CCTV")])
        #expect(throws: GlossaryError(file: "g.tsv", line: 2, reason: "expected `source<TAB>target`, found no tab")) {
            try Glossary(tsv: "a\tb\nno tab here\n", file: "g.tsv")
        }
        #expect(throws: GlossaryError(file: "g.tsv", line: 1, reason: "a term is empty")) {
            try Glossary(tsv: " \tb\n", file: "g.tsv")
        }
    }

    @Test("cognates: shared spellings are found, unrelated words are not")
    func cognates() {
        let finder = CognateFinder()
        let pairs = finder.pairs(
            source: ["ouighours", "curiosite", "huawei", "dans", "maison"],
            target: ["uyghurs", "curiosity", "huawei", "dance", "house"])
        let found = Set(pairs.map { [$0.source, $0.target] })
        #expect(found.contains([0, 0]))
        #expect(found.contains([1, 1]))
        #expect(found.contains([2, 2]))
        #expect(!found.contains([3, 3]))
        #expect(!found.contains([4, 4]))
        #expect(CognateFinder.lcsRatio(Array("abc".unicodeScalars), Array("abd".unicodeScalars)) == 2.0 / 3.0)
    }

    @Test("tokens are folded: case, accents and ligatures do not matter")
    func tokens() {
        let text = TokenizedText(sentences: ["L'Œuvre « Ouïghour » -- 1956 ?", "l'oeuvre ouighour"])
        // l, oeuvre, quotation mark, ouighour, quotation mark, dash, 1956, ?
        #expect(text.sentences[0].count == 8)
        #expect(text.types.contains("oeuvre") && text.types.contains("ouighour") && text.types.contains("—"))
        #expect(Set(text.sentences[1]).isSubset(of: Set(text.sentences[0])))
    }
}
