/// An article with everything annotated on it: its claims, their citations, the
/// sources those cite and the translation links that concern it or its sources.
/// Reports, exports and files work on this value; a repository assembles it
/// (``AnnotationReader/annotations(of:)``).
public struct ArticleAnnotations: Hashable, Sendable, Codable {
    public var article: Article
    public var claims: [Claim]
    public var citations: [Citation]
    /// The sources cited (others may be included; they are ignored).
    public var sources: [Source]
    public var translationLinks: [TranslationLink]

    public init(article: Article, claims: [Claim] = [], citations: [Citation] = [], sources: [Source] = [], translationLinks: [TranslationLink] = []) {
        self.article = article
        self.claims = claims
        self.citations = citations
        self.sources = sources
        self.translationLinks = translationLinks
    }

    /// The source with this id, if included.
    public func source(_ id: SourceID) -> Source? { sources.first { $0.id == id } }

    /// The citations of one claim, in stored order.
    public func citations(of claim: ClaimID) -> [Citation] { citations.filter { $0.claimID == claim } }

    /// Claims in reading order (start, then end, then id); orphaned claims last.
    public var claimsInTextOrder: [Claim] {
        claims.sorted { a, b in
            if a.isAnchored != b.isAnchored { return a.isAnchored }
            return (a.span.lowerBound, a.span.upperBound, a.id.rawValue) < (b.span.lowerBound, b.span.upperBound, b.id.rawValue)
        }
    }

    /// Checks every record and every reference between them: the article, each claim
    /// against the text, each citation against its claim and source (a `linked`
    /// citation needs a source URL), unique ids.
    /// - Throws: the first ``AnnotationError`` found.
    public func validate() throws {
        try article.validate()
        let text = ScalarText(article.text)
        var claimIDs = Set<ClaimID>(), sourceIDs = Set<SourceID>(), citationIDs = Set<CitationID>(), linkIDs = Set<TranslationLinkID>()
        for claim in claims {
            guard claimIDs.insert(claim.id).inserted else { throw AnnotationError.duplicateIdentifier(kind: ClaimID.kind, id: claim.id.rawValue) }
            try claim.validate(against: article, text: text)
        }
        for source in sources {
            guard sourceIDs.insert(source.id).inserted else { throw AnnotationError.duplicateIdentifier(kind: SourceID.kind, id: source.id.rawValue) }
            try source.validate()
        }
        for citation in citations {
            guard citationIDs.insert(citation.id).inserted else { throw AnnotationError.duplicateIdentifier(kind: CitationID.kind, id: citation.id.rawValue) }
            guard claimIDs.contains(citation.claimID) else { throw AnnotationError.unknownClaim(citation.claimID) }
            guard let source = source(citation.sourceID) else { throw AnnotationError.unknownSource(citation.sourceID) }
            try citation.validate(source: source)
        }
        for link in translationLinks {
            guard linkIDs.insert(link.id).inserted else { throw AnnotationError.duplicateIdentifier(kind: TranslationLinkID.kind, id: link.id.rawValue) }
            try link.validate()
        }
    }
}
