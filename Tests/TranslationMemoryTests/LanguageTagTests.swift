import Testing
import TranslationMemory

@Suite struct LanguageTagTests {
    @Test func regionVariantsCompareAsOneLanguageUnlessAsked() throws {
        let fr = try #require(LanguageTag("fr"))
        let frFR = try #require(LanguageTag("fr_fr"))
        let upper = try #require(LanguageTag("FR"))
        #expect(frFR.identifier == "fr-FR")
        #expect(fr.matches(frFR))
        #expect(upper.matches(fr, includingRegion: true))
        #expect(!fr.matches(frFR, includingRegion: true))
        #expect(LanguageTag("zh-hant-tw")?.identifier == "zh-Hant-TW")
    }

    @Test func rejectsWhatIsNotATag() {
        #expect(LanguageTag("") == nil)
        #expect(LanguageTag("*all*") == nil)
        #expect(LanguageTag("f") == nil)
        #expect(LanguageTag("fr--FR") == nil)
    }

    @Test func segmentTextMergesTextAndDropsCodesForMatching() {
        let text = SegmentText(elements: [
            .text("Le "), .code(InlineCode(kind: .begin, attributes: [.init(name: "i", value: "1")], content: [.data("<b>")])),
            .text("Huawei"), .code(InlineCode(kind: .end, attributes: [.init(name: "i", value: "1")], content: [.data("</b>")])),
            .text(""), .text(" suspend"), .text("."),
        ])
        #expect(text.plainText == "Le Huawei suspend.")
        #expect(text.hasMarkup)
        #expect(text.elements.count == 5)
        #expect(SegmentText("a") == SegmentText(elements: [.text("a"), .text("")]))
    }
}
