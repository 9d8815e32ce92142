import Annotation
import Foundation
import Interchange
import TranslationMemory

/// Brings translations done in another CAT tool back into the memory from an XLIFF
/// document (1.2 or 2.x, written by Tandem or not).
///
/// Each `<file>` names its article (`original`, as ``ArticleExport`` writes it; or the
/// article given in ``Options/article``). Each unit with a translation is mapped to a
/// segment of that article: by its id (`s<n>`, Tandem's own) when its source is that
/// segment's text, else by its source text when exactly one segment has it. The
/// translation is then added to the memory as a unit located at that segment, origin
/// ``TranslationMemory/UnitOrigin/imported``, the file's tool as its tool, the state
/// the file gives. A unit whose source no longer matches the article is left
/// untouched and listed. A file whose `original` names no known article has its units
/// stored as plain memory units (no location), like a TMX import.
///
/// What Tandem does not interpret is kept: each stored unit carries the unit as read
/// (a one-unit XLIFF document, ``Interchange/XLIFFUnitArchive``) in the property
/// ``ArticleExport/archivePropertyType``; ``ArticleExport`` writes its extensions,
/// unknown attributes and notes back when it exports the article again in the same
/// XLIFF family.
///
/// Everything is stored in one memory transaction (``TranslationMemory/MemoryStore/importBatch(_:)``):
/// all of it, or, on any error, nothing.
public struct ArticleImport: Sendable {
    public struct Options: Sendable, Hashable {
        /// The article every file is for (default: each file's `original`).
        public var article: String?
        /// The tool to record when the file names none.
        public var defaultTool: String
        /// The target language when the file names none (XLIFF 1.2 allows that).
        public var targetLanguage: LanguageTag?

        public init(article: String? = nil, defaultTool: String = "XLIFF", targetLanguage: LanguageTag? = nil) {
            self.article = article
            self.defaultTool = defaultTool
            self.targetLanguage = targetLanguage
        }
    }

    /// What an import changed.
    public struct Report: Sendable, Hashable, CustomStringConvertible {
        /// A unit left untouched because its source is not the article's.
        public struct Mismatch: Sendable, Hashable, CustomStringConvertible {
            public var unit: String
            public var line: Int
            /// The segment its id names, if any.
            public var segment: Int?
            public var reason: String
            public init(unit: String, line: Int, segment: Int?, reason: String) {
                self.unit = unit
                self.line = line
                self.segment = segment
                self.reason = reason
            }
            public var description: String { "unit \(unit) (line \(line)): \(reason)" }
        }

        /// A segment whose state changed.
        public struct StateChange: Sendable, Hashable, CustomStringConvertible {
            public var segment: Int
            public var from: TranslationState
            public var to: TranslationState
            public init(segment: Int, from: TranslationState, to: TranslationState) {
                self.segment = segment
                self.from = from
                self.to = to
            }
            public var description: String { "segment \(segment): \(from.rawValue) → \(to.rawValue)" }
        }

        public var file: String
        public var version: String?
        public var tool: String
        /// The articles the files were mapped to.
        public var articles: [String] = []
        public var unitsRead = 0
        /// Units without a translation (nothing to import).
        public var untranslated = 0
        /// Segments that got a translation they did not have (new or different text).
        public var segmentsTranslated: [Int] = []
        public var statesChanged: [StateChange] = []
        /// Units whose translation and state were already the current ones.
        public var unchanged = 0
        public var sourceMismatches: [Mismatch] = []
        /// Units stored without an article (their file names no known article).
        public var storedWithoutArticle = 0
        public var added = 0
        public var merged = 0

        public var description: String {
            var lines = ["\(file): XLIFF \(version ?? "?") from \(tool)" + (articles.isEmpty ? "" : ", article \(articles.joined(separator: ", "))")]
            lines.append("\(unitsRead) units read: \(segmentsTranslated.count) segments translated, \(statesChanged.count) states changed, \(unchanged) unchanged, \(untranslated) without translation, \(sourceMismatches.count) source mismatches" + (storedWithoutArticle > 0 ? ", \(storedWithoutArticle) stored without an article" : ""))
            if !segmentsTranslated.isEmpty { lines.append("  translated: segments \(segmentsTranslated.map(String.init).joined(separator: ", "))") }
            for change in statesChanged { lines.append("  state \(change)") }
            for mismatch in sourceMismatches { lines.append("  left untouched: \(mismatch)") }
            return lines.joined(separator: "\n")
        }
    }

    public var options: Options

    public init(_ options: Options = Options()) {
        self.options = options
    }

