import Foundation
import Testing
import TranslationMemory
@testable import Workbench

private let context = QualityContext(sourceLanguage: .french, targetLanguage: .english)

private func findings(_ check: some QualityCheck, _ source: String, _ target: String?, context: QualityContext = context) -> [QualityFinding] {
    check.findings(in: QualitySegment(number: 7, source: source, target: target), context: context)
}

@Suite struct UntranslatedCheckTests {
    @Test func reportsMissingAndEmptyTranslations() {
        #expect(findings(UntranslatedCheck(), "Bonjour.", nil) == [
            QualityFinding(segment: 7, check: "untranslated", severity: .error, message: "the segment has no translation"),
        ])
        #expect(findings(UntranslatedCheck(), "Bonjour.", " \n").map(\.message) == ["the translation is empty"])
        #expect(findings(UntranslatedCheck(), "Bonjour.", "Hello.").isEmpty)
    }
}

@Suite struct SourceCopiedCheckTests {
    @Test func reportsASourceConfirmedAsItsTranslation() {
        #expect(findings(SourceCopiedCheck(), "Menu Fermer", "Menu  Fermer").map(\.check) == ["source-copied"])
        #expect(findings(SourceCopiedCheck(), "Menu Fermer", "Menu Close").isEmpty)
    }

    @Test func singleWordsAndNumbersMayStayAsTheyAre() {
        #expect(findings(SourceCopiedCheck(), "Huawei", "Huawei").isEmpty)
        #expect(findings(SourceCopiedCheck(), "(95)", "(95)").isEmpty)
        #expect(findings(SourceCopiedCheck(), "Texte.", nil).isEmpty)
    }
}

@Suite struct NumberCheckTests {
    @Test func readsFrenchAndEnglishFormats() {
        #expect(findings(NumberCheck(), "Il a payé 1 000,5 euros.", "He paid 1,000.5 euros.").isEmpty)
        #expect(findings(NumberCheck(), "Un budget de 2\u{202F}500\u{A0}000 €.", "A budget of €2,500,000.").isEmpty)
        #expect(findings(NumberCheck(), "Une hausse de 10,5 % en 2020.", "A 10.5% rise in 2020.").isEmpty)
        #expect(findings(NumberCheck(), "Un taux de 3,50 %.", "A rate of 3.5 per cent.").isEmpty)
        #expect(findings(NumberCheck(), "Le 10 décembre 2020 (95).", "On 10 December 2020 (95).").isEmpty)
        // Groups only after a first group of at most three digits: two numbers here.
        #expect(findings(NumberCheck(), "En 2020 800 personnes.", "In 2020, 800 people.").isEmpty)
    }

    @Test func reportsChangedMissingAndAddedNumbers() {
        let changed = findings(NumberCheck(), "Il a payé 1 000,5 euros.", "He paid 1,000.6 euros.")
        #expect(changed.map(\.message) == [
            "the number “1 000,5” of the source is not in the translation",
            "the number “1,000.6” of the translation is not in the source",
        ])
        #expect(changed.allSatisfy { $0.severity == .error && $0.check == "numbers" && $0.segment == 7 })
        #expect(findings(NumberCheck(), "Huit entreprises en 2019.", "Eight companies.").map(\.message)
                == ["the number “2019” of the source is not in the translation"])
        // A French decimal comma copied as is reads as two numbers in English.
        #expect(findings(NumberCheck(), "Une hausse de 1,5 million.", "A rise of 1,5 million.").count == 3)
    }

    @Test func aPercentageMustStayAPercentage() {
        #expect(findings(NumberCheck(), "Une baisse de 12 %.", "A fall of 12 points.").map(\.message)
                == ["“12 %” is a percentage in the source but “12” is not in the translation"])
        #expect(findings(NumberCheck(), "Une baisse de 12 points.", "A fall of 12%.").count == 1)
    }

    @Test func untranslatedSegmentsAreLeftToTheirOwnCheck() {
        #expect(findings(NumberCheck(), "En 2020.", nil).isEmpty)
        #expect(findings(NumberCheck(), "En 2020.", "").isEmpty)
    }
}

