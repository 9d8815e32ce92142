/// Plain-text views of an article with its claims marked (`tandem claims ARTICLE`).
///
/// A claim is opened with `⟦C3 ? ` and closed with ` C3⟧` (the number and the status
/// symbol, see ``CoverageHTMLReport/symbol(_:)``), so overlapping and crossing claims
/// stay readable; the text itself is not changed otherwise.
extension ArticleAnnotations {
    /// The article text with its claims marked, then one line per claim: number, id,
    /// status, kind, segments, text and citations.
    /// - Parameter segmentNumbers: put each segment's number before it, `[3]`, so
    ///   that claims can be added by segment; `[1 furniture]` for a segment not to be
    ///   translated (page furniture).
    public func claimsListing(segmentNumbers: Bool = true) -> String {
        let coverage = self.coverage()
        let marks = coverage.claimDetails.compactMap { detail -> Mark? in
            guard let start = detail.start, let end = detail.end else { return nil }
            return Mark(span: start..<end, open: "⟦\(detail.label) \(CoverageHTMLReport.symbol(detail.status)) ", close: " \(detail.label)⟧")
        }
        var points: [Int: String] = [:]
        if segmentNumbers {
            for (index, segment) in article.segments.enumerated() { points[segment.range.lowerBound, default: ""] += segment.isTranslatable ? "[\(index + 1)] " : "[\(index + 1) furniture] " }
        }
        var out = "\(article.id): \(article.displayTitle) (\(article.language)), \(coverage.claims.total) claim(s)\n\n"
        out += marked(ScalarText(article.text), marks, points: points) + "\n\n"
        var table = TextTable(headers: ["claim", "id", "status", "kind", "segments", "text", "citations"], alignments: Array(repeating: .left, count: 7))
        for claim in coverage.claimDetails {
            var status = claim.status.rawValue
            if claim.anchorStatus != .anchored { status += ", \(claim.anchorStatus.rawValue)" }
            let citations = claim.citations.map { "\($0.status.rawValue): \(cut($0.title, 40))" }.joined(separator: "; ")
            table.rows.append([
                claim.label, claim.claimID.rawValue, status, claim.kind.rawValue,
                claim.segments.isEmpty ? "–" : claim.segments.map(String.init).joined(separator: ","),
                cut(oneLine(claim.text), 60), citations.isEmpty ? "–" : citations,
            ])
        }
        return out + table.render() + "\n"
    }
}

extension TranslationCoverage {
    /// The translation's text with the original's claims projected onto it: each
    /// translated passage is marked with the claim's number and, for sourced claims,
    /// ✓ when the link was kept or ✗ when it was lost (other claims show their status
    /// symbol). Then the claims whose link is missing.
    public func markedTranslation(_ translation: Article) -> String {
        let text = ScalarText(translation.text)
        let marks = claims.compactMap { claim -> Mark? in
            guard let start = claim.targetStart, let end = claim.targetEnd, end <= text.count else { return nil }
            let symbol: String
            switch claim.link {
            case .keptAsURL?, .keptAsCitation?: symbol = "✓"
            case .lost?, .untranslated?, .orphaned?: symbol = "✗"
            case nil: symbol = CoverageHTMLReport.symbol(claim.status)
            }
            return Mark(span: start..<end, open: "⟦C\(claim.number) \(symbol) ", close: " C\(claim.number)⟧")
        }
        var out = "\(translation.id) (\(translation.language)), translation of \(sourceArticleID): "
            + "\(sourcedClaims) sourced claim(s), \(keptLinks) kept their link\n\n"
        out += marked(text, marks) + "\n"
        let missing = missingLinks
        if !missing.isEmpty {
            out += "\nSourced claims whose link is missing in the translation:\n"
            for claim in missing {
                out += "  C\(claim.number) [\(claim.link?.rawValue ?? "")] \(cut(oneLine(claim.text), 80))\n"
            }
        }
        return out
    }
}

/// A claim's opening and closing markers.
struct Mark {
    var span: Range<Int>
    var open: String
    var close: String
}

/// The text with markers inserted: at one offset, closings come before openings, and
/// an inner (later-opened) claim closes before an outer one.
/// `points` are inserted at their offsets after the closings and before the openings.
func marked(_ text: ScalarText, _ marks: [Mark], points: [Int: String] = [:]) -> String {
    var insertions: [Int: (closes: [Mark], opens: [Mark])] = [:]
    for mark in marks where !mark.span.isEmpty {
        insertions[mark.span.lowerBound, default: ([], [])].opens.append(mark)
        insertions[mark.span.upperBound, default: ([], [])].closes.append(mark)
    }
    for offset in points.keys where offset <= text.count { insertions[offset, default: ([], [])].opens += [] }
    var out = ""
    var position = 0
    for offset in insertions.keys.sorted() {
        out += text.string(position..<offset)
        let (closes, opens) = insertions[offset]!
        for mark in closes.sorted(by: { $0.span.lowerBound > $1.span.lowerBound }) { out += mark.close }
        if let point = points[offset] { out += point }
        for mark in opens.sorted(by: { $0.span.upperBound > $1.span.upperBound }) { out += mark.open }
        position = offset
    }
    return out + text.string(position..<text.count)
}
