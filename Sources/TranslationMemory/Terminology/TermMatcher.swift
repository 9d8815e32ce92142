import Foundation

/// Finds glossary terms in segments: a pure value, built once from a glossary and
/// queried for every segment.
///
/// Matching is word by word (a term never matches inside a word) and, for each word:
/// - case-insensitive (`Liste noire` matches `liste noire`);
/// - accent-aware: accents must agree in lowercase letters (`pêche` does not match
///   `péché`), but an accent may be missing on a capital, as French capitals often
///   are written (`ETAT`, `Etat` match `État`);
/// - plural-tolerant: each word is reduced to a singular with simple French or English
///   rules (`-s`, `-x`, `-aux`→`-al`, `-eaux`→`-eau` in French; `-s`, `-es` after
///   s/x/z/ch/sh, `-ies`→`-y` in English), so `organisations non gouvernementales`
///   matches `organisation non gouvernementale`; in English a text word may also add
///   `-ed` or `-ing` to a term's word (`blacklisted`, `blacklisting` match `blacklist`).
/// Apostrophes and hyphens separate words (`l'ONG` holds `ONG`; `porte-parole` is two
/// words, matched in sequence). Where terms overlap, the longest one starting first wins.
///
/// ```swift
/// let matcher = TermMatcher(terms: glossaryTerms)
/// for found in matcher.terms(in: "Huit entreprises placées sur liste noire.") {
///     print(found.term.target, found.range)   // "blacklist" 31..<42
/// }
/// ```
public struct TermMatcher: Sendable {
    /// The terms, in the order given.
    public let terms: [Term]
    /// Terms by the folded key of their first word.
    private let index: [String: [Entry]]

    /// A term prepared for matching: its position in ``terms``, its source language and words.
    private struct Entry: Sendable {
        var term: Int
        var language: String
        var words: [TermWord]
    }
    /// The source languages of the terms (primary subtags), sorted.
    private let languages: [String]
    /// Terms by pair and lowercased source (``TermKey`` without the target).
    private let bySource: [TermKey: [Int]]

    /// Prepares the terms (matched on their ``Term/source`` side in their source language).
    public init(terms: [Term]) {
        self.terms = terms
        var index: [String: [Entry]] = [:]
        for (position, term) in terms.enumerated() {
            let language = term.sourceLanguage.language
            let words = TermWord.words(of: term.source, language: language).map(\.word)
            guard let first = words.first else { continue }
            index[first.key, default: []].append(Entry(term: position, language: language, words: words))
        }
        // Longest terms first, so the first match found at a position is the longest.
        self.index = index.mapValues { $0.sorted { $0.words.count > $1.words.count } }
        languages = Set(terms.map { $0.sourceLanguage.language }).sorted()
        var bySource: [TermKey: [Int]] = [:]
        for (position, term) in terms.enumerated() {
            bySource[Self.sourceKey(term), default: []].append(position)
        }
        self.bySource = bySource
    }

    /// Every term with the same source as `term` in the same language pair (ignoring
    /// case), `term` included when it is one of ``terms``: the translations a glossary
    /// offers for it, in the order given.
    public func translations(of term: Term) -> [Term] {
        (bySource[Self.sourceKey(term)] ?? []).map { terms[$0] }
    }

    private static func sourceKey(_ term: Term) -> TermKey {
        var key = TermKey(term)
        key.target = ""
        return key
    }

