import Foundation

/// The contents of an SRX 2.0 (Segmentation Rules eXchange) file: named sets of ordered
/// break and no-break rules, and the language maps that say which sets apply to which
/// language.
///
/// ```swift
/// let rules = try SRXDocument(contentsOfFile: "segment.srx")   // LanguageTool's, Okapi's, OmegaT's...
/// let segmenter = try SentenceSegmenter(rules: rules, language: "fr")
/// ```
///
/// Reading a document checks it completely: its structure, and every pattern with ICU.
/// ``SRXDocument/default`` holds Tandem's own rules for French and English.
public struct SRXDocument: Sendable, Equatable {
    /// The name the document was read from (a path, or a name given by the caller).
    public var name: String
    /// `segmentsubflows` in the header. Kept for completeness: plain text has no subflows.
    public var segmentSubflows: Bool
    /// `cascade` in the header: whether every matching language map contributes its rules
    /// (`true`), or only the first one (`false`).
    public var cascade: Bool
    /// The `languagerule` elements, in document order.
    public var languageRules: [SRXLanguageRules]
    /// The `languagemap` elements, in document order.
    public var languageMaps: [SRXLanguageMap]
    /// Patterns ICU has already accepted (when the document was read), so segmenters
    /// need not ask again. Not part of the document's value.
    var validatedPatterns: Set<String> = []

    public static func == (left: SRXDocument, right: SRXDocument) -> Bool {
        left.name == right.name && left.segmentSubflows == right.segmentSubflows && left.cascade == right.cascade
            && left.languageRules == right.languageRules && left.languageMaps == right.languageMaps
    }

    public init(name: String, segmentSubflows: Bool = true, cascade: Bool, languageRules: [SRXLanguageRules], languageMaps: [SRXLanguageMap]) {
        self.name = name
        self.segmentSubflows = segmentSubflows
        self.cascade = cascade
        self.languageRules = languageRules
        self.languageMaps = languageMaps
    }

    /// The names of the rule sets that apply to a language, in the order their rules
    /// apply: every map whose `languagepattern` matches the whole language code
    /// (case-insensitively, as language tags are) when the document cascades, else the
    /// first one only. Empty when no map matches.
    public func ruleSetNames(forLanguage language: String) -> [String] {
        var names: [String] = []
        for map in languageMaps where map.matches(language) {
            names.append(map.languageRuleName)
            if !cascade { break }
        }
        return names
    }

    /// The rules that apply to a language, in order: see ``ruleSetNames(forLanguage:)``.
    public func rules(forLanguage language: String) -> [SRXRule] {
        ruleSetNames(forLanguage: language).flatMap { name in
            languageRules.first { $0.name == name }?.rules ?? []
        }
    }
}

/// A named, ordered set of rules (`<languagerule languagerulename="...">`).
public struct SRXLanguageRules: Sendable, Equatable {
    public var name: String
    public var rules: [SRXRule]
    /// The line of the `languagerule` element, 0 when the rules were not read from a file.
    public var line: Int

    public init(name: String, rules: [SRXRule], line: Int = 0) {
        self.name = name
        self.rules = rules
        self.line = line
    }
}

/// One rule: a break (or no-break) applies at a position when `beforeBreak` matches text
/// ending there and `afterBreak` matches text starting there. The first rule that applies
/// decides; where none applies there is no break. An empty pattern matches everywhere.
public struct SRXRule: Sendable, Equatable {
    /// `break="yes"` (the default) or `break="no"`.
    public var isBreak: Bool
    /// The `beforebreak` pattern (ICU/Java regular expression), "" if absent.
    public var beforeBreak: String
    /// The `afterbreak` pattern, "" if absent.
    public var afterBreak: String
    /// Where the rule comes from, for error messages.
    public var location: SRXRuleLocation

    public init(isBreak: Bool, beforeBreak: String, afterBreak: String, location: SRXRuleLocation = SRXRuleLocation()) {
        self.isBreak = isBreak
        self.beforeBreak = beforeBreak
        self.afterBreak = afterBreak
        self.location = location
    }
}

/// Where a rule is: its file and line, its rule set, and its number in that set.
public struct SRXRuleLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// 1-based line of the `rule` element, 0 when unknown.
    public var line: Int
    public var languageRuleName: String
    /// 1-based position of the rule in its `languagerule`.
    public var number: Int

    public init(file: String = "", line: Int = 0, languageRuleName: String = "", number: Int = 0) {
        self.file = file
        self.line = line
        self.languageRuleName = languageRuleName
        self.number = number
    }

    /// "rule 3 of 'French'".
    public var description: String {
        languageRuleName.isEmpty ? "rule \(number)" : "rule \(number) of '\(languageRuleName)'"
    }
}

/// A `languagemap`: language codes matching `languagePattern` use the rule set
/// `languageRuleName`.
public struct SRXLanguageMap: Sendable, Equatable {
    /// A regular expression matched against the whole language code, ignoring case.
    public var languagePattern: String
    public var languageRuleName: String
    public var line: Int

    public init(languagePattern: String, languageRuleName: String, line: Int = 0) {
        self.languagePattern = languagePattern
        self.languageRuleName = languageRuleName
        self.line = line
    }

    /// Whether the pattern matches the whole language code, ignoring case.
    public func matches(_ language: String) -> Bool {
        guard let regex = try? NSRegularExpression(
            pattern: "(?:\(JavaRegexDialect.translate(languagePattern)))\\z", options: [.caseInsensitive]
        ) else { return false }
        let range = NSRange(language.startIndex..., in: language)
        return regex.firstMatch(in: language, options: [.anchored], range: range) != nil
    }
}
