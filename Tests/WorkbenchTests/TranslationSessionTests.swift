import Annotation
import Foundation
import Testing
import TranslationMemory
@testable import Workbench

@Suite struct TranslationSessionTests {
    @Test func confirmationIsCommittedAtOnceWithProvenanceAndContext() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences)
        let clock = SteppingClock()
        let session = try project.session("a1", translator: "ana", clock: clock.next)
        #expect(session.segmentCount == 3)
        #expect(session.position == 1)

        let confirmation = try session.confirm("  The department suspended the partnership in August 2020. ")
        #expect(confirmation.segment == 1)
        #expect(session.position == 2)

        // Another connection sees it before the session does anything else.
        let units = try project.reopenedMemory().units(inArticle: "a1", sourceLanguage: .french, targetLanguage: .english)
        let unit = try #require(units.first)
        #expect(units.count == 1)
        #expect(unit.target.plainText == "The department suspended the partnership in August 2020.")
        #expect(unit.source.plainText == "Le département a suspendu le partenariat en août 2020.")
        #expect(unit.provenance.origin == .human)
        #expect(unit.provenance.creator == "ana")
        #expect(unit.provenance.createdAt != nil)
        #expect(unit.location == SegmentLocation(article: "a1", segment: 1))
        #expect(unit.context.previous == nil)
        #expect(unit.context.next == "Huawei a démenti.")
    }

    @Test func emptyTranslationIsRefusedAndStoresNothing() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences)
        let session = try project.session("a1")
        #expect(throws: TranslationSessionError.emptyTranslation(segment: 1)) { try session.confirm("   ") }
        #expect(session.position == 1)
        #expect(try project.memory.units(inArticle: "a1", sourceLanguage: nil, targetLanguage: nil).isEmpty)
    }

    @Test func reopeningContinuesAtTheFirstUntranslatedSegment() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences + "\nLa Chine a protesté.")
        let clock = SteppingClock()
        do {
            let session = try project.session("a1", clock: clock.next)
            try session.confirm("The department suspended the partnership in August 2020.")
            #expect(session.skip())  // leaves segment 2 untranslated
            #expect(session.position == 3)
            try session.confirm("The ministry paid 12 million euros in 2019.")
            #expect(session.position == 4)
        }
        let reopened = try project.session("a1", clock: clock.next)
        #expect(reopened.position == 2)
        #expect(reopened.progress.segmentsDone == 2)
        #expect(reopened.translation(of: 3)?.target.plainText == "The ministry paid 12 million euros in 2019.")
        // Confirming 2 goes on to 4, the next one without a translation.
        try reopened.confirm("Huawei denied it.")
        #expect(reopened.position == 4)
        // --from N starts there whatever is translated.
        #expect(try project.session("a1", start: 1).position == 1)
        #expect(throws: TranslationSessionError.segmentOutOfRange(segment: 9, count: 4)) { try project.session("a1", start: 9) }
    }

    @Test func progressCountsWordsOfTranslatedSegments() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences)
        let session = try project.session("a1")
        let before = session.progress
        #expect(before.wordCount == 9 + 3 + 10)  // as tandem analyze counts: d'euros is two words
        #expect(before.wordsDone == 0)
        try session.confirm("Department.")
        try session.confirm("Denied.")
        let after = session.progress
        #expect(after.wordsDone == 12)
        #expect(after.wordsLeft == 10)
        #expect(after.segmentsDone == 2)
        #expect(after.segment == 3)
    }

    @Test func identicalLaterSegmentsAreFilledFromTheFirstConfirmation() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        let text = "Huawei a démenti. Le ministère a versé 12 millions d'euros. Huawei a démenti. Merci. Huawei a démenti."
        try project.addArticle("rep", text: text)
        let clock = SteppingClock()
        let session = try project.session("rep", clock: clock.next)
        #expect(session.segmentCount == 5)
        // The translator translates segment 5 by hand first: propagation must not overwrite it.
        try session.go(to: 5)
        try session.confirm("Huawei denied this.")
        try session.go(to: 1)
        let confirmation = try session.confirm("Huawei denied it.")
        #expect(confirmation.propagated == [3])
        #expect(session.position == 2)  // 3 is filled, 2 is next

        let units = try project.reopenedMemory().units(inArticle: "rep", sourceLanguage: .french, targetLanguage: .english)
        let translations = ArticleTranslations(article: "rep", units: units)
        let third = try #require(translations.current(segment: 3))
        #expect(third.target.plainText == "Huawei denied it.")
        #expect(third.provenance.origin == .propagated)
        #expect(third.properties.contains(UnitProperty(type: "x-tandem-propagated-from", value: "1")))
        #expect(third.context.previous == "Le ministère a versé 12 millions d'euros.")
        #expect(translations.current(segment: 5)?.target.plainText == "Huawei denied this.")
        #expect(translations.current(segment: 5)?.provenance.origin == .human)
        #expect(translations.current(segment: 1)?.provenance.origin == .human)

        // A new confirmation of the first one re-fills the propagated segment, not the hand-made one.
        try session.go(to: 1)
        let again = try session.confirm("Huawei has denied it.")
        #expect(again.propagated == [3])
        let reread = try ArticleTranslations(article: "rep", sourceLanguage: .french, targetLanguage: .english, in: project.memory)
        #expect(reread.current(segment: 3)?.target.plainText == "Huawei has denied it.")
        #expect(reread.current(segment: 5)?.target.plainText == "Huawei denied this.")
        // Reopening skips the propagated segment.
        #expect(try project.session("rep").position == 2)
    }

    @Test func matchesComeInContextFirstWithDiffsAndAdaptedNumbers() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("old", text: threeSentences)
        try project.addArticle("new", text: threeSentences + "\nLe ministère a versé 15 millions d'euros en 2021.")
        let clock = SteppingClock()
        let first = try project.session("old", clock: clock.next)
        try first.confirm("The department suspended the partnership in August 2020.")
        try first.confirm("Huawei denied it.")
        try first.confirm("The ministry paid 12 million euros in 2019.")
        // The same source with another context, confirmed elsewhere: an exact match only.
        try project.addArticle("other", text: "Le président a parlé. Huawei a démenti.")
        let other = try project.session("other", start: 2, clock: clock.next)
        try other.confirm("Huawei denied that.")

        let session = try project.session("new", start: 2, clock: clock.next)
        let view = try session.view()
        #expect(view.source == "Huawei a démenti.")
        #expect(view.previous == "Le département a suspendu le partenariat en août 2020.")
        #expect(view.matches.map(\.kind) == [.inContext, .exact])
        #expect(view.matches.first?.suggestion == "Huawei denied it.")
        #expect(view.readyMatch?.suggestion == "Huawei denied it.")
        #expect(view.matches[1].suggestion == "Huawei denied that.")
        #expect(view.matches.allSatisfy { $0.diff.isIdentical && $0.percentage == 100 })

        try session.go(to: 4)
        let fuzzy = try #require(try session.view().matches.first)
        #expect(fuzzy.kind == .fuzzy)
        #expect(fuzzy.percentage < 100 && fuzzy.percentage >= 70)
        #expect(fuzzy.origin == .human)
        #expect(fuzzy.creator == "ana")
        #expect(fuzzy.diff.changes == [.changed(from: ["12"], to: ["15"]), .changed(from: ["2019"], to: ["2021"])])
        #expect(fuzzy.suggestion == "The ministry paid 15 million euros in 2021.")
        #expect(fuzzy.adaptations == [.init(original: "12", adapted: "15"), .init(original: "2019", adapted: "2021")])
        #expect(try session.view().readyMatch == nil)
    }

    @Test func navigationStaysInsideTheArticle() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences)
        let session = try project.session("a1")
        #expect(!session.back())
        #expect(session.position == 1)
        #expect(session.skip() && session.skip())
        #expect(session.position == 3)
        #expect(!session.skip())
        #expect(session.back())
        #expect(session.position == 2)
        #expect(throws: TranslationSessionError.segmentOutOfRange(segment: 0, count: 3)) { try session.go(to: 0) }
        try session.go(to: 3)
        #expect(try session.view().source == "Le ministère a versé 12 millions d'euros en 2019.")
        #expect(try session.view().next == nil)
        try session.confirm("The ministry paid 12 million euros in 2019.")
        #expect(session.position == 1)  // wraps to the first untranslated
        #expect(session.nextUntranslated())
        #expect(session.position == 2)
    }

    @Test func unknownArticleAndSameLanguageAreErrors() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences)
        #expect(throws: TranslationSessionError.unknownArticle("nope")) { try project.session("nope") }
        #expect(throws: TranslationSessionError.sameLanguage("fr")) {
            try TranslationSession(article: "a1", memory: project.memory, annotations: project.annotations, targetLanguage: .french, translator: "x")
        }
    }

    @Test func notesAreStoredWithTheTranslation() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences)
        let session = try project.session("a1", clock: SteppingClock().next)
        try session.addNote("ask the editor about the date")
        #expect(try session.view().notes == ["ask the editor about the date"])
        try session.confirm("The department suspended the partnership in August 2020.")
        try session.back()
        try session.addNote("checked")
        let units = try project.reopenedMemory().units(inArticle: "a1", sourceLanguage: nil, targetLanguage: nil)
        #expect(units.count == 1)
        #expect(units.first?.notes.map(\.text) == ["ask the editor about the date", "checked"])
    }

    @Test func claimsAreShownWithTheirCitationStatusAndCanBeTagged() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences)
        let figure = try project.annotations.addClaim(to: "a1", at: .quote("12 millions d'euros"), kind: .figure)
        try project.annotations.addSource(Source(id: "s1", kind: .report, url: URL(string: "https://example.org/report"), title: "Rapport"))
        try project.annotations.cite(figure.id, source: "s1", status: .linked)
        let session = try project.session("a1", start: 3)
        let claim = try #require(try session.view().claims.first)
        #expect(claim.claim.id == figure.id)
        #expect(claim.status == "linked")
        #expect(claim.linkedURLs == [URL(string: "https://example.org/report")!])
        let source = try session.view().source
        let scalars = Array(source.unicodeScalars)[claim.range]
        #expect(String(String.UnicodeScalarView(scalars)) == "12 millions d'euros")

        try session.go(to: 2)
        #expect(try session.view().claims.isEmpty)
        let tagged = try session.tagClaim(kind: .attribution)
        let shown = try session.view().claims
        #expect(shown.map(\.claim.id) == [tagged.id])
        #expect(shown.first?.status == "uncited")
        #expect(try project.annotations.read { try $0.claims(of: "a1") }.count == 2)
    }

    /// A glossary-like advisor: every entry found in the source is a term.
    struct TableAdvisor: SessionAdvisor {
        var entries: [String: [String]]
        func terms(in source: String) -> [TermSuggestion] {
            entries.keys.sorted().compactMap { key in
                source.contains(key) ? TermSuggestion(term: key, translations: entries[key]!) : nil
            }
        }
        func review(_ candidate: SessionCandidate) -> [SessionFinding] { missingApprovedTerms(in: candidate) }
    }

    @Test func glossaryTermsAreShownAndAMissingApprovedTermIsFound() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences)
        let advisor = TableAdvisor(entries: ["partenariat": ["partnership"], "ministère": ["ministry"]])
        let session = try project.session("a1", advisor: advisor)
        #expect(try session.view().terms.map(\.term) == ["partenariat"])
        #expect(try session.review("The department suspended the partnership in August 2020.").isEmpty)
        let findings = try session.review("The department suspended the cooperation in August 2020.")
        #expect(findings.map(\.check) == ["glossary"])
        // Findings warn; the translation is stored all the same.
        let confirmation = try session.confirm("The department suspended the cooperation in August 2020.")
        #expect(confirmation.findings == findings)
        #expect(session.translation(of: 1) != nil)
    }
}

@Suite struct QualityAdvisorSessionTests {
    @Test func glossaryTermsAndQualityFindingsOfTandemCheck() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: threeSentences)
        let advisor = QualityAdvisor(
            glossary: [
                Term(source: "partenariat", target: "partnership"),
                Term(source: "ministère", target: "department", isApproved: false),
                Term(source: "ministère", target: "ministry"),
            ],
            sourceLanguage: .french, targetLanguage: .english)
        let session = try project.session("a1", advisor: advisor)
        let terms = try session.view().terms
        #expect(terms.map(\.term) == ["partenariat"])
        #expect(terms.first?.translations == ["partnership"])
        let source = Array(try session.view().source.unicodeScalars)
        let range = try #require(terms.first?.range)
        #expect(String(String.UnicodeScalarView(source[range])) == "partenariat")
        #expect(try session.review("The department suspended the partnership in August 2020.").isEmpty)
        let findings = try session.review("The department suspended the cooperation in August 2021.")
        #expect(Set(findings.map(\.check)) == ["glossary", "numbers"])
        try session.go(to: 3)
        // Only the approved translation is offered.
        #expect(try session.view().terms.first?.translations == ["ministry"])
    }
}
