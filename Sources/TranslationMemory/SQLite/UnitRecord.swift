import Foundation
import GRDB

/// The columns of a unit row, converted to and from ``TranslationUnit``.
package struct UnitRecord {
    static let columns = """
        id, source_lang, target_lang, source_text, source_markup, target_text, target_markup, \
        origin, creator, created_at, changed_by, changed_at, tool, confidence, \
        context_previous, context_next, article, segment, properties, notes
        """

    private struct StoredProperty: Codable {
        var part: String
        var type: String
        var value: String
        var lang: String?
    }

    private struct StoredNote: Codable {
        var part: String
        var text: String
        var lang: String?
    }

    package static func markupJSON(_ text: SegmentText) throws -> String? {
        guard text.hasMarkup else { return nil }
        return String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
    }

    package static func propertiesJSON(_ properties: [UnitProperty]) throws -> String? {
        guard !properties.isEmpty else { return nil }
        let stored = properties.map { StoredProperty(part: $0.part.rawValue, type: $0.type, value: $0.value, lang: $0.language) }
        return String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
    }

    package static func notesJSON(_ notes: [UnitNote]) throws -> String? {
        guard !notes.isEmpty else { return nil }
        let stored = notes.map { StoredNote(part: $0.part.rawValue, text: $0.text, lang: $0.language) }
        return String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
    }

    static func date(_ value: Double?) -> Date? { value.map { Date(timeIntervalSince1970: $0) } }

    static func provenance(from row: Row) throws -> Provenance {
        let originName: String = row["origin"]
        guard let origin = UnitOrigin(rawValue: originName) else {
            throw MemoryStoreError.corruptRow(id: row["id"], reason: "unknown origin \(originName)")
        }
        return Provenance(
            origin: origin,
            creator: row["creator"],
            createdAt: date(row["created_at"]),
            changedBy: row["changed_by"],
            changedAt: date(row["changed_at"]),
            tool: row["tool"],
            confidence: row["confidence"])
    }

    package static func properties(fromJSON json: String?) throws -> [UnitProperty] {
        guard let json else { return [] }
        return try JSONDecoder().decode([StoredProperty].self, from: Data(json.utf8)).map {
            UnitProperty(part: UnitPart(rawValue: $0.part) ?? .unit, type: $0.type, value: $0.value, language: $0.lang)
        }
    }

    package static func notes(fromJSON json: String?) throws -> [UnitNote] {
        guard let json else { return [] }
        return try JSONDecoder().decode([StoredNote].self, from: Data(json.utf8)).map {
            UnitNote(part: UnitPart(rawValue: $0.part) ?? .unit, text: $0.text, language: $0.lang)
        }
    }

    /// Decodes a row selected with ``columns``.
    static func unit(from row: Row) throws -> TranslationUnit {
        let decoder = JSONDecoder()
        func segment(_ text: String, _ markup: String?) throws -> SegmentText {
            guard let markup else { return SegmentText(text) }
            return try decoder.decode(SegmentText.self, from: Data(markup.utf8))
        }
        func tag(_ column: String) throws -> LanguageTag {
            let value: String = row[column]
            guard let tag = LanguageTag(value) else { throw MemoryStoreError.corruptRow(id: row["id"], reason: "bad language tag \(value)") }
            return tag
        }
        let article: String? = row["article"]
        let segmentNumber: Int? = row["segment"]
        return TranslationUnit(
            id: row["id"],
            sourceLanguage: try tag("source_lang"),
            targetLanguage: try tag("target_lang"),
            source: try segment(row["source_text"], row["source_markup"]),
            target: try segment(row["target_text"], row["target_markup"]),
            provenance: try provenance(from: row),
            context: SegmentContext(previous: row["context_previous"], next: row["context_next"]),
            location: article.map { SegmentLocation(article: $0, segment: segmentNumber ?? 0) },
            properties: try properties(fromJSON: row["properties"]),
            notes: try notes(fromJSON: row["notes"]))
    }
}

/// A stable 64-bit hash (FNV-1a) of a language pair and a normalised source: the key
/// duplicates are looked up by.
package func sourceKey(sourcePrimary: String, targetPrimary: String, normalizedSource: String) -> Int64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix<S: Sequence<UInt8>>(_ bytes: S) {
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
    }
    mix(sourcePrimary.utf8)
    mix(CollectionOfOne(0))
    mix(targetPrimary.utf8)
    mix(CollectionOfOne(0))
    mix(normalizedSource.utf8)
    return Int64(bitPattern: hash)
}

/// What can go wrong with a memory.
public enum MemoryStoreError: Error, CustomStringConvertible, Sendable {
    /// No memory at this path yet.
    case notFound(path: String)
    /// A row that cannot be read back.
    case corruptRow(id: Int64, reason: String)
    /// A unit the memory cannot hold.
    case invalidUnit(reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            "no translation memory at \(path); create one with `tandem import FILE.tmx`"
        case .corruptRow(let id, let reason):
            "unit \(id) of the memory cannot be read: \(reason)"
        case .invalidUnit(let reason):
            "the unit cannot be stored: \(reason)"
        }
    }
}
