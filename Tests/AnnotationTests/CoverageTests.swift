import Foundation
import Testing
@testable import Annotation

/// A small article whose claims have every status, with overlaps and an orphan.
struct CoverageFixture {
    let article = makeArticle(sentences: ["Alpha beta gamma delta.", "Epsilon zeta eta theta.", "Iota kappa lambda mu."])
    let report = Source(id: "report", kind: .report, url: URL(string: "https://example.org/report")!, title: "The report", publisher: "Example")
    let wapo = Source(id: "wapo", kind: .newsArticle, url: URL(string: "https://example.org/wapo")!, title: "The article", language: "en")
    let named = Source(id: "named", kind: .newsArticle, title: "cet article")

    func claim(_ id: ClaimID, _ quote: String, kind: ClaimKind = .fact) throws -> Claim {
        Claim(id: id, in: article, at: try article.anchor(.quote(quote)), kind: kind)
    }

    func annotations() throws -> ArticleAnnotations {
        var orphan = try claim("c6", "Iota")
        orphan.selector = TextQuoteSelector(exact: "omega")
        orphan.anchorStatus = .orphaned
        let claims = [
            try claim("c1", "Alpha beta gamma"),
            try claim("c5", "gamma delta", kind: .figure),
            try claim("c2", "Epsilon zeta"),
            try claim("c3", "zeta eta"),
            try claim("c4", "kappa lambda"),
            orphan,
        ]
        let citations = [
            Citation(id: "k1", claimID: "c1", sourceID: "report", status: .linked),
            Citation(id: "k5a", claimID: "c5", sourceID: "named", status: .unresolved),
            Citation(id: "k5b", claimID: "c5", sourceID: "report", status: .linked),
            Citation(id: "k2", claimID: "c2", sourceID: "wapo", status: .promised, promisedLanguage: "fr", note: "traduction promise"),
            Citation(id: "k3", claimID: "c3", sourceID: "named", status: .unresolved),
        ]
        return ArticleAnnotations(article: article, claims: claims, citations: citations, sources: [report, wapo, named])
    }
}

@Suite struct CoverageTests {
    let fixture = CoverageFixture()

    @Test func claimsAreCountedOncePerStatusAndCoveredMeansLinked() throws {
        let annotations = try fixture.annotations()
        try annotations.validate()
        let coverage = annotations.coverage()
        #expect(coverage.claims.total == 6)
        #expect(coverage.claims.covered == 2) // c1, c5 (linked beats unresolved)
        #expect(coverage.claims.promised == 1) // c2
        #expect(coverage.claims.unresolved == 1) // c3
        #expect(coverage.claims.uncovered == 2) // c4, the orphan c6
        #expect(coverage.claims.orphaned == 1)
        #expect(coverage.claims.coveredPercent == 33.3)
        #expect(coverage.claimDetails.map(\.claimID) == ["c1", "c5", "c2", "c3", "c4", "c6"])
        #expect(coverage.claimDetails.map(\.number) == Array(1...6))
        #expect(Set(coverage.claimsNeedingAttention.map(\.claimID)) == ["c2", "c3", "c4", "c6"])
        let c4 = try #require(coverage.claimDetails.first { $0.claimID == "c4" })
        #expect(c4.segments == [3])
        #expect(c4.text == "kappa lambda")
        #expect(c4.status == .uncovered)
    }

    @Test func wordsAreCountedOnceUnderOverlappingClaimsAndOrphansHaveNone() throws {
        let coverage = try fixture.annotations().coverage()
        #expect(coverage.words.article == 12)
        // Alpha beta gamma delta + Epsilon zeta eta + kappa lambda.
        #expect(coverage.words.claimed == 9)
        // Alpha beta gamma delta (c1 ∪ c5).
        #expect(coverage.words.covered == 4)
        #expect(coverage.words.coveredPercent == 44.4)
        #expect(coverage.claimDetails.first { $0.claimID == "c6" }?.words == 0)
        #expect(coverage.claimDetails.first { $0.claimID == "c1" }?.words == 3)
    }

