import Annotation
import Foundation
import Segmentation

/// What is known about an article besides its text. `nil` fields are unknown; when an
/// article is imported again, unknown fields keep what the stored article has.
public struct ArticleMetadata: Hashable, Sendable {
    public var title: String?
    public var publisher: String?
    public var date: AnnotationDate?
    public var url: URL?

    public init(title: String? = nil, publisher: String? = nil, date: AnnotationDate? = nil, url: URL? = nil) {
        self.title = title
        self.publisher = publisher
        self.date = date
        self.url = url
    }

    /// These fields, with the unknown ones taken from `other`.
    public func filled(from other: Article) -> ArticleMetadata {
        ArticleMetadata(
            title: title ?? other.title, publisher: publisher ?? other.publisher,
            date: date ?? other.date, url: url ?? other.url)
    }
}

/// Turns a plain-text file into an ``Annotation/Article``: reads it as UTF-8, cuts it
/// into sentences with Tandem's SRX rules (`Segmentation.SentenceSegmenter`) and
/// numbers the segments from 1 in the order the segmenter returns them, which is the
/// numbering `tandem align --into-memory` gives the units it stores, so the memory's
/// units and the article's claims point at the same segments.
///
/// ```swift
/// let importer = ArticleImporter()
/// let article = try importer.article(fromFile: url, language: "fr")
/// let outcome = try importer.store(article, in: repository)
/// ```
public struct ArticleImporter: Sendable {
    public init() {}

    /// The id an article read from `file` gets by default: the file name without its
    /// extension (`seeds/004_8a092bc0b89f6462.txt` → `004_8a092bc0b89f6462`).
    public static func defaultID(forFile file: URL) -> String {
        file.deletingPathExtension().lastPathComponent
    }

    /// The metadata file next to an article's text, when there is one that lists the
    /// article's page furniture: the same path with `.json` for the extension
    /// (`seeds/000_x.txt` → `seeds/000_x.json`, the seeds' layout) whose JSON object has a
    /// `furniture` list. Any other file there is not ours and is ignored.
    public static func sidecarMetadataFile(for file: URL) -> URL? {
        let sidecar = file.deletingPathExtension().appendingPathExtension("json")
        guard sidecar.standardizedFileURL != file.standardizedFileURL,
              let data = try? Data(contentsOf: sidecar),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object["furniture"] is [Any] else { return nil }
        return sidecar
    }

