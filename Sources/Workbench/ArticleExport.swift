import Annotation
import Foundation
import Interchange
import TranslationMemory
import XMLSupport

/// Builds the bilingual document of an article for other CAT tools: one unit per
/// segment, grouped by paragraph, with the article's translations from the memory,
/// the memory's best matches as candidates, and the article's claims as annotations.
///
/// What goes where (``Interchange/XLIFFWriter`` writes it as XLIFF 2.x or 1.2):
/// - one `<file>` whose `original` is the article id; one group per paragraph (`p1`,
///   `p2`…, numbered by the article's lines); one unit per segment, id `s<n>` (the
///   1-based segment number, which ``ArticleImport`` maps back);
/// - page furniture: a segment the article marks not translatable
///   (``Annotation/ArticleSegment/isTranslatable``, set by ``ArticleImporter`` from the
///   article's metadata file) or made of ``Options/furniture`` only is
///   `translate="no"` with a `furniture` note; furniture of ``Options/furniture``
///   inside a segment is marked as an annotation saying not to translate it;
/// - the current translation of each segment (``TranslationMemory/ArticleTranslations``)
///   as the target, with its state; its provenance as unit metadata (XLIFF 2
///   `mda:metaGroup category="provenance"`, an XLIFF 1.2 note);
/// - up to ``Options/candidateLimit`` memory matches (not the segment's own
///   translations) as candidates (`mtc:match`, `alt-trans`);
/// - each claim as an annotation on its span in every segment it touches (`<mrk
///   type="comment">` pointing at a note, XLIFF 1.2 `<mrk mtype="x-tandem-claim">` and
///   a note), the note giving the claim's kind, quote, anchoring, sources and citation
///   status;
/// - what an earlier import kept of a unit (``ArticleImport``), when it was read from
///   the same XLIFF family: its extensions, other modules, unknown attributes and
///   notes, so another tool's data round-trips.
public struct ArticleExport: Sendable {
    /// What to export besides the article.
    public struct Options: Sendable {
        public var targetLanguage: LanguageTag
        /// The XLIFF version the document will be written in (decides which kept
        /// extensions can be carried back).
        public var format: XLIFFWriter.Format
        /// Furniture besides the segments the article marks not translatable (a metadata
        /// file read at export time; `.none`: only the article's marks).
        public var furniture: PageFurniture
        /// Memory matches per segment (0: none).
        public var candidateLimit: Int
        /// The lowest similarity of a candidate, 0–1.
        public var minimumSimilarity: Double
        /// The tool named in the file (XLIFF 1.2 header `<tool>`, XLIFF 2 metadata).
        public var toolName: String
        public var toolVersion: String?

        public init(targetLanguage: LanguageTag = .english, format: XLIFFWriter.Format = .xliff21, furniture: PageFurniture = .none, candidateLimit: Int = 3, minimumSimilarity: Double = 0.7, toolName: String = "Tandem", toolVersion: String? = nil) {
            self.targetLanguage = targetLanguage
            self.format = format
            self.furniture = furniture
            self.candidateLimit = candidateLimit
            self.minimumSimilarity = minimumSimilarity
            self.toolName = toolName
            self.toolVersion = toolVersion
        }
    }

    /// The unit property that keeps an imported XLIFF unit (see ``Interchange/XLIFFUnitArchive``).
    public static let archivePropertyType = "x-tandem-xliff-unit"
    /// The note categories Tandem writes (and drops when it reads its own files back).
    public static let tandemNoteCategories: Set<String> = ["claim", "furniture", "provenance"]

    public var options: Options

    public init(_ options: Options = Options()) {
        self.options = options
    }

    /// Reads the article, its claims and citations from the repository and its
    /// translations and matches from the memory, and builds the document.
    /// - Throws: ``Annotation/AnnotationError/unknownArticle(_:)`` when the article is not there.
    public func document(article id: ArticleID, repository: any AnnotationRepository, memory: any MemoryStore) throws -> BilingualDocument {
        let annotations = try repository.read { try $0.annotations(of: id) }
        let source = LanguageTag(annotations.article.language)
        let translations = try ArticleTranslations(article: id.rawValue, sourceLanguage: source, targetLanguage: options.targetLanguage, in: memory)
        return try document(annotations, translations: translations, memory: memory)
    }

