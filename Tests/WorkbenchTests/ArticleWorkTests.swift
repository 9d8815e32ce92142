import Annotation
import Foundation
import Segmentation
import Testing
import TranslationMemory
@testable import Workbench

/// An article segmented as `tandem article add` does: SentenceSegmenter over the whole text.
func segmentedArticle(_ id: String, _ text: String, language: String = "fr") throws -> Article {
    let segments = try SentenceSegmenter(language: language).segment(text)
    return Article(id: ArticleID(rawValue: id), language: language, text: text,
                   segments: segments.map { ArticleSegment(range: $0.range, paragraph: $0.paragraph) })
}

/// A unit translating segment `segment` of `article`.
func located(_ source: String, _ target: String, article: String, segment: Int, at seconds: TimeInterval = 1_700_000_000,
             origin: UnitOrigin = .human) -> TranslationUnit {
    TranslationUnit(
        sourceLanguage: .french, targetLanguage: .english, source: SegmentText(source), target: SegmentText(target),
        provenance: Provenance(origin: origin, creator: "ana", createdAt: Date(timeIntervalSince1970: seconds)),
        location: SegmentLocation(article: article, segment: segment))
}

@Suite struct ArticleQualityReportTests {
    static let text = """
        Le département a suspendu le partenariat en août 2020. Huawei a été placé sur liste noire.
        Des ONG dénoncent la surveillance de masse. Menu Fermer
        """

    @Test func checksTheCurrentTranslationOfEverySegmentWithClaimsAndGlossary() throws {
        let article = try segmentedArticle("demo", Self.text)
        let texts = ArticleText.segmentTexts(of: article)
        #expect(texts == ["Le département a suspendu le partenariat en août 2020.", "Huawei a été placé sur liste noire.",
                          "Des ONG dénoncent la surveillance de masse.", "Menu Fermer"])

        let repository = InMemoryAnnotationRepository()
        try repository.addArticle(article)
        let claim = try repository.addClaim(to: "demo", at: .quote("a suspendu le partenariat"), kind: .fact)
        try repository.addSource(Source(id: "vonum", kind: .officialStatement, url: URL(string: "https://valdoisenumerique.fr/communique")!))
        try repository.cite(claim.id, source: "vonum")

        let (store, folder) = try temporaryMemory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Segment 1: an older translation with the link, then a newer one without: the newer is current.
        try store.add(located(texts[0], "The department suspended the partnership (https://valdoisenumerique.fr/communique) in August 2020.",
                              article: "demo", segment: 1, at: 1_700_000_000), policy: .keepAlternatives)
        try store.add(located(texts[0], "The department suspended the partnership in August 2021.",
                              article: "demo", segment: 1, at: 1_700_000_100), policy: .keepAlternatives)
        try store.add(located(texts[1], "Huawei was put on the black list.", article: "demo", segment: 2), policy: .keepAlternatives)
        try store.add(located(texts[3], "Menu Fermer", article: "demo", segment: 4), policy: .keepAlternatives)
        // Another article's unit with the same source does not count.
        try store.add(located(texts[2], "NGOs denounce mass surveillance.", article: "other", segment: 3), policy: .keepAlternatives)

        let glossary = try SQLiteGlossaryStore(url: store.url, create: false)
        try glossary.add(Term(source: "liste noire", target: "blacklist"))
        try glossary.add(Term(source: "ONG", target: "NGO"))

        let report = try ArticleQualityReport.check(
            article: "demo", targetLanguage: .english, memory: store, annotations: repository, glossary: glossary)
        #expect(report.segments == 4)
        #expect(report.translatedSegments == 3)
        #expect(report.findings.map { "\($0.segment) \($0.check) \($0.severity.rawValue)" } == [
            "1 numbers error", "1 numbers error", "1 citation-link error",
            "2 glossary warning",
            "3 untranslated error",
            "4 source-copied warning",
        ])
        #expect(report.findings[2].message.contains("https://valdoisenumerique.fr/communique"))
        let cited = ArticleQualityReport.citedClaims(of: article, annotations: try repository.annotations(of: "demo"))
        #expect(cited == [1: [CitedClaim(claim: claim.id.rawValue, quote: "a suspendu le partenariat",
                                         urls: [URL(string: "https://valdoisenumerique.fr/communique")!])]])
        #expect(report.hasErrors)
        #expect(report.errors.count == 4)
        #expect(report.warnings.count == 2)
    }

    @Test func aCleanTranslationHasNoFindingAndPromisedCitationsNeedNoLink() throws {
        let article = try segmentedArticle("clean", "Huawei a été placé sur liste noire. Des ONG le dénoncent.")
        let repository = InMemoryAnnotationRepository()
        try repository.addArticle(article)
        let claim = try repository.addClaim(to: "clean", at: .segment(2), kind: .attribution)
        try repository.addSource(Source(id: "hrw", kind: .report, title: "Human Rights Watch report"))
        try repository.cite(claim.id, source: "hrw", status: .promised)
        let annotations = try repository.annotations(of: "clean")
        let translations = ArticleTranslations(article: "clean", units: [
            located("Huawei a été placé sur liste noire.", "Huawei was blacklisted, put on a blacklist.", article: "clean", segment: 1),
            located("Des ONG le dénoncent.", "NGOs denounce it.", article: "clean", segment: 2),
        ])
        let report = ArticleQualityReport(
            article: article, annotations: annotations, translations: translations,
            checker: QualityChecker(glossary: [Term(source: "liste noire", target: "blacklist"), Term(source: "ONG", target: "NGO")]))
        #expect(report.findings.isEmpty)
        #expect(!report.hasErrors)
    }

    @Test func aUnitSpanningSeveralSegmentsTranslatesThemAll() throws {
        let article = try segmentedArticle("beads", "Huawei a démenti. Il a signé en 2019. Le contrat est rompu. Fin.")
        let texts = ArticleText.segmentTexts(of: article)
        #expect(texts.count == 4)
        // An aligner's 2-1 bead: segments 1 and 2 in one unit, stored at segment 1.
        let translations = ArticleTranslations(article: "beads", units: [
            located(texts[0] + " " + texts[1], "Huawei denied it, having signed in 2018.", article: "beads", segment: 1),
            located(texts[2], "The contract is broken.", article: "beads", segment: 3),
        ])
        let report = ArticleQualityReport(article: article, translations: translations, checker: QualityChecker())
        #expect(report.segments == 4)
        #expect(report.translatedSegments == 3)
        #expect(report.findings.map { "\($0.segment)-\($0.lastSegment ?? 0) \($0.check)" } == [
            "1-2 numbers", "1-2 numbers", "4-0 untranslated",
        ])
    }

    @Test func aRepeatedSegmentTakesTheTranslationOfItsTwin() throws {
        let article = try segmentedArticle("twins", "Huawei a démenti. Le contrat est rompu. Huawei a démenti. Fin de l'histoire.")
        let translations = ArticleTranslations(article: "twins", units: [
            located("Huawei a démenti.", "Huawei denied it.", article: "twins", segment: 1),
            located("Le contrat est rompu.", "The contract is broken.", article: "twins", segment: 2),
        ])
        let report = ArticleQualityReport(article: article, translations: translations, checker: QualityChecker())
        #expect(report.translatedSegments == 3)
        #expect(report.findings.map { "\($0.segment) \($0.check)" } == ["4 untranslated"])
    }

    @Test func anUnknownArticleIsAnError() throws {
        let (store, folder) = try temporaryMemory()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ArticleLookupError.unknownArticle("nope")) {
            try ArticleQualityReport.check(
                article: "nope", targetLanguage: .english, memory: store, annotations: InMemoryAnnotationRepository(),
                glossary: try SQLiteGlossaryStore(url: store.url))
        }
    }
}

