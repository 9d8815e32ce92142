import Foundation
import Testing
@testable import Annotation

@Suite struct AnchoringTests {
    let article = makeArticle(sentences: [
        "Le syndicat VONum suspend son partenariat avec Huawei.",
        "Le département a suspendu le partenariat en août 2020.",
        "Griezmann a rompu son contrat avec Huawei le 10 décembre 2020.",
    ])

    @Test func aQuoteAnchorsAtItsOnlyOccurrenceWithContextFromTheText() throws {
        let anchor = try article.anchor(.quote("en août 2020"))
        let start = try #require(offset(of: "en août 2020", in: article.text))
        #expect(anchor.span == start..<(start + 12))
        #expect(anchor.selector.exact == "en août 2020")
        #expect(anchor.selector.suffix == ". Griezmann a rompu son contrat ")
        #expect(anchor.selector.prefix.unicodeScalars.count == TextQuoteSelector.contextLength)
        #expect(article.text.contains(anchor.selector.prefix + "en août 2020" + anchor.selector.suffix))
    }

    @Test func anAmbiguousQuoteIsRefusedWithItsOffsetsUntilContextOrAnOccurrenceDecides() throws {
        #expect(throws: AnnotationError.ambiguousQuote(article: "a1", quote: "avec Huawei", offsets: [42, 140])) {
            try article.anchor(.quote("avec Huawei"))
        }
        let bySuffix = try article.anchor(.quote("avec Huawei", suffix: " le 10"))
        #expect(bySuffix.span.lowerBound == 140)
        let byPrefix = try article.anchor(.quote("avec Huawei", prefix: "partenariat "))
        #expect(byPrefix.span.lowerBound == 42)
        #expect(try article.anchor(.quote("avec Huawei", occurrence: 2)).span.lowerBound == 140)
        #expect(throws: AnnotationError.occurrenceOutOfRange(article: "a1", quote: "avec Huawei", requested: 3, occurrences: 2)) {
            try article.anchor(.quote("avec Huawei", occurrence: 3))
        }
        #expect(throws: AnnotationError.quoteContextNotFound(article: "a1", quote: "avec Huawei", occurrences: 2)) {
            try article.anchor(.quote("avec Huawei", prefix: "Huawei "))
        }
    }

    @Test func aQuoteThatIsNotInTheTextIsAClearError() {
        let error = #expect(throws: AnnotationError.self) { try article.anchor(.quote("suspend son contrat")) }
        #expect(error == .quoteNotFound(article: "a1", quote: "suspend son contrat", suggestion: nil))
        #expect(error?.description.contains("quote not found in article a1") == true)
        // A difference of case only: not accepted, but the message shows the text's wording.
        let caseError = #expect(throws: AnnotationError.self) { try article.anchor(.quote("le syndicat vonum")) }
        #expect(caseError == .quoteNotFound(article: "a1", quote: "le syndicat vonum", suggestion: "Le syndicat VONum"))
    }

    @Test func typographicVariantsMatchOneForOneAndTheSelectorKeepsTheArticlesText() throws {
        let article = makeArticle(sentences: ["Il rompt avec l’entreprise « chinoise »."])
        let anchor = try article.anchor(.quote("l'entreprise \" chinoise \""))
        #expect(anchor.selector.exact == "l’entreprise « chinoise »")
        #expect(anchor.span == 14..<39)
    }

    @Test func aSegmentGivesItsWholeSpanAndBadNumbersAreErrors() throws {
        let anchor = try article.anchor(.segment(2))
        #expect(anchor.selector.exact == "Le département a suspendu le partenariat en août 2020.")
        #expect(anchor.span == article.segments[1].range)
        #expect(throws: AnnotationError.segmentOutOfRange(article: "a1", segment: 4, count: 3)) { try article.anchor(.segment(4)) }
        #expect(throws: AnnotationError.segmentOutOfRange(article: "a1", segment: 0, count: 3)) { try article.anchor(.segment(0)) }
        let length = article.length
        #expect(throws: AnnotationError.spanOutOfRange(article: "a1", start: 10, end: length + 1, length: length)) {
            try article.anchor(.span(10..<(length + 1)))
        }
    }

    @Test func aClaimAcrossASegmentBoundaryReportsEverySegmentItTouches() throws {
        let anchor = try article.anchor(.quote("avec Huawei. Le département a suspendu"))
        #expect(article.segmentNumbers(touching: anchor.span) == [1, 2])
        let wide = try article.anchor(.quote("Huawei. Le département a suspendu le partenariat en août 2020. Griezmann"))
        #expect(article.segmentNumbers(touching: wide.span) == [1, 2, 3])
        #expect(article.segmentNumbers(touching: try article.anchor(.quote("août")).span) == [2])
        // The space between two segments belongs to neither.
        let gap = article.segments[0].range.upperBound
        #expect(article.segmentNumbers(touching: gap..<(gap + 1)).isEmpty)
    }

    @Test func overlappingClaimsAnchorIndependently() throws {
        let outer = Claim(id: "outer", in: article, at: try article.anchor(.quote("Le département a suspendu le partenariat en août 2020")), kind: .fact)
        let inner = Claim(id: "inner", in: article, at: try article.anchor(.quote("en août 2020")), kind: .figure)
        #expect(outer.span.overlaps(inner.span))
        #expect(outer.span.contains(inner.span.lowerBound) && inner.span.upperBound <= outer.span.upperBound)
        try outer.validate(against: article)
        try inner.validate(against: article)
        // After an edit before both, both re-anchor to the same place relative to each other.
        var edited = article
        edited.text = "Mise à jour. " + article.text
        edited.segments = sentenceSegments(edited.text)
        let results = edited.reanchor([outer, inner])
        #expect(results.map(\.claim.span) == [outer.span.lowerBound + 13..<outer.span.upperBound + 13, inner.span.lowerBound + 13..<inner.span.upperBound + 13])
    }
}

