import Foundation
import PostgresNIO
import TranslationMemory

/// A unit's column values as the PostgreSQL store writes them (the SQLite store's
/// columns, plus the normalised target and the concordance words).
struct StoredUnit {
    var sourceLanguage: String, sourcePrimary: String, targetLanguage: String, targetPrimary: String
    var sourceText: String, sourceMarkup: String?, targetText: String, targetMarkup: String?
    var sourceNormalized: String, targetNormalized: String, sourceKey: Int64
    var origin: String, creator: String?, createdAt: Double?, changedBy: String?, changedAt: Double?
    var tool: String?, confidence: Double?
    var contextPrevious: String?, contextNext: String?, article: String?, segment: Int?
    var properties: String?, notes: String?
    var sourceTerms: String, targetTerms: String

    init(_ unit: TranslationUnit) throws {
        sourceLanguage = unit.sourceLanguage.identifier
        sourcePrimary = unit.sourceLanguage.language
        targetLanguage = unit.targetLanguage.identifier
        targetPrimary = unit.targetLanguage.language
        sourceText = unit.source.plainText
        sourceMarkup = try UnitRecord.markupJSON(unit.source)
        targetText = unit.target.plainText
        targetMarkup = try UnitRecord.markupJSON(unit.target)
        sourceNormalized = TextNormalization.normalize(sourceText)
        targetNormalized = TextNormalization.normalize(targetText)
        sourceKey = TranslationMemory.sourceKey(sourcePrimary: sourcePrimary, targetPrimary: targetPrimary, normalizedSource: sourceNormalized)
        let p = unit.provenance
        origin = p.origin.rawValue
        creator = p.creator
        createdAt = p.createdAt?.timeIntervalSince1970
        changedBy = p.changedBy
        changedAt = p.changedAt?.timeIntervalSince1970
        tool = p.tool
        confidence = p.confidence
        contextPrevious = unit.context.previous
        contextNext = unit.context.next
        article = unit.location?.article
        segment = unit.location?.segment
        properties = try UnitRecord.propertiesJSON(unit.properties)
        notes = try UnitRecord.notesJSON(unit.notes)
        sourceTerms = Self.terms(normalized: sourceNormalized)
        targetTerms = Self.terms(normalized: targetNormalized)
    }

    /// What makes two units one (the unique index `unit_identity`): the pair, the
    /// normalised source and target, the target's inline codes, and the place in an
    /// article. The same translation at two places of an article is two units (each
    /// segment keeps its own, as in the SQLite store); a unit without a place merges
    /// with a twin at any place (see ``PostgresUnitWriter``).
    struct Identity: Hashable {
        var sourcePrimary: String, targetPrimary: String
        var sourceNormalized: String, targetNormalized: String, targetMarkup: String?
        var article: String?, segment: Int?
    }

    var identity: Identity {
        Identity(sourcePrimary: sourcePrimary, targetPrimary: targetPrimary,
                 sourceNormalized: sourceNormalized, targetNormalized: targetNormalized, targetMarkup: targetMarkup,
                 article: article, segment: segment)
    }

    /// What a replace replaces the translations of: the pair and the normalised source.
    struct Source: Hashable {
        var sourcePrimary: String, targetPrimary: String, sourceNormalized: String
    }

    var source: Source {
        Source(sourcePrimary: sourcePrimary, targetPrimary: targetPrimary, sourceNormalized: sourceNormalized)
    }

    /// The words concordance candidates are found by: case and accents folded.
    static func searchWords(_ text: String) -> [String] {
        searchWords(normalized: TextNormalization.normalize(text))
    }

    /// ``searchWords(_:)`` of a text normalised already (normalising is idempotent).
    static func searchWords(normalized: String) -> [String] {
        let folded = TextFolding(ignoreCase: true, ignoreAccents: true).fold(normalized).scalars
        var scalars = String.UnicodeScalarView()
        for value in folded { if let scalar = Unicode.Scalar(value) { scalars.append(scalar) } }
        return TextFolding.words(in: String(scalars)).map { String($0.prefix(200)) }
    }

    /// A quoted tsvector/tsquery lexeme.
    static func lexeme(_ word: String) -> String {
        guard word.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\\") }) else { return "'" + word + "'" }
        var quoted = "'"
        for scalar in word.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "'": quoted += "''"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "'"
    }

    /// Separates the words of ``terms(normalized:)`` (a control character, in no word).
    static let termSeparator = "\u{1F}"

    /// A normalised text's folded words, separated by ``termSeparator``: the server makes
    /// them a tsvector with `array_to_tsvector(string_to_array(...))` (no parsing or
    /// stemming by the server).
    static func terms(normalized: String) -> String {
        Set(searchWords(normalized: normalized)).sorted().joined(separator: termSeparator)
    }
}

/// The columns of a unit row, read back into a ``TranslationUnit``.
enum UnitColumns {
    static let list = """
        id, source_lang, target_lang, source_text, source_markup, target_text, target_markup, \
        origin, creator, created_at, changed_by, changed_at, tool, confidence, \
        context_previous, context_next, article, segment, properties, notes
        """

    static func unit(from row: PostgresRow) throws -> TranslationUnit {
        let (id, sourceLang, targetLang, sourceText, sourceMarkup, targetText, targetMarkup) =
            try row.decode((Int64, String, String, String, String?, String, String?).self)
        let cells = row.makeRandomAccess()
        func text(_ i: Int) throws -> String? { try cells[i].decode(String?.self) }
        func number(_ i: Int) throws -> Double? { try cells[i].decode(Double?.self) }
        let originName = try cells[7].decode(String.self)
        guard let origin = UnitOrigin(rawValue: originName) else {
            throw MemoryStoreError.corruptRow(id: id, reason: "unknown origin \(originName)")
        }
        guard let source = LanguageTag(sourceLang), let target = LanguageTag(targetLang) else {
            throw MemoryStoreError.corruptRow(id: id, reason: "bad language tag \(sourceLang) or \(targetLang)")
        }
        let decoder = JSONDecoder()
        func segment(_ plain: String, _ markup: String?) throws -> SegmentText {
            guard let markup else { return SegmentText(plain) }
            return try decoder.decode(SegmentText.self, from: Data(markup.utf8))
        }
        let article = try text(16)
        let segmentNumber = try cells[17].decode(Int?.self)
        return TranslationUnit(
            id: id,
            sourceLanguage: source,
            targetLanguage: target,
            source: try segment(sourceText, sourceMarkup),
            target: try segment(targetText, targetMarkup),
            provenance: Provenance(
                origin: origin, creator: try text(8), createdAt: try number(9).map(Date.init(timeIntervalSince1970:)),
                changedBy: try text(10), changedAt: try number(11).map(Date.init(timeIntervalSince1970:)),
                tool: try text(12), confidence: try number(13)),
            context: SegmentContext(previous: try text(14), next: try text(15)),
            location: article.map { SegmentLocation(article: $0, segment: segmentNumber ?? 0) },
            properties: try UnitRecord.properties(fromJSON: try text(18)),
            notes: try UnitRecord.notes(fromJSON: try text(19)))
    }
}