@Suite struct TranslationAnalysisTests {
    /// A unit of the memory (no location) from `source` to `target`.
    func unit(_ source: String, _ target: String = "x", previous: String? = nil, next: String? = nil) -> TranslationUnit {
        TranslationUnit(sourceLanguage: .french, targetLanguage: .english, source: SegmentText(source), target: SegmentText(target),
                        context: SegmentContext(previous: previous, next: next))
    }

    /// `base` with its last `edits` letters before the final period replaced: a
    /// similarity of exactly 1 − edits / length.
    func edited(_ base: String, _ edits: Int) -> String {
        var scalars = Array(base.unicodeScalars)
        for i in (scalars.count - 1 - edits)..<(scalars.count - 1) { scalars[i] = scalars[i] == "z" ? "y" : "z" }
        return String(String.UnicodeScalarView(scalars))
    }

    @Test func bandsFollowTheBestMatchRoundedDown() {
        func match(_ kind: TranslationMatch.Kind, _ score: Double) -> TranslationMatch {
            TranslationMatch(unit: unit("a"), kind: kind, similarity: score, score: score)
        }
        #expect(AnalysisCategory.band(of: nil) == .new)
        #expect(AnalysisCategory.band(of: match(.inContext, 1)) == .inContext)
        #expect(AnalysisCategory.band(of: match(.exact, 1)) == .exact)
        #expect(AnalysisCategory.band(of: match(.fuzzy, 0.999)) == .fuzzy95To99)
        #expect(AnalysisCategory.band(of: match(.fuzzy, 0.95)) == .fuzzy95To99)
        #expect(AnalysisCategory.band(of: match(.fuzzy, 0.9499)) == .fuzzy85To94)
        #expect(AnalysisCategory.band(of: match(.fuzzy, 0.85)) == .fuzzy85To94)
        #expect(AnalysisCategory.band(of: match(.fuzzy, 0.8499)) == .fuzzy75To84)
        #expect(AnalysisCategory.band(of: match(.fuzzy, 0.75)) == .fuzzy75To84)
        #expect(AnalysisCategory.band(of: match(.fuzzy, 0.74)) == .fuzzy50To74)
        #expect(AnalysisCategory.band(of: match(.fuzzy, 0.5)) == .fuzzy50To74)
        #expect(AnalysisCategory.band(of: match(.fuzzy, 0.4999)) == .new)
    }

