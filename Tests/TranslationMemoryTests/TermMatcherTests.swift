import Testing
import TranslationMemory

private func term(_ source: String, _ target: String, approved: Bool = true) -> Term {
    Term(source: source, target: target, isApproved: approved)
}

/// The text a scalar range covers.
private func text(_ string: String, _ range: Range<Int>) -> String {
    let scalars = Array(string.unicodeScalars)
    return String(String.UnicodeScalarView(scalars[range]))
}

@Suite struct TermMatcherTests {
    @Test func findsTermsCaseInsensitivelyWithScalarSpans() {
        let matcher = TermMatcher(terms: [term("liste noire", "blacklist"), term("ONG", "NGO")])
        let sentence = "Washington a placé huit entreprises sur Liste Noire, selon des ONG."
        let found = matcher.terms(in: sentence)
        #expect(found.map(\.term.target) == ["blacklist", "NGO"])
        #expect(found.map { text(sentence, $0.range) } == ["Liste Noire", "ONG"])
        #expect(found.map(\.text) == ["Liste Noire", "ONG"])
        // Offsets count scalars: "é" (one scalar in NFC) before the term.
        #expect(found[0].range == 40..<51)
    }

    @Test func accentsMatterExceptOnCapitals() {
        let matcher = TermMatcher(terms: [term("pêche", "fishing"), term("État", "State")])
        #expect(matcher.terms(in: "Le péché originel.").isEmpty)
        #expect(matcher.terms(in: "La pêche durable.").map(\.term.target) == ["fishing"])
        #expect(matcher.terms(in: "La PECHE durable.").map(\.term.target) == ["fishing"])
        #expect(matcher.terms(in: "la presse d'Etat chinoise").map(\.text) == ["Etat"])
        #expect(matcher.terms(in: "LES MÉDIAS D'ÉTAT").map(\.text) == ["ÉTAT"])
        // A missing accent on a lowercase letter is another word.
        #expect(matcher.terms(in: "un etat de fait").isEmpty)
    }

    @Test func toleratesFrenchAndEnglishPlurals() {
        let french = TermMatcher(terms: [
            term("organisation non gouvernementale", "non-governmental organisation"),
            term("journal", "newspaper"), term("bureau", "office"),
        ])
        #expect(french.terms(in: "Des organisations non gouvernementales dénoncent.").map(\.term.target) == ["non-governmental organisation"])
        #expect(french.terms(in: "Les journaux et les bureaux.").map(\.term.target) == ["newspaper", "office"])

        let english = TermMatcher(terms: [Term(sourceLanguage: .english, targetLanguage: .french, source: "policy", target: "politique"),
                                          Term(sourceLanguage: .english, targetLanguage: .french, source: "business", target: "entreprise")])
        #expect(english.terms(in: "Their policies hurt businesses.").map(\.term.target) == ["politique", "entreprise"])
    }

    @Test func matchesWholeWordsOnlyAndSplitsElisions() {
        let matcher = TermMatcher(terms: [term("ONG", "NGO"), term("homme", "man")])
        #expect(matcher.terms(in: "Une LONGUE route.").isEmpty)
        #expect(matcher.terms(in: "L'ONG et l’homme.").map(\.text) == ["ONG", "homme"])
        #expect(matcher.terms(in: "Les hommes-sandwichs").map(\.text) == ["hommes"])
    }

    @Test func theLongestTermStartingFirstWins() {
        let matcher = TermMatcher(terms: [
            term("organisation", "organisation"), term("organisation non gouvernementale", "NGO"),
            term("non", "no"), term("gouvernementale", "governmental"),
        ])
        let found = matcher.terms(in: "Une organisation non gouvernementale, une organisation.")
        #expect(found.map(\.term.target) == ["NGO", "organisation"])
    }

    @Test func findsTargetPhrasesForTheChecks() {
        #expect(TermMatcher.text("They were blacklisted, then on two blacklists.", contains: "blacklist", language: .english))
        #expect(TermMatcher.ranges(of: "blacklist", in: "blacklisted, blacklisting, blacklists, blacklisters", language: .english) == [0..<11, 13..<25, 27..<37])
        #expect(TermMatcher.text("the contracting parties", contains: "contract", language: .english))
        // No verb endings in French.
        #expect(!TermMatcher.text("les partenariated", contains: "partenariat", language: .french))
        #expect(TermMatcher.text("non-governmental organisations said", contains: "non-governmental organisation", language: .english))
        #expect(!TermMatcher.text("the black list", contains: "blacklist", language: .english))
        #expect(TermMatcher.ranges(of: "human rights", in: "Human rights, human right.", language: .english) == [0..<12, 14..<25])
    }

    @Test func listsTheTranslationsOfASourceTerm() {
        let terms = [term("liste noire", "blacklist"), term("ONG", "NGO"), term("Liste Noire", "entity list", approved: false),
                     Term(sourceLanguage: .french, targetLanguage: LanguageTag("de")!, source: "liste noire", target: "schwarze Liste")]
        let matcher = TermMatcher(terms: terms)
        #expect(matcher.translations(of: terms[0]).map(\.target) == ["blacklist", "entity list"])
        #expect(matcher.translations(of: terms[3]).map(\.target) == ["schwarze Liste"])
        #expect(matcher.translations(of: term("inconnu", "unknown")).isEmpty)
    }

    @Test func anEmptyGlossaryFindsNothing() {
        #expect(TermMatcher(terms: []).terms(in: "liste noire").isEmpty)
        #expect(TermMatcher(terms: [term("liste noire", "blacklist")]).terms(in: "").isEmpty)
    }
}