@Suite struct PairedPunctuationCheckTests {
    @Test func reportsUnbalancedParenthesesAndBrackets() {
        #expect(findings(PairedPunctuationCheck(), "Le Xinjiang (nord-ouest).", "Xinjiang (north-west.").map(\.message)
                == ["parentheses unbalanced in the translation (1 “(” not closed; source: balanced)"])
        #expect(findings(PairedPunctuationCheck(), "Des abus […].", "Abuses […]].").count == 1)
        #expect(findings(PairedPunctuationCheck(), "Le Xinjiang (nord-ouest).", "Xinjiang (north-west).").isEmpty)
    }

    @Test func reportsMissingAndUnbalancedQuotes() {
        #expect(findings(PairedPunctuationCheck(), "Il parle de « smart département ».", "He speaks of a smart department.").map(\.message)
                == ["the source has quotation marks, the translation none"])
        #expect(findings(PairedPunctuationCheck(), "Il parle de « smart département ».", "He speaks of a “smart department.").map(\.message)
                == ["quotation marks unbalanced in the translation (1 opening mark not closed; source: balanced)"])
        #expect(findings(PairedPunctuationCheck(), "Il dit \"non\".", "He said \"no.").count == 1)
        #expect(findings(PairedPunctuationCheck(), "Il parle de « smart département ».", "He speaks of a \"smart department\".").isEmpty)
    }

    @Test func aQuotationAcrossSegmentsIsNotAnError() {
        // The segmenter may split a quotation: the source opens it, the translation too.
        #expect(findings(PairedPunctuationCheck(), "« Ces entités sont impliquées.", "“These entities are involved.").isEmpty)
        #expect(findings(PairedPunctuationCheck(), "Ils le tolèrent pas », dit-il.", "They will not tolerate it,” he said.").isEmpty)
    }
}

@Suite struct GlossaryCheckTests {
    let context = QualityContext(
        sourceLanguage: .french, targetLanguage: .english,
        terms: TermMatcher(terms: [
            Term(source: "liste noire", target: "blacklist"),
            Term(source: "liste noire", target: "entity list"),
            Term(source: "répression", target: "crackdown", isApproved: false),
            Term(source: "ONG", target: "NGO"),
        ]))

    @Test func reportsAnApprovedTermNotUsed() {
        let found = findings(GlossaryCheck(), "Huit entreprises sur Liste Noire.", "Eight firms on the black list.", context: context)
        #expect(found == [QualityFinding(segment: 7, check: "glossary", severity: .warning,
                                         message: "“Liste Noire” should be translated “blacklist” or “entity list”")])
    }

    @Test func anyApprovedTranslationWithItsInflectionsWill() {
        #expect(findings(GlossaryCheck(), "Sur liste noire.", "On the blacklist.", context: context).isEmpty)
        #expect(findings(GlossaryCheck(), "Sur liste noire.", "On the Entity List.", context: context).isEmpty)
        #expect(findings(GlossaryCheck(), "Des listes noires et des ONG.", "Blacklists and NGOs.", context: context).isEmpty)
    }

    @Test func unapprovedTermsAndUntranslatedSegmentsAreNotReported() {
        #expect(findings(GlossaryCheck(), "La répression.", "The repression.", context: context).isEmpty)
        #expect(findings(GlossaryCheck(), "Sur liste noire.", nil, context: context).isEmpty)
    }

    @Test func theCheckerKeepsOnlyItsLanguagePair() {
        let checker = QualityChecker(
            glossary: [Term(source: "ONG", target: "NGO"),
                       Term(sourceLanguage: .french, targetLanguage: LanguageTag("de")!, source: "liste noire", target: "schwarze Liste")],
            checks: [GlossaryCheck()])
        #expect(checker.check(QualitySegment(number: 1, source: "Une ONG et une liste noire.", target: "An organisation and a blacklist.")).map(\.message)
                == ["“ONG” should be translated “NGO”"])
    }
}

@Suite struct CitationLinkCheckTests {
    let claim = CitedClaim(claim: "claim-1", quote: "le département a suspendu le partenariat", urls: [URL(string: "https://www.example.org/report/")!])

    func segment(_ target: SegmentText?) -> QualitySegment {
        QualitySegment(number: 4, source: SegmentText("Le département a suspendu le partenariat."), target: target, citedClaims: [claim])
    }

