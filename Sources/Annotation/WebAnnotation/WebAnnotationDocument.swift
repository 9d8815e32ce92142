import Foundation

/// W3C Web Annotation (JSON-LD) export and import of an article's claims, so that
/// annotation tools such as Hypothesis can exchange them
/// (https://www.w3.org/TR/annotation-model/).
///
/// ## Export
/// An `AnnotationCollection` with one `AnnotationPage`; one `Annotation` per claim:
/// - `target`: the article (`source` is its URL when known, else
///   `urn:tandem:article:<id>`) with a `TextQuoteSelector` (exact, prefix, suffix) and a
///   `TextPositionSelector` (start, end in code points of the article text);
/// - `body`: one per citation. A source with a URL is a `SpecificResource` whose
///   `source` is the cited document (`id` its URL, `title`, `publisher`, `date`,
///   `language`); a source without one is a `TextualBody` whose `value` is its title,
///   the description in `citedSource`. The claim's note is a `TextualBody` with
///   purpose `commenting`;
/// - `motivation`: `linking` when there are citations, `highlighting` otherwise.
///
/// What the standard has no word for is in the `tandem:` namespace
/// (`urn:tandem:vocab#`), declared by a context extension after the standard context:
/// `claimKind`, `anchorStatus` on annotations; `citationStatus`, `promisedLanguage`,
/// `note` on citation bodies; `sourceKind`, `tandemId`, `tandemArticle` on sources.
/// `title`, `publisher` and `date` map to Dublin Core terms. Tools that ignore the
/// extension still read the targets, quotes, URLs and titles.
///
/// ## Import
/// Accepts a collection (with an embedded first page), a page, an array of
/// annotations or a single one. A target must be the article (its URN or its URL);
/// annotations that are Tandem's own come back as the exact same values. Foreign
/// annotations anchor by quote: with only a `TextQuoteSelector` the quote is searched
/// for (prefix/suffix decide between occurrences; an approximate match within 10 %
/// is accepted and marked `reanchored`); with only a `TextPositionSelector` the span
/// is taken as is. A URL body (a string, a `SpecificResource` or an external
/// resource) becomes a source cited as `linked`; `commenting`/`describing` textual
/// bodies become the claim's note; a `tagging` body naming a claim kind sets it.
/// Records from foreign documents get ids derived from their content, so importing
/// the same document twice gives the same ids.
public enum WebAnnotationDocument {
    /// The Tandem vocabulary namespace.
    public static let namespace = "urn:tandem:vocab#"
    static let standardContext = "http://www.w3.org/ns/anno.jsonld"

    // MARK: Export

    /// The article's claims as a JSON-LD `AnnotationCollection` (pretty-printed,
    /// sorted keys).
    public static func export(_ annotations: ArticleAnnotations) throws -> Data {
        try AnnotationJSON.encoder().encode(collection(annotations))
    }

    /// The claims of several articles as one JSON-LD `AnnotationCollection` (each
    /// annotation's target names its article; ``read(_:among:name:)`` reads it back).
    /// One article gives the same document as ``export(_:)-(ArticleAnnotations)``.
    public static func export(_ articles: [ArticleAnnotations]) throws -> Data {
        if articles.count == 1 { return try export(articles[0]) }
        let collectionID = "urn:tandem:annotations"
        let items = articles.flatMap { annotations in annotations.claimsInTextOrder.map { annotation($0, in: annotations) } }
        let collection: JSONValue = .object([
            "@context": .array([.string(standardContext), context]),
            "id": .string(collectionID),
            "type": .string("AnnotationCollection"),
            "label": .string("Claims and sources: " + articles.map(\.article.displayTitle).joined(separator: "; ")),
            "total": .int(items.count),
            "first": .object([
                "id": .string(collectionID + ":page-1"),
                "type": .string("AnnotationPage"),
                "partOf": .string(collectionID),
                "startIndex": .int(0),
                "items": .array(items),
            ]),
        ])
        return try AnnotationJSON.encoder().encode(collection)
    }