    /// Builds the document from values already read.
    /// - Parameter memory: where candidates come from (`nil`: no candidates).
    public func document(_ annotations: ArticleAnnotations, translations: ArticleTranslations, memory: (any MemoryStore)?) throws -> BilingualDocument {
        let article = annotations.article
        let scalars = Array(article.text.unicodeScalars)
        func text(_ range: Range<Int>) -> String {
            var string = ""
            string.unicodeScalars.append(contentsOf: scalars[range])
            return string
        }
        let segmentTexts = article.segments.map { text($0.range) }
        let sourceTag = LanguageTag(article.language)

        var groups: [(paragraph: Int, units: [BilingualNode])] = []
        var fileExtensions: [XMLElement] = []
        for (index, segment) in article.segments.enumerated() {
            let number = index + 1
            var unit = BilingualUnit(id: "s\(number)", source: SegmentText(segmentTexts[index]))
            if !segment.isTranslatable || options.furniture.covers(segment.range) {
                unit.translate = false
                let kinds = Set(options.furniture.pieces(overlapping: segment.range).map(\.kind)).sorted().joined(separator: ", ")
                let what = kinds.isEmpty ? "Page furniture" : "Page furniture (\(kinds))"
                unit.notes.append(BilingualNote(text: "\(what): not article text, not to be translated.", category: "furniture"))
            } else {
                for (pieceIndex, piece) in options.furniture.pieces(overlapping: segment.range).enumerated() {
                    let range = max(piece.range.lowerBound, segment.range.lowerBound)..<min(piece.range.upperBound, segment.range.upperBound)
                    unit.annotations.append(SourceAnnotation(
                        id: "furniture\(pieceIndex + 1)", range: (range.lowerBound - segment.range.lowerBound)..<(range.upperBound - segment.range.lowerBound),
                        kind: "furniture", comment: "Page furniture (\(piece.kind)) glued into the sentence: not article text, leave it out of the translation."))
                }
            }
            if let current = translations.current(segment: number) {
                unit.segments[0].target = current.target
                unit.segments[0].state = BilingualState(rawValue: current.state.rawValue)
                unit.metadata.append(Self.provenance(of: current))
                for element in carryKept(from: current, into: &unit) where !fileExtensions.contains(where: { $0.xmlString == element.xmlString }) {
                    fileExtensions.append(element)
                }
            }
            if let memory, options.candidateLimit > 0, unit.translate != false {
                unit.candidates = try candidates(for: number, text: segmentTexts[index], previous: index > 0 ? segmentTexts[index - 1] : nil,
                                                 next: index + 1 < segmentTexts.count ? segmentTexts[index + 1] : nil,
                                                 article: article.id.rawValue, source: sourceTag, current: translations.current(segment: number), memory: memory)
            }
            if groups.last?.paragraph != segment.paragraph { groups.append((segment.paragraph, [])) }
            groups[groups.count - 1].units.append(.unit(unit))
        }

        // Claims: an annotation on their span in each segment they touch.
        var units = groups.map { $0.units }
        var position: [Int: (Int, Int)] = [:]
        var counter = 0
        for (g, group) in units.enumerated() {
            for u in group.indices { counter += 1; position[counter] = (g, u) }
        }
        for claim in annotations.claimsInTextOrder where claim.isAnchored {
            let comment = Self.comment(for: claim, in: annotations)
            for number in article.segmentNumbers(touching: claim.span) {
                guard let (g, u) = position[number], case .unit(var unit) = units[g][u] else { continue }
                let segment = article.segments[number - 1].range
                let start = max(claim.span.lowerBound, segment.lowerBound) - segment.lowerBound
                let end = min(claim.span.upperBound, segment.upperBound) - segment.lowerBound
                guard start < end else { continue }
                unit.annotations.append(SourceAnnotation(id: Self.token(claim.id.rawValue), range: start..<end, kind: "claim", comment: comment))
                units[g][u] = .unit(unit)
            }
        }

        var file = BilingualFile(id: "f1", original: article.id.rawValue)
        file.metadata = [toolMetadata(), articleMetadata(article)]
        file.extensions = fileExtensions
        file.children = zip(groups, units).map { group, units in
            .group(BilingualGroup(id: "p\(group.paragraph + 1)", name: "paragraph \(group.paragraph + 1)", children: units))
        }
        var document = BilingualDocument(sourceLanguage: article.language, targetLanguage: options.targetLanguage.identifier, files: [file])
        switch options.format {
        case .xliff2(let version): document.version = version
        case .xliff12: document.version = "1.2"
        }
        if case .xliff12 = options.format {
            // Reviewed and final translations are approved (translate-toolkit and Weblate
            // read an unapproved target as fuzzy).
            document.files[0].children = document.files[0].children.map(Self.markApproved)
        }
        return document
    }

