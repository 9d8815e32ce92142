import Foundation

/// Which segments of a translation each segment of the original was aligned with:
/// the output of sentence alignment, as plain values. Segment numbers are 1-based on
/// both sides; a source segment may map to several target segments (1-2 beads) and
/// several source segments to the same target segment (2-1 beads).
public struct SegmentAlignment: Hashable, Sendable, Codable {
    /// Source segment number → target segment numbers (sorted, unique).
    public private(set) var targets: [Int: [Int]]

    public init(_ targets: [Int: [Int]] = [:]) {
        self.targets = targets.mapValues { Array(Set($0)).sorted() }
    }

    /// From alignment beads: each pairs source segments with target segments.
    public init(beads: [(source: [Int], target: [Int])]) {
        var targets: [Int: [Int]] = [:]
        for bead in beads {
            for source in bead.source { targets[source, default: []].append(contentsOf: bead.target) }
        }
        self.init(targets)
    }

    /// The target segments aligned with any of `sources`, sorted.
    public func targets(of sources: [Int]) -> [Int] {
        Array(Set(sources.flatMap { targets[$0] ?? [] })).sorted()
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([Int: [Int]].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(targets)
    }
}

/// What became of a sourced claim's link in the translation.
public enum TranslatedLinkState: String, CaseIterable, Hashable, Sendable, Codable {
    /// The translated passage contains the URL of a linked source (or of a known
    /// translation of it).
    case keptAsURL
    /// The translation is annotated: a claim overlapping the translated passage has a
    /// `linked` citation of the same source (same id or same URL).
    case keptAsCitation
    /// The passage is translated but neither is there: the link was lost.
    case lost
    /// None of the claim's segments is aligned with the translation.
    case untranslated
    /// The claim is orphaned in the original, so it cannot be projected.
    case orphaned
}

/// A claim of the original shown on the translation.
public struct ProjectedClaim: Hashable, Sendable, Codable {
    public var number: Int
    public var claimID: ClaimID
    public var kind: ClaimKind
    public var status: ClaimCoverageStatus
    public var text: String
    public var sourceSegments: [Int]
    /// The translation's segments aligned with ``sourceSegments``.
    public var targetSegments: [Int]
    /// The translated passage: from the start of the first target segment to the end of
    /// the last, in the translation's code points; `nil` when untranslated.
    public var targetStart: Int?
    public var targetEnd: Int?
    public var targetText: String?
    /// For sourced (covered) claims, what became of the link; `nil` otherwise.
    public var link: TranslatedLinkState?

    private enum CodingKeys: String, CodingKey {
        case number, claimID = "claim", kind, status, text, sourceSegments, targetSegments, targetStart, targetEnd, targetText, link
    }
}

/// Whether the links of an article's sourced claims survive in its translation
/// (`tandem coverage --target en`).
///
/// A claim is *sourced* when it is covered (at least one `linked` citation). Its
/// segments are projected through the alignment onto the translation; the passage
/// there keeps the link when, for at least one of the claim's linked sources:
/// 1. the passage contains that source's URL, or the URL of a translation of it known
///    from a ``TranslationLink`` (URLs compared with scheme and host case-insensitive,
///    fragment and trailing `/` ignored); or
/// 2. the translation's own annotations have a claim overlapping the passage with a
///    `linked` citation of the same source (same id, or a source with the same URL).
/// Otherwise the link is lost. Claims that are not sourced are projected too (so the
/// translation can show them) but have no link state.
public struct TranslationCoverage: Hashable, Sendable, Codable {
    public var sourceArticleID: ArticleID
    public var targetArticleID: ArticleID
    public var targetLanguage: String
    public var claims: [ProjectedClaim]

    /// Sourced claims, and how many kept their link.
    public var sourcedClaims: Int { claims.filter { $0.link != nil }.count }
    public var keptLinks: Int { claims.filter { $0.link == .keptAsURL || $0.link == .keptAsCitation }.count }
    /// Sourced claims whose link is missing from the translation (lost, untranslated
    /// or orphaned).
    public var missingLinks: [ProjectedClaim] {
        claims.filter { $0.link.map { $0 != .keptAsURL && $0 != .keptAsCitation } ?? false }
    }

    private enum CodingKeys: String, CodingKey {
        case sourceArticleID = "sourceArticle", targetArticleID = "targetArticle", targetLanguage, claims, sourcedClaims, keptLinks
    }