    static func collection(_ annotations: ArticleAnnotations) -> JSONValue {
        let article = annotations.article
        let collectionID = article.id.urn + ":annotations"
        let items = annotations.claimsInTextOrder.map { annotation($0, in: annotations) }
        return .object([
            "@context": .array([.string(standardContext), context]),
            "id": .string(collectionID),
            "type": .string("AnnotationCollection"),
            "label": .string("Claims and sources: \(article.displayTitle)"),
            "total": .int(items.count),
            "first": .object([
                "id": .string(collectionID + ":page-1"),
                "type": .string("AnnotationPage"),
                "partOf": .string(collectionID),
                "startIndex": .int(0),
                "items": .array(items),
            ]),
        ])
    }

    static let context: JSONValue = .object([
        "tandem": .string(namespace),
        "claimKind": .string("tandem:claimKind"),
        "anchorStatus": .string("tandem:anchorStatus"),
        "citationStatus": .string("tandem:citationStatus"),
        "promisedLanguage": .string("tandem:promisedLanguage"),
        "note": .string("tandem:note"),
        "sourceKind": .string("tandem:sourceKind"),
        "citedSource": .object(["@id": .string("tandem:citedSource"), "@type": .string("@id")]),
        "tandemId": .string("tandem:id"),
        "tandemArticle": .object(["@id": .string("tandem:article"), "@type": .string("@id")]),
        "title": .string("dcterms:title"),
        "publisher": .string("dcterms:publisher"),
        "date": .string("dcterms:date"),
    ])

    private static func annotation(_ claim: Claim, in annotations: ArticleAnnotations) -> JSONValue {
        let article = annotations.article
        var bodies: [JSONValue] = []
        if let note = AnnotationValidation.nonBlank(claim.note) {
            bodies.append(.object(["type": .string("TextualBody"), "purpose": .string("commenting"), "value": .string(note), "format": .string("text/plain")]))
        }
        for citation in annotations.citations(of: claim.id) {
            guard let source = annotations.source(citation.sourceID) else { continue }
            bodies.append(body(citation, source: source))
        }
        let selectors: [JSONValue] = [
            .object(.init(uniqueKeysWithValues: [
                ("type", .string("TextQuoteSelector")), ("exact", .string(claim.selector.exact)),
                ("prefix", .string(claim.selector.prefix)), ("suffix", .string(claim.selector.suffix)),
            ])),
            .object(["type": .string("TextPositionSelector"), "start": .int(claim.span.lowerBound), "end": .int(claim.span.upperBound)]),
        ]
        let target: JSONValue = .object([
            "source": .string(article.url?.absoluteString ?? article.id.urn),
            "tandemArticle": article.url == nil ? nil : .string(article.id.urn),
            "selector": .array(selectors),
        ])
        return .object([
            "id": .string(claim.id.urn),
            "type": .string("Annotation"),
            "motivation": .string(bodies.contains { $0["citationStatus"] != nil } ? "linking" : "highlighting"),
            "claimKind": .string(claim.kind.rawValue),
            "anchorStatus": .string(claim.anchorStatus.rawValue),
            "target": target,
            "body": bodies.isEmpty ? nil : .array(bodies),
        ])
    }

    private static func body(_ citation: Citation, source: Source) -> JSONValue {
        let description: JSONValue = .object([
            "id": .string(source.url?.absoluteString ?? source.id.urn),
            "type": .string("Text"),
            "tandemId": .string(source.id.rawValue),
            "sourceKind": .string(source.kind.rawValue),
            "title": source.title.map(JSONValue.string),
            "publisher": source.publisher.map(JSONValue.string),
            "date": source.date.map { .string($0.description) },
            "language": source.language.map(JSONValue.string),
            "tandemArticle": source.articleID.map { .string($0.urn) },
        ])
        let common: KeyValuePairs<String, JSONValue?> = [
            "id": .string(citation.id.urn),
            "citationStatus": .string(citation.status.rawValue),
            "promisedLanguage": citation.promisedLanguage.map(JSONValue.string),
            "note": citation.note.map(JSONValue.string),
        ]
        guard var object = JSONValue.object(common).object else { return .null }
        if source.url != nil {
            object["type"] = .string("SpecificResource")
            object["source"] = description
        } else {
            object["type"] = .string("TextualBody")
            object["purpose"] = .string("describing")
            object["format"] = .string("text/plain")
            object["value"] = .string([source.displayTitle, source.publisher].compactMap { $0 }.joined(separator: ", "))
            object["citedSource"] = description
        }
        return .object(object)
    }

