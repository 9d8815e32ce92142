import Foundation

/// The coverage report as one self-contained HTML page: no script, no network (a
/// Content-Security-Policy forbids both), system fonts, readable from a phone's width
/// to a desktop's.
///
/// At the top, a summary of every article; then, per article, its figures, its text
/// with each claim highlighted by status, the list of claims with their citations,
/// the promised links still outstanding and the sources with their links. A status
/// is never shown by colour alone: each has a symbol and a word (✓ covered,
/// ◷ promised, ? unresolved, ✗ uncovered), its own underline style, and a legend.
/// Every text from an article or a record is escaped.
public struct CoverageHTMLReport: Sendable {
    public var articles: [ArticleAnnotations]
    public var title: String
    /// A line under the title (e.g. when and from what the report was made).
    public var caption: String?

    public init(_ articles: [ArticleAnnotations], title: String = "Citation coverage", caption: String? = nil) {
        self.articles = articles
        self.title = title
        self.caption = caption
    }

    /// The page as UTF-8.
    public func data() -> Data { Data(render().utf8) }

    /// The page.
    public func render() -> String {
        let coverages = articles.map { $0.coverage() }
        let report = CoverageReport(articles: coverages)
        var html = HTMLWriter()
        html.raw("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <meta name="referrer" content="no-referrer">
        <meta name="generator" content="Tandem">

        """)
        html.element("title", title)
        html.raw("\n<style>\n\(Self.styleSheet)</style>\n</head>\n<body>\n<main>\n<header>\n")
        html.element("h1", title)
        if let caption { html.element("p", caption, attributes: ["class": "muted"]) }
        html.raw("<p class=\"lede\">")
        html.text("\(report.articles.count) article(s) · \(report.totalClaims.total) claim(s) · \(report.totalClaims.covered) covered (")
        html.text("\(percent(report.totalClaims.coveredPercent)) of claims, \(percent(report.totalWords.coveredPercent)) of claimed words)")
        html.raw("</p>\n<p class=\"muted\">A claim is <strong>covered</strong> when at least one citation links it to an identified source with a URL. ")
        html.raw("Promised and unresolved citations are counted apart; they do not cover a claim.</p>\n</header>\n")

        summary(report, into: &html)
        legend(into: &html)
        for (annotations, coverage) in zip(articles, coverages) {
            section(annotations, coverage, into: &html)
        }
        html.raw("</main>\n</body>\n</html>\n")
        return html.output
    }

    // MARK: Sections

    private func summary(_ report: CoverageReport, into html: inout HTMLWriter) {
        html.raw("<section aria-labelledby=\"summary\">\n<h2 id=\"summary\">Summary</h2>\n<div class=\"table-wrap\"><table class=\"summary\">\n<thead><tr>")
        let headers = ["Claims", "Covered", "% claims", "% words", "Promised", "Unresolved", "Uncovered", "Orphaned", "Outstanding promises"]
        for header in ["Article"] + headers {
            html.element("th", header, attributes: ["scope": "col"])
        }
        html.raw("</tr></thead>\n<tbody>\n")
        func row(_ label: () -> Void, _ claims: ArticleCoverage.Claims, _ words: ArticleCoverage.Words, _ outstanding: Int) {
            html.raw("<tr><th scope=\"row\">")
            label()
            html.raw("</th>")
            for cell in ["\(claims.total)", "\(claims.covered)", percent(claims.coveredPercent), percent(words.coveredPercent),
                         "\(claims.promised)", "\(claims.unresolved)", "\(claims.uncovered)", "\(claims.orphaned)", "\(outstanding)"]
                .enumerated() {
                // The label lets narrow screens show each cell as "Claims: 6" instead of a wide table.
                html.element("td", cell.element, attributes: ["data-label": headers[cell.offset]])
            }
            html.raw("</tr>\n")
        }
        for article in report.articles {
            row({ html.link(article.title, href: "#\(anchorID(article.articleID))") }, article.claims, article.words, article.outstandingPromises.count)
        }
        if report.articles.count > 1 {
            row({ html.text("Total") }, report.totalClaims, report.totalWords, report.articles.reduce(0) { $0 + $1.outstandingPromises.count })
        }
        html.raw("</tbody>\n</table></div>\n</section>\n")
    }

    private func legend(into html: inout HTMLWriter) {
        html.raw("<section class=\"legend\" aria-labelledby=\"legend\">\n<h2 id=\"legend\">Legend</h2>\n<ul>\n")
        let meanings: [(ClaimCoverageStatus, String)] = [
            (.covered, "at least one linked source (identified, with a URL)"),
            (.promised, "the article promises a link or translation that is not there yet"),
            (.unresolved, "a source is named but not identified"),
            (.uncovered, "no source at all"),
        ]
        for (status, meaning) in meanings {
            html.raw("<li><mark class=\"hl s-\(status.rawValue)\">")
            html.text("\(Self.symbol(status)) \(status.rawValue)")
            html.raw("</mark> ")
            html.text(meaning)
            html.raw("</li>\n")
        }
        html.raw("<li><span class=\"seg\">5</span> segment number</li>\n")
        html.raw("</ul>\n<p class=\"muted\">Where claims overlap, the passage takes the colour of the least covered one and a stronger tint.</p>\n</section>\n")
    }

    private func section(_ annotations: ArticleAnnotations, _ coverage: ArticleCoverage, into html: inout HTMLWriter) {
        let article = annotations.article
        let id = anchorID(article.id)
        html.raw("<article id=\"\(id)\" aria-labelledby=\"\(id)-title\">\n")
        html.element("h2", article.displayTitle, attributes: ["id": "\(id)-title", "lang": article.language])

        html.raw("<p class=\"meta muted\">")
        var parts = ["<code>\(HTMLWriter.escape(article.id.rawValue))</code>", HTMLWriter.escape(article.language)]
        if let publisher = AnnotationValidation.nonBlank(article.publisher) { parts.append(HTMLWriter.escape(publisher)) }
        if let date = article.date { parts.append(date.description) }
        if let url = article.url {
            var link = HTMLWriter()
            link.link(url.absoluteString, href: url.absoluteString, external: true)
            parts.append(link.output)
        }
        html.raw(parts.joined(separator: " · "))
        html.raw("</p>\n")

        html.raw("<dl class=\"stats\">\n")
        let stats: [(String, String)] = [
            ("Claims", "\(coverage.claims.total)"),
            ("Covered", "\(coverage.claims.covered) (\(percent(coverage.claims.coveredPercent)))"),
            ("Words covered", "\(coverage.words.covered) of \(coverage.words.claimed) (\(percent(coverage.words.coveredPercent)))"),
            ("Promised", "\(coverage.claims.promised)"),
            ("Unresolved", "\(coverage.claims.unresolved)"),
            ("Uncovered", "\(coverage.claims.uncovered)"),
            ("Outstanding promises", "\(coverage.outstandingPromises.count)"),
        ] + (coverage.claims.orphaned > 0 ? [("Orphaned", "\(coverage.claims.orphaned)")] : [])
        for (name, value) in stats {
            html.raw("<div>")
            html.element("dt", name)
            html.element("dd", value)
            html.raw("</div>\n")
        }
        html.raw("</dl>\n<div class=\"columns\">\n<div class=\"text-column\">\n<h3>Text</h3>\n")
        articleText(annotations, coverage, id: id, into: &html)
        html.raw("</div>\n<div>\n")
        claimList(annotations, coverage, id: id, into: &html)
        promises(coverage, id: id, into: &html)
        sourceList(annotations, coverage, id: id, into: &html)
        html.raw("</div>\n</div>\n</article>\n")
    }

    private func articleText(_ annotations: ArticleAnnotations, _ coverage: ArticleCoverage, id: String, into html: inout HTMLWriter) {
        let article = annotations.article
        let text = ScalarText(article.text)
        struct Highlight { var span: Range<Int>; var detail: ClaimCoverage }
        let highlights = coverage.claimDetails.compactMap { detail -> Highlight? in
            guard let start = detail.start, let end = detail.end, end <= text.count, start < end else { return nil }
            return Highlight(span: start..<end, detail: detail)
        }
        let segmentStarts = Dictionary(article.segments.enumerated().map { ($1.range.lowerBound, $0 + 1) }, uniquingKeysWith: { first, _ in first })
        var boundaries = Set([0, text.count])
        for highlight in highlights { boundaries.insert(highlight.span.lowerBound); boundaries.insert(highlight.span.upperBound) }
        for start in segmentStarts.keys where start < text.count { boundaries.insert(start) }
        let sorted = boundaries.sorted()

        html.raw("<div class=\"article-text\" lang=\"\(HTMLWriter.escape(article.language))\">")
        for (start, end) in zip(sorted, sorted.dropFirst()) {
            if let number = segmentStarts[start] {
                html.raw("<span class=\"seg\" title=\"segment \(number)\">\(number)</span>")
            }
            for highlight in highlights where highlight.span.lowerBound == start {
                let detail = highlight.detail
                html.raw("<a class=\"badge s-\(detail.status.rawValue)\" href=\"#\(id)-c\(detail.number)\" title=\"")
                html.text("\(detail.label): \(detail.status.rawValue), \(detail.kind.rawValue)")
                html.raw("\">")
                html.text("\(detail.label) \(Self.symbol(detail.status))")
                html.raw("</a>")
            }
            let active = highlights.filter { $0.span.lowerBound <= start && end <= $0.span.upperBound }
            guard let worst = active.max(by: { Self.severity($0.detail.status) < Self.severity($1.detail.status) }) else {
                html.text(text.string(start..<end))
                continue
            }
            let overlap = active.count > 1 ? " overlap" : ""
            html.raw("<mark class=\"hl s-\(worst.detail.status.rawValue)\(overlap)\" title=\"")
            html.text(active.map { "\($0.detail.label) (\($0.detail.status.rawValue))" }.joined(separator: ", "))
            html.raw("\">")
            html.text(text.string(start..<end))
            html.raw("</mark>")
        }
        html.raw("</div>\n")
    }

    private func claimList(_ annotations: ArticleAnnotations, _ coverage: ArticleCoverage, id: String, into html: inout HTMLWriter) {
        html.raw("<h3>Claims</h3>\n")
        guard !coverage.claimDetails.isEmpty else {
            html.raw("<p class=\"muted\">No claims.</p>\n")
            return
        }
        html.raw("<ol class=\"claims\">\n")
        for claim in coverage.claimDetails {
            html.raw("<li id=\"\(id)-c\(claim.number)\" class=\"s-\(claim.status.rawValue)\">\n<p class=\"claim-head\">")
            html.raw("<span class=\"badge s-\(claim.status.rawValue)\">")
            html.text("\(claim.label) \(Self.symbol(claim.status)) \(claim.status.rawValue)")
            html.raw("</span> ")
            html.text(claim.kind.rawValue)
            html.raw(" · ")
            if claim.anchorStatus == .orphaned {
                html.raw("<strong>orphaned</strong>: not found in the current text")
            } else {
                html.text(claim.segments.count == 1 ? "segment \(claim.segments[0])"
                    : claim.segments.isEmpty ? "between segments" : "segments \(claim.segments.map(String.init).joined(separator: ", "))")
                if claim.anchorStatus == .reanchored { html.raw(" · <em>re-anchored</em>") }
            }
            html.raw("</p>\n")
            html.element("blockquote", claim.text, attributes: ["lang": annotations.article.language])
            html.raw("\n")
            if !claim.citations.isEmpty {
                html.raw("<ul class=\"cites\">\n")
                for cited in claim.citations {
                    html.raw("<li><span class=\"cstatus\">")
                    html.text(cited.status.rawValue + (cited.promisedLanguage.map { " (translation into \($0))" } ?? ""))
                    html.raw("</span> ")
                    if let url = cited.url {
                        html.link(cited.title, href: url, external: true)
                    } else {
                        html.text(cited.title)
                    }
                    if let publisher = cited.publisher { html.text(", \(publisher)") }
                    if let note = cited.note {
                        html.raw("<br><span class=\"muted\">")
                        html.text(note)
                        html.raw("</span>")
                    }
                    html.raw("</li>\n")
                }
                html.raw("</ul>\n")
            }
            if let note = claim.note { html.element("p", note, attributes: ["class": "note"]) }
            html.raw("</li>\n")
        }
        html.raw("</ol>\n")
    }

    private func promises(_ coverage: ArticleCoverage, id: String, into html: inout HTMLWriter) {
        guard !coverage.outstandingPromises.isEmpty else { return }
        html.raw("<h3>Promised links still outstanding</h3>\n<ul class=\"promises\">\n")
        for promise in coverage.outstandingPromises {
            html.raw("<li><a href=\"#\(id)-c\(promise.claimNumber)\">C\(promise.claimNumber)</a> ")
            html.text("\(promise.sourceTitle): " + (promise.promisedLanguage.map { "translation into \($0) promised" } ?? "link promised"))
            html.raw("</li>\n")
        }
        html.raw("</ul>\n")
    }

    private func sourceList(_ annotations: ArticleAnnotations, _ coverage: ArticleCoverage, id: String, into html: inout HTMLWriter) {
        var citedBy: [SourceID: [Int]] = [:]
        for claim in coverage.claimDetails {
            for cited in claim.citations where !(citedBy[cited.sourceID]?.contains(claim.number) ?? false) {
                citedBy[cited.sourceID, default: []].append(claim.number)
            }
        }
        let sources = annotations.sources.filter { citedBy[$0.id] != nil }
        html.raw("<h3>Sources</h3>\n")
        guard !sources.isEmpty else {
            html.raw("<p class=\"muted\">No sources cited.</p>\n")
            return
        }
        html.raw("<ul class=\"sources\">\n")
        for source in sources {
            html.raw("<li>")
            if let url = source.url {
                html.link(source.displayTitle, href: url.absoluteString, external: true)
            } else {
                html.raw("<span>")
                html.text(source.displayTitle)
                html.raw("</span> <span class=\"muted\">(no URL)</span>")
            }
            let details = [source.publisher, source.date?.description, source.language, Self.kindName(source.kind)].compactMap { $0 }
            html.raw("<br><span class=\"muted\">")
            html.text(details.joined(separator: " · ") + " · cited by ")
            for (index, number) in (citedBy[source.id] ?? []).enumerated() {
                if index > 0 { html.raw(", ") }
                html.raw("<a href=\"#\(id)-c\(number)\">C\(number)</a>")
            }
            html.raw("</span>")
            if let url = source.url {
                html.raw("<br><span class=\"url\">")
                html.text(url.absoluteString)
                html.raw("</span>")
            }
            html.raw("</li>\n")
        }
        html.raw("</ul>\n")
    }

    // MARK: Helpers

    /// The textual marker of a status (with its name, never colour alone).
    public static func symbol(_ status: ClaimCoverageStatus) -> String {
        switch status {
        case .covered: "✓"
        case .promised: "◷"
        case .unresolved: "?"
        case .uncovered: "✗"
        }
    }

    private static func severity(_ status: ClaimCoverageStatus) -> Int {
        switch status {
        case .covered: 0
        case .promised: 1
        case .unresolved: 2
        case .uncovered: 3
        }
    }

    private static func kindName(_ kind: SourceKind) -> String {
        switch kind {
        case .newsArticle: "news article"
        case .officialStatement: "official statement"
        case .socialMediaPost: "social-media post"
        case .report: "report"
        case .interview: "interview"
        case .other: "other"
        }
    }

    private func anchorID(_ id: ArticleID) -> String { "article-\(id.rawValue)" }

    /// "33.3 %" with a no-break space, so the sign never starts a line.
    private func percent(_ value: Double?) -> String {
        value.map { formatPercent($0).replacingOccurrences(of: " ", with: "\u{00A0}") } ?? "–"
    }

    static let styleSheet = """
    :root {
      color-scheme: light dark;
      --bg: #ffffff; --fg: #1f2328; --muted: #57606a; --line: #d0d7de; --card: #f6f8fa; --link: #0757c2;
      --covered: #1a7f37; --covered-bg: #d3f5dc;
      --promised: #0a5cd1; --promised-bg: #dde9ff;
      --unresolved: #8a5a00; --unresolved-bg: #fff0b3;
      --uncovered: #c62828; --uncovered-bg: #ffdcd8;
    }
    @media (prefers-color-scheme: dark) {
      :root {
        --bg: #0d1117; --fg: #e6edf3; --muted: #9da7b3; --line: #3d444d; --card: #161b22; --link: #6cb6ff;
        --covered: #3fb950; --covered-bg: #13391f;
        --promised: #6cb6ff; --promised-bg: #142b4d;
        --unresolved: #e3b341; --unresolved-bg: #3b2d07;
        --uncovered: #ff7b72; --uncovered-bg: #4c1717;
      }
    }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 80rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
    h1 { font-size: 1.7rem; line-height: 1.25; margin: .4rem 0 .3rem; }
    h2 { font-size: 1.35rem; line-height: 1.3; margin: 2.2rem 0 .6rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
    h3 { font-size: 1.05rem; margin: 1.2rem 0 .5rem; }
    p { margin: .4rem 0; }
    a { color: var(--link); }
    code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: .9em; }
    .muted { color: var(--muted); }
    .lede { font-size: 1.1rem; }
    .table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: .5rem; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: .95rem; }
    th, td { padding: .4rem .6rem; text-align: right; white-space: nowrap; border-bottom: 1px solid var(--line); }
    tbody tr:last-child > * { border-bottom: 0; }
    thead th { background: var(--card); font-weight: 600; }
    thead th:first-child { text-align: left; }
    th[scope=row] { text-align: left; white-space: normal; min-width: 10rem; font-weight: 500; }
    @media (max-width: 40rem) {
      .table-wrap { overflow: visible; }
      table.summary thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
      table.summary, table.summary tbody, table.summary tr { display: block; }
      table.summary tr { padding: .45rem .7rem; border-bottom: 1px solid var(--line); }
      table.summary tbody tr:last-child { border-bottom: 0; }
      table.summary th[scope=row] { display: block; border: 0; padding: 0 0 .15rem; font-weight: 600; }
      table.summary td { display: inline-block; border: 0; padding: .05rem .9rem .05rem 0; text-align: left; }
      table.summary td::before { content: attr(data-label) ": "; color: var(--muted); }
    }
    .legend ul { list-style: none; padding: 0; margin: 0; display: grid; gap: .4rem; grid-template-columns: repeat(auto-fit, minmax(17rem, 1fr)); }
    .stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: .5rem; margin: .8rem 0 0; }
    .stats div { background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .45rem .7rem; }
    .stats dt { font-size: .8rem; color: var(--muted); }
    .stats dd { margin: 0; font-size: 1.1rem; font-weight: 600; font-variant-numeric: tabular-nums; }
    .columns { display: grid; gap: 0 2rem; }
    @media (min-width: 64rem) {
      .columns { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); }
      /* The claims column is usually the longer: the text stays in view beside it. */
      .text-column { position: sticky; top: 0; align-self: start; max-height: 100vh; overflow-y: auto; padding-bottom: .5rem; }
      .text-column h3 { margin-top: 1.2rem; }
    }
    @media (max-width: 40rem) {
      main { padding: .75rem .75rem 2rem; }
      .article-text { padding: .6rem .7rem; }
    }
    .article-text { font-family: ui-serif, Georgia, Cambria, "Times New Roman", "DejaVu Serif", serif; font-size: 1.06rem; line-height: 1.8;
      white-space: pre-wrap; overflow-wrap: anywhere; background: var(--card); border: 1px solid var(--line); border-radius: .5rem; padding: .9rem 1rem; }
    .s-covered { --c: var(--covered); --cb: var(--covered-bg); }
    .s-promised { --c: var(--promised); --cb: var(--promised-bg); }
    .s-unresolved { --c: var(--unresolved); --cb: var(--unresolved-bg); }
    .s-uncovered { --c: var(--uncovered); --cb: var(--uncovered-bg); }
    mark.hl { color: inherit; background: var(--cb); border-bottom: 2px solid var(--c); padding: .1em 0;
      -webkit-box-decoration-break: clone; box-decoration-break: clone; }
    mark.s-promised { border-bottom-style: dashed; }
    mark.s-unresolved { border-bottom-style: dotted; border-bottom-width: 3px; }
    mark.s-uncovered { border-bottom-style: double; border-bottom-width: 4px; }
    mark.overlap { background: color-mix(in srgb, var(--cb) 55%, var(--c) 30%); }
    .badge { display: inline-block; font: 600 .72rem/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
      color: var(--bg); background: var(--c); border-radius: .7rem; padding: 0 .45em; margin: 0 .2em 0 .1em;
      vertical-align: .12em; text-decoration: none; white-space: nowrap; }
    .seg { font: .68rem/1 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--muted);
      vertical-align: super; margin-right: .2em; user-select: none; }
    ol.claims { list-style: none; padding: 0; margin: 0; display: grid; gap: .6rem; }
    ol.claims > li { border: 1px solid var(--line); border-left: .4rem solid var(--c); border-radius: .5rem; padding: .5rem .75rem; }
    ol.claims > li.s-promised { border-left-style: dashed; }
    ol.claims > li.s-unresolved { border-left-style: dotted; }
    ol.claims > li.s-uncovered { border-left-style: double; border-left-width: .5rem; }
    ol.claims > li:target { outline: 3px solid var(--c); outline-offset: 2px; }
    .claim-head { margin: 0; font-size: .9rem; color: var(--muted); }
    .claim-head .badge { vertical-align: .05em; }
    blockquote { margin: .35rem 0; font-family: ui-serif, Georgia, Cambria, "Times New Roman", "DejaVu Serif", serif; overflow-wrap: anywhere; }
    ul.cites { margin: .35rem 0 0; padding-left: 1.1rem; font-size: .92rem; }
    ul.cites li { margin: .2rem 0; overflow-wrap: anywhere; }
    .cstatus { font-weight: 600; }
    .note { font-size: .9rem; color: var(--muted); margin: .35rem 0 0; font-style: italic; }
    ul.sources, ul.promises { padding-left: 1.1rem; margin: 0; }
    ul.sources li, ul.promises li { margin: .45rem 0; overflow-wrap: anywhere; }
    .url { font-size: .85rem; color: var(--muted); }
    @media print {
      .badge { color: #000; background: none; border: 1px solid currentColor; } main { max-width: none; }
      .text-column { position: static; max-height: none; overflow: visible; }
    }

    """
}

/// Builds HTML with every text escaped.
struct HTMLWriter {
    private(set) var output = ""

    mutating func raw(_ html: String) { output += html }

    mutating func text(_ text: String) { output += Self.escape(text) }

    mutating func element(_ name: String, _ text: String, attributes: KeyValuePairs<String, String> = [:]) {
        output += "<\(name)"
        for (key, value) in attributes { output += " \(key)=\"\(Self.escape(value))\"" }
        output += ">\(Self.escape(text))</\(name)>"
    }

    /// A link; `external` links (to other sites) carry `rel="noopener noreferrer"`.
    /// Only `http`, `https` and in-page (`#…`) addresses are written as links.
    mutating func link(_ text: String, href: String, external: Bool = false) {
        let lowered = href.lowercased()
        guard href.hasPrefix("#") || lowered.hasPrefix("https://") || lowered.hasPrefix("http://") else {
            self.text(text)
            return
        }
        output += "<a href=\"\(Self.escape(href))\""
        if external { output += " rel=\"noopener noreferrer\"" }
        output += ">\(Self.escape(text))</a>"
    }

    /// Escapes `& < > " '`, and replaces control characters other than tab and line
    /// breaks (which HTML does not allow) by U+FFFD.
    static func escape(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.properties.generalCategory == .unassigned && scalar.properties.isNoncharacterCodePoint {
                    result += "\u{FFFD}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