    @Test func aWordPartlyInsideAClaimCountsAndApostrophesSeparateWords() {
        let text = ScalarText("Alpha beta l’entreprise 2020-08.")
        let words = WordIndex(text)
        #expect(words.count == 6) // Alpha, beta, l, entreprise, 2020, 08
        #expect(words.count(in: [2..<3]) == 1)
        #expect(words.count(in: [4..<7]) == 2) // "a b" touches Alpha and beta
        #expect(words.count(in: [0..<3, 1..<4, 2..<5]) == 1)
        #expect(words.count(in: []) == 0)
    }

    @Test func aPromisedTranslationIsOutstandingUntilATranslationLinkKeepsIt() throws {
        var annotations = try fixture.annotations()
        var coverage = annotations.coverage()
        #expect(coverage.outstandingPromises.map(\.citationID) == ["k2"])
        #expect(coverage.outstandingPromises.first?.promisedLanguage == "fr")
        #expect(coverage.outstandingPromises.first?.claimNumber == 3)

        // A link into another language keeps nothing.
        annotations.translationLinks = [TranslationLink(id: "t-de", original: .url(URL(string: "https://example.org/wapo")!), translation: .url(URL(string: "https://example.de/wapo")!), language: "de")]
        #expect(annotations.coverage().outstandingPromises.count == 1)
        // Same document (trailing slash, host case aside), same language (region aside): kept.
        annotations.translationLinks.append(TranslationLink(id: "t-fr", original: .url(URL(string: "https://EXAMPLE.org/wapo/")!), translation: .url(URL(string: "https://example.fr/wapo")!), language: "fr-FR"))
        coverage = annotations.coverage()
        #expect(coverage.outstandingPromises.isEmpty)
        // Keeping the promise does not make the claim covered: it still has no linked citation.
        #expect(coverage.claims.promised == 1)
    }

    @Test func aPromisedLinkIsKeptWhenTheSourceGetsItsURL() throws {
        let article = makeArticle(sentences: ["Des liens seront ajoutés."])
        let claim = Claim(id: "c", in: article, at: try article.anchor(.segment(1)), kind: .fact)
        var source = Source(id: "s", kind: .newsArticle, title: "À venir")
        var annotations = ArticleAnnotations(article: article, claims: [claim], citations: [Citation(id: "k", claimID: "c", sourceID: "s", status: .promised)], sources: [source])
        #expect(annotations.coverage().outstandingPromises.count == 1)
        source.url = URL(string: "https://example.org/later")
        annotations.sources = [source]
        #expect(annotations.coverage().outstandingPromises.isEmpty)
    }

    @Test func anArticleWithoutClaimsHasNoPercentages() {
        let coverage = ArticleAnnotations(article: fixture.article).coverage()
        #expect(coverage.claims.total == 0)
        #expect(coverage.claims.coveredPercent == nil)
        #expect(coverage.words.coveredPercent == nil)
        #expect(coverage.words.article == 12)
    }

    @Test func totalsAddUpAcrossArticles() throws {
        let first = try fixture.annotations()
        var second = first
        second.article.id = "a2"
        second.claims = second.claims.map { var claim = $0; claim.articleID = "a2"; return claim }
        let report = CoverageReport([first, second])
        #expect(report.totalClaims.total == 12)
        #expect(report.totalClaims.covered == 4)
        #expect(report.totalWords.claimed == 18)
        #expect(report.totalClaims.coveredPercent == 33.3)
    }
}

@Suite struct TranslationCoverageTests {
    let source = makeArticle(id: "fr1", sentences: [
        "Le rapport publié lundi accuse Huawei.",
        "Le Washington Post le confirme.",
        "Le Guardian aussi.",
        "Rien d'autre.",
    ])
    let report = Source(id: "report", kind: .report, url: URL(string: "https://example.org/report")!, title: "Rapport")
    let wapo = Source(id: "wapo", kind: .newsArticle, url: URL(string: "https://example.org/wapo")!, title: "WaPo")
    let guardian = Source(id: "guardian", kind: .newsArticle, url: URL(string: "https://example.org/guardian")!, title: "Guardian")

