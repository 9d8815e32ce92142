import Foundation
import Testing
@testable import Annotation

/// The reviewed annotations of the seed articles (seeds/annotations/*.json).
enum SeedAnnotations {
    struct Seed {
        var file: AnnotationFile
        var annotations: ArticleAnnotations
    }

    /// Each annotation file applied to its article text. Segments are one per line
    /// here (the Segmentation target is not a dependency of this module); claims are
    /// anchored by quote, which does not depend on segmentation.
    static func load() throws -> [Seed] {
        try PackagePaths.seedAnnotationFiles.map { url in
            let file = try AnnotationFile.decode(Data(contentsOf: url), name: url.lastPathComponent)
            let textURL = PackagePaths.seeds.appendingPathComponent(try #require(file.article.file))
            let text = try String(contentsOf: textURL, encoding: .utf8)
            let article = try file.makeArticle(text: text, segments: ArticleSegment.lines(of: text))
            return Seed(file: file, annotations: try file.resolve(in: article))
        }
    }

    static func named(_ id: ArticleID) throws -> ArticleAnnotations {
        try #require(try load().first { $0.annotations.article.id == id }).annotations
    }
}

@Suite(.enabled(if: PackagePaths.seedAnnotationsAvailable, "needs seeds/annotations/*.json, which the repository holds"))
struct SeedAnnotationTests {
    let scratch = ScratchDirectory()

    @Test func bothSeedArticlesAreAnnotatedAndEveryClaimAnchorsInItsText() throws {
        let seeds = try SeedAnnotations.load()
        #expect(seeds.map(\.annotations.article.id) == ["000_9519520b1cfbc68e", "004_8a092bc0b89f6462"])
        for seed in seeds {
            let annotations = seed.annotations
            #expect(annotations.claims.count == seed.file.claims.count)
            #expect(annotations.claims.count >= 10)
            for claim in annotations.claims {
                #expect(claim.anchorStatus == .anchored)
                try claim.validate(against: annotations.article)
                #expect(!annotations.article.segmentNumbers(touching: claim.span).isEmpty, "\(claim.id) touches no segment")
            }
            // Re-anchoring in the same text changes nothing.
            #expect(annotations.article.reanchor(annotations.claims).allSatisfy { $0.method == .unchanged })
            // A citation is linked only with a URL, and every URL used is one a reviewer is sure of: none, here.
            for citation in annotations.citations where citation.status == .linked {
                #expect(annotations.source(citation.sourceID)?.url != nil)
            }
            // The file written back from the values reads the same.
            let rewritten = try AnnotationFile.decode(AnnotationFile(annotations, file: seed.file.article.file).encoded())
            // (The seed files list claims in reading order, as the writer does.)
            #expect(try rewritten.resolve(in: annotations.article) == annotations)
        }
    }

    @Test func theVONumArticleHasItsPromisesAndUnresolvedSources() throws {
        let annotations = try SeedAnnotations.named("000_9519520b1cfbc68e")
        let coverage = annotations.coverage()
        // The French translations of the Washington Post and Guardian articles are promised, not there.
        #expect(Set(coverage.outstandingPromises.map(\.sourceID)) == ["washington-post-huawei", "guardian-huawei"])
        #expect(coverage.outstandingPromises.allSatisfy { $0.promisedLanguage == "fr" })
        let claims = Dictionary(uniqueKeysWithValues: coverage.claimDetails.map { ($0.claimID, $0) })
        #expect(claims["washington-post-and-guardian"]?.status == .promised)
        #expect(claims["vonum-suspension"]?.status == .unresolved)
        #expect(claims["vonum-suspension"]?.citations.first?.note?.contains("cet article, accessible et complet") == true)
        #expect(claims["suspension-date"]?.text.hasSuffix("août 2020") == true)
        #expect(claims["cgtn-quotation"]?.kind == .quotation)
        #expect(claims["elected-officials"]?.text.contains("Aurélien Taché") == true)
        #expect(claims["elected-officials"]?.text.contains("Rachid Temal") == true)
        #expect(claims["griezmann-announcement"]?.text.contains("10 décembre 2020") == true)
        #expect(claims["griezmann-instagram-quote"]?.citations.map(\.sourceID) == ["griezmann-instagram"])
        #expect(coverage.claims.covered == 0)
        #expect(coverage.claims.uncovered > 0)
    }

    @Test func theBlacklistArticleNamesItsCompaniesAndFigures() throws {
        let annotations = try SeedAnnotations.named("004_8a092bc0b89f6462")
        let claims = Dictionary(uniqueKeysWithValues: annotations.claims.map { ($0.id, $0) })
        let companies = try #require(claims["named-companies"])
        for name in ["Dahua", "MegviiTechnology", "SenseTime", "iFlytek", "Yitu"] { #expect(companies.text.contains(name)) }
        #expect(!companies.text.contains("Hikvision")) // the text names Hikvision only for the August decree
        #expect(claims["august-decree"]?.text.contains("Hikvision") == true)
        // The figure sits inside the blacklist claim: overlapping claims.
        let blacklist = try #require(claims["commerce-blacklist"]), figure = try #require(claims["blacklist-eight-companies-twenty-bodies"])
        #expect(blacklist.span.lowerBound <= figure.span.lowerBound && figure.span.upperBound <= blacklist.span.upperBound)
        #expect(figure.text == "huit entreprises et une vingtaine d'organismes publics chinois")
        #expect(claims["detention-up-to-a-million"]?.kind == .figure)
        #expect(claims["senate-bill"] != nil)
        let ross = annotations.citations.filter { $0.claimID == "wilbur-ross-technology-quote" || $0.claimID == "wilbur-ross-communique-quote" }
        #expect(ross.count == 2 && ross.allSatisfy { $0.status == .unresolved })
        #expect(annotations.sources.allSatisfy { $0.url == nil })
    }

    @Test(arguments: RepositoryKind.allCases)
    func theSeedsStoreThroughTheRepositoryAndReport(_ kind: RepositoryKind) throws {
        let repository = try kind.make(in: scratch)
        for seed in try SeedAnnotations.load() {
            try repository.addArticle(seed.annotations.article)
            try repository.store(seed.annotations)
        }
        let report = try repository.coverage()
        #expect(report.articles.count == 2)
        #expect(report.totalClaims.total == report.articles.map(\.claims.total).reduce(0, +))
        let table = report.textTable()
        #expect(table.contains("000_9519520b1cfbc68e"))
        #expect(table.contains("Washington Post"))
    }
}