    /// A sentence of exactly 100 scalars (99 and a period) made from `words`.
    func hundred(_ words: String) -> String {
        var body = words
        while body.unicodeScalars.count < 99 { body += " " + words }
        return String(String.UnicodeScalarView(Array(body.unicodeScalars).prefix(99))) + "."
    }

    @Test func countsEveryBandOnAConstructedMemory() throws {
        let (store, folder) = try temporaryMemory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // 100-scalar sentences, so that n edits give exactly (100 − n) %.
        let base = "Le département américain du Commerce a placé huit entreprises chinoises sur liste noire lundi soir !"
        #expect(base.unicodeScalars.count == 100)
        let f97 = hundred("Les négociations commerciales entre Washington et Pékin doivent reprendre")
        let f90 = hundred("Des ONG dénoncent depuis des années l'internement massif de cette population")
        let f80 = hundred("Parmi les entreprises visées figurent des spécialistes de la reconnaissance faciale")
        let f60 = hundred("Le gouvernement américain ne peut pas tolérer la suppression brutale des minorités")
        try store.importBatch { batch in
            try batch.add(unit(base, "exact"), policy: .keepAlternatives)
            try batch.add(unit("Des ONG dénoncent.", "NGOs denounce.", previous: "Avant.", next: "Après."), policy: .keepAlternatives)
            try batch.add(unit(edited(f97, 3)), policy: .keepAlternatives)
            try batch.add(unit(edited(f90, 10)), policy: .keepAlternatives)
            try batch.add(unit(edited(f80, 20)), policy: .keepAlternatives)
            try batch.add(unit(edited(f60, 40)), policy: .keepAlternatives)
        }
        let first = AnalysisDocument(id: "a", segments: [
            "Avant.", "Des ONG dénoncent.", "Après.",   // in context (Avant./Après. themselves new)
            base,                                      // exact, 15 words
            f97, f90, f80, f60,                        // 97, 90, 80, 60 %
            "Rien à voir ici.",                        // new
            base,                                      // repetition within the article
            "  ",                                      // blank: skipped
        ])
        let second = AnalysisDocument(id: "b", segments: [
            "Des ONG  dénoncent.",                     // repetition across articles (white space normalised)
            "Tout autre chose encore.",                // new
        ])
        let analysis = try TranslationAnalyzer(store: store).analyze([first, second])
        #expect(analysis.documents.map(\.document) == ["a", "b"])
        let a = analysis.documents[0].table, b = analysis.documents[1].table
        #expect(a[.inContext] == AnalysisCount(segments: 1, words: 3))
        #expect(a[.exact] == AnalysisCount(segments: 1, words: 15))
        #expect(a[.fuzzy95To99] == AnalysisCount(segments: 1, words: WordCount.words(in: f97)))
        #expect(a[.fuzzy85To94] == AnalysisCount(segments: 1, words: WordCount.words(in: f90)))
        #expect(a[.fuzzy75To84] == AnalysisCount(segments: 1, words: WordCount.words(in: f80)))
        #expect(a[.fuzzy50To74] == AnalysisCount(segments: 1, words: WordCount.words(in: f60)))
        #expect(a[.new] == AnalysisCount(segments: 3, words: 6))
        #expect(a[.repetition] == AnalysisCount(segments: 1, words: 15))
        #expect(a.total.segments == 10)
        #expect(b[.repetition] == AnalysisCount(segments: 1, words: 3))
        #expect(b[.new] == AnalysisCount(segments: 1, words: 4))
        #expect(b[.exact] == AnalysisCount())
        #expect(analysis.total[.repetition] == AnalysisCount(segments: 2, words: 18))
        #expect(analysis.total[.new] == AnalysisCount(segments: 4, words: 10))
        #expect(analysis.total.total.segments == 12)
    }

    @Test func analysesStoredArticlesAgainstTheirOwnTranslations() throws {
        let (store, folder) = try temporaryMemory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let article = try segmentedArticle("stored", "Huawei a démenti. Le contrat est rompu. Huawei a démenti.")
        // The articles in the memory's own database, as `tandem article add` stores them.
        let repository = try SQLiteAnnotationRepository(path: store.url.path)
        try repository.addArticle(article)
        try store.add(located("Le contrat est rompu.", "The contract is broken.", article: "other", segment: 9), policy: .keepAlternatives)
        let analysis = try TranslationAnalyzer.analyze(articles: ["stored"], targetLanguage: .english, memory: store, annotations: repository)
        let table = analysis.documents[0].table
        #expect(table[.new] == AnalysisCount(segments: 1, words: 3))
        #expect(table[.exact] == AnalysisCount(segments: 1, words: 4))
        #expect(table[.repetition] == AnalysisCount(segments: 1, words: 3))
        #expect(throws: ArticleLookupError.unknownArticle("missing")) {
            try TranslationAnalyzer.analyze(articles: ["missing"], targetLanguage: .english, memory: store, annotations: repository)
        }
    }
}