    // MARK: Import

    /// Reads a JSON-LD document of annotations on `article` and anchors them in its
    /// text.
    /// - Parameter name: the document's name, for messages.
    /// - Returns: the article with the claims, citations and sources read (no
    ///   translation links), validated.
    /// - Throws: ``AnnotationError/malformedDocument(location:reason:)`` or
    ///   ``AnnotationError/inDocument(location:_:)`` naming the annotation at fault.
    public static func read(_ data: Data, into article: Article, name: String = "JSON-LD document") throws -> ArticleAnnotations {
        let items = try annotationItems(parse(data, name: name), name: name)
        return try read(Array(items.enumerated()), into: article, name: name)
    }

    /// Reads a JSON-LD document whose annotations may be on several articles (as
    /// ``export(_:)-([ArticleAnnotations])`` writes for more than one): each
    /// annotation goes to the article its target names, by URN (`source` or
    /// `tandemArticle`) or by URL.
    /// - Parameter articles: the articles the annotations may target.
    /// - Returns: one value per article annotated, in the order of `articles`.
    /// - Throws: as ``read(_:into:name:)``, and
    ///   ``AnnotationError/malformedDocument(location:reason:)`` for an annotation on
    ///   none of `articles`, naming what it targets.
    public static func read(_ data: Data, among articles: [Article], name: String = "JSON-LD document") throws -> [ArticleAnnotations] {
        let items = try annotationItems(parse(data, name: name), name: name)
        var groups: [Int: [(Int, JSONValue)]] = [:]
        for (index, item) in items.enumerated() {
            let targets = item["target"]?.items ?? []
            let match = articles.firstIndex { article in targets.contains { isOn(article, $0) } }
            guard let match else {
                let named = targets.compactMap { target -> String? in
                    guard let source = target.string ?? target["source"]?.string ?? target["source"]?.id else { return target["tandemArticle"]?.string }
                    return target["tandemArticle"]?.string.map { "\(source) (\($0))" } ?? source
                }
                throw AnnotationError.malformedDocument(
                    location: "\(name), annotation \(index + 1)" + (item.id.map { " (\($0))" } ?? ""),
                    reason: named.isEmpty ? "it has no target naming an article" : "it annotates \(named.joined(separator: ", ")), which is not a stored article"
                )
            }
            groups[match, default: []].append((index, item))
        }
        return try groups.keys.sorted().map { try read(groups[$0]!, into: articles[$0], name: name) }
    }

