import Foundation

/// An article under review: its metadata, its text and the segments the segmenter cut
/// it into.
///
/// Every offset in this module counts Unicode code points (Swift's
/// `String.unicodeScalars`) from the start of ``text``; that is what W3C
/// `TextPositionSelector` counts too.
public struct Article: Identifiable, Hashable, Sendable, Codable {
    public var id: ArticleID
    /// A BCP 47 tag (`fr`, `en-GB`).
    public var language: String
    public var title: String?
    public var publisher: String?
    public var date: AnnotationDate?
    /// Where the article is published, when known.
    public var url: URL?
    public var text: String
    /// The segments in text order, numbered from 1 (``segment(_:)``). They may leave
    /// gaps (whitespace, boilerplate) but never overlap.
    public var segments: [ArticleSegment]

    public init(
        id: ArticleID,
        language: String,
        title: String? = nil,
        publisher: String? = nil,
        date: AnnotationDate? = nil,
        url: URL? = nil,
        text: String,
        segments: [ArticleSegment]
    ) {
        self.id = id
        self.language = language
        self.title = title
        self.publisher = publisher
        self.date = date
        self.url = url
        self.text = text
        self.segments = segments
    }

    /// The length of ``text`` in code points.
    public var length: Int { text.unicodeScalars.count }

    /// The title, or the id when there is none (for display).
    public var displayTitle: String { AnnotationValidation.nonBlank(title) ?? id.rawValue }

    /// The numbers (1-based) of the segments to translate, in order (all but page
    /// furniture, ``ArticleSegment/isTranslatable``).
    public var translatableSegmentNumbers: [Int] {
        segments.indices.filter { segments[$0].isTranslatable }.map { $0 + 1 }
    }

    /// The numbers (1-based) of the segments not to translate (page furniture), in order.
    public var untranslatableSegmentNumbers: [Int] {
        segments.indices.filter { !segments[$0].isTranslatable }.map { $0 + 1 }
    }

    /// Segment number `number` (1-based).
    /// - Throws: ``AnnotationError/segmentOutOfRange(article:segment:count:)``.
    public func segment(_ number: Int) throws -> ArticleSegment {
        guard number >= 1, number <= segments.count else {
            throw AnnotationError.segmentOutOfRange(article: id, segment: number, count: segments.count)
        }
        return segments[number - 1]
    }

    /// The numbers (1-based) of the segments a span overlaps, in order. A claim that
    /// crosses a segment boundary touches several; an empty span touches the segment
    /// that contains its position.
    public func segmentNumbers(touching span: Range<Int>) -> [Int] {
        // Segments are sorted and disjoint: binary-search the first that ends after the span starts.
        var low = 0, high = segments.count
        while low < high {
            let mid = (low + high) / 2
            if segments[mid].range.upperBound <= span.lowerBound { low = mid + 1 } else { high = mid }
        }
        var numbers: [Int] = []
        var index = low
        while index < segments.count {
            let range = segments[index].range
            let overlaps = span.isEmpty
                ? range.contains(span.lowerBound)
                : range.lowerBound < span.upperBound && span.lowerBound < range.upperBound
            guard overlaps else { break }
            numbers.append(index + 1)
            index += 1
        }
        return numbers
    }

    /// Checks the id, the language, the URL and the segments (sorted, disjoint,
    /// within the text, non-empty).
    /// - Throws: the first ``AnnotationError`` found.
    public func validate() throws {
        try id.validate()
        try AnnotationValidation.checkLanguage(language)
        try AnnotationValidation.checkWebURL(url)
        let length = self.length
        var previousEnd = 0
        for (index, segment) in segments.enumerated() {
            let number = index + 1
            guard !segment.range.isEmpty else {
                throw AnnotationError.invalidSegments(article: id, reason: "segment \(number) is empty")
            }
            guard segment.range.lowerBound >= previousEnd else {
                throw AnnotationError.invalidSegments(
                    article: id,
                    reason: "segment \(number) (\(segment.range.lowerBound)..<\(segment.range.upperBound)) starts before segment \(number - 1) ends (\(previousEnd))"
                )
            }
            guard segment.range.upperBound <= length else {
                throw AnnotationError.invalidSegments(
                    article: id,
                    reason: "segment \(number) ends at \(segment.range.upperBound), past the end of the text (\(length) code points)"
                )
            }
            guard segment.paragraph >= 0 else {
                throw AnnotationError.invalidSegments(article: id, reason: "segment \(number) has a negative paragraph number")
            }
            previousEnd = segment.range.upperBound
        }
    }

