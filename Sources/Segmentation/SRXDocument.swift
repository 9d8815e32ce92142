import Foundation
import XMLSupport

/// One SRX rule: a break or no-break decision taken where `beforeBreak` matches the text
/// just before a position and `afterBreak` the text just after it.
public struct SRXRule: Sendable, Hashable {
    /// `true` for `break="yes"` (the default), `false` for `break="no"`.
    public var isBreak: Bool
    /// The pattern that must match ending at the position (Java/ICU regex; empty: anything).
    public var beforeBreak: String
    /// The pattern that must match starting at the position (empty: anything).
    public var afterBreak: String
    /// The `languagerulename` of the rule set the rule belongs to.
    public var ruleSetName: String
    /// 1-based position of the rule in its rule set.
    public var number: Int
    /// The line of the `<rule>` element in its file, 0 when unknown.
    public var line: Int

    public init(isBreak: Bool, beforeBreak: String, afterBreak: String, ruleSetName: String = "", number: Int = 0, line: Int = 0) {
        self.isBreak = isBreak
        self.beforeBreak = beforeBreak
        self.afterBreak = afterBreak
        self.ruleSetName = ruleSetName
        self.number = number
        self.line = line
    }
}

/// A named, ordered list of rules (`<languagerule>`).
public struct SRXLanguageRules: Sendable, Hashable {
    public var name: String
    public var rules: [SRXRule]

    public init(name: String, rules: [SRXRule]) {
        self.name = name
        self.rules = rules
    }
}

/// A `<languagemap>`: languages whose code matches `languagePattern` use the rule set `ruleSetName`.
public struct SRXLanguageMap: Sendable, Hashable {
    public var languagePattern: String
    public var ruleSetName: String
    public var line: Int

    public init(languagePattern: String, ruleSetName: String, line: Int = 0) {
        self.languagePattern = languagePattern
        self.ruleSetName = ruleSetName
        self.line = line
    }
}

/// A parsed SRX 2.0 document (SRX 1.0 files without a namespace are read too).
///
/// Parsing checks the document completely: every map names an existing rule set and every
/// pattern compiles, so a broken file is reported once, with its line and rule, before any
/// text is segmented.
public struct SRXDocument: Sendable, Hashable {
    /// `cascade="yes"`: a language uses the rules of every map that matches it, in map order;
    /// `"no"`: only the first matching map's.
    public var cascade: Bool
    /// `segmentsubflows` from the header (kept for completeness: plain text has no subflows).
    public var segmentSubflows: Bool
    /// The rule sets, in document order.
    public var languageRules: [SRXLanguageRules]
    /// The language maps, in document order.
    public var languageMaps: [SRXLanguageMap]
    /// Where the document came from, for messages.
    public var name: String

    public init(cascade: Bool, segmentSubflows: Bool = true, languageRules: [SRXLanguageRules], languageMaps: [SRXLanguageMap], name: String) {
        self.cascade = cascade
        self.segmentSubflows = segmentSubflows
        self.languageRules = languageRules
        self.languageMaps = languageMaps
        self.name = name
    }

