import Foundation
import TranslationMemory

/// A segment without translation, or with an empty one (an error).
public struct UntranslatedCheck: QualityCheck {
    public let name = "untranslated"
    public init() {}

    public func findings(in segment: QualitySegment, context: QualityContext) -> [QualityFinding] {
        guard let target = segment.target else {
            return [QualityFinding(segment: segment.number, check: name, severity: .error, message: "the segment has no translation")]
        }
        guard target.plainText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
        return [QualityFinding(segment: segment.number, check: name, severity: .error, message: "the translation is empty")]
    }
}

/// A translation identical to its source (a warning): the translator probably confirmed
/// the source by mistake. Segments of fewer than two words (a name, a number, a URL)
/// are often rightly left as they are and are not reported.
public struct SourceCopiedCheck: QualityCheck {
    public let name = "source-copied"
    public init() {}

    public func findings(in segment: QualitySegment, context: QualityContext) -> [QualityFinding] {
        guard let target = segment.target?.plainText else { return [] }
        let source = segment.source.plainText
        guard WordCount.words(in: source) >= 2,
              TextNormalization.normalize(source) == TextNormalization.normalize(target)
        else { return [] }
        return [QualityFinding(segment: segment.number, check: name, severity: .warning, message: "the translation is a copy of the source")]
    }
}

/// Numbers of the source missing from the translation, or numbers of the translation
/// not in the source (an error). Numbers are read in each side's language: `1 000,5`
/// and `10,5 %` in French are `1,000.5` and `10.5%` in English. A percentage must stay
/// a percentage (`%`, `percent`, `per cent`, `pour cent`). Numbers written in words
/// are not compared.
public struct NumberCheck: QualityCheck {
    public let name = "numbers"
    public init() {}

    public func findings(in segment: QualitySegment, context: QualityContext) -> [QualityFinding] {
        guard let target = segment.target?.plainText, !target.isEmpty else { return [] }
        let source = NumberReader.numbers(in: segment.source.plainText, language: context.sourceLanguage)
        let translated = NumberReader.numbers(in: target, language: context.targetLanguage)
        var findings: [QualityFinding] = []
        var remaining = translated
        var missing: [NumberReader.Number] = []
        for number in source {
            if let index = remaining.firstIndex(where: { $0.value == number.value && $0.isPercentage == number.isPercentage }) {
                remaining.remove(at: index)
            } else if let index = remaining.firstIndex(where: { $0.value == number.value }) {
                let other = remaining.remove(at: index)
                findings.append(QualityFinding(
                    segment: segment.number, check: name, severity: .error,
                    message: number.isPercentage
                        ? "“\(number.text)” is a percentage in the source but “\(other.text)” is not in the translation"
                        : "“\(other.text)” is a percentage in the translation but “\(number.text)” is not in the source"))
            } else {
                missing.append(number)
            }
        }
        for number in missing {
            findings.append(QualityFinding(
                segment: segment.number, check: name, severity: .error,
                message: "the number “\(number.text)” of the source is not in the translation"))
        }
        for number in remaining {
            findings.append(QualityFinding(
                segment: segment.number, check: name, severity: .error,
                message: "the number “\(number.text)” of the translation is not in the source"))
        }
        return findings
    }
}

/// Quotation marks, parentheses and brackets: the translation must have as many
/// unclosed ones as its source (a segment may legitimately open a quotation that the
/// next one closes) and must not drop quotation marks the source has (a warning).
/// French `«»` and English `“”` are the same marks; straight `"` count by parity.
public struct PairedPunctuationCheck: QualityCheck {
    public let name = "punctuation"
    public init() {}

