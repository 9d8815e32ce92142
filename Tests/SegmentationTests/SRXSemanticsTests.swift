import Foundation
import Testing
@testable import Segmentation

private func srx(cascade: Bool, rules: String, maps: String) -> String {
    """
    <?xml version="1.0"?>
    <srx xmlns="http://www.lisa.org/srx20" version="2.0">
      <header segmentsubflows="yes" cascade="\(cascade ? "yes" : "no")"/>
      <body><languagerules>\(rules)</languagerules><maprules>\(maps)</maprules></body>
    </srx>
    """
}

@Suite struct SRXSemanticsTests {
    @Test func firstMatchingRuleWins() throws {
        let segmenter = try SentenceSegmenter(rules: [
            SRXRule(isBreak: false, beforeBreak: "\\bM\\.", afterBreak: "\\s"),
            SRXRule(isBreak: true, beforeBreak: "[.?!]", afterBreak: "\\s+\\p{Lu}"),
        ])
        #expect(segmenter.segment("Bonjour M. Dupont. Ça va ? Oui.").map(\.text) == ["Bonjour M. Dupont.", "Ça va ?", "Oui."])
    }

    @Test func breakBeforeNoBreakWins() throws {
        let segmenter = try SentenceSegmenter(rules: [
            SRXRule(isBreak: true, beforeBreak: "[.?!]", afterBreak: "\\s+\\p{Lu}"),
            SRXRule(isBreak: false, beforeBreak: "\\bM\\.", afterBreak: "\\s"),
        ])
        #expect(segmenter.segment("Bonjour M. Dupont.").map(\.text) == ["Bonjour M.", "Dupont."])
    }

    @Test func noRuleMeansNoBreak() throws {
        let segmenter = try SentenceSegmenter(rules: [SRXRule(isBreak: false, beforeBreak: "\\.", afterBreak: "\\s")])
        #expect(segmenter.segment("Un. Deux. Trois.").map(\.text) == ["Un. Deux. Trois."])
    }

    @Test func unanalysableAndUnboundedRulesStillWork() throws {
        // A rule whose patterns say nothing about the characters around the break is
        // matched over the whole paragraph; an unbounded beforebreak is capped in a look-behind.
        let scanned = try SentenceSegmenter(rules: [
            SRXRule(isBreak: false, beforeBreak: "\\bM\\.", afterBreak: "\\s"),
            SRXRule(isBreak: true, beforeBreak: "", afterBreak: "(?<=[.?!])(?=\\s+\\p{Lu})"),
        ])
        #expect(scanned.segment("Bonjour M. Dupont. Ça va ? Oui.").map(\.text) == ["Bonjour M. Dupont.", "Ça va ?", "Oui."])
        let unbounded = try SentenceSegmenter(rules: [
            SRXRule(isBreak: false, beforeBreak: "\\b[A-Z][a-z]*\\.", afterBreak: "\\s"),
            SRXRule(isBreak: true, beforeBreak: "\\w+[.!?]+", afterBreak: "\\s"),
        ])
        #expect(unbounded.segment("Voir Mme. Roux et lui. Fin.").map(\.text) == ["Voir Mme. Roux et lui.", "Fin."])
    }

    @Test func cascadeAndLanguageMaps() throws {
        let rules = """
            <languagerule languagerulename="Abbrev"><rule break="no"><beforebreak>\\bDr\\.</beforebreak><afterbreak>\\s</afterbreak></rule></languagerule>
            <languagerule languagerulename="Default"><rule break="yes"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule></languagerule>
            """
        let maps = """
            <languagemap languagepattern="en.*" languagerulename="Abbrev"/>
            <languagemap languagepattern=".*" languagerulename="Default"/>
            """
        let text = "Ask Dr. Who. Now."
        let cascading = try SRXDocument(string: srx(cascade: true, rules: rules, maps: maps), name: "c.srx")
        #expect(try SentenceSegmenter(rules: cascading, language: "en-GB").segment(text).map(\.text) == ["Ask Dr. Who.", "Now."])
        #expect(try SentenceSegmenter(rules: cascading, language: "fr").segment(text).map(\.text) == ["Ask Dr.", "Who.", "Now."])
        // Without cascade only the first matching map counts: English gets no break rule at all.
        let single = try SRXDocument(string: srx(cascade: false, rules: rules, maps: maps), name: "s.srx")
        #expect(try SentenceSegmenter(rules: single, language: "en").segment(text).map(\.text) == [text])
    }

    @Test func unknownLanguageIsAnError() throws {
        #expect(throws: SegmentationError.self) { try SentenceSegmenter(language: "de") }
    }

    @Test func brokenRuleIsReportedWithItsLine() throws {
        let text = srx(cascade: false, rules: """
            <languagerule languagerulename="X">
            <rule><beforebreak>\\.</beforebreak></rule>
            <rule break="no"><beforebreak>(abc</beforebreak></rule>
            </languagerule>
            """, maps: "<languagemap languagepattern=\".*\" languagerulename=\"X\"/>")
        do {
            _ = try SRXDocument(string: text, name: "bad.srx")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "bad.srx")
            #expect(error.line == 8)
            #expect(error.message.contains("rule 2 of languagerule 'X'"))
            #expect(error.message.contains("U_REGEX_MISMATCHED_PAREN"))
        }
    }

    @Test func mapToMissingRuleSetIsAnError() {
        #expect(throws: SRXError.self) {
            try SRXDocument(string: srx(cascade: false, rules: "", maps: "<languagemap languagepattern=\".*\" languagerulename=\"Nope\"/>"), name: "m.srx")
        }
    }

    @Test func invalidUTF8ReportsTheByteOffset() {
        #expect(throws: SegmentationError.invalidUTF8(byteOffset: 3)) { try UTF8Decoding.decode([0x61, 0x62, 0x63, 0xC3, 0x28]) }
        #expect(throws: SegmentationError.invalidUTF8(byteOffset: 1)) { try UTF8Decoding.decode([0x61, 0xFF]) }
        #expect((try? UTF8Decoding.decode(Array("Été…".utf8))) == "Été…")
    }

    @Test func offsetsAreCodePointsAndSliceBack() throws {
        let text = "  Un 😀 émoji. Deux\u{00A0}!\n\nTrois ?  \n"
        let segments = try SentenceSegmenter(language: "fr").segment(text)
        let scalars = Array(text.unicodeScalars)
        #expect(segments.map(\.text) == ["Un 😀 émoji.", "Deux\u{00A0}!", "Trois ?"])
        #expect(segments.map(\.paragraph) == [0, 0, 1])
        #expect(segments.map(\.index) == [0, 1, 2])
        for segment in segments {
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[segment.range])
            #expect(String(slice) == segment.text)
        }
    }
}