    // MARK: - Pieces

    private static func markApproved(_ node: BilingualNode) -> BilingualNode {
        switch node {
        case .group(var group):
            group.children = group.children.map(markApproved)
            return .group(group)
        case .unit(var unit):
            if let state = unit.segments.first?.state, unit.segments.first?.target != nil, state == .reviewed || state == .final,
               !unit.attributes.contains(where: { $0.qualifiedName == "approved" }) {
                unit.attributes.append(XMLAttribute(qualifiedName: "approved", value: "yes"))
            }
            return .unit(unit)
        }
    }

    private func toolMetadata() -> BilingualMetadataGroup {
        var entries: [BilingualMetadataGroup.Entry] = [.init(type: "tool-id", value: "tandem"), .init(type: "tool-name", value: options.toolName)]
        if let version = options.toolVersion { entries.append(.init(type: "tool-version", value: version)) }
        return BilingualMetadataGroup(category: "tool", entries: entries)
    }

    private func articleMetadata(_ article: Article) -> BilingualMetadataGroup {
        var entries: [BilingualMetadataGroup.Entry] = [.init(type: "article", value: article.id.rawValue)]
        if let title = article.title { entries.append(.init(type: "title", value: title)) }
        if let publisher = article.publisher { entries.append(.init(type: "publisher", value: publisher)) }
        if let url = article.url { entries.append(.init(type: "url", value: url.absoluteString)) }
        entries.append(.init(type: "segments", value: String(article.segments.count)))
        return BilingualMetadataGroup(category: "article", entries: entries)
    }

    /// Who made a translation, when and with what.
    static func provenance(of unit: TranslationUnit) -> BilingualMetadataGroup {
        let p = unit.provenance
        var entries: [BilingualMetadataGroup.Entry] = [.init(type: "origin", value: p.origin.rawValue)]
        let formatter = ISO8601DateFormatter()
        if let creator = p.creator { entries.append(.init(type: "creator", value: creator)) }
        if let created = p.createdAt { entries.append(.init(type: "created", value: formatter.string(from: created))) }
        if let changedBy = p.changedBy { entries.append(.init(type: "changed-by", value: changedBy)) }
        if let changed = p.changedAt { entries.append(.init(type: "changed", value: formatter.string(from: changed))) }
        if let tool = p.tool { entries.append(.init(type: "tool", value: tool)) }
        if let confidence = p.confidence { entries.append(.init(type: "confidence", value: String(format: "%.2f", confidence))) }
        return BilingualMetadataGroup(category: "provenance", entries: entries)
    }

