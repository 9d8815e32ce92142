import Foundation
import Testing
@testable import TranslationMemory

@Suite struct ArticleTranslationsTests {
    private func located(_ source: String, _ target: String, article: String, segment: Int, at seconds: Double, state: TranslationState? = nil) -> TranslationUnit {
        var unit = unit(source, target, origin: .human)
        unit.location = SegmentLocation(article: article, segment: segment)
        unit.provenance.createdAt = Date(timeIntervalSince1970: seconds)
        if let state { unit.state = state }
        return unit
    }

    @Test func anArticlesUnitsComeBackBySegmentWithTheNewestCurrent() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        try store.add(located("Deux.", "Two (old).", article: "a1", segment: 2, at: 100), policy: .keepAlternatives)
        try store.add(located("Un.", "One.", article: "a1", segment: 1, at: 300, state: .reviewed), policy: .keepAlternatives)
        try store.add(located("Deux.", "Two.", article: "a1", segment: 2, at: 200), policy: .keepAlternatives)
        try store.add(located("Un.", "One elsewhere.", article: "a2", segment: 1, at: 400), policy: .keepAlternatives)
        try store.add(unit("Un.", "Unlocated."), policy: .keepAlternatives)

        let units = try store.units(inArticle: "a1", sourceLanguage: LanguageTag("fr"), targetLanguage: LanguageTag("en-GB"))
        #expect(units.map(\.target.plainText) == ["One.", "Two (old).", "Two."])
        #expect(try store.units(inArticle: "a1", sourceLanguage: nil, targetLanguage: LanguageTag("de")).isEmpty)

        let translations = ArticleTranslations(article: "a1", units: units)
        #expect(translations.translatedSegments == [1, 2])
        #expect(translations.current(segment: 2)?.target.plainText == "Two.")
        #expect(translations.alternatives(segment: 2).map(\.target.plainText) == ["Two (old)."])
        #expect(translations.current(segment: 1)?.state == .reviewed)
        #expect(translations.current(segment: 2)?.state == .translated)
        #expect(translations.current(segment: 3) == nil)
    }

    @Test func settingTheStateReplacesTheProperty() {
        var unit = unit("Un.", "One.")
        unit.properties.append(UnitProperty(type: "x-domain", value: "news"))
        unit.state = .initial
        unit.state = .final
        #expect(unit.state == .final)
        #expect(unit.properties.filter { $0.type == TranslationUnit.statePropertyType }.count == 1)
        #expect(unit.properties.contains(UnitProperty(type: "x-domain", value: "news")))
        #expect(TranslationState.reviewed > .translated)
    }
}