    public func findings(in segment: QualitySegment, context: QualityContext) -> [QualityFinding] {
        guard let target = segment.target?.plainText, !target.isEmpty else { return [] }
        let source = Pairs(segment.source.plainText), translated = Pairs(target)
        var findings: [QualityFinding] = []
        func report(_ message: String) {
            findings.append(QualityFinding(segment: segment.number, check: name, severity: .warning, message: message))
        }
        if translated.parentheses != source.parentheses {
            report("parentheses unbalanced in the translation (\(Pairs.describe(translated.parentheses, "(", ")")); source: \(Pairs.describe(source.parentheses, "(", ")")))")
        }
        if translated.brackets != source.brackets {
            report("brackets unbalanced in the translation (\(Pairs.describe(translated.brackets, "[", "]")); source: \(Pairs.describe(source.brackets, "[", "]")))")
        }
        if source.quoteMarks > 0, translated.quoteMarks == 0 {
            report("the source has quotation marks, the translation none")
        } else if translated.quotes != source.quotes || translated.straightQuotesOdd != source.straightQuotesOdd {
            report("quotation marks unbalanced in the translation (\(translated.quoteSummary); source: \(source.quoteSummary))")
        }
        return findings
    }

    struct Pairs {
        var parentheses = 0, brackets = 0, quotes = 0, quoteMarks = 0
        var straightQuotesOdd = false

        init(_ text: String) {
            var straight = 0
            for scalar in text.unicodeScalars {
                switch scalar {
                case "(": parentheses += 1
                case ")": parentheses -= 1
                case "[": brackets += 1
                case "]": brackets -= 1
                case "«", "“": quotes += 1; quoteMarks += 1
                case "»", "”": quotes -= 1; quoteMarks += 1
                case "\"": straight += 1; quoteMarks += 1
                default: break
                }
            }
            straightQuotesOdd = straight % 2 == 1
        }

        var quoteSummary: String {
            var parts: [String] = []
            if quotes > 0 { parts.append("\(quotes) opening mark\(quotes == 1 ? "" : "s") not closed") }
            if quotes < 0 { parts.append("\(-quotes) closing mark\(quotes == -1 ? "" : "s") not opened") }
            if straightQuotesOdd { parts.append("an odd number of \"") }
            return parts.isEmpty ? "balanced" : parts.joined(separator: ", ")
        }

        static func describe(_ balance: Int, _ open: String, _ close: String) -> String {
            switch balance {
            case 0: "balanced"
            case 1...: "\(balance) “\(open)” not closed"
            default: "\(-balance) “\(close)” not opened"
            }
        }
    }
}

/// An approved glossary term found in the source whose approved translation is not in
/// the translation (a warning). When a source term has several approved translations,
/// any of them will do. Matching follows ``TermMatcher`` (case, accents, plurals).
public struct GlossaryCheck: QualityCheck {
    public let name = "glossary"
    public init() {}

    public func findings(in segment: QualitySegment, context: QualityContext) -> [QualityFinding] {
        guard let target = segment.target?.plainText, !target.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        let found = context.terms.terms(in: segment.source.plainText)
        var findings: [QualityFinding] = []
        var reported: Set<String> = []
        for occurrence in found where occurrence.term.isApproved {
            let key = TermKey(occurrence.term).source
            guard !reported.contains(key) else { continue }
            let accepted = context.terms.translations(of: occurrence.term).filter(\.isApproved).map(\.target)
            if accepted.contains(where: { TermMatcher.text(target, contains: $0, language: context.targetLanguage) }) { continue }
            reported.insert(key)
            let wanted = accepted.map { "“\($0)”" }.joined(separator: " or ")
            findings.append(QualityFinding(
                segment: segment.number, check: name, severity: .warning,
                message: "“\(occurrence.text)” should be translated \(wanted)"))
        }
        return findings
    }
}

/// A claim of the source segment that cites a linked source, whose link is not in the
/// translation (an error): readers of the translation must be able to follow it.
/// The link counts as carried when one of the cited URLs appears in the translation's
/// text or in its inline codes (an `<a href>` kept as a code), compared without scheme,
/// `www.`, or trailing slash.
public struct CitationLinkCheck: QualityCheck {
    public let name = "citation-link"
    public init() {}