    /// Reads an XLIFF file and imports it.
    /// - Throws: ``XMLSupport/XMLParseError`` (file, line, reason) for a malformed or
    ///   invalid file, ``ArticleImport/Failure`` for a file whose languages are not usable; nothing is stored then.
    public func importFile(at path: String, documentName: String? = nil, repository: any AnnotationRepository, memory: any MemoryStore) throws -> Report {
        let document = try XLIFFReader.read(contentsOfFile: path, documentName: documentName)
        return try importDocument(document, documentName: documentName ?? path, repository: repository, memory: memory)
    }

    /// Imports a document already read.
    public func importDocument(_ document: BilingualDocument, documentName: String, repository: any AnnotationRepository, memory: any MemoryStore) throws -> Report {
        guard let sourceTag = LanguageTag(document.sourceLanguage) else {
            throw Failure(file: documentName, line: 0, message: "the source language “\(document.sourceLanguage)” is not a language tag")
        }
        let translated = document.allUnits.contains { $0.target != nil }
        guard let targetTag = document.targetLanguage.flatMap(LanguageTag.init) ?? options.targetLanguage else {
            if translated {
                throw Failure(file: documentName, line: 0, message: "the document has translations but no (valid) target language (name one with --target-lang)")
            }
            return Report(file: documentName, version: document.version, tool: options.defaultTool, unitsRead: document.allUnits.count, untranslated: document.allUnits.count)
        }
        var report = Report(file: documentName, version: document.version, tool: Self.toolName(of: document) ?? options.defaultTool)

        // Plan everything first (reads only), then store it in one transaction.
        var planned: [TranslationUnit] = []
        let now = Date()
        for file in document.files {
            let articleID = options.article ?? file.original
            let article = try articleID.flatMap { id in try repository.read { try $0.article(ArticleID(rawValue: id)) } }
            if let article, !report.articles.contains(article.id.rawValue) { report.articles.append(article.id.rawValue) }
            let segmentTexts = article.map(Self.segmentTexts) ?? []
            let translations = try article.map { try ArticleTranslations(article: $0.id.rawValue, sourceLanguage: sourceTag, targetLanguage: targetTag, in: memory) }
            var claimedSegments: Set<Int> = []
            for unit in file.allUnits {
                report.unitsRead += 1
                guard let target = unit.target, !target.elements.isEmpty else { report.untranslated += 1; continue }
                let source = Self.withoutTandemMarks(unit.source)
                let state = Self.state(of: unit)
                var stored = TranslationUnit(
                    sourceLanguage: sourceTag, targetLanguage: targetTag, source: source, target: Self.withoutTandemMarks(target),
                    provenance: Provenance(origin: .imported, createdAt: now, changedAt: now, tool: report.tool)
                )
                stored.state = state
                stored.properties.append(UnitProperty(type: ArticleExport.archivePropertyType, value: try XLIFFUnitArchive.encode(unit, of: document, file: file)))
                guard let article, let translations else {
                    report.storedWithoutArticle += 1
                    planned.append(stored)
                    continue
                }
                switch Self.segment(of: unit, source: source.plainText, in: segmentTexts) {
                case .failure(let mismatch):
                    report.sourceMismatches.append(.init(unit: unit.id, line: unit.line, segment: mismatch.segment, reason: mismatch.reason))
                    continue
                case .success(let number):
                    guard claimedSegments.insert(number).inserted else {
                        report.sourceMismatches.append(.init(unit: unit.id, line: unit.line, segment: number, reason: "segment \(number) already has a translation earlier in this file"))
                        continue
                    }
                    stored.location = SegmentLocation(article: article.id.rawValue, segment: number)
                    stored.context = SegmentContext(previous: number > 1 ? segmentTexts[number - 2] : nil, next: number < segmentTexts.count ? segmentTexts[number] : nil)
                    let current = translations.current(segment: number)
                    let sameText = current.map { $0.target.plainText == stored.target.plainText } ?? false
                    if let current, current.state != state {
                        report.statesChanged.append(.init(segment: number, from: current.state, to: state))
                    }
                    if !sameText { report.segmentsTranslated.append(number) }
                    if sameText, current?.state == state, current?.target == stored.target {
                        report.unchanged += 1
                        // Nothing new: the current translation keeps its provenance,
                        // unless the file carries data of its own to keep with it.
                        if !Self.carriesForeignData(unit) { continue }
                    }
                    planned.append(stored)
                }
            }
        }
        try memory.importBatch { batch in
            for unit in planned {
                switch try batch.add(unit, policy: .keepAlternatives) {
                case .added: report.added += 1
                case .merged, .replaced: report.merged += 1
                }
            }
        }
        return report
    }