    /// Reads an SRX file (through libxml2, hardened).
    public init(contentsOfFile path: String) throws(SRXError) {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw SRXError(file: path, line: 0, message: "cannot read the SRX file")
        }
        let root: XMLElement
        do {
            root = try XMLElement.parse(contentsOfFile: path, documentName: path)
        } catch {
            throw SRXError(file: path, line: (error as? XMLParseError)?.line ?? 0, message: "not well-formed XML: \((error as? XMLParseError)?.message ?? "\(error)")")
        }
        try self.init(root: root, name: path)
    }

    /// Reads an SRX document held in a string; `name` is used in messages.
    public init(string: String, name: String) throws(SRXError) {
        let root: XMLElement
        do {
            root = try XMLElement.parse(string: string, documentName: name)
        } catch {
            throw SRXError(file: name, line: (error as? XMLParseError)?.line ?? 0, message: "not well-formed XML: \((error as? XMLParseError)?.message ?? "\(error)")")
        }
        try self.init(root: root, name: name)
    }

    /// Tandem's own rules for French and English (`Rules/tandem.srx` in the package resources).
    public static var tandemDefault: SRXDocument {
        get throws(SRXError) {
            guard let url = Bundle.module.url(forResource: "tandem", withExtension: "srx", subdirectory: "Rules") else {
                throw SRXError(file: "tandem.srx", line: 0, message: "Tandem's default rules are missing from the package resources")
            }
            return try SRXDocument(contentsOfFile: url.path)
        }
    }

    private init(root: XMLElement, name: String) throws(SRXError) {
        func fail(_ line: Int, _ message: String) -> SRXError { SRXError(file: name, line: line, message: message) }
        guard root.localName == "srx" else {
            throw fail(root.line, "the root element is <\(root.qualifiedName)>, not <srx>")
        }
        func yes(_ element: XMLElement, _ attribute: String, default value: Bool) throws(SRXError) -> Bool {
            guard let text = element.attribute(attribute) else { return value }
            switch text.lowercased() {
            case "yes", "true": return true
            case "no", "false": return false
            default: throw fail(element.line, "<\(element.localName)> has \(attribute)=\"\(text)\"; expected \"yes\" or \"no\"")
            }
        }
        let header = root.firstElement(named: "header")
        cascade = try header.map { e throws(SRXError) in try yes(e, "cascade", default: false) } ?? false
        segmentSubflows = try header.map { e throws(SRXError) in try yes(e, "segmentsubflows", default: true) } ?? true
        guard let body = root.firstElement(named: "body") else { throw fail(root.line, "<srx> has no <body>") }
        self.name = name

        var sets: [SRXLanguageRules] = []
        for element in body.firstElement(named: "languagerules")?.elements(named: "languagerule") ?? [] {
            guard let setName = element.attribute("languagerulename"), !setName.isEmpty else {
                throw fail(element.line, "<languagerule> has no languagerulename")
            }
            if sets.contains(where: { $0.name == setName }) {
                throw fail(element.line, "languagerule '\(setName)' is defined twice")
            }
            var rules: [SRXRule] = []
            for (offset, ruleElement) in element.elements(named: "rule").enumerated() {
                let isBreak = try yes(ruleElement, "break", default: true)
                let rule = SRXRule(
                    isBreak: isBreak,
                    beforeBreak: ruleElement.firstElement(named: "beforebreak")?.textContent ?? "",
                    afterBreak: ruleElement.firstElement(named: "afterbreak")?.textContent ?? "",
                    ruleSetName: setName, number: offset + 1, line: ruleElement.line
                )
                try Self.check(rule, in: name)
                rules.append(rule)
            }
            sets.append(SRXLanguageRules(name: setName, rules: rules))
        }
        languageRules = sets

        var maps: [SRXLanguageMap] = []
        for element in body.firstElement(named: "maprules")?.elements(named: "languagemap") ?? [] {
            guard let pattern = element.attribute("languagepattern") else { throw fail(element.line, "<languagemap> has no languagepattern") }
            guard let setName = element.attribute("languagerulename") else { throw fail(element.line, "<languagemap> has no languagerulename") }
            guard sets.contains(where: { $0.name == setName }) else {
                throw fail(element.line, "<languagemap> names languagerule '\(setName)', which the file does not define")
            }
            do {
                _ = try CompiledPattern(PatternDialect.icuPattern(fromJava: pattern))
            } catch {
                throw fail(element.line, "<languagemap> languagepattern \"\(pattern)\" is not a valid regular expression (\(error.reason))")
            }
            maps.append(SRXLanguageMap(languagePattern: pattern, ruleSetName: setName, line: element.line))
        }
        languageMaps = maps
    }

    /// Compiles both patterns of a rule, so that errors are reported with the rule.
    private static func check(_ rule: SRXRule, in file: String) throws(SRXError) {
        for (part, pattern) in [("beforebreak", rule.beforeBreak), ("afterbreak", rule.afterBreak)] where !pattern.isEmpty {
            do {
                _ = try CompiledPattern(PatternDialect.icuPattern(fromJava: pattern))
            } catch {
                let at = error.offset.map { " at character \($0 + 1)" } ?? ""
                throw SRXError(
                    file: file, line: rule.line,
                    message: "rule \(rule.number) of languagerule '\(rule.ruleSetName)': \(part) \"\(pattern)\" is not a valid regular expression: \(error.reason)\(at)"
                )
            }
        }
    }

    /// The rules that apply to `language`, in order, following the maps and `cascade`.
    public func rules(forLanguage language: String) throws(SegmentationError) -> [SRXRule] {
        var rules: [SRXRule] = []
        var matched = false
        for map in languageMaps {
            guard let pattern = try? CompiledPattern(PatternDialect.icuPattern(fromJava: map.languagePattern)),
                  pattern.makeMatcher().matchesWhole(language) else { continue }
            matched = true
            rules += languageRules.first { $0.name == map.ruleSetName }?.rules ?? []
            if !cascade { break }
        }
        guard matched else {
            throw .unknownLanguage(language, rules: name, known: languageRules.map(\.name))
        }
        return rules
    }
}