    /// The terms found in a source segment, in text order, without overlaps.
    /// Ranges count Unicode scalars (as article offsets and concordance hits do).
    public func terms(in sourceText: String) -> [TermOccurrence] {
        guard !index.isEmpty else { return [] }
        let scalars = Array(sourceText.unicodeScalars)
        var found: [TermOccurrence] = []
        // Words are reduced per language; most glossaries hold one source language.
        for language in languages {
            let words = TermWord.words(in: scalars, language: language)
            var position = 0
            while position < words.count {
                var matched = false
                let keys = words[position].word.lookupKeys(language: language)
                let candidates = keys.count == 1
                    ? index[keys[0]] ?? []
                    : keys.flatMap { index[$0] ?? [] }.sorted { $0.words.count > $1.words.count }
                for candidate in candidates where candidate.language == language {
                    let end = position + candidate.words.count
                    guard end <= words.count else { continue }
                    if zip(candidate.words, words[position..<end]).allSatisfy({ $0.matches(text: $1.word, language: language) }) {
                        let range = words[position].range.lowerBound..<words[end - 1].range.upperBound
                        found.append(TermOccurrence(
                            term: terms[candidate.term], range: range,
                            text: String(String.UnicodeScalarView(scalars[range]))))
                        position = end
                        matched = true
                        break
                    }
                }
                if !matched { position += 1 }
            }
        }
        found.sort { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound : $0.range.count > $1.range.count }
        // Drop overlaps between languages (rare): keep the first, longest.
        var result: [TermOccurrence] = []
        for occurrence in found where result.last.map({ $0.range.upperBound <= occurrence.range.lowerBound }) ?? true {
            result.append(occurrence)
        }
        return result
    }

    /// Whether `phrase` occurs in `text`, word by word with the same rules as
    /// ``terms(in:)`` in `language` (for instance a term's translation in a target segment).
    public static func text(_ text: String, contains phrase: String, language: LanguageTag) -> Bool {
        !ranges(of: phrase, in: text, language: language).isEmpty
    }

    /// Where `phrase` occurs in `text` (Unicode scalar offsets), word by word with the
    /// same rules as ``terms(in:)`` in `language`.
    public static func ranges(of phrase: String, in text: String, language: LanguageTag) -> [Range<Int>] {
        let wanted = TermWord.words(of: phrase, language: language.language).map(\.word)
        guard !wanted.isEmpty else { return [] }
        let words = TermWord.words(in: Array(text.unicodeScalars), language: language.language)
        var ranges: [Range<Int>] = []
        var position = 0
        while position + wanted.count <= words.count {
            let end = position + wanted.count
            if zip(wanted, words[position..<end]).allSatisfy({ $0.matches(text: $1.word, language: language.language) }) {
                ranges.append(words[position].range.lowerBound..<words[end - 1].range.upperBound)
                position = end
            } else {
                position += 1
            }
        }
        return ranges
    }
}

/// A glossary term found in a segment.
public struct TermOccurrence: Hashable, Sendable {
    public var term: Term
    /// Where, in Unicode scalar offsets of the segment.
    public var range: Range<Int>
    /// The text there, as written in the segment (`Listes noires`).
    public var text: String

    public init(term: Term, range: Range<Int>, text: String) {
        self.term = term
        self.range = range
        self.text = text
    }
}

/// One word reduced for term matching.
struct TermWord: Hashable, Sendable {
    /// The singular, lowercased, as characters.
    var lower: [Character]
    /// Whether each character was a capital in the text.
    var capital: [Bool]
    /// The singular lowercased without accents: the index key.
    var key: String

    /// Whether a word of a text matches this word of a term (see ``TermMatcher``): the
    /// same letters, or in English the same followed by `-ed` or `-ing` (`blacklist`
    /// matches `blacklisted`, `blacklisting`).
    func matches(text word: TermWord, language: String) -> Bool {
        if word.lower.count == lower.count { return key == word.key && prefixMatches(word) }
        for suffix in Inflection.verbSuffixes(language) where word.lower.count == lower.count + suffix.count {
            if String(word.lower[lower.count...]) == suffix, prefixMatches(word) { return true }
        }
        return false
    }

    /// Whether this word's characters match the first characters of a text word: equal,
    /// or an accent missing on a capital of the text.
    private func prefixMatches(_ word: TermWord) -> Bool {
        for i in lower.indices where lower[i] != word.lower[i] {
            guard word.capital[i], TermWord.fold(String(word.lower[i])) == String(word.lower[i]),
                  TermWord.fold(String(lower[i])) == String(word.lower[i])
            else { return false }
        }
        return true
    }