    func annotations() throws -> ArticleAnnotations {
        func claim(_ id: ClaimID, _ quote: String) throws -> Claim {
            Claim(id: id, in: source, at: try source.anchor(.quote(quote)), kind: .fact)
        }
        return ArticleAnnotations(
            article: source,
            claims: [try claim("c1", "accuse Huawei"), try claim("c2", "le confirme"), try claim("c3", "Le Guardian aussi"), try claim("c4", "Rien d'autre")],
            citations: [
                Citation(id: "k1", claimID: "c1", sourceID: "report", status: .linked),
                Citation(id: "k2", claimID: "c2", sourceID: "wapo", status: .linked),
                Citation(id: "k3", claimID: "c3", sourceID: "guardian", status: .linked),
            ],
            sources: [report, wapo, guardian]
        )
    }

    let target = makeArticle(id: "en1", language: "en", sentences: [
        "The report (https://example.org/report/), published on Monday, accuses Huawei.",
        "The Washington Post confirms it.",
        "Nothing else.",
    ])
    let alignment = SegmentAlignment([1: [1], 2: [2], 4: [3]])

    @Test func sourcedClaimsKeepTheirLinkByURLOrLoseItAndUntranslatedOnesAreReported() throws {
        let result = try annotations().translationCoverage(into: ArticleAnnotations(article: target), alignment: alignment)
        let links = Dictionary(uniqueKeysWithValues: result.claims.map { ($0.claimID, $0.link) })
        #expect(links["c1"] == .keptAsURL)
        #expect(links["c2"] == .lost)
        #expect(links["c3"] == .untranslated)
        #expect(links["c4"] == .some(nil)) // not sourced: projected, no link state
        #expect(result.sourcedClaims == 3)
        #expect(result.keptLinks == 1)
        #expect(result.missingLinks.map(\.claimID) == ["c2", "c3"])
        let c4 = try #require(result.claims.first { $0.claimID == "c4" })
        #expect(c4.targetSegments == [3])
        #expect(c4.targetText == "Nothing else.")
    }

    @Test func aCitationOfTheSameSourceOnTheTranslationKeepsTheLink() throws {
        let anchor = try target.anchor(.quote("confirms it"))
        let translated = ArticleAnnotations(
            article: target,
            claims: [Claim(id: "e2", in: target, at: anchor, kind: .fact)],
            citations: [Citation(id: "ke2", claimID: "e2", sourceID: "wapo", status: .linked)],
            sources: [wapo]
        )
        let result = try annotations().translationCoverage(into: translated, alignment: alignment)
        #expect(result.claims.first { $0.claimID == "c2" }?.link == .keptAsCitation)
        // An unresolved citation on the translation is not a link.
        var unresolved = translated
        unresolved.citations[0].status = .unresolved
        #expect(try annotations().translationCoverage(into: unresolved, alignment: alignment).claims.first { $0.claimID == "c2" }?.link == .lost)
    }

    @Test func theURLOfAKnownTranslationOfTheSourceCounts() throws {
        var annotations = try annotations()
        annotations.translationLinks = [TranslationLink(id: "t", original: .url(wapo.url!), translation: .url(URL(string: "https://example.com/wapo-en")!), language: "en")]
        let target = makeArticle(id: "en1", language: "en", sentences: ["The report, published on Monday, accuses Huawei.", "As https://example.com/wapo-en. confirms."])
        let result = annotations.translationCoverage(into: ArticleAnnotations(article: target), alignment: SegmentAlignment(beads: [(source: [1], target: [1]), (source: [2, 3], target: [2])]))
        #expect(result.claims.first { $0.claimID == "c2" }?.link == .keptAsURL)
        #expect(result.claims.first { $0.claimID == "c1" }?.link == .lost)
        #expect(result.claims.first { $0.claimID == "c3" }?.targetSegments == [2])
    }

    @Test func urlsAreFoundInRunningTextWithoutTheirTrailingPunctuation() {
        let urls = URLScanner.urls(in: "Voir (https://example.org/a_(b)) et https://example.org/c, puis «https://example.org/d». Pas ftp://x.org ni http:/y.")
        #expect(urls.map(\.absoluteString) == ["https://example.org/a_(b)", "https://example.org/c", "https://example.org/d"])
    }
}
