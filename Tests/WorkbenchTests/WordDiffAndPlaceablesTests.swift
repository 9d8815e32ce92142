import Testing
@testable import Workbench

@Suite struct WordDiffTests {
    @Test func wordsKeepNumbersElisionsAndCompoundsWhole() {
        #expect(WordDiff.words(of: "Jean-Pierre a versé 3,5 millions d'euros (2 000 €).")
            == ["Jean-Pierre", "a", "versé", "3,5", "millions", "d'euros", "(", "2", "000", "€", ")", "."])
        #expect(WordDiff.words(of: "  ") == [])
    }

    @Test func addedRemovedAndChangedWords() {
        let diff = WordDiff(from: "Le ministère a versé 12 millions en 2019.", to: "Le ministère a enfin versé 15 millions.")
        #expect(diff.operations == [
            .same(["Le", "ministère", "a"]),
            .added(["enfin"]),
            .same(["versé"]),
            .changed(from: ["12"], to: ["15"]),
            .same(["millions"]),
            .removed(["en", "2019"]),
            .same(["."]),
        ])
        #expect(!diff.isIdentical)
        #expect(diff.changes.count == 3)
    }

    @Test func identicalAndEmptyTexts() {
        #expect(WordDiff(from: "Huawei a démenti.", to: "Huawei a démenti.").isIdentical)
        #expect(WordDiff(from: "", to: "Merci.").operations == [.added(["Merci", "."])])
        #expect(WordDiff(from: "Merci.", to: "").operations == [.removed(["Merci", "."])])
        // Case counts: it changes the translation.
        #expect(WordDiff(from: "la Chine", to: "La Chine").operations == [.changed(from: ["la"], to: ["La"]), .same(["Chine"])])
    }
}

@Suite struct PlaceablesTests {
    @Test func numbersWithGroupsAndDecimalMarks() {
        let found = Placeables.numbers(in: "Il a payé 2 000 euros, 3,5 % de plus qu'en 2019 et 1.000.000 de dollars (n°12b).")
        #expect(found.map(\.text) == ["2 000", "3,5", "2019", "1.000.000"])
        #expect(found.map(\.value) == ["2000", "3.5", "2019", "1000000"])
        #expect(Placeables.numbers(in: "He paid 2,000,000 dollars and 4.25 %.").map(\.value) == ["2000000", "4.25"])
    }

    @Test func differingNumbersAreAdaptedInTheTranslationsOwnFormat() {
        let adapted = Placeables.adapt(
            translation: "The ministry paid 3.5 million euros in 2019.",
            matchSource: "Le ministère a versé 3,5 millions d'euros en 2019.",
            newSource: "Le ministère a versé 4,2 millions d'euros en 2019.")
        #expect(adapted.text == "The ministry paid 4.2 million euros in 2019.")
        #expect(adapted.adaptations == [.init(original: "3.5", adapted: "4.2")])

        let grouped = Placeables.adapt(
            translation: "About 12,000,000 people and 2,500 soldiers.",
            matchSource: "Environ 12 000 000 personnes et 2 500 soldats.",
            newSource: "Environ 13 500 000 personnes et 2 500 soldats.")
        #expect(grouped.text == "About 13,500,000 people and 2,500 soldiers.")
    }

    @Test func nothingIsAdaptedWhenNumbersCannotBePaired() {
        let translation = "The ministry paid 12 million euros."
        // Different counts of numbers.
        #expect(Placeables.adapt(translation: translation, matchSource: "Il a versé 12 millions.", newSource: "Il a versé 15 millions en 2020.").adaptations.isEmpty)
        // The translation does not have the old number (written out in words).
        let words = Placeables.adapt(translation: "The ministry paid twelve million euros.", matchSource: "12 millions.", newSource: "15 millions.")
        #expect(words.text == "The ministry paid twelve million euros.")
        #expect(words.adaptations.isEmpty)
        // Same numbers: nothing to do.
        #expect(Placeables.adapt(translation: translation, matchSource: "12 millions.", newSource: "12 millions!").adaptations.isEmpty)
    }

    @Test func swappedNumbersFollowTheirPositions() {
        let adapted = Placeables.adapt(translation: "From 2019 to 2021.", matchSource: "De 2019 à 2021.", newSource: "De 2021 à 2023.")
        #expect(adapted.text == "From 2021 to 2023.")
    }
}
