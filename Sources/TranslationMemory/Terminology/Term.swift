import Foundation

/// One glossary entry: a term in the source language and its translation.
///
/// Terminology is memory: terms live in the same database as the translation units
/// (``SQLiteGlossaryStore``), and readers in `Interchange` turn TSV, CSV and TBX files
/// into them. A translator's session shows the terms found in a segment
/// (``TermMatcher/terms(in:)``) and quality checks warn when an approved term's
/// translation is missing from a confirmed segment.
public struct Term: Hashable, Sendable, Identifiable {
    /// The store's identifier, `nil` until the term is stored.
    public var id: Int64?
    public var sourceLanguage: LanguageTag
    public var targetLanguage: LanguageTag
    /// The term as written in the source language (`organisation non gouvernementale`).
    public var source: String
    /// Its translation (`non-governmental organisation`).
    public var target: String
    /// A usage note (`only for the Chinese state media`).
    public var note: String?
    /// Whether the translation is the one to use. Unapproved terms are suggestions:
    /// shown, never required by the checks.
    public var isApproved: Bool
    public var provenance: TermProvenance

    public init(
        id: Int64? = nil,
        sourceLanguage: LanguageTag = .french,
        targetLanguage: LanguageTag = .english,
        source: String,
        target: String,
        note: String? = nil,
        isApproved: Bool = true,
        provenance: TermProvenance = TermProvenance()
    ) {
        self.id = id
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.source = source
        self.target = target
        self.note = note
        self.isApproved = isApproved
        self.provenance = provenance
    }

    /// Checks that both sides have text (after trimming) and no line break.
    /// - Throws: ``TermError``.
    public func validate() throws(TermError) {
        for (side, text) in [("source", source), ("target", target)] {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw .emptySide(side) }
            if text.contains(where: \.isNewline) { throw .lineBreak(side) }
        }
    }

    /// The term with both sides and the note trimmed and inner runs of white space made
    /// single spaces (what the stores keep).
    public var tidied: Term {
        var copy = self
        copy.source = Self.tidy(source)
        copy.target = Self.tidy(target)
        copy.note = note.map(Self.tidy).flatMap { $0.isEmpty ? nil : $0 }
        return copy
    }

    static func tidy(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

/// Where a term came from.
public struct TermProvenance: Hashable, Sendable {
    /// How the term was entered.
    public enum Origin: String, Hashable, Sendable, Codable, CaseIterable {
        /// Typed by someone (`tandem glossary add`).
        case manual
        /// Read from a glossary file (TSV, CSV, TBX).
        case imported
    }

    public var origin: Origin
    /// Who entered or imported it.
    public var creator: String?
    public var createdAt: Date?
    /// The file it was imported from, and the line of its entry there.
    public var file: String?
    public var line: Int?

    public init(origin: Origin = .manual, creator: String? = nil, createdAt: Date? = nil, file: String? = nil, line: Int? = nil) {
        self.origin = origin
        self.creator = creator
        self.createdAt = createdAt
        self.file = file
        self.line = line
    }
}

/// What is wrong with a term.
public enum TermError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The `source` or `target` side is empty.
    case emptySide(String)
    /// The side has a line break.
    case lineBreak(String)

    public var description: String {
        switch self {
        case .emptySide(let side): "the \(side) term is empty"
        case .lineBreak(let side): "the \(side) term has a line break"
        }
    }
}