    public init(sourceArticleID: ArticleID, targetArticleID: ArticleID, targetLanguage: String, claims: [ProjectedClaim]) {
        self.sourceArticleID = sourceArticleID
        self.targetArticleID = targetArticleID
        self.targetLanguage = targetLanguage
        self.claims = claims
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sourceArticleID = try container.decode(ArticleID.self, forKey: .sourceArticleID)
        targetArticleID = try container.decode(ArticleID.self, forKey: .targetArticleID)
        targetLanguage = try container.decode(String.self, forKey: .targetLanguage)
        claims = try container.decode([ProjectedClaim].self, forKey: .claims)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sourceArticleID, forKey: .sourceArticleID)
        try container.encode(targetArticleID, forKey: .targetArticleID)
        try container.encode(targetLanguage, forKey: .targetLanguage)
        try container.encode(claims, forKey: .claims)
        try container.encode(sourcedClaims, forKey: .sourcedClaims)
        try container.encode(keptLinks, forKey: .keptLinks)
    }
}

extension ArticleAnnotations {
    /// Projects this article's claims onto its translation and checks what became of
    /// the links of the sourced ones (see ``TranslationCoverage``).
    ///
    /// - Parameters:
    ///   - translation: the translated article with its own annotations (possibly none).
    ///   - alignment: source segment → target segment numbers.
    public func translationCoverage(into translation: ArticleAnnotations, alignment: SegmentAlignment) -> TranslationCoverage {
        let coverage = self.coverage()
        let target = translation.article
        let targetText = ScalarText(target.text)
        let claimsByID = Dictionary(claims.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let sourcesByID = Dictionary(sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let allLinks = translationLinks + translation.translationLinks

        var projected: [ProjectedClaim] = []
        for detail in coverage.claimDetails {
            var item = ProjectedClaim(
                number: detail.number, claimID: detail.claimID, kind: detail.kind, status: detail.status,
                text: detail.text, sourceSegments: detail.segments, targetSegments: []
            )
            let sourced = detail.status == .covered
            guard detail.anchorStatus != .orphaned, let claim = claimsByID[detail.claimID] else {
                item.link = sourced ? .orphaned : nil
                projected.append(item)
                continue
            }
            let segmentNumbers = alignment.targets(of: detail.segments).filter { $0 >= 1 && $0 <= target.segments.count }
            item.targetSegments = segmentNumbers
            guard let first = segmentNumbers.first, let last = segmentNumbers.last else {
                item.link = sourced ? .untranslated : nil
                projected.append(item)
                continue
            }
            let passage = target.segments[first - 1].range.lowerBound..<min(target.segments[last - 1].range.upperBound, targetText.count)
            item.targetStart = passage.lowerBound
            item.targetEnd = passage.upperBound
            item.targetText = targetText.string(passage)
            if sourced {
                let linkedSources = citations(of: claim.id).filter { $0.status == .linked }.compactMap { sourcesByID[$0.sourceID] }
                item.link = linkState(of: linkedSources, passage: passage, text: targetText, translation: translation, links: allLinks)
            }
            projected.append(item)
        }
        return TranslationCoverage(sourceArticleID: article.id, targetArticleID: target.id, targetLanguage: target.language, claims: projected)
    }

    private func linkState(
        of sources: [Source], passage: Range<Int>, text: ScalarText, translation: ArticleAnnotations, links: [TranslationLink]
    ) -> TranslatedLinkState {
        let passageURLs = Set(URLScanner.urls(in: text.string(passage)).map(AnnotationValidation.comparable))
        for source in sources {
            var accepted: [URL] = source.url.map { [$0] } ?? []
            for link in links where link.translates(source) {
                if case let .url(url) = link.translation { accepted.append(url) }
            }
            if accepted.contains(where: { passageURLs.contains(AnnotationValidation.comparable($0)) }) { return .keptAsURL }
        }
        let targetSources = Dictionary(translation.sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for claim in translation.claims where claim.isAnchored && claim.span.overlaps(passage) {
            for citation in translation.citations(of: claim.id) where citation.status == .linked {
                let cited = targetSources[citation.sourceID]
                for source in sources {
                    if citation.sourceID == source.id { return .keptAsCitation }
                    if let a = cited?.url, let b = source.url, AnnotationValidation.comparable(a) == AnnotationValidation.comparable(b) {
                        return .keptAsCitation
                    }
                }
            }
        }
        return .lost
    }
}

/// Finds `http://` and `https://` URLs in running text.
enum URLScanner {
    static func urls(in text: String) -> [URL] {
        var found: [URL] = []
        var rest = Substring(text)
        while let range = rest.range(of: "http", options: .caseInsensitive) {
            let candidate = rest[range.lowerBound...].prefix { !$0.isWhitespace && !"<>\"«»“”‘’{}|\\^`".contains($0) }
            var string = String(candidate)
            // Trailing punctuation belongs to the sentence, and an unbalanced ")" to the prose.
            func unbalanced(_ close: Character, _ open: Character) -> Bool {
                string.last == close && string.filter { $0 == close }.count > string.filter { $0 == open }.count
            }
            while let last = string.last, ".,;:!?'".contains(last) || unbalanced(")", "(") || unbalanced("]", "[") {
                string.removeLast()
            }
            if let url = try? AnnotationValidation.webURL(string) { found.append(url) }
            rest = rest[range.upperBound...]
        }
        return found
    }
}
