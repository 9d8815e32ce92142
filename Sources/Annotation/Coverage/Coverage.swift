import Foundation

/// Where a claim stands with its sources. Each claim has exactly one status: the
/// best of its citations' statuses, in the order linked > promised > unresolved.
///
/// **Covered means at least one `linked` citation** (an identified source with a URL a
/// reader can follow). A claim whose only citations are `promised` or `unresolved`
/// is not covered; it is counted under that status instead, so the four counts add up
/// to the number of claims.
public enum ClaimCoverageStatus: String, CaseIterable, Hashable, Sendable, Codable {
    /// At least one `linked` citation.
    case covered
    /// No linked citation; at least one `promised`.
    case promised
    /// No linked or promised citation; at least one `unresolved`.
    case unresolved
    /// No citation at all.
    case uncovered

    init(citations: [Citation]) {
        let statuses = Set(citations.map(\.status))
        if statuses.contains(.linked) { self = .covered }
        else if statuses.contains(.promised) { self = .promised }
        else if statuses.contains(.unresolved) { self = .unresolved }
        else { self = .uncovered }
    }
}

/// A source as a claim cites it, for reports.
public struct CitedSource: Hashable, Sendable, Codable {
    public var citationID: CitationID
    public var sourceID: SourceID
    public var status: CitationStatus
    public var kind: SourceKind
    public var title: String
    public var publisher: String?
    public var url: String?
    public var promisedLanguage: String?
    public var note: String?

    private enum CodingKeys: String, CodingKey {
        case citationID = "citation", sourceID = "source", status, kind, title, publisher, url, promisedLanguage, note
    }
}

/// One claim in a coverage report.
public struct ClaimCoverage: Hashable, Sendable, Codable {
    /// The claim's number in the article (1 for the first in reading order; orphaned
    /// claims come last), shown as `C1`, `C2`….
    public var number: Int
    public var claimID: ClaimID
    public var kind: ClaimKind
    public var status: ClaimCoverageStatus
    public var anchorStatus: AnchorStatus
    public var text: String
    /// Code-point offsets; `nil` when the claim is orphaned.
    public var start: Int?
    public var end: Int?
    /// The segments (1-based) the claim touches; empty when orphaned.
    public var segments: [Int]
    /// Words of the claim (see ``ArticleCoverage/Words``).
    public var words: Int
    public var citations: [CitedSource]
    public var note: String?

    /// `C3`.
    public var label: String { "C\(number)" }

    private enum CodingKeys: String, CodingKey {
        case number, claimID = "claim", kind, status, anchorStatus, text, start, end, segments, words, citations, note
    }
}

/// A promised citation whose promise is not kept yet.
///
/// A promise is kept when: for a promised translation (``Citation/promisedLanguage``),
/// a ``TranslationLink`` in that language translates the cited source (same URL or
/// same Tandem article); for a promised link, the source has a URL.
public struct OutstandingPromise: Hashable, Sendable, Codable {
    public var citationID: CitationID
    public var claimID: ClaimID
    public var claimNumber: Int
    public var sourceID: SourceID
    public var sourceTitle: String
    public var promisedLanguage: String?
    public var note: String?

    private enum CodingKeys: String, CodingKey {
        case citationID = "citation", claimID = "claim", claimNumber, sourceID = "source", sourceTitle, promisedLanguage, note
    }
}

/// Citation coverage of one article.
public struct ArticleCoverage: Hashable, Sendable, Codable {
    /// How many claims have each status. `total` = covered + promised + unresolved +
    /// uncovered; `orphaned` counts claims (of any status) not found in the text.
    public struct Claims: Hashable, Sendable, Codable {
        public var total = 0
        public var covered = 0
        public var promised = 0
        public var unresolved = 0
        public var uncovered = 0
        public var orphaned = 0
        /// covered / total × 100, one decimal; `nil` without claims.
        public var coveredPercent: Double? { percent(covered, of: total) }

        private enum CodingKeys: String, CodingKey { case total, covered, promised, unresolved, uncovered, orphaned, coveredPercent }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            total = try container.decode(Int.self, forKey: .total)
            covered = try container.decode(Int.self, forKey: .covered)
            promised = try container.decode(Int.self, forKey: .promised)
            unresolved = try container.decode(Int.self, forKey: .unresolved)
            uncovered = try container.decode(Int.self, forKey: .uncovered)
            orphaned = try container.decode(Int.self, forKey: .orphaned)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(total, forKey: .total)
            try container.encode(covered, forKey: .covered)
            try container.encode(promised, forKey: .promised)
            try container.encode(unresolved, forKey: .unresolved)
            try container.encode(uncovered, forKey: .uncovered)
            try container.encode(orphaned, forKey: .orphaned)
            try container.encode(coveredPercent, forKey: .coveredPercent)
        }