    private static func parse(_ data: Data, name: String) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw AnnotationError.malformedDocument(location: name, reason: jsonSyntaxError(in: data))
        }
    }

    /// Whether a target is on `article`.
    private static func isOn(_ article: Article, _ target: JSONValue) -> Bool {
        if let urn = target["tandemArticle"]?.string, ArticleID(urn: urn) == article.id { return true }
        let source = target.string ?? target["source"]?.string ?? target["source"]?.id
        return source.map { refersTo(article, $0) } ?? false
    }

    /// Reads annotations (with their index in the document, for messages) on one article.
    private static func read(_ items: [(Int, JSONValue)], into article: Article, name: String) throws -> ArticleAnnotations {
        let text = ScalarText(article.text)
        var claims: [Claim] = [], citations: [Citation] = []
        var sources: [SourceID: Source] = [:]
        for (index, item) in items {
            let location = "\(name), annotation \(index + 1)" + (item.id.map { " (\($0))" } ?? "")
            do {
                let read = try readAnnotation(item, index: index, article: article, text: text, location: location)
                claims.append(read.claim)
                for (citation, source) in read.citations {
                    if let known = sources[source.id], known != source {
                        throw AnnotationError.malformedDocument(location: location, reason: "source \(source.id) is described differently by another annotation")
                    }
                    sources[source.id] = source
                    citations.append(citation)
                }
            } catch let error as AnnotationError {
                if case .malformedDocument = error { throw error }
                throw AnnotationError.inDocument(location: location, error)
            }
        }
        let annotations = ArticleAnnotations(
            article: article, claims: claims, citations: citations,
            sources: sources.values.sorted { $0.id < $1.id }
        )
        do {
            try annotations.validate()
        } catch let error as AnnotationError {
            throw AnnotationError.inDocument(location: name, error)
        }
        return annotations
    }

    private static func annotationItems(_ root: JSONValue, name: String) throws -> [JSONValue] {
        if case let .array(items) = root { return items }
        let types = root.types
        if types.contains("AnnotationCollection") {
            guard let first = root["first"] else {
                if root["total"]?.int == 0 { return [] }
                throw AnnotationError.malformedDocument(location: name, reason: "the collection has no first page")
            }
            guard first.object != nil else {
                throw AnnotationError.malformedDocument(location: name, reason: "the collection's first page is only referenced (\(first.string ?? "?")); embed it")
            }
            return try annotationItems(first, name: name)
        }
        if types.contains("AnnotationPage") {
            return root["items"]?.items ?? []
        }
        if root["target"] != nil { return [root] }
        throw AnnotationError.malformedDocument(location: name, reason: "expected an AnnotationCollection, an AnnotationPage, an Annotation or an array of them")
    }

    private struct ReadAnnotation {
        var claim: Claim
        var citations: [(Citation, Source)]
    }

    private static func readAnnotation(_ item: JSONValue, index: Int, article: Article, text: ScalarText, location: String) throws -> ReadAnnotation {
        guard item.object != nil else {
            throw AnnotationError.malformedDocument(location: location, reason: "not a JSON object")
        }
        // The target: the first one on this article.
        let targets = item["target"]?.items ?? []
        guard !targets.isEmpty else { throw AnnotationError.malformedDocument(location: location, reason: "no target") }
        let onArticle = targets.first { isOn(article, $0) }
        guard let target = onArticle else {
            let named = targets.compactMap { $0.string ?? $0["source"]?.string ?? $0["source"]?.id }.joined(separator: ", ")
            throw AnnotationError.malformedDocument(
                location: location,
                reason: "it annotates \(named.isEmpty ? "no named document" : named), not article \(article.id) (\(article.url?.absoluteString ?? article.id.urn))"
            )
        }
        var quote: TextQuoteSelector?
        var position: Range<Int>?
        for selector in target["selector"]?.items ?? [] {
            if selector.types.contains("TextQuoteSelector") {
                guard let exact = selector["exact"]?.string, !exact.isEmpty else {
                    throw AnnotationError.malformedDocument(location: location, reason: "TextQuoteSelector without exact text")
                }
                quote = TextQuoteSelector(exact: exact, prefix: selector["prefix"]?.string ?? "", suffix: selector["suffix"]?.string ?? "")
            } else if selector.types.contains("TextPositionSelector") {
                guard let start = selector["start"]?.int, let end = selector["end"]?.int, start >= 0, start <= end else {
                    throw AnnotationError.malformedDocument(location: location, reason: "TextPositionSelector needs integer start ≤ end")
                }
                position = start..<end
            }
        }

        // Identity, kind, status.
        let claimID: ClaimID
        if let id = item.id, let own = ClaimID(urn: id) { claimID = own }
        else { claimID = ClaimID(unchecked: "claim-" + stableHash(item.id ?? "\(article.id)|\(index)|\(quote?.exact ?? "")")) }
        var kind = ClaimKind.fact
        if let raw = item["claimKind"]?.string {
            guard let parsed = ClaimKind(rawValue: raw) else {
                throw AnnotationError.malformedDocument(location: location, reason: "unknown claimKind \(raw) (expected \(ClaimKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            kind = parsed
        }
        var status = AnchorStatus.anchored
        if let raw = item["anchorStatus"]?.string {
            guard let parsed = AnchorStatus(rawValue: raw) else {
                throw AnnotationError.malformedDocument(location: location, reason: "unknown anchorStatus \(raw)")
            }
            status = parsed
        }

        // Anchoring.
        let span: Range<Int>, selector: TextQuoteSelector
        switch (quote, position) {
        case let (quote?, position?):
            let stored = Claim(id: claimID, articleID: article.id, kind: kind, span: position, selector: quote, anchorStatus: status)
            let result = article.reanchor(stored, in: text)
            if result.method == .orphaned, status != .orphaned {
                throw AnnotationError.quoteNotFound(article: article.id, quote: quote.exact, suggestion: nil)
            }
            (span, selector, status) = (result.claim.span, result.claim.selector, result.claim.anchorStatus)
        case let (nil, position?):
            guard position.upperBound <= text.count, !position.isEmpty else {
                throw AnnotationError.spanOutOfRange(article: article.id, start: position.lowerBound, end: position.upperBound, length: text.count)
            }
            (span, selector) = (position, text.selector(for: position))
        case let (quote?, nil):
            (span, status) = try anchorQuote(quote, in: article, text: text)
            selector = text.selector(for: span)
        case (nil, nil):
            throw AnnotationError.malformedDocument(location: location, reason: "the target has neither a TextQuoteSelector nor a TextPositionSelector")
        }

        // Bodies.
        var notes: [String] = []
        var cited: [(Citation, Source)] = []
        for (bodyIndex, body) in (item["body"]?.items ?? []).enumerated() {
            let bodyLocation = "body \(bodyIndex + 1)"
            if let url = body.string {
                cited.append(try foreignCitation(url: url, claim: claimID, location: "\(location), \(bodyLocation)"))
                continue
            }
            guard body.object != nil else { continue }
            if body["citationStatus"] != nil {
                cited.append(try ownCitation(body, claim: claimID, location: "\(location), \(bodyLocation)"))
            } else if body.types.contains("TextualBody") || body["value"] != nil {
                guard let value = body["value"]?.string else { continue }
                if body["purpose"]?.string == "tagging" {
                    if let tagged = ClaimKind(rawValue: value), item["claimKind"] == nil { kind = tagged }
                } else {
                    notes.append(value)
                }
            } else if let url = body["source"]?.string ?? body["source"]?.id ?? body.id, url.lowercased().hasPrefix("http") {
                cited.append(try foreignCitation(url: url, claim: claimID, location: "\(location), \(bodyLocation)"))
            }
        }
        let claim = Claim(
            id: claimID, articleID: article.id, kind: kind, span: span, selector: selector, anchorStatus: status,
            note: notes.isEmpty ? nil : notes.joined(separator: "\n\n")
        )
        return ReadAnnotation(claim: claim, citations: cited)
    }

    /// Anchors a quote with no position: the one occurrence; else the one whose
    /// context agrees best; else an approximate match. A tie is an error.
    private static func anchorQuote(_ quote: TextQuoteSelector, in article: Article, text: ScalarText) throws -> (Range<Int>, AnchorStatus) {
        let length = quote.exact.unicodeScalars.count
        var starts = text.exactOccurrences(of: quote.exact)
        if starts.isEmpty { starts = text.foldedOccurrences(of: quote.exact) }
        if !starts.isEmpty {
            let prefix = ScalarText.folded(quote.prefix), suffix = ScalarText.folded(quote.suffix)
            let scored = starts.map { ($0, text.contextScore(at: $0..<($0 + length), prefix: prefix, suffix: suffix)) }
            let best = scored.map(\.1).max()!
            let winners = scored.filter { $0.1 == best }
            guard winners.count == 1 else {
                throw AnnotationError.ambiguousQuote(article: article.id, quote: quote.exact, offsets: winners.map(\.0))
            }
            return (winners[0].0..<(winners[0].0 + length), .anchored)
        }
        // No exact occurrence: let re-anchoring's approximate search try (no position hint).
        let probe = Claim(id: "probe", articleID: article.id, kind: .fact, span: 0..<0, selector: quote)
        let result = article.reanchor(probe, in: text)
        guard result.method != .orphaned else {
            throw AnnotationError.quoteNotFound(article: article.id, quote: quote.exact, suggestion: nil)
        }
        return (result.claim.span, .reanchored)
    }

    private static func ownCitation(_ body: JSONValue, claim: ClaimID, location: String) throws -> (Citation, Source) {
        guard let rawStatus = body["citationStatus"]?.string, let status = CitationStatus(rawValue: rawStatus) else {
            throw AnnotationError.malformedDocument(location: location, reason: "unknown citationStatus (expected linked, promised or unresolved)")
        }
        guard let description = body["source"] ?? body["citedSource"], description.object != nil else {
            throw AnnotationError.malformedDocument(location: location, reason: "a citation body needs a source description (source or citedSource)")
        }
        let nodeID = description.id
        let url = try nodeID.flatMap { $0.lowercased().hasPrefix("http") ? try AnnotationValidation.webURL($0) : nil }
        let sourceID: SourceID
        if let raw = description["tandemId"]?.string { sourceID = try SourceID(validating: raw) }
        else if let urn = nodeID, let id = SourceID(urn: urn) { sourceID = id }
        else if let url { sourceID = SourceID(unchecked: "source-" + stableHash(url.absoluteString)) }
        else { throw AnnotationError.malformedDocument(location: location, reason: "the cited source has neither a URL nor an id") }
        let kind = description["sourceKind"]?.string.flatMap(SourceKind.init(rawValue:)) ?? .other
        let source = Source(
            id: sourceID, kind: kind, url: url,
            title: description["title"]?.string, publisher: description["publisher"]?.string,
            date: try description["date"]?.string.map { try AnnotationDate($0) },
            language: description["language"]?.string,
            articleID: description["tandemArticle"]?.string.flatMap { ArticleID(urn: $0) }
        )
        let citationID: CitationID
        if let id = body.id, let own = CitationID(urn: id) { citationID = own }
        else { citationID = CitationID(unchecked: "citation-" + stableHash("\(claim)|\(sourceID)|\(rawStatus)")) }
        let citation = Citation(
            id: citationID, claimID: claim, sourceID: sourceID, status: status,
            promisedLanguage: body["promisedLanguage"]?.string, note: body["note"]?.string
        )
        return (citation, source)
    }

    private static func foreignCitation(url string: String, claim: ClaimID, location: String) throws -> (Citation, Source) {
        let url: URL
        do { url = try AnnotationValidation.webURL(string) } catch let error as AnnotationError {
            throw AnnotationError.inDocument(location: location, error)
        }
        let sourceID = SourceID(unchecked: "source-" + stableHash(url.absoluteString))
        let source = Source(id: sourceID, kind: .other, url: url)
        let citation = Citation(id: CitationID(unchecked: "citation-" + stableHash("\(claim)|\(sourceID)")), claimID: claim, sourceID: sourceID, status: .linked)
        return (citation, source)
    }

    /// Whether a target's `source` names the article: its URN, or its URL.
    private static func refersTo(_ article: Article, _ source: String) -> Bool {
        if ArticleID(urn: source) == article.id { return true }
        guard let url = article.url, let other = URL(string: source) else { return false }
        return AnnotationValidation.comparable(url) == AnnotationValidation.comparable(other)
    }

    /// 16 hex digits of FNV-1a over the UTF-8 bytes: stable across runs and platforms.
    static func stableHash(_ string: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in string.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
