import Testing
@testable import Segmentation

@Suite struct SRXSemanticsTests {
    @Test func firstMatchingRuleWins() throws {
        let segmenter = try SentenceSegmenter(rules: [
            SRXRule(isBreak: false, beforeBreak: "\\bM\\.", afterBreak: "\\s"),
            SRXRule(isBreak: true, beforeBreak: "[.?!]", afterBreak: "\\s+\\p{Lu}"),
        ])
        let texts = segmenter.segment("Bonjour M. Dupont. Ça va ? Oui.").map(\.text)
        #expect(texts == ["Bonjour M. Dupont.", "Ça va ?", "Oui."])
    }
}