    /// Whether a unit holds something Tandem did not write: attributes, elements of
    /// other modules and extensions, other notes.
    static func carriesForeignData(_ unit: BilingualUnit) -> Bool {
        !unit.attributes.filter { $0.qualifiedName != "approved" }.isEmpty || !unit.extensions.isEmpty
            || unit.notes.contains { !ArticleExport.isTandemNote($0) }
    }

    // MARK: - Mapping

    private struct Unmatched: Error {
        var segment: Int?
        var reason: String
    }

    private static func segmentTexts(_ article: Article) -> [String] {
        let scalars = Array(article.text.unicodeScalars)
        return article.segments.map { segment in
            var string = ""
            string.unicodeScalars.append(contentsOf: scalars[segment.range])
            return string
        }
    }

    /// Spaces collapsed, ends trimmed: tools may rewrap a source.
    static func normalized(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static func segment(of unit: BilingualUnit, source: String, in segments: [String]) -> Result<Int, Unmatched> {
        let wanted = normalized(source)
        if unit.id.hasPrefix("s"), let number = Int(unit.id.dropFirst()), String(number) == unit.id.dropFirst() {
            guard number >= 1, number <= segments.count else {
                return .failure(Unmatched(segment: number, reason: "the article has no segment \(number) (it has \(segments.count))"))
            }
            if normalized(segments[number - 1]) == wanted { return .success(number) }
            if let other = uniqueMatch(wanted, in: segments) { return .success(other) }
            return .failure(Unmatched(segment: number, reason: "its source is no longer the text of segment \(number) (“\(preview(source))” ≠ “\(preview(segments[number - 1]))”)"))
        }
        if let found = uniqueMatch(wanted, in: segments) { return .success(found) }
        let count = segments.filter { normalized($0) == wanted }.count
        return .failure(Unmatched(segment: nil, reason: count > 1 ? "its source is the text of \(count) segments of the article" : "no segment of the article has its source (“\(preview(source))”)"))
    }

    private static func uniqueMatch(_ wanted: String, in segments: [String]) -> Int? {
        let found = segments.indices.filter { normalized(segments[$0]) == wanted }
        return found.count == 1 ? found[0] + 1 : nil
    }

    private static func preview(_ text: String) -> String {
        text.count > 50 ? String(text.prefix(50)) + "…" : text
    }

    /// The state of a unit's translation: its first segment's, else `translated`.
    static func state(of unit: BilingualUnit) -> TranslationState {
        let states = unit.segments.filter { !$0.isIgnorable && $0.target != nil }.compactMap(\.state)
        guard let lowest = states.map({ TranslationState(rawValue: $0.rawValue) ?? .translated }).min() else {
            return unit.attributes.contains { $0.qualifiedName == "approved" && $0.value == "yes" } ? .reviewed : .translated
        }
        return lowest
    }

    /// The tool a document names: XLIFF 1.2 header `<tool tool-name>` (or `tool-id`) /
    /// `<file tool-id>`, XLIFF 2 metadata of category `tool`.
    static func toolName(of document: BilingualDocument) -> String? {
        for file in document.files {
            for group in file.metadata where group.category == "tool" {
                if let name = group.value("tool-name") ?? group.value("tool-id") {
                    return [name, group.value("tool-version")].compactMap { $0 }.joined(separator: " ")
                }
            }
            if let id = file.attributes.first(where: { $0.qualifiedName == "tool-id" || $0.qualifiedName == "tool" })?.value { return id }
        }
        return nil
    }

    /// The text without the markers Tandem puts on claims and furniture (they are
    /// regenerated on export); other tools' markers stay.
    static func withoutTandemMarks(_ text: SegmentText) -> SegmentText {
        var removed: Set<String> = []
        var openMrk: [Bool] = []
        var elements: [SegmentText.Element] = []
        for element in text.elements {
            guard case .code(let code) = element else { elements.append(element); continue }
            let name = code.attribute(xliffElementAttribute)
            let isTandem = (code.attribute("mtype")?.hasPrefix("x-tandem-") ?? false)
                || (code.attribute("type") == "comment" && (code.attribute("ref")?.hasPrefix("#n=a-") ?? false))
            switch (name, code.kind) {
            case ("mrk", .highlightBegin):
                openMrk.append(isTandem)
                if isTandem { continue }
            case ("mrk", .highlightEnd):
                if openMrk.popLast() == true { continue }
            case ("sm", _):
                if isTandem, let id = code.attribute("id") { removed.insert(id); continue }
            case ("em", _):
                if let start = code.attribute("startRef"), removed.contains(start) { continue }
            default:
                break
            }
            elements.append(element)
        }
        return SegmentText(elements: elements)
    }
}

extension ArticleImport {
    /// A document that cannot be imported as it is (its languages).
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var message: String
        public var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
    }
}