    @Test func reportsALinkMissingFromTheTranslation() {
        let found = CitationLinkCheck().findings(in: segment(SegmentText("The department suspended the partnership.")), context: context)
        #expect(found == [QualityFinding(
            segment: 4, check: "citation-link", severity: .error,
            message: "claim claim-1 (“le département a suspendu le partenariat”) cites https://www.example.org/report/, missing in the translation")])
    }

    @Test func theLinkMayBeInTheTextOrInAnInlineCode() {
        let inText = SegmentText("The department suspended the partnership (http://example.org/report).")
        #expect(CitationLinkCheck().findings(in: segment(inText), context: context).isEmpty)
        let inCode = SegmentText(elements: [
            .text("The department "),
            .code(InlineCode(kind: .begin, attributes: [.init(name: "i", value: "1")], content: [.data("<a href=\"https://example.org/report\">")])),
            .text("suspended the partnership"),
            .code(InlineCode(kind: .end, attributes: [.init(name: "i", value: "1")], content: [.data("</a>")])),
            .text("."),
        ])
        #expect(CitationLinkCheck().findings(in: segment(inCode), context: context).isEmpty)
        #expect(CitationLinkCheck().findings(in: segment(SegmentText("See example.org/reports.")), context: context).count == 1)
    }

    @Test func segmentsWithoutCitedClaimsOrTranslationAreNotReported() {
        #expect(CitationLinkCheck().findings(in: QualitySegment(number: 1, source: "Texte.", target: "Text."), context: context).isEmpty)
        #expect(CitationLinkCheck().findings(in: segment(nil), context: context).isEmpty)
    }
}

@Suite struct TypographyCheckTests {
    @Test func reportsFrenchTypographyInEnglish() {
        #expect(findings(TypographyCheck(), "Il a dit : « non ».", "He said: « no ».").map(\.message)
                == ["French typography in English: French quotation marks « » (use “ ”)"])
        #expect(findings(TypographyCheck(), "Pourquoi ?", "Why ? Really !").map(\.message)
                == ["French typography in English: a space before “?”, “!”"])
        #expect(findings(TypographyCheck(), "Le 10 mai.", "On 10\u{A0}May.").map(\.message)
                == ["French typography in English: 1 non-breaking space"])
        #expect(findings(TypographyCheck(), "Il a dit : « non ».", "He said\u{202F}: no.").count == 2)
    }

    @Test func englishTypographyAndOtherTargetsPass() {
        #expect(findings(TypographyCheck(), "Il a dit : « non ».", "He said: “no.” Why? Really!").isEmpty)
        let toFrench = QualityContext(sourceLanguage: .english, targetLanguage: .french)
        #expect(findings(TypographyCheck(), "He said: “no”.", "Il a dit : « non ».", context: toFrench).isEmpty)
    }
}

@Suite struct QualityCheckerTests {
    @Test func runsEveryCheckInOrder() {
        let checker = QualityChecker(glossary: [Term(source: "liste noire", target: "blacklist")])
        let findings = checker.check([
            QualitySegment(number: 1, source: "Sur liste noire depuis 2019 !", target: "On the black list since 2018 !"),
            QualitySegment(number: 2, source: "Menu Fermer", target: nil),
            QualitySegment(number: 3, source: "Tout va bien.", target: "All is well."),
        ])
        #expect(findings.map { "\($0.segment) \($0.check)" } == ["1 numbers", "1 numbers", "1 glossary", "1 typography", "2 untranslated"])
        #expect(QualityChecker.standardChecks.map(\.name)
                == ["untranslated", "source-copied", "numbers", "punctuation", "glossary", "citation-link", "typography"])
    }
}

@Suite struct WordCountTests {
    @Test func countsWordsAsDocumented() {
        #expect(WordCount.words(in: "") == 0)
        #expect(WordCount.words(in: "Le porte-parole de l'ONG a parlé.") == 7)
        #expect(WordCount.words(in: "aujourd’hui") == 2)
        #expect(WordCount.words(in: "1\u{A0}000,5 € et 10,5 % — 1,000.5") == 4)
        #expect(WordCount.words(in: "1 000") == 2)
        #expect(WordCount.words(in: "« high-tech »  -- ok") == 2)
    }
}
