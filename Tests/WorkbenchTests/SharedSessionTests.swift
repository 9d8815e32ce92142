import Annotation
import Foundation
import Testing
import TranslationMemory
@testable import Workbench

/// Two translators' sessions on one article and one memory file (two connections, as
/// two processes would have).
@Suite struct SharedSessionTests {
    let sentences = """
        Le département a suspendu le partenariat en août 2020. Huawei a démenti.
        Le ministère a versé 12 millions d'euros en 2019. La Chine a protesté.
        """

    func sessions(_ project: TemporaryProject, _ clock: SteppingClock, first: String = "ana", second: String = "bob")
        throws -> (TranslationSession, TranslationSession)
    {
        let one = try TranslationSession(article: "a1", memory: project.memory, annotations: project.annotations, translator: first, clock: clock.next)
        let two = try TranslationSession(article: "a1", memory: try project.reopenedMemory(), annotations: project.annotations, translator: second, clock: clock.next)
        return (one, two)
    }

    @Test func aSegmentConfirmedInAnotherSessionShowsAsTakenWithWhoAndWhen() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: sentences)
        let clock = SteppingClock()
        let (ana, bob) = try sessions(project, clock)
        #expect(try ana.view().taken == nil)
        #expect(ana.progress.segmentsDone == 0)

        let bobs = try bob.confirm("The department suspended the partnership in August 2020.")
        // Ana's next screen of segment 1 reads the memory again.
        let view = try ana.view()
        #expect(view.number == 1)
        let taken = try #require(view.taken)
        #expect(taken.translator == "bob")
        #expect(taken.date == bobs.unit.provenance.changedAt)
        #expect(taken.duringSession && taken.byAnotherTranslator)
        #expect(view.translation?.target.plainText == "The department suspended the partnership in August 2020.")
        #expect(view.progress.segmentsDone == 1)
        // Bob's own screen does not call his work taken.
        try bob.go(to: 1)
        #expect(try bob.view().taken == nil)

        // Ana moves on: the next untranslated segment is 2, not the one Bob took.
        #expect(ana.nextUntranslated())
        #expect(ana.position == 2)
        try bob.go(to: 3)
        try bob.confirm("The ministry paid 12 million euros in 2019.")
        try ana.confirm("Huawei denied it.")
        #expect(ana.position == 4)  // 3 was taken meanwhile
        #expect(ana.progress.segmentsDone == 3)
    }

    @Test func theSameTranslatorInAnotherSessionIsElsewhereToo() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: sentences)
        let clock = SteppingClock()
        let (first, second) = try sessions(project, clock, first: "ana", second: "ana")
        try second.confirm("The department suspended the partnership in August 2020.")
        let taken = try #require(try first.view().taken)
        #expect(taken.translator == "ana")
        #expect(taken.duringSession && !taken.byAnotherTranslator)
        // What was there before the session opened, by the same translator, is not “taken”.
        let reopened = try project.session("a1", translator: "ana", start: 1, clock: clock.next)
        #expect(try reopened.view().taken == nil)
        // By someone else it is (who and when), though not from “another session” running now.
        let bobLater = try project.session("a1", translator: "bob", start: 1, clock: clock.next)
        let old = try #require(try bobLater.view().taken)
        #expect(old.translator == "ana" && !old.duringSession)
    }

    @Test func twoConfirmationsOfOneSegmentAtOnceAreBothKept() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: sentences)
        let clock = SteppingClock()
        let (ana, bob) = try sessions(project, clock)
        // Both see segment 1 untranslated.
        #expect(try ana.view().translation == nil)
        #expect(try bob.view().translation == nil)
        let bobs = try bob.confirm("The department has suspended the partnership in August 2020.")
        #expect(bobs.concurrent.isEmpty)
        let anas = try ana.confirm("The department suspended the partnership in August 2020.")
        // Ana is told: Bob's is kept as an alternative, hers is current.
        #expect(anas.concurrent.map(\.id) == [bobs.unit.id])
        #expect(anas.concurrent.first?.provenance.changedBy == "bob")
        #expect(anas.isCurrent)

        let translations = try ArticleTranslations(article: "a1", sourceLanguage: .french, targetLanguage: .english, in: project.reopenedMemory())
        #expect(translations.current(segment: 1)?.target.plainText == "The department suspended the partnership in August 2020.")
        #expect(translations.alternatives(segment: 1).map(\.target.plainText) == ["The department has suspended the partnership in August 2020."])
        // Bob's session now shows Ana's as current, confirmed elsewhere.
        try bob.go(to: 1)
        #expect(try bob.view().taken?.translator == "ana")

        // Revising a segment taken before it was shown keeps the other's as an alternative.
        let revised = try bob.confirm("The department suspended its partnership in August 2020.")
        #expect(revised.concurrent.isEmpty)
        #expect(revised.keptAsAlternatives.map(\.provenance.changedBy) == ["ana"])
        let after = try ArticleTranslations(article: "a1", sourceLanguage: .french, targetLanguage: .english, in: project.memory)
        #expect(after.unitsBySegment[1]?.count == 3)
    }

    @Test func theSameTranslationConfirmedTwiceIsOneUnit() throws {
        let project = try TemporaryProject()
        defer { project.remove() }
        try project.addArticle("a1", text: sentences)
        let clock = SteppingClock()
        let (ana, bob) = try sessions(project, clock)
        _ = try ana.view()
        try bob.confirm("The department suspended the partnership in August 2020.")
        let anas = try ana.confirm("The department suspended the partnership in August 2020.")
        #expect(anas.concurrent.isEmpty)  // merged: nothing to keep apart
        #expect(try project.memory.units(inArticle: "a1", sourceLanguage: nil, targetLanguage: nil).count == 1)
    }
}