@Suite struct ReanchoringTests {
    let original = makeArticle(sentences: [
        "Le syndicat VONum suspend son partenariat avec Huawei.",
        "Le département a suspendu le partenariat en août 2020.",
        "Griezmann a rompu son contrat avec Huawei le 10 décembre 2020.",
    ])

    func claim(_ quote: String, id: ClaimID = "c1") throws -> Claim {
        Claim(id: id, in: original, at: try original.anchor(.quote(quote)), kind: .fact)
    }

    func edited(_ text: String) -> Article {
        var article = original
        article.text = text
        article.segments = sentenceSegments(text)
        return article
    }

    @Test func aClaimWhoseTextIsUnchangedStaysPut() throws {
        let claim = try claim("suspendu le partenariat en août 2020")
        let result = original.reanchor(claim)
        #expect(result.method == .unchanged)
        #expect(result.claim == claim)
    }

    @Test func insertionsBeforeAClaimMoveItAndMarkItReanchored() throws {
        let claim = try claim("suspendu le partenariat en août 2020")
        let article = edited("Première victoire. " + original.text.replacingOccurrences(of: "Le syndicat", with: "Le syndicat mixte"))
        let result = article.reanchor(claim)
        #expect(result.method == .quote)
        #expect(result.claim.anchorStatus == .reanchored)
        #expect(result.claim.span.lowerBound == claim.span.lowerBound + 19 + 6)
        #expect(result.claim.selector.exact == claim.selector.exact)
        try result.claim.validate(against: article)
        #expect(article.segmentNumbers(touching: result.claim.span) == [3])
    }

    @Test func aSmallChangeInsideTheClaimIsFoundApproximatelyAndTheClaimTakesTheNewWording() throws {
        let claim = try claim("Le département a suspendu le partenariat en août 2020")
        let article = edited(original.text.replacingOccurrences(of: "a suspendu le partenariat", with: "a suspendu son partenariat"))
        let result = article.reanchor(claim)
        #expect(result.method == .fuzzy(editDistance: 3))
        #expect(result.claim.anchorStatus == .reanchored)
        #expect(result.claim.selector.exact == "Le département a suspendu son partenariat en août 2020")
        try result.claim.validate(against: article)
    }