    /// The index keys a text word may match a term's first word under.
    func lookupKeys(language: String) -> [String] {
        var keys = [key]
        for suffix in Inflection.verbSuffixes(language) where key.hasSuffix(suffix) && key.count > suffix.count + 2 {
            keys.append(String(key.dropLast(suffix.count)))
        }
        return keys
    }

    /// Lowercased, without combining marks after canonical decomposition (`État` → `etat`).
    static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var folded = String.UnicodeScalarView()
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: continue
            default: folded.append(scalar)
            }
        }
        return String(folded)
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// The words of a term.
    static func words(of text: String, language: String) -> [(word: TermWord, range: Range<Int>)] {
        words(in: Array(text.unicodeScalars), language: language)
    }

    /// The words of a text with their scalar ranges.
    static func words(in scalars: [Unicode.Scalar], language: String) -> [(word: TermWord, range: Range<Int>)] {
        var result: [(word: TermWord, range: Range<Int>)] = []
        var start: Int?
        func close(_ end: Int) {
            guard let begin = start else { return }
            start = nil
            let original = String(String.UnicodeScalarView(scalars[begin..<end]))
            result.append((make(original, language: language), begin..<end))
        }
        for (offset, scalar) in scalars.enumerated() {
            if isWordScalar(scalar) {
                if start == nil { start = offset }
            } else {
                close(offset)
            }
        }
        close(scalars.count)
        return result
    }

    static func make(_ original: String, language: String) -> TermWord {
        let lowered: [Character], capitals: [Bool]
        if original.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII (most words): one character per byte.
            lowered = original.utf8.map { Character(Unicode.Scalar($0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0)) }
            capitals = original.utf8.map { $0 >= 0x41 && $0 <= 0x5A }
        } else {
            let characters = Array(original)
            lowered = Array(original.lowercased())
            // Lowercasing rarely changes the length (İ); capitals are then not tracked.
            capitals = lowered.count == characters.count ? characters.map(\.isUppercase) : Array(repeating: false, count: lowered.count)
        }
        let singular = Inflection.singular(of: lowered, language: language)
        let lower = Array(lowered[..<singular.keep]) + Array(singular.ending)
        let capital = Array(capitals[..<singular.keep]) + Array(repeating: false, count: singular.ending.count)
        return TermWord(lower: lower, capital: capital, key: fold(String(lower)))
    }
}

/// Plural reduction for French and English, deliberately simple (see ``TermMatcher``).
enum Inflection {
    /// Endings a text word may add to a term's word (English verb forms).
    static func verbSuffixes(_ language: String) -> [String] {
        language == "en" ? ["ed", "ing"] : []
    }

    /// How many leading characters of a lowercased word to keep, and what to append,
    /// to get its singular.
    static func singular(of word: [Character], language: String) -> (keep: Int, ending: String) {
        let n = word.count
        guard n > 3, word.allSatisfy(\.isLetter) else { return (n, "") }
        func ends(_ suffix: String) -> Bool {
            let s = Array(suffix)
            return n > s.count && Array(word[(n - s.count)...]) == s
        }
        switch language {
        case "fr":
            if ends("eaux") { return (n - 1, "") }          // bureaux → bureau
            if ends("aux") { return (n - 3, "al") }         // journaux → journal
            if ends("s") || ends("x") { return (n - 1, "") } // entreprises, jeux
            return (n, "")
        case "en":
            if ends("ies"), n > 4 { return (n - 3, "y") }   // policies → policy
            if ends("sses") || ends("ches") || ends("shes") || ends("xes") || ends("zes") { return (n - 2, "") }
            if ends("ss") || ends("us") || ends("is") { return (n, "") }  // press, status, analysis
            if ends("s") { return (n - 1, "") }
            return (n, "")
        default:
            return (n, "")
        }
    }
}