    /// Copies what an import kept of the unit, when it comes from the XLIFF family being
    /// written; returns the file-level elements the unit refers to.
    private func carryKept(from current: TranslationUnit, into unit: inout BilingualUnit) -> [XMLElement] {
        guard let archive = current.properties.last(where: { $0.type == Self.archivePropertyType })?.value,
              let contents = try? XLIFFUnitArchive.decode(archive) else { return [] }
        let kept = contents.unit
        let sameFamily: Bool
        switch options.format {
        case .xliff2: sameFamily = contents.version?.hasPrefix("2.") ?? false
        case .xliff12: sameFamily = contents.version?.hasPrefix("1.") ?? false
        }
        guard sameFamily else { return [] }
        unit.attributes = kept.attributes.filter { !["approved"].contains($0.qualifiedName) }
        unit.extensions = kept.extensions
        unit.notes += kept.notes.filter { !Self.isTandemNote($0) }
        if let segment = kept.segments.first(where: { !$0.isIgnorable }), kept.segments.count == 1 {
            unit.segments[0].attributes = segment.attributes
            unit.segments[0].targetAttributes = segment.targetAttributes.filter { $0.qualifiedName != "approved" }
            if segment.subState?.hasPrefix("xliff12:") == false { unit.segments[0].subState = segment.subState }
        }
        return contents.fileExtensions
    }

    /// Whether a note is one Tandem writes itself (claims, furniture, provenance).
    static func isTandemNote(_ note: BilingualNote) -> Bool {
        if let category = note.category, tandemNoteCategories.contains(category) { return true }
        if let author = note.author, author.hasPrefix("tandem") { return true }
        return false
    }

    private func candidates(for number: Int, text: String, previous: String?, next: String?, article: String, source: LanguageTag?, current: TranslationUnit?, memory: any MemoryStore) throws -> [TranslationCandidate] {
        guard let source else { return [] }
        let query = MatchQuery(source: text, sourceLanguage: source, targetLanguage: options.targetLanguage,
                               context: SegmentContext(previous: previous, next: next),
                               minimumScore: options.minimumSimilarity, limit: options.candidateLimit + 5)
        var seenTargets: Set<String> = current.map { [$0.target.plainText] } ?? []
        var candidates: [TranslationCandidate] = []
        for match in try memory.lookup(query) {
            if match.unit.location == SegmentLocation(article: article, segment: number) { continue }
            guard seenTargets.insert(match.unit.target.plainText).inserted else { continue }
            let origin = match.unit.provenance.tool ?? "Tandem memory (\(match.unit.provenance.origin.rawValue))"
            candidates.append(TranslationCandidate(source: match.unit.source, target: match.unit.target,
                                                   similarity: match.similarity, matchQuality: match.score,
                                                   origin: origin, type: "tm"))
            if candidates.count == options.candidateLimit { break }
        }
        return candidates
    }

    /// The note of a claim: what it is, how it is anchored, and its sources.
    static func comment(for claim: Claim, in annotations: ArticleAnnotations) -> String {
        var lines = ["Claim (\(claim.kind.rawValue)): “\(claim.text)”"]
        if claim.anchorStatus == .reanchored { lines.append("Re-anchored after the text changed: check the span.") }
        if let note = claim.note { lines.append("Note: \(note)") }
        let citations = annotations.citations(of: claim.id)
        if citations.isEmpty {
            lines.append("Sources: none cited yet.")
        } else {
            for citation in citations {
                var line = "Source [\(citation.status.rawValue)]"
                if let source = annotations.source(citation.sourceID) {
                    line += ": \(source.displayTitle)"
                    if let url = source.url { line += " <\(url.absoluteString)>" }
                } else {
                    line += ": \(citation.sourceID.rawValue)"
                }
                if let language = citation.promisedLanguage { line += " (translation promised in \(language))" }
                if let note = citation.note { line += " — \(note)" }
                lines.append(line)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// An id usable in XLIFF (`NMTOKEN`): other characters become `_`.
    static func token(_ string: String) -> String {
        let mapped = string.unicodeScalars.map { scalar -> Character in
            (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar)) && scalar.isASCII ? Character(scalar) : "_"
        }
        return mapped.isEmpty ? "claim" : String(mapped)
    }
}
