import Annotation
import Foundation

/// The parts of an article's text that are page furniture (navigation, comment forms,
/// related-article teasers): on the page, but not article text, so never translated.
///
/// Furniture is described next to the article, in a metadata file (the seeds'
/// `seeds/<article>.json` has this shape) with a `furniture` list:
///
/// ```json
/// { "furniture": [ { "line": 1, "text": "Menu Fermer", "kind": "navigation", "inline": false },
///                  { "line": 2, "text": "Lire aussi : …", "kind": "related_article", "inline": true } ] }
/// ```
///
/// `line` is 1-based and counts every line of the article text; `text` is found in that
/// line (the whole line, trimmed, when `inline` is false; exactly once inside it when
/// `inline` is true). Other keys of the file are ignored. The spans are code points of
/// the article text, like ``Annotation/Article`` segments.
public struct PageFurniture: Hashable, Sendable {
    /// One piece of furniture.
    public struct Piece: Hashable, Sendable {
        /// Code points of the article text.
        public var range: Range<Int>
        /// `navigation`, `comment_form`, `related_article`... (free text).
        public var kind: String
        public var text: String

        public init(range: Range<Int>, kind: String, text: String) {
            self.range = range
            self.kind = kind
            self.text = text
        }
    }

    public var pieces: [Piece]

    public init(pieces: [Piece] = []) {
        self.pieces = pieces.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// No furniture.
    public static let none = PageFurniture()

    /// Reads a metadata file and finds each piece of furniture in `text`.
    /// - Throws: ``PageFurnitureError`` naming the file and the entry that does not fit the text.
    public init(metadataFile path: String, articleText text: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw PageFurnitureError(file: path, message: "cannot read the file")
        }
        try self.init(metadata: data, articleText: text, documentName: path)
    }

    /// Reads metadata held in memory (see the type's documentation for the format).
    public init(metadata: Data, articleText text: String, documentName: String) throws {
        struct Metadata: Decodable {
            struct Entry: Decodable {
                var line: Int
                var text: String
                var kind: String?
                var inline: Bool?
            }
            var furniture: [Entry]?
        }
        let decoded: Metadata
        do {
            decoded = try JSONDecoder().decode(Metadata.self, from: metadata)
        } catch {
            throw PageFurnitureError(file: documentName, message: "not a metadata file with a furniture list (\(Self.describe(error)))")
        }
        let lines = Self.lines(of: text)
        var pieces: [Piece] = []
        for (index, entry) in (decoded.furniture ?? []).enumerated() {
            let label = "furniture entry \(index + 1) (line \(entry.line))"
            guard entry.line >= 1, entry.line <= lines.count else {
                throw PageFurnitureError(file: documentName, message: "\(label): the article has \(lines.count) lines")
            }
            let line = lines[entry.line - 1]
            let needle = Array(entry.text.unicodeScalars)
            guard !needle.isEmpty else { throw PageFurnitureError(file: documentName, message: "\(label): empty text") }
            let found = Self.occurrences(of: needle, in: line.scalars)
            guard let first = found.first else {
                throw PageFurnitureError(file: documentName, message: "\(label): “\(entry.text)” is not in that line of the article")
            }
            if entry.inline == true, found.count > 1 {
                throw PageFurnitureError(file: documentName, message: "\(label): “\(entry.text)” occurs \(found.count) times in that line")
            }
            let start = line.start + first
            pieces.append(Piece(range: start..<(start + needle.count), kind: entry.kind ?? "furniture", text: entry.text))
        }
        self.init(pieces: pieces)
    }

    /// The furniture a span overlaps.
    public func pieces(overlapping span: Range<Int>) -> [Piece] {
        pieces.filter { $0.range.overlaps(span) }
    }

    /// Whether a span (a segment) is furniture through and through: every one of its
    /// code points lies in some piece.
    public func covers(_ span: Range<Int>) -> Bool {
        guard !span.isEmpty else { return false }
        var position = span.lowerBound
        for piece in pieces where piece.range.lowerBound <= position && piece.range.upperBound > position {
            position = max(position, piece.range.upperBound)
            if position >= span.upperBound { return true }
        }
        return position >= span.upperBound
    }

    /// The segments with those made of furniture only (``covers(_:)``) marked not
    /// translatable; the others are left as they are.
    public func marking(_ segments: [ArticleSegment]) -> [ArticleSegment] {
        guard !pieces.isEmpty else { return segments }
        return segments.map { segment in
            var segment = segment
            if covers(segment.range) { segment.isTranslatable = false }
            return segment
        }
    }

    private static func lines(of text: String) -> [(start: Int, scalars: [Unicode.Scalar])] {
        var lines: [(start: Int, scalars: [Unicode.Scalar])] = []
        var current: [Unicode.Scalar] = []
        var start = 0
        var offset = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                lines.append((start, current))
                current = []
                start = offset + 1
            } else {
                current.append(scalar)
            }
            offset += 1
        }
        lines.append((start, current))
        return lines
    }

    private static func occurrences(of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> [Int] {
        guard needle.count <= haystack.count else { return [] }
        var found: [Int] = []
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { found.append(start) }
        }
        return found
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
             DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }
}

/// A metadata file that does not describe the article's furniture.
public struct PageFurnitureError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}
