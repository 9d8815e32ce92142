import Foundation
import Testing
@testable import Annotation

@Suite struct ReportTests {
    let fixture = CoverageFixture()

    @Test func theTextTableHasOneLinePerArticleAndEveryClaimWithoutALinkedSource() throws {
        let table = CoverageReport([try fixture.annotations()]).textTable()
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let articleLine = try #require(lines.first { $0.hasPrefix("a1 ") })
        #expect(articleLine.split(separator: " ").map(String.init) == ["a1", "6", "2", "33.3", "%", "44.4", "%", "1", "1", "2", "1", "1"])
        #expect(table.contains("Claims without a linked source (4):"))
        let c4 = try #require(lines.first { $0.contains("kappa lambda") })
        #expect(c4.split(separator: " ").prefix(4).map(String.init) == ["C5", "uncovered", "fact", "3"])
        #expect(lines.contains { $0.contains("C6") && $0.contains("uncovered, orphaned") && $0.contains("omega") })
        #expect(lines.contains { $0.contains("C3") && $0.contains("The article") && $0.contains("translation into fr") })
        #expect(!lines.contains { $0.contains("Alpha beta gamma") }) // covered claims are not listed
    }

    @Test func longClaimsAreCutInTheTableOnly() throws {
        let long = String(repeating: "mot ", count: 60) + "fin."
        let article = makeArticle(sentences: [long])
        let claim = Claim(id: "c", in: article, at: try article.anchor(.segment(1)), kind: .fact)
        let report = CoverageReport([ArticleAnnotations(article: article, claims: [claim])])
        #expect(!report.textTable().contains("fin."))
        #expect(report.textTable().contains("mot mot…"))
        #expect(report.articles[0].claimDetails[0].text.hasSuffix("fin."))
    }

    @Test func theJSONReportRoundTripsWithStableKeys() throws {
        let report = CoverageReport([try fixture.annotations()])
        let data = try report.jsonData()
        #expect(try JSONDecoder().decode(CoverageReport.self, from: data) == report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["articles", "totalClaims", "totalWords"])
        let article = try #require((object["articles"] as? [[String: Any]])?.first)
        #expect(Set(article.keys) == ["article", "title", "language", "claims", "words", "outstandingPromises", "claimList"])
        #expect((article["claims"] as? [String: Any])?["coveredPercent"] as? Double == 33.3)
        let claim = try #require((article["claimList"] as? [[String: Any]])?.first)
        #expect(claim["claim"] as? String == "c1")
        #expect(claim["segments"] as? [Int] == [1])
        #expect(try report.jsonData() == data)
    }

