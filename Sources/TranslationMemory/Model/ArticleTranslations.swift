import Foundation

/// How far a segment's translation has come, in the four steps XLIFF 2 names
/// (`initial`, `translated`, `reviewed`, `final`).
///
/// A unit carries its state as the property ``TranslationUnit/statePropertyType``, so
/// that it travels through TMX (`<prop type="x-tandem-state">`) and every store
/// without a column of its own. A unit without the property is `translated`.
public enum TranslationState: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case initial
    case translated
    case reviewed
    case final

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

extension TranslationUnit {
    /// The property type that records a unit's ``TranslationState``.
    public static let statePropertyType = "x-tandem-state"

    /// The unit's translation state (``TranslationState/translated`` when it records none).
    /// Setting it replaces the state property.
    public var state: TranslationState {
        get {
            properties.last { $0.part == .unit && $0.type == Self.statePropertyType }
                .flatMap { TranslationState(rawValue: $0.value) } ?? .translated
        }
        set {
            properties.removeAll { $0.part == .unit && $0.type == Self.statePropertyType }
            properties.append(UnitProperty(type: Self.statePropertyType, value: newValue.rawValue))
        }
    }
}

/// An article's translation into one language, as the memory records it: every unit
/// located in the article (``TranslationUnit/location``), with one current
/// translation per segment and the others kept as alternatives.
///
/// The memory is the single record of a translator's work: a confirmation is one unit,
/// committed at once, so nothing confirmed can be lost between two stores.
public struct ArticleTranslations: Sendable, Hashable {
    /// The article's id.
    public var article: String
    /// Every unit of each segment, oldest first (segment numbers are 1-based).
    public private(set) var unitsBySegment: [Int: [TranslationUnit]]

    /// Groups units of one article (as ``MemoryStore/units(inArticle:sourceLanguage:targetLanguage:)`` returns them).
    public init(article: String, units: [TranslationUnit]) {
        self.article = article
        var grouped: [Int: [TranslationUnit]] = [:]
        for unit in units {
            guard let location = unit.location, location.article == article else { continue }
            grouped[location.segment, default: []].append(unit)
        }
        unitsBySegment = grouped.mapValues { $0.sorted(by: Self.isOlder) }
    }

    /// Reads the article's units from a memory.
    public init(article: String, sourceLanguage: LanguageTag?, targetLanguage: LanguageTag?, in store: any MemoryStore) throws {
        self.init(article: article, units: try store.units(inArticle: article, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage))
    }

    /// The current translation of a segment: the most recently changed unit.
    public func current(segment: Int) -> TranslationUnit? {
        unitsBySegment[segment]?.last
    }

    /// The earlier translations of a segment, newest first.
    public func alternatives(segment: Int) -> [TranslationUnit] {
        Array((unitsBySegment[segment] ?? []).dropLast().reversed())
    }

    /// The segment numbers that have a translation, ascending.
    public var translatedSegments: [Int] { unitsBySegment.keys.sorted() }

    /// When a unit was last touched (its change date, else its creation date).
    public static func date(of unit: TranslationUnit) -> Date {
        unit.provenance.changedAt ?? unit.provenance.createdAt ?? .distantPast
    }

    private static func isOlder(_ a: TranslationUnit, _ b: TranslationUnit) -> Bool {
        let (da, db) = (date(of: a), date(of: b))
        if da != db { return da < db }
        return (a.id ?? 0) < (b.id ?? 0)
    }
}
