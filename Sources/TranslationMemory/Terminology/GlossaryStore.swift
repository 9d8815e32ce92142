import Foundation

/// Where glossary terms are kept. ``SQLiteGlossaryStore`` keeps them in the memory's
/// database; a team store implements the same protocol.
///
/// A term is identified by its language pair and both sides compared without case
/// (``TermKey``): adding the same pair again updates its note, approval and provenance
/// instead of making a duplicate. The same source with another target is another term
/// (a glossary may give several translations, one of them approved).
public protocol GlossaryStore: AnyObject, Sendable {
    /// Adds or updates one term, committed before returning.
    /// - Throws: ``TermError`` for an invalid term, the store's errors otherwise.
    @discardableResult
    func add(_ term: Term) throws -> TermAddOutcome

    /// Adds or updates every term in one transaction: all of them are stored, or, if
    /// one is invalid or the store fails, none is.
    func importTerms(_ terms: [Term]) throws -> TermImportSummary

    /// The terms of a language pair (every pair when `nil`), ordered by source term
    /// (ignoring case and accents, then by them), then target.
    func terms(sourceLanguage: LanguageTag?, targetLanguage: LanguageTag?) throws -> [Term]

    /// Removes a term. Returns whether it existed.
    @discardableResult
    func removeTerm(id: Int64) throws -> Bool
}

/// What happened to one added term.
public enum TermAddOutcome: Sendable, Hashable {
    /// A new term.
    case added(id: Int64)
    /// The pair was there; its note, approval and provenance were updated.
    case updated(id: Int64)
}

/// What an import did.
public struct TermImportSummary: Sendable, Hashable {
    public var added: Int
    public var updated: Int

    public init(added: Int = 0, updated: Int = 0) {
        self.added = added
        self.updated = updated
    }
}

/// The identity of a term in a store: its primary languages and both sides, lowercased
/// with white space collapsed (accents kept: `pêche` and `péché` are two terms).
public struct TermKey: Hashable, Sendable {
    public var sourceLanguage: String
    public var targetLanguage: String
    public var source: String
    public var target: String

    public init(_ term: Term) {
        sourceLanguage = term.sourceLanguage.language
        targetLanguage = term.targetLanguage.language
        source = Term.tidy(term.source).lowercased()
        target = Term.tidy(term.target).lowercased()
    }
}

extension Sequence where Element == Term {
    /// The terms in the order every ``GlossaryStore`` lists them: by source term ignoring
    /// case and accents, then with them ("département" before "droits"), then by target
    /// the same way.
    public func sortedAsGlossary() -> [Term] {
        map { (term: $0, keys: Self.sortKeys($0)) }
            .sorted { $0.keys.lexicographicallyPrecedes($1.keys) }
            .map(\.term)
    }

    private static func sortKeys(_ term: Term) -> [String] {
        let source = term.source.lowercased(), target = term.target.lowercased()
        return [TermWord.fold(source), source, TermWord.fold(target), target]
    }
}