    @Test func aClaimWhoseTextWasRemovedIsOrphanedAndKeepsItsQuote() throws {
        let claim = try claim("Le département a suspendu le partenariat en août 2020.")
        let article = edited(original.text.replacingOccurrences(of: "Le département a suspendu le partenariat en août 2020. ", with: ""))
        let result = article.reanchor(claim)
        #expect(result.method == .orphaned)
        #expect(result.claim.anchorStatus == .orphaned)
        #expect(result.claim.selector == claim.selector)
        // An orphan is not checked against the text…
        try result.claim.validate(against: article)
        // …and comes back when its text does.
        let restored = original.reanchor(result.claim)
        #expect(restored.method == .unchanged)
        #expect(restored.claim.anchorStatus == .reanchored)
    }

    @Test func aRewordingBeyondTenPercentOrphansTheClaim() throws {
        let claim = try claim("Le département a suspendu le partenariat en août 2020")
        let article = edited(original.text.replacingOccurrences(of: "a suspendu le partenariat en août", with: "a rompu l'accord en septembre"))
        #expect(article.reanchor(claim).method == .orphaned)
    }

    @Test func amongSeveralOccurrencesTheContextDecidesThenTheNearest() throws {
        // The second "avec Huawei" (Griezmann's) moves far; the first is now nearer its old
        // position, but the context picks the second.
        let claim = try Claim(id: "c", in: original, at: original.anchor(.quote("avec Huawei", occurrence: 2)), kind: .fact)
        let inserted = String(repeating: "Une longue phrase ajoutée pour éloigner la suite. ", count: 4)
        let article = edited(original.text.replacingOccurrences(of: "Griezmann a rompu", with: inserted + "Griezmann a rompu"))
        let result = article.reanchor(claim)
        #expect(result.method == .quote)
        #expect(result.claim.span.lowerBound == 140 + inserted.unicodeScalars.count)
        #expect(result.claim.selector.suffix.hasPrefix(" le 10 décembre"))

        // With no context to tell them apart, the occurrence nearest the old position wins.
        let bare = Claim(id: "b", articleID: "a1", kind: .fact, span: 120..<131, selector: TextQuoteSelector(exact: "avec Huawei"))
        #expect(original.reanchor(bare).claim.span.lowerBound == 140)
        let early = Claim(id: "b", articleID: "a1", kind: .fact, span: 60..<71, selector: TextQuoteSelector(exact: "avec Huawei"))
        #expect(original.reanchor(early).claim.span.lowerBound == 42)
    }

    @Test func reanchoringFollowsAResegmentationWithoutMovingClaims() throws {
        let claim = try claim("Le département a suspendu")
        var article = original
        article.segments = [ArticleSegment(range: 0..<article.length, paragraph: 1)]
        let result = article.reanchor(claim)
        #expect(result.method == .unchanged)
        #expect(article.segmentNumbers(touching: result.claim.span) == [1])
    }
}

@Suite struct ApproximateMatchTests {
    @Test func boundedSearchAgreesWithPlainEditDistanceOnRandomText() {
        var generator = SeededGenerator(seed: 42)
        let alphabet: [UInt32] = Array("abcde ".unicodeScalars.map(\.value))
        for _ in 0..<200 {
            let text = (0..<Int.random(in: 20...60, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let pattern = (0..<Int.random(in: 3...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
            let k = Int.random(in: 0...2, using: &generator)
            let ends = ApproximateMatch.ends(of: pattern, in: text, maxDistance: k)
            // Reference: for each end, the best distance over all starts.
            for end in 1...text.count {
                let best = (0...end).map { editDistance(pattern, Array(text[$0..<end])) }.min()!
                let found = ends.first { $0.end == end }
                if best <= k {
                    #expect(found?.distance == best, "end \(end)")
                } else {
                    #expect(found == nil, "end \(end)")
                }
            }
            for match in ApproximateMatch.bestMatches(of: pattern, in: text, maxDistance: k) {
                #expect(editDistance(pattern, Array(text[match.range])) == match.distance)
            }
        }
    }
}
