/// A place in an article's text: a code-point span and the quote selector built from
/// the text around it.
public struct TextAnchor: Hashable, Sendable {
    public var span: Range<Int>
    public var selector: TextQuoteSelector

    public init(span: Range<Int>, selector: TextQuoteSelector) {
        self.span = span
        self.selector = selector
    }
}

/// How a reviewer designates a claim in an article.
public enum ClaimLocation: Hashable, Sendable {
    /// A whole segment, numbered from 1 (leading and trailing whitespace left out).
    case segment(Int)
    /// An exact quote. When it occurs several times, `prefix`/`suffix` (text right
    /// before/after it) or `occurrence` (1-based, counted among the occurrences whose
    /// context agrees) says which.
    case quote(TextQuoteSelector, occurrence: Int? = nil)
    /// A code-point span.
    case span(Range<Int>)

    /// A quote without context.
    public static func quote(_ exact: String, prefix: String = "", suffix: String = "", occurrence: Int? = nil) -> ClaimLocation {
        .quote(TextQuoteSelector(exact: exact, prefix: prefix, suffix: suffix), occurrence: occurrence)
    }
}

extension Article {
    /// Finds a location in the text.
    ///
    /// A quote is matched code point for code point; when that fails it is matched
    /// again with typographic variants folded (’ and ', « » and ", – and -, no-break
    /// and ordinary spaces), one for one, so a quote typed on a plain keyboard still
    /// finds "l’entreprise". The anchor's selector always holds the article's own text.
    ///
    /// - Throws: ``AnnotationError/quoteNotFound(article:quote:suggestion:)``,
    ///   ``AnnotationError/ambiguousQuote(article:quote:offsets:)``,
    ///   ``AnnotationError/spanOutOfRange(article:start:end:length:)``,
    ///   ``AnnotationError/segmentOutOfRange(article:segment:count:)`` and the like.
    public func anchor(_ location: ClaimLocation) throws -> TextAnchor {
        let text = ScalarText(self.text)
        switch location {
        case let .segment(number):
            var range = try segment(number).range
            guard range.upperBound <= text.count else {
                throw AnnotationError.spanOutOfRange(article: id, start: range.lowerBound, end: range.upperBound, length: text.count)
            }
            while !range.isEmpty, text.scalars[range.lowerBound].properties.isWhitespace { range = (range.lowerBound + 1)..<range.upperBound }
            while !range.isEmpty, text.scalars[range.upperBound - 1].properties.isWhitespace { range = range.lowerBound..<(range.upperBound - 1) }
            guard !range.isEmpty else { throw AnnotationError.invalidSegments(article: id, reason: "segment \(number) is blank") }
            return TextAnchor(span: range, selector: text.selector(for: range))

        case let .span(range):
            guard range.lowerBound >= 0, range.upperBound <= text.count, !range.isEmpty else {
                throw AnnotationError.spanOutOfRange(article: id, start: range.lowerBound, end: range.upperBound, length: text.count)
            }
            return TextAnchor(span: range, selector: text.selector(for: range))

        case let .quote(selector, occurrence):
            let span = try locate(selector, occurrence: occurrence, in: text)
            return TextAnchor(span: span, selector: text.selector(for: span))
        }
    }

    private func locate(_ selector: TextQuoteSelector, occurrence: Int?, in text: ScalarText) throws -> Range<Int> {
        let exact = selector.exact
        let length = exact.unicodeScalars.count
        guard length > 0 else { throw AnnotationError.emptyQuote(article: id) }
        var starts = text.exactOccurrences(of: exact)
        if starts.isEmpty { starts = text.foldedOccurrences(of: exact) }
        if starts.isEmpty {
            let suggestion = text.caseInsensitiveOccurrences(of: exact).first.map { text.string($0..<($0 + length)) }
            throw AnnotationError.quoteNotFound(article: id, quote: exact, suggestion: suggestion)
        }
        let prefix = ScalarText.folded(selector.prefix), suffix = ScalarText.folded(selector.suffix)
        let agreeing = starts.filter { text.contextAgrees(at: $0..<($0 + length), prefix: prefix, suffix: suffix) }
        guard !agreeing.isEmpty else {
            throw AnnotationError.quoteContextNotFound(article: id, quote: exact, occurrences: starts.count)
        }
        if let occurrence {
            guard occurrence >= 1, occurrence <= agreeing.count else {
                throw AnnotationError.occurrenceOutOfRange(article: id, quote: exact, requested: occurrence, occurrences: agreeing.count)
            }
            return agreeing[occurrence - 1]..<(agreeing[occurrence - 1] + length)
        }
        guard agreeing.count == 1 else {
            throw AnnotationError.ambiguousQuote(article: id, quote: exact, offsets: agreeing)
        }
        return agreeing[0]..<(agreeing[0] + length)
    }
}