        mutating func add(_ other: Claims) {
            total += other.total; covered += other.covered; promised += other.promised
            unresolved += other.unresolved; uncovered += other.uncovered; orphaned += other.orphaned
        }
    }

    /// Coverage by words. A word is a maximal run of letters, digits and combining
    /// marks (so "l’entreprise" is two words, "2020" one); it is inside a claim when at
    /// least one of its code points is, and is counted once however many claims
    /// overlap on it. Orphaned claims have no words.
    public struct Words: Hashable, Sendable, Codable {
        /// All words of the article.
        public var article = 0
        /// Words inside at least one claim.
        public var claimed = 0
        /// Words inside at least one covered claim.
        public var covered = 0
        /// covered / claimed × 100, one decimal; `nil` when no word is claimed.
        public var coveredPercent: Double? { percent(covered, of: claimed) }

        private enum CodingKeys: String, CodingKey { case article, claimed, covered, coveredPercent }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            article = try container.decode(Int.self, forKey: .article)
            claimed = try container.decode(Int.self, forKey: .claimed)
            covered = try container.decode(Int.self, forKey: .covered)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(article, forKey: .article)
            try container.encode(claimed, forKey: .claimed)
            try container.encode(covered, forKey: .covered)
            try container.encode(coveredPercent, forKey: .coveredPercent)
        }

        mutating func add(_ other: Words) {
            article += other.article; claimed += other.claimed; covered += other.covered
        }
    }

    public var articleID: ArticleID
    public var title: String
    public var language: String
    public var url: String?
    public var claims: Claims
    public var words: Words
    public var outstandingPromises: [OutstandingPromise]
    /// Every claim, in reading order.
    public var claimDetails: [ClaimCoverage]

    /// The claims that are not covered (promised, unresolved or uncovered), and the
    /// orphaned ones whatever their status.
    public var claimsNeedingAttention: [ClaimCoverage] {
        claimDetails.filter { $0.status != .covered || $0.anchorStatus == .orphaned }
    }

    private enum CodingKeys: String, CodingKey {
        case articleID = "article", title, language, url, claims, words, outstandingPromises, claimDetails = "claimList"
    }
}

/// Citation coverage of one or more articles: what `tandem coverage` reports.
public struct CoverageReport: Hashable, Sendable, Codable {
    public var articles: [ArticleCoverage]
    public var totalClaims: ArticleCoverage.Claims
    public var totalWords: ArticleCoverage.Words

    public init(articles: [ArticleCoverage]) {
        self.articles = articles
        var claims = ArticleCoverage.Claims(), words = ArticleCoverage.Words()
        for article in articles {
            claims.add(article.claims)
            words.add(article.words)
        }
        totalClaims = claims
        totalWords = words
    }

    /// The report of several annotated articles, in the order given.
    public init(_ annotations: [ArticleAnnotations]) {
        self.init(articles: annotations.map { $0.coverage() })
    }
}

extension ArticleAnnotations {
    /// Computes the article's citation coverage (see ``ClaimCoverageStatus`` for what
    /// covered means, ``OutstandingPromise`` for when a promise is kept).
    public func coverage() -> ArticleCoverage {
        let text = ScalarText(article.text)
        let words = WordIndex(text)
        let sourcesByID = Dictionary(sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let citationsByClaim = Dictionary(grouping: citations, by: \.claimID)

        var counts = ArticleCoverage.Claims()
        var details: [ClaimCoverage] = []
        var promises: [OutstandingPromise] = []
        var claimedSpans: [Range<Int>] = [], coveredSpans: [Range<Int>] = []

        for (index, claim) in claimsInTextOrder.enumerated() {
            let claimCitations = citationsByClaim[claim.id] ?? []
            let status = ClaimCoverageStatus(citations: claimCitations)
            counts.total += 1
            switch status {
            case .covered: counts.covered += 1
            case .promised: counts.promised += 1
            case .unresolved: counts.unresolved += 1
            case .uncovered: counts.uncovered += 1
            }
            let anchored = claim.isAnchored && claim.span.upperBound <= text.count
            if !anchored { counts.orphaned += 1 }
            if anchored {
                claimedSpans.append(claim.span)
                if status == .covered { coveredSpans.append(claim.span) }
            }
            let cited = claimCitations.map { citation -> CitedSource in
                let source = sourcesByID[citation.sourceID]
                return CitedSource(
                    citationID: citation.id, sourceID: citation.sourceID, status: citation.status,
                    kind: source?.kind ?? .other, title: source?.displayTitle ?? citation.sourceID.rawValue,
                    publisher: source?.publisher, url: source?.url?.absoluteString,
                    promisedLanguage: citation.promisedLanguage, note: citation.note
                )
            }
            details.append(ClaimCoverage(
                number: index + 1, claimID: claim.id, kind: claim.kind, status: status, anchorStatus: claim.anchorStatus,
                text: claim.text,
                start: anchored ? claim.span.lowerBound : nil, end: anchored ? claim.span.upperBound : nil,
                segments: anchored ? article.segmentNumbers(touching: claim.span) : [],
                words: anchored ? words.count(in: [claim.span]) : 0,
                citations: cited, note: claim.note
            ))
            for citation in claimCitations where citation.status == .promised {
                guard let source = sourcesByID[citation.sourceID], !isKept(citation, source: source) else { continue }
                promises.append(OutstandingPromise(
                    citationID: citation.id, claimID: claim.id, claimNumber: index + 1, sourceID: source.id,
                    sourceTitle: source.displayTitle, promisedLanguage: citation.promisedLanguage, note: citation.note
                ))
            }
        }

        var wordCounts = ArticleCoverage.Words()
        wordCounts.article = words.count
        wordCounts.claimed = words.count(in: claimedSpans)
        wordCounts.covered = words.count(in: coveredSpans)
        return ArticleCoverage(
            articleID: article.id, title: article.displayTitle, language: article.language,
            url: article.url?.absoluteString, claims: counts, words: wordCounts,
            outstandingPromises: promises, claimDetails: details
        )
    }

    /// Whether a promised citation's promise is kept (see ``OutstandingPromise``).
    public func isKept(_ citation: Citation, source: Source) -> Bool {
        if let language = citation.promisedLanguage {
            return translationLinks.contains { AnnotationValidation.sameLanguage($0.language, language) && $0.translates(source) }
        }
        return source.url != nil
    }
}

private func percent(_ part: Int, of whole: Int) -> Double? {
    guard whole > 0 else { return nil }
    return (Double(part) * 1000 / Double(whole)).rounded() / 10
}