    public func findings(in segment: QualitySegment, context: QualityContext) -> [QualityFinding] {
        guard let target = segment.target, !segment.citedClaims.isEmpty else { return [] }
        let carried = Self.normalizedText(of: target)
        var findings: [QualityFinding] = []
        for claim in segment.citedClaims where !claim.urls.isEmpty {
            if claim.urls.contains(where: { Self.contains(carried, url: Self.normalized($0.absoluteString)) }) { continue }
            let urls = claim.urls.map(\.absoluteString).joined(separator: ", ")
            findings.append(QualityFinding(
                segment: segment.number, check: name, severity: .error,
                message: "claim \(claim.claim) (“\(Self.shortened(claim.quote))”) cites \(urls), missing in the translation"))
        }
        return findings
    }

    /// Whether `text` holds `url` not followed by more of a path or name
    /// (`example.org/report` is not in `example.org/reports`).
    static func contains(_ text: String, url: String) -> Bool {
        guard !url.isEmpty else { return false }
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: url, range: searchRange) {
            guard found.upperBound < text.endIndex else { return true }
            let next = text[found.upperBound]
            if !(next.isLetter || next.isNumber || next == "-" || next == "_") { return true }
            searchRange = text.index(after: found.lowerBound)..<text.endIndex
        }
        return false
    }

    /// The segment's text with its codes' data and attribute values, normalised like URLs.
    static func normalizedText(of text: SegmentText) -> String {
        var parts: [String] = []
        func collect(_ text: SegmentText) {
            for element in text.elements {
                switch element {
                case .text(let string): parts.append(string)
                case .code(let code):
                    parts.append(contentsOf: code.attributes.map(\.value))
                    for content in code.content {
                        switch content {
                        case .data(let data): parts.append(data)
                        case .sub(let attributes, let sub): parts.append(contentsOf: attributes.map(\.value)); collect(sub)
                        }
                    }
                }
            }
        }
        collect(text)
        return normalized(parts.joined(separator: " "))
    }

    /// Lowercased, without `http(s)://` and `www.`, without a slash before a space or the end.
    static func normalized(_ text: String) -> String {
        var result = text.lowercased()
        for prefix in ["https://", "http://"] { result = result.replacingOccurrences(of: prefix, with: "") }
        result = result.replacingOccurrences(of: "www.", with: "")
        while result.hasSuffix("/") { result.removeLast() }
        return result.replacingOccurrences(of: "/ ", with: " ").replacingOccurrences(of: "/\"", with: "\"")
    }

    static func shortened(_ quote: String) -> String {
        quote.count <= 40 ? quote : String(quote.prefix(39)) + "…"
    }
}

/// French typography left in an English translation (a warning): guillemets `« »`,
/// a space before `;` `:` `!` `?`, and non-breaking spaces (which French puts before
/// those marks and in numbers). Runs only when the target language is English.
public struct TypographyCheck: QualityCheck {
    public let name = "typography"
    public init() {}

    public func findings(in segment: QualitySegment, context: QualityContext) -> [QualityFinding] {
        guard context.targetLanguage.language == "en", let target = segment.target?.plainText else { return [] }
        let scalars = Array(target.unicodeScalars)
        var problems: [String] = []
        if scalars.contains(where: { $0 == "«" || $0 == "»" }) {
            problems.append("French quotation marks « » (use “ ”)")
        }
        var spaced: [String] = []
        for (index, scalar) in scalars.enumerated() where [";", ":", "!", "?"].contains(scalar) && index > 0 {
            if [" ", "\u{A0}", "\u{202F}", "\t"].contains(scalars[index - 1]), !spaced.contains(String(scalar)) {
                spaced.append(String(scalar))
            }
        }
        if !spaced.isEmpty {
            problems.append("a space before \(spaced.map { "“\($0)”" }.joined(separator: ", "))")
        }
        let nonBreaking = scalars.filter { $0 == "\u{A0}" || $0 == "\u{202F}" }.count
        if nonBreaking > 0 {
            problems.append("\(nonBreaking) non-breaking space\(nonBreaking == 1 ? "" : "s")")
        }
        return problems.map {
            QualityFinding(segment: segment.number, check: name, severity: .warning, message: "French typography in English: \($0)")
        }
    }
}
