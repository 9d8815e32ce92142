import Foundation

/// A plain-text table: columns padded to their widest cell, numbers right-aligned.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    func render(indent: String = "") -> String {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .right ? padding + cell : cell + padding
            }
            var text = indent + padded.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}

extension CoverageReport {
    /// The longest claim text the table prints before cutting it with `…` (the JSON
    /// and HTML reports have it whole).
    public static let tableTextLimit = 100

    /// The report as a text table: one line per article, then, per article, the
    /// promised links still outstanding and every claim that is not covered with its
    /// status, kind, segment numbers and text.
    public func textTable() -> String {
        var out: [String] = []
        let claimPercent = totalClaims.coveredPercent.map(formatPercent) ?? "–"
        let wordPercent = totalWords.coveredPercent.map(formatPercent) ?? "–"
        out.append("Citation coverage: \(articles.count) article(s), \(totalClaims.total) claim(s), "
            + "\(totalClaims.covered) covered (\(claimPercent) of claims, \(wordPercent) of claimed words)")
        out.append("Covered = at least one linked citation (a source with a URL).")
        out.append("")

        var summary = TextTable(
            headers: ["article", "claims", "covered", "% claims", "% words", "promised", "unresolved", "uncovered", "orphaned", "outstanding"],
            alignments: [.left] + Array(repeating: .right, count: 9)
        )
        func row(_ name: String, _ claims: ArticleCoverage.Claims, _ words: ArticleCoverage.Words, _ outstanding: Int) -> [String] {
            [name, "\(claims.total)", "\(claims.covered)", claims.coveredPercent.map(formatPercent) ?? "–",
             words.coveredPercent.map(formatPercent) ?? "–", "\(claims.promised)", "\(claims.unresolved)",
             "\(claims.uncovered)", "\(claims.orphaned)", "\(outstanding)"]
        }
        for article in articles {
            summary.rows.append(row(article.articleID.rawValue, article.claims, article.words, article.outstandingPromises.count))
        }
        if articles.count > 1 {
            summary.rows.append(row("total", totalClaims, totalWords, articles.reduce(0) { $0 + $1.outstandingPromises.count }))
        }
        out.append(summary.render())

        for article in articles {
            out.append("")
            out.append("== \(article.articleID): \(article.title) (\(article.language))")
            out.append("   \(article.claims.total) claim(s); words: \(article.words.claimed) of \(article.words.article) in claims, "
                + "\(article.words.covered) covered (\(article.words.coveredPercent.map(formatPercent) ?? "–"))")
            if !article.outstandingPromises.isEmpty {
                out.append("   Promised links still outstanding (\(article.outstandingPromises.count)):")
                var table = TextTable(headers: ["claim", "source", "promise"], alignments: [.left, .left, .left])
                for promise in article.outstandingPromises {
                    table.rows.append([
                        "C\(promise.claimNumber)", cut(promise.sourceTitle, 60),
                        promise.promisedLanguage.map { "translation into \($0)" } ?? "link",
                    ])
                }
                out.append(table.render(indent: "     "))
            }
            let open = article.claimsNeedingAttention
            if open.isEmpty {
                out.append(article.claims.total == 0 ? "   No claims." : "   Every claim has a linked source.")
            } else {
                out.append("   Claims without a linked source (\(open.count)):")
                var table = TextTable(headers: ["claim", "status", "kind", "segments", "text"], alignments: [.left, .left, .left, .left, .left])
                for claim in open {
                    let status = claim.anchorStatus == .orphaned ? "\(claim.status.rawValue), orphaned" : claim.status.rawValue
                    table.rows.append([
                        claim.label, status, claim.kind.rawValue,
                        claim.segments.isEmpty ? "–" : claim.segments.map(String.init).joined(separator: ","),
                        cut(oneLine(claim.text), Self.tableTextLimit),
                    ])
                }
                out.append(table.render(indent: "     "))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The report as JSON (pretty-printed, sorted keys).
    public func jsonData() throws -> Data {
        try AnnotationJSON.encoder().encode(self)
    }
}

extension TranslationCoverage {
    /// The projection as a text table: sourced claims kept, and every one whose link
    /// is missing in the translation.
    public func textTable() -> String {
        var out: [String] = []
        out.append("Claims of \(sourceArticleID) in its translation \(targetArticleID) (\(targetLanguage)): "
            + "\(claims.count) claim(s), \(sourcedClaims) sourced, \(keptLinks) kept their link, \(missingLinks.count) did not")
        var table = TextTable(
            headers: ["claim", "status", "source segs", "target segs", "link", "text"],
            alignments: [.left, .left, .left, .left, .left, .left]
        )
        for claim in claims {
            table.rows.append([
                "C\(claim.number)", claim.status.rawValue,
                claim.sourceSegments.isEmpty ? "–" : claim.sourceSegments.map(String.init).joined(separator: ","),
                claim.targetSegments.isEmpty ? "–" : claim.targetSegments.map(String.init).joined(separator: ","),
                claim.link?.rawValue ?? "–",
                cut(oneLine(claim.text), 60),
            ])
        }
        out.append(table.render(indent: "  "))
        return out.joined(separator: "\n") + "\n"
    }

    /// The projection as JSON (pretty-printed, sorted keys).
    public func jsonData() throws -> Data {
        try AnnotationJSON.encoder().encode(self)
    }
}

func formatPercent(_ value: Double) -> String {
    String(format: "%.1f %%", value)
}

func oneLine(_ text: String) -> String {
    text.split(whereSeparator: \.isNewline).joined(separator: " ")
}

func cut(_ text: String, _ limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
}