/// What re-anchoring did to a claim.
public struct ReanchorResult: Hashable, Sendable {
    public enum Method: Hashable, Sendable {
        /// The text at the stored position still equals the quote.
        case unchanged
        /// Found the quote elsewhere; among several occurrences, the one whose context
        /// agrees best with the stored prefix/suffix, then the nearest to the old position.
        case quote
        /// Found a passage within `editDistance` edits of the quote (at most 10 % of
        /// its length); the claim now quotes that passage.
        case fuzzy(editDistance: Int)
        /// Not found: the claim is orphaned.
        case orphaned
    }

    /// The claim with its new span, selector and status.
    public var claim: Claim
    public var method: Method

    public init(claim: Claim, method: Method) {
        self.claim = claim
        self.method = method
    }
}

extension Article {
    /// The largest edit distance fuzzy re-anchoring accepts, as a fraction of the
    /// quote's length.
    public static let fuzzyTolerance = 0.1

    /// Re-anchors a claim after the text or the segmentation changed.
    ///
    /// 1. If the text at the stored span still equals the quote, the claim stays (its
    ///    prefix and suffix are refreshed).
    /// 2. Else the quote is searched for (exactly, then with typographic variants
    ///    folded); the occurrence whose surroundings agree best with the stored
    ///    prefix/suffix wins, ties going to the nearest to the old position.
    /// 3. Else an approximate match within ``fuzzyTolerance`` edits is searched for,
    ///    best distance first, then context, then distance to the old position; the
    ///    claim then quotes the new wording.
    /// 4. Else the claim is ``AnchorStatus/orphaned`` (span and quote kept as they were).
    ///
    /// Steps 2 and 3 mark the claim ``AnchorStatus/reanchored``.
    public func reanchor(_ claim: Claim) -> ReanchorResult {
        reanchor(claim, in: ScalarText(text))
    }

    /// Re-anchors every claim (see ``reanchor(_:)``), sharing the text preparation.
    public func reanchor(_ claims: [Claim]) -> [ReanchorResult] {
        let text = ScalarText(self.text)
        return claims.map { reanchor($0, in: text) }
    }

    func reanchor(_ claim: Claim, in text: ScalarText) -> ReanchorResult {
        var updated = claim
        updated.articleID = id
        let exact = Array(claim.selector.exact.unicodeScalars)
        let old = claim.span
        guard !exact.isEmpty else {
            updated.anchorStatus = .orphaned
            return ReanchorResult(claim: updated, method: .orphaned)
        }

        // 1. Still in place.
        if old.lowerBound >= 0, old.upperBound <= text.count, text.scalars[old].elementsEqual(exact) {
            updated.selector = text.selector(for: old)
            if claim.anchorStatus == .orphaned { updated.anchorStatus = .reanchored }
            return ReanchorResult(claim: updated, method: .unchanged)
        }

        let prefix = ScalarText.folded(claim.selector.prefix)
        let suffix = ScalarText.folded(claim.selector.suffix)
        func best(_ candidates: [Range<Int>]) -> Range<Int>? {
            candidates.max { a, b in
                let scoreA = text.contextScore(at: a, prefix: prefix, suffix: suffix)
                let scoreB = text.contextScore(at: b, prefix: prefix, suffix: suffix)
                if scoreA != scoreB { return scoreA < scoreB }
                // Nearer is better; on equal distance the earlier one wins.
                let distanceA = abs(a.lowerBound - old.lowerBound), distanceB = abs(b.lowerBound - old.lowerBound)
                if distanceA != distanceB { return distanceA > distanceB }
                return a.lowerBound > b.lowerBound
            }
        }

        // 2. The quote elsewhere.
        var starts = text.exactOccurrences(of: claim.selector.exact)
        if starts.isEmpty { starts = text.foldedOccurrences(of: claim.selector.exact) }
        if let span = best(starts.map { $0..<($0 + exact.count) }) {
            updated.span = span
            updated.selector = text.selector(for: span)
            updated.anchorStatus = .reanchored
            return ReanchorResult(claim: updated, method: .quote)
        }

        // 3. An approximate match.
        let maxDistance = Int((Double(exact.count) * Self.fuzzyTolerance).rounded(.down))
        if maxDistance > 0 {
            let matches = ApproximateMatch.bestMatches(of: ScalarText.folded(claim.selector.exact), in: text.folded, maxDistance: maxDistance)
            if let match = best(matches.map(\.range)), let distance = matches.first?.distance {
                updated.span = match
                updated.selector = text.selector(for: match)
                updated.anchorStatus = .reanchored
                return ReanchorResult(claim: updated, method: .fuzzy(editDistance: distance))
            }
        }

        // 4. Lost.
        updated.anchorStatus = .orphaned
        return ReanchorResult(claim: updated, method: .orphaned)
    }
}