    @Test func theHTMLReportEscapesEveryTextAndLoadsNothing() throws {
        let hostile = "<script>alert('x')</script> & \"quotes\""
        let article = Article(
            id: "evil", language: "fr", title: hostile, publisher: "<b>Pub</b>",
            url: URL(string: "https://example.org/a?x=1&y=<2>"),
            text: "Avant. \(hostile) Après.", segments: sentenceSegments("Avant. \(hostile) Après.")
        )
        let claim = Claim(id: "c", in: article, at: try article.anchor(.quote("<script>alert('x')</script>")), kind: .quotation, note: "<img src=x onerror=alert(1)>")
        let source = Source(id: "s", kind: .report, url: URL(string: "https://example.org/r?a=1&b=2")!, title: "</a><script>bad()</script>")
        let annotations = ArticleAnnotations(article: article, claims: [claim], citations: [Citation(id: "k", claimID: "c", sourceID: "s", status: .linked, note: "<i>n</i>")], sources: [source])
        let html = CoverageHTMLReport([annotations], caption: "<caption>").render()
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>Pub"))
        #expect(!html.contains("<i>n</i>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("href=\"https://example.org/r?a=1&amp;b=2\" rel=\"noopener noreferrer\""))
        // Self-contained: no external resource of any kind.
        for forbidden in ["<link", "src=\"", "@import", "url(", "<iframe", "<object"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        #expect(html.contains("Content-Security-Policy"))
        #expect(html.contains("name=\"viewport\""))
        // Every external link carries rel=noopener noreferrer.
        let externalLinks = html.components(separatedBy: "<a href=\"http").dropFirst()
        #expect(!externalLinks.isEmpty)
        for link in externalLinks { #expect(link.prefix(while: { $0 != ">" }).contains("rel=\"noopener noreferrer\"")) }
    }

    @Test func theHTMLReportMarksEachClaimWithAWordAndASymbolNotOnlyAColour() throws {
        let html = CoverageHTMLReport([try fixture.annotations()]).render()
        for status in ClaimCoverageStatus.allCases {
            #expect(html.contains("\(CoverageHTMLReport.symbol(status)) \(status.rawValue)"), "legend and list for \(status)")
        }
        // A badge per anchored claim in the text, linking to its entry in the list.
        for number in 1...5 { #expect(html.contains("href=\"#article-a1-c\(number)\"")) }
        #expect(html.contains("id=\"article-a1-c6\""))
        #expect(html.contains("orphaned</strong>"))
        // Overlapping claims: the shared words are one highlighted piece.
        #expect(html.contains("class=\"hl s-covered overlap\" title=\"C1 (covered), C2 (covered)\">gamma</mark>"))
        #expect(html.contains("class=\"hl s-unresolved overlap\" title=\"C3 (promised), C4 (unresolved)\">zeta</mark>"))
    }
}

@Suite struct ClaimsListingTests {
    @Test func theListingMarksEveryClaimInTheTextEvenWhenTheyOverlap() throws {
        let listing = try CoverageFixture().annotations().claimsListing(segmentNumbers: false)
        #expect(listing.contains("⟦C1 ✓ Alpha beta ⟦C2 ✓ gamma C1⟧ delta C2⟧."))
        #expect(listing.contains("⟦C3 ◷ Epsilon ⟦C4 ? zeta C3⟧ eta C4⟧ theta."))
        #expect(listing.contains("Iota ⟦C5 ✗ kappa lambda C5⟧ mu."))
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("C6") && $0.contains("uncovered, orphaned") && $0.contains("omega") })
        #expect(lines.contains { $0.hasPrefix("C3") && $0.contains("promised: The article") })
    }

    @Test func segmentNumbersComeBeforeTheClaimsThatStartThere() throws {
        let annotations = try CoverageFixture().annotations()
        let listing = annotations.claimsListing()
        #expect(listing.contains("[1] ⟦C1 ✓ Alpha beta ⟦C2 ✓ gamma C1⟧ delta C2⟧."))
        // Every segment is numbered, once, in order.
        let numbers = annotations.article.segments.indices.map { "[\($0 + 1)] " }
        var rest = Substring(listing)
        for number in numbers {
            let range = try #require(rest.range(of: number), "\(number) missing or out of order")
            rest = rest[range.upperBound...]
        }
        #expect(!listing.contains("[\(numbers.count + 1)] "))
        // The table names each claim's id.
        #expect(listing.split(separator: "\n").contains { $0.hasPrefix("C1 ") && $0.contains(annotations.claimsInTextOrder[0].id.rawValue) })
    }

    @Test func nestedClaimsCloseInnerFirst() {
        let text = ScalarText("abcdef")
        let marks = [Mark(span: 0..<6, open: "<1", close: "1>"), Mark(span: 2..<6, open: "<2", close: "2>"), Mark(span: 2..<4, open: "<3", close: "3>")]
        #expect(marked(text, marks) == "<1ab<2<3cd3>ef2>1>")
    }

    @Test func theTranslationShowsTheOriginalsClaimsWithWhatBecameOfTheirLinks() throws {
        let tests = TranslationCoverageTests()
        let result = try tests.annotations().translationCoverage(into: ArticleAnnotations(article: tests.target), alignment: tests.alignment)
        let text = result.markedTranslation(tests.target)
        #expect(text.contains("⟦C1 ✓ The report (https://example.org/report/), published on Monday, accuses Huawei. C1⟧"))
        #expect(text.contains("⟦C2 ✗ The Washington Post confirms it. C2⟧"))
        #expect(text.contains("⟦C4 ✗ Nothing else. C4⟧"))
        #expect(text.contains("C3 [untranslated] Le Guardian aussi"))
    }
}