    /// Reads and segments a UTF-8 text file.
    /// - Parameters:
    ///   - id: the article id; defaults to ``defaultID(forFile:)``.
    ///   - language: a BCP 47 tag (`fr`); it chooses the segmentation rules.
    ///   - furnitureFile: a metadata file listing the article's page furniture
    ///     (``PageFurniture``); the segments made of furniture only are marked not
    ///     translatable. `nil`: none (see ``sidecarMetadataFile(for:)`` to find one).
    /// - Throws: ``ArticleImportError``.
    public func article(fromFile file: URL, id: String? = nil, language: String, metadata: ArticleMetadata = ArticleMetadata(), furnitureFile: URL? = nil) throws(ArticleImportError) -> Article {
        let name = file.relativePath
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            let reason = FileManager.default.fileExists(atPath: file.path) ? "cannot read the file" : "no such file"
            throw .unreadable(file: name, reason: reason)
        }
        let text = try Self.decode([UInt8](data), file: name)
        var furniture = PageFurniture.none
        if let furnitureFile {
            // A URL relative to another folder (an annotation file's) is read from there
            // and named in full; a plain relative path as the user typed it.
            let furnitureName = furnitureFile.baseURL == nil ? furnitureFile.relativePath : furnitureFile.path
            let metadata: Data
            do {
                metadata = try Data(contentsOf: furnitureFile)
            } catch {
                throw .furniture(PageFurnitureError(file: furnitureName, message: "cannot read the file"))
            }
            do {
                furniture = try PageFurniture(metadata: metadata, articleText: text, documentName: furnitureName)
            } catch let error as PageFurnitureError {
                throw .furniture(error)
            } catch {
                throw .furniture(PageFurnitureError(file: furnitureName, message: "\(error)"))
            }
        }
        return try article(text: text, id: id ?? Self.defaultID(forFile: file), language: language, metadata: metadata, furniture: furniture, file: name)
    }

    /// Segments a text into an article.
    /// - Parameters:
    ///   - furniture: the text's page furniture: segments made of it only (every code
    ///     point in some piece) are marked not translatable. Furniture glued inside a
    ///     sentence leaves the sentence translatable.
    ///   - file: where the text comes from, for messages.
    /// - Throws: ``ArticleImportError``.
    public func article(text: String, id: String, language: String, metadata: ArticleMetadata = ArticleMetadata(), furniture: PageFurniture = .none, file: String? = nil) throws(ArticleImportError) -> Article {
        let name = file ?? "article \(id)"
        let articleID: ArticleID
        let tag: String
        do {
            articleID = try ArticleID(validating: id)
            tag = try AnnotationValidation.languageTag(language)
            if let url = metadata.url { _ = try AnnotationValidation.webURL(url.absoluteString) }
        } catch let error as AnnotationError {
            throw .invalid(file: name, error)
        } catch {
            throw .invalid(file: name, .invalidIdentifier(kind: ArticleID.kind, value: id))
        }
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw .empty(file: name) }
        let segments = furniture.marking(try Self.segments(of: text, language: tag, file: name))
        let article = Article(
            id: articleID, language: tag, title: Self.nonBlank(metadata.title), publisher: Self.nonBlank(metadata.publisher),
            date: metadata.date, url: metadata.url, text: text, segments: segments)
        do {
            try article.validate()
        } catch let error as AnnotationError {
            throw .invalid(file: name, error)
        } catch {
            throw .invalid(file: name, .invalidSegments(article: articleID, reason: "\(error)"))
        }
        return article
    }

    /// The segments of a text: segment n (1-based) is the n-th segment
    /// `SentenceSegmenter(language:)` returns, with its code-point range and the
    /// 0-based number of the line it is on.
    /// - Throws: ``ArticleImportError/unsupportedLanguage(file:language:reason:)``.
    public static func segments(of text: String, language: String, file: String = "text") throws(ArticleImportError) -> [ArticleSegment] {
        let segmenter: SentenceSegmenter
        do {
            segmenter = try SentenceSegmenter(language: language)
        } catch {
            throw .unsupportedLanguage(file: file, language: language, reason: "\(error)")
        }
        return segmenter.segment(text).map { ArticleSegment(range: $0.range, paragraph: $0.paragraph) }
    }

    /// Decodes UTF-8; a leading byte-order mark is dropped (as `tandem align` does, so
    /// that offsets agree).
    /// - Throws: ``ArticleImportError/invalidUTF8(file:byteOffset:line:column:)`` at the
    ///   first byte that is not part of valid UTF-8.
    public static func decode(_ bytes: [UInt8], file: String) throws(ArticleImportError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let content = Array(body)
        if let bad = UTF8Text.firstInvalidByte(in: content) {
            let offset = bad + (bytes.count - content.count)
            let before = bytes[..<offset]
            let line = before.filter { $0 == 0x0A }.count + 1
            let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            throw .invalidUTF8(file: file, byteOffset: offset, line: line, column: offset - lineStart + 1, byte: bytes[offset])
        }
        return String(decoding: content, as: UTF8.self)
    }

    private static func nonBlank(_ string: String?) -> String? {
        guard let string, !string.allSatisfy(\.isWhitespace) else { return nil }
        return string.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Storing

    /// What storing an imported article did.
    public enum Outcome: Hashable, Sendable {
        /// The article was new.
        case added
        /// The same id was stored with the same text and segments; only metadata or the
        /// segments' furniture marks may have changed (`metadataChanged`).
        case unchanged(metadataChanged: Bool)
        /// The id was stored with another text or segmentation: the article was
        /// replaced and its claims re-anchored (`claims`: what happened to each).
        case replaced(claims: [ReanchorResult], segmentsRenumbered: Bool)
    }

    /// Stores an article, or updates the one stored under its id, in one transaction:
    /// metadata the new article leaves unknown keeps its stored value; a changed text
    /// re-anchors the stored claims (``Annotation/AnnotationRepository/replaceArticle(_:)``).
    /// - Parameter keepStoredFurniture: whether the new article's furniture is unknown
    ///   (no metadata file was read): a segment whose text is that of a segment the
    ///   stored article marks not translatable is marked so too. `false`: the new
    ///   article's marks replace the stored ones.
    /// - Returns: what happened, and the article as stored.
    public func store(_ article: Article, in repository: any AnnotationRepository, keepStoredFurniture: Bool = false) throws -> (outcome: Outcome, article: Article) {
        var article = article
        // Read, merge and replace in one write transaction, so that nothing slips in between.
        return try repository.write { store in
            guard let previous = try store.article(article.id) else {
                try store.save(article)
                return (.added, article)
            }
            let metadata = ArticleMetadata(title: article.title, publisher: article.publisher, date: article.date, url: article.url)
                .filled(from: previous)
            article.title = metadata.title
            article.publisher = metadata.publisher
            article.date = metadata.date
            article.url = metadata.url
            if keepStoredFurniture { Self.carryFurniture(from: previous, to: &article) }
            try article.validate()
            let sameText = previous.text.unicodeScalars.elementsEqual(article.text.unicodeScalars)
            if sameText, previous.segments.map(\.range) == article.segments.map(\.range),
               previous.segments.map(\.paragraph) == article.segments.map(\.paragraph) {
                if previous != article { try store.save(article) }
                return (.unchanged(metadataChanged: previous != article), article)
            }
            try store.save(article)
            let results = article.reanchor(try store.claims(of: article.id))
            for result in results { try store.save(result.claim) }
            let renumbered = !Self.sameSegmentTexts(previous, article)
            return (.replaced(claims: results, segmentsRenumbered: renumbered), article)
        }
    }

    /// Marks not translatable the segments of `article` whose text is that of a segment
    /// `previous` marks so.
    private static func carryFurniture(from previous: Article, to article: inout Article) {
        let previousTexts = ArticleText.segmentTexts(of: previous)
        let furniture = Set(previous.untranslatableSegmentNumbers.map { previousTexts[$0 - 1] })
        guard !furniture.isEmpty else { return }
        let texts = ArticleText.segmentTexts(of: article)
        for index in article.segments.indices where furniture.contains(texts[index]) {
            article.segments[index].isTranslatable = false
        }
    }

    /// Whether both articles have the same segments, text for text.
    private static func sameSegmentTexts(_ a: Article, _ b: Article) -> Bool {
        guard a.segments.count == b.segments.count else { return false }
        let scalarsA = Array(a.text.unicodeScalars), scalarsB = Array(b.text.unicodeScalars)
        return zip(a.segments, b.segments).allSatisfy { scalarsA[$0.range] == scalarsB[$1.range] }
    }
}