    private enum CodingKeys: String, CodingKey {
        case id, language, title, publisher, date, url, text, segments
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(ArticleID.self, forKey: .id)
        language = try container.decode(String.self, forKey: .language)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        publisher = try container.decodeIfPresent(String.self, forKey: .publisher)
        date = try container.decodeIfPresent(AnnotationDate.self, forKey: .date)
        url = try container.decodeWebURLIfPresent(forKey: .url)
        text = try container.decode(String.self, forKey: .text)
        segments = try container.decode([ArticleSegment].self, forKey: .segments)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(language, forKey: .language)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encodeIfPresent(publisher, forKey: .publisher)
        try container.encodeIfPresent(date, forKey: .date)
        try container.encodeIfPresent(url?.absoluteString, forKey: .url)
        try container.encode(text, forKey: .text)
        try container.encode(segments, forKey: .segments)
    }
}

/// One segment (usually a sentence) of an article: a code-point range of its text,
/// the number of the paragraph it belongs to, and whether it is to be translated. The
/// `Segmentation` target computes the ranges.
///
/// In JSON: `{"start": 0, "end": 11, "paragraph": 0}`, with `"translatable": false`
/// only for a segment that is not to be translated (page furniture), so that segments
/// stored before the flag existed decode as translatable.
public struct ArticleSegment: Hashable, Sendable, Codable {
    public var range: Range<Int>
    public var paragraph: Int
    /// `false` for a segment that is on the page but not article text (navigation, a
    /// comment form, a related-article teaser: page furniture): translation tools
    /// leave it out, checks do not ask for its translation, counts do not count it.
    public var isTranslatable: Bool

    public init(range: Range<Int>, paragraph: Int, isTranslatable: Bool = true) {
        self.range = range
        self.paragraph = paragraph
        self.isTranslatable = isTranslatable
    }

    private enum CodingKeys: String, CodingKey { case start, end, paragraph, translatable }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        range = try container.decodeRange(startKey: .start, endKey: .end)
        paragraph = try container.decode(Int.self, forKey: .paragraph)
        isTranslatable = try container.decodeIfPresent(Bool.self, forKey: .translatable) ?? true
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(range.lowerBound, forKey: .start)
        try container.encode(range.upperBound, forKey: .end)
        try container.encode(paragraph, forKey: .paragraph)
        if !isTranslatable { try container.encode(false, forKey: .translatable) }
    }

    /// Segments for a text that has not been through the segmenter: one per
    /// non-blank line, trimmed, each line its own paragraph. A fallback only: claims
    /// by segment number want real sentence segments.
    public static func lines(of text: String) -> [ArticleSegment] {
        var segments: [ArticleSegment] = []
        var lineStart = 0
        var offset = 0
        var paragraph = 0
        func close(at end: Int, scalars: [Unicode.Scalar]) {
            var start = lineStart, stop = end
            while start < stop, scalars[start].properties.isWhitespace { start += 1 }
            while stop > start, scalars[stop - 1].properties.isWhitespace { stop -= 1 }
            if start < stop {
                paragraph += 1
                segments.append(ArticleSegment(range: start..<stop, paragraph: paragraph))
            }
        }
        let scalars = Array(text.unicodeScalars)
        while offset < scalars.count {
            if scalars[offset] == "\n" || scalars[offset] == "\r" {
                close(at: offset, scalars: scalars)
                lineStart = offset + 1
            }
            offset += 1
        }
        close(at: scalars.count, scalars: scalars)
        return segments
    }
}

extension KeyedDecodingContainer {
    func decodeWebURLIfPresent(forKey key: Key) throws -> URL? {
        guard let string = try decodeIfPresent(String.self, forKey: key) else { return nil }
        do {
            return try AnnotationValidation.webURL(string)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "\(error)")
        }
    }

    func decodeRange(startKey: Key, endKey: Key) throws -> Range<Int> {
        let start = try decode(Int.self, forKey: startKey)
        let end = try decode(Int.self, forKey: endKey)
        guard start >= 0, start <= end else {
            throw DecodingError.dataCorruptedError(forKey: endKey, in: self, debugDescription: "invalid range \(start)..<\(end)")
        }
        return start..<end
    }
}

/// Segment numbers written for people: runs joined with an en dash
/// (`[1, 15, 16, 17]` → `1, 15–17`).
public enum SegmentNumberList {
    /// The numbers, sorted, runs of three or more written as `first–last`.
    public static func describe(_ numbers: [Int]) -> String {
        let sorted = Array(Set(numbers)).sorted()
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            switch end - index {
            case 0: parts.append(String(sorted[index]))
            case 1: parts.append(contentsOf: [String(sorted[index]), String(sorted[end])])
            default: parts.append("\(sorted[index])–\(sorted[end])")
            }
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }
}
