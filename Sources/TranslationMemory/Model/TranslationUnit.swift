import Foundation

/// One translation in the memory: a source segment and its translation, with where it
/// came from and the context it was translated in.
public struct TranslationUnit: Hashable, Sendable {
    /// The store's identifier, `nil` until the unit is stored.
    public var id: Int64?
    public var sourceLanguage: LanguageTag
    public var targetLanguage: LanguageTag
    public var source: SegmentText
    public var target: SegmentText
    public var provenance: Provenance
    /// The neighbouring source segments, for in-context matches.
    public var context: SegmentContext
    /// The article and segment the unit was translated from, when it has one.
    public var location: SegmentLocation?
    /// Named values carried from other tools (TMX `prop`).
    public var properties: [UnitProperty]
    /// Free-text notes (TMX `note`).
    public var notes: [UnitNote]

    public init(
        id: Int64? = nil,
        sourceLanguage: LanguageTag,
        targetLanguage: LanguageTag,
        source: SegmentText,
        target: SegmentText,
        provenance: Provenance = Provenance(),
        context: SegmentContext = SegmentContext(),
        location: SegmentLocation? = nil,
        properties: [UnitProperty] = [],
        notes: [UnitNote] = []
    ) {
        self.id = id
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.source = source
        self.target = target
        self.provenance = provenance
        self.context = context
        self.location = location
        self.properties = properties
        self.notes = notes
    }
}

/// How a unit came to be.
public enum UnitOrigin: String, Hashable, Sendable, Codable, CaseIterable {
    /// Confirmed by a translator in Tandem.
    case human
    /// Produced by aligning an article with its translation.
    case aligned
    /// Read from a TMX or XLIFF file.
    case imported
    /// Machine translation.
    case machine
    /// Filled automatically from an identical segment confirmed earlier.
    case propagated
}

/// Who made a unit, when, and with what.
public struct Provenance: Hashable, Sendable {
    public var origin: UnitOrigin
    /// Who created the unit (TMX `creationid`).
    public var creator: String?
    public var createdAt: Date?
    /// Who changed it last (TMX `changeid`).
    public var changedBy: String?
    public var changedAt: Date?
    /// The tool the unit came from (TMX `creationtool`, XLIFF `tool-name`).
    public var tool: String?
    /// How sure an automatic origin is (aligner's confidence, 0–1).
    public var confidence: Double?

    public init(
        origin: UnitOrigin = .human,
        creator: String? = nil,
        createdAt: Date? = nil,
        changedBy: String? = nil,
        changedAt: Date? = nil,
        tool: String? = nil,
        confidence: Double? = nil
    ) {
        self.origin = origin
        self.creator = creator
        self.createdAt = createdAt
        self.changedBy = changedBy
        self.changedAt = changedAt
        self.tool = tool
        self.confidence = confidence
    }
}

/// The source segments before and after a unit's source in its document.
public struct SegmentContext: Hashable, Sendable {
    public var previous: String?
    public var next: String?

    public init(previous: String? = nil, next: String? = nil) {
        self.previous = previous
        self.next = next
    }
}

/// Where in an article a unit's source stands.
public struct SegmentLocation: Hashable, Sendable {
    /// The article's identifier in the store.
    public var article: String
    /// The segment's 1-based number in the article.
    public var segment: Int

    public init(article: String, segment: Int) {
        self.article = article
        self.segment = segment
    }
}

/// Which part of a unit a property or note belongs to.
public enum UnitPart: String, Hashable, Sendable, Codable {
    case unit, source, target
}

/// A named value on a unit (TMX `<prop type="...">`).
public struct UnitProperty: Hashable, Sendable {
    public var part: UnitPart
    public var type: String
    public var value: String
    /// The language of the value, when the format says.
    public var language: String?

    public init(part: UnitPart = .unit, type: String, value: String, language: String? = nil) {
        self.part = part
        self.type = type
        self.value = value
        self.language = language
    }
}

/// A note on a unit (TMX `<note>`).
public struct UnitNote: Hashable, Sendable {
    public var part: UnitPart
    public var text: String
    public var language: String?

    public init(part: UnitPart = .unit, text: String, language: String? = nil) {
        self.part = part
        self.text = text
        self.language = language
    }
}