/// Why a text could not be imported as an article. Each description is one line that
/// names the file.
public enum ArticleImportError: Error, Hashable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    /// The byte at `byteOffset` (0-based; at `line`:`column`, 1-based, column in bytes)
    /// is not part of valid UTF-8.
    case invalidUTF8(file: String, byteOffset: Int, line: Int, column: Int, byte: UInt8)
    /// The file holds only whitespace.
    case empty(file: String)
    /// No segmentation rules for the language.
    case unsupportedLanguage(file: String, language: String, reason: String)
    /// The id, language, URL or segments are not acceptable.
    case invalid(file: String, AnnotationError)
    /// The metadata file does not describe the article's furniture.
    case furniture(PageFurnitureError)

    public var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): \(reason)"
        case let .invalidUTF8(file, offset, line, column, byte):
            let hex = String(byte, radix: 16, uppercase: true)
            return "\(file):\(line):\(column): not UTF-8 (byte 0x\(hex.count < 2 ? "0" : "")\(hex) at byte offset \(offset)); "
                + "convert the file to UTF-8 first (e.g. iconv -f latin1 -t utf-8)"
        case let .empty(file):
            return "\(file): the file has no text"
        case let .unsupportedLanguage(file, language, reason):
            return "\(file): cannot segment text in \(language): \(reason)"
        case let .furniture(error):
            return error.description
        case let .invalid(file, error):
            if case .invalidIdentifier(kind: ArticleID.kind, _) = error {
                return "\(file): \(error.description); choose one with --id"
            }
            return "\(file): \(error.description)"
        }
    }
}
