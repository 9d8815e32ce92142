import Foundation
import XMLSupport

extension SRXDocument {
    /// Reads an SRX 2.0 file (SRX 1.0's `maprule` wrapper is accepted too) with libxml2,
    /// and checks it: structure, and every `beforebreak`, `afterbreak` and
    /// `languagepattern` with ICU.
    /// - Throws: ``SRXError`` naming the file, the line and what is wrong.
    public init(contentsOfFile path: String) throws(SRXError) {
        guard FileManager.default.isReadableFile(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw SRXError(kind: .unreadableFile, file: path, line: 0, message: exists ? "cannot read the file" : "no such file")
        }
        let root: XMLElement
        do {
            root = try XMLElement.parse(contentsOfFile: path)
        } catch {
            throw Self.xmlError(error, file: path)
        }
        try self.init(root: root, name: path)
    }

    /// Reads an SRX document held in a string; `name` is used in error messages.
    public init(string: String, name: String) throws(SRXError) {
        let root: XMLElement
        do {
            root = try XMLElement.parse(string: string, documentName: name)
        } catch {
            throw Self.xmlError(error, file: name)
        }
        try self.init(root: root, name: name)
    }

    private static func xmlError(_ error: any Error, file: String) -> SRXError {
        if let error = error as? XMLParseError {
            return SRXError(kind: .malformedXML, file: file, line: error.line, message: error.message)
        }
        return SRXError(kind: .malformedXML, file: file, line: 0, message: "\(error)")
    }

    private init(root: XMLElement, name: String) throws(SRXError) {
        func invalid(_ line: Int, _ message: String) -> SRXError {
            SRXError(kind: .invalidDocument, file: name, line: line, message: message)
        }
        guard root.localName == "srx" else {
            throw invalid(root.line, "not an SRX document: the root element is <\(root.qualifiedName)>, not <srx>")
        }
        let header = root.firstElement(named: "header")
        let cascade = try Self.yesNo(header?.attribute("cascade"), default: false, attribute: "cascade", line: header?.line ?? root.line, file: name)
        let subflows = try Self.yesNo(header?.attribute("segmentsubflows"), default: true, attribute: "segmentsubflows", line: header?.line ?? root.line, file: name)
        guard let body = root.firstElement(named: "body") else {
            throw invalid(root.line, "the document has no <body>")
        }
        guard let languageRulesElement = body.firstElement(named: "languagerules") else {
            throw invalid(body.line, "<body> has no <languagerules>")
        }

        var sets: [SRXLanguageRules] = []
        for element in languageRulesElement.elements(named: "languagerule") {
            guard let setName = element.attribute("languagerulename"), !setName.isEmpty else {
                throw invalid(element.line, "a <languagerule> has no languagerulename")
            }
            if sets.contains(where: { $0.name == setName }) {
                throw invalid(element.line, "a second <languagerule> is named '\(setName)'")
            }
            var rules: [SRXRule] = []
            for ruleElement in element.elements(named: "rule") {
                let location = SRXRuleLocation(file: name, line: ruleElement.line, languageRuleName: setName, number: rules.count + 1)
                let isBreak = try Self.yesNo(ruleElement.attribute("break"), default: true, attribute: "break", line: ruleElement.line, file: name)
                let before = ruleElement.firstElement(named: "beforebreak")?.textContent ?? ""
                let after = ruleElement.firstElement(named: "afterbreak")?.textContent ?? ""
                rules.append(SRXRule(isBreak: isBreak, beforeBreak: before, afterBreak: after, location: location))
            }
            sets.append(SRXLanguageRules(name: setName, rules: rules, line: element.line))
        }

        var maps: [SRXLanguageMap] = []
        if let mapRules = body.firstElement(named: "maprules") {
            // SRX 2.0: <maprules><languagemap/>...; SRX 1.0: <maprules><maprule><languagemap/>...
            let elements = mapRules.elements.flatMap { $0.localName == "maprule" ? $0.elements(named: "languagemap") : [$0] }
            for element in elements where element.localName == "languagemap" {
                guard let pattern = element.attribute("languagepattern") else {
                    throw invalid(element.line, "a <languagemap> has no languagepattern")
                }
                guard let setName = element.attribute("languagerulename") else {
                    throw invalid(element.line, "a <languagemap> has no languagerulename")
                }
                guard sets.contains(where: { $0.name == setName }) else {
                    throw invalid(element.line, "the <languagemap> for '\(pattern)' names the rule set '\(setName)', which the document does not define")
                }
                maps.append(SRXLanguageMap(languagePattern: pattern, languageRuleName: setName, line: element.line))
            }
        }

        self.init(name: name, segmentSubflows: subflows, cascade: cascade, languageRules: sets, languageMaps: maps)
        try validatePatterns()
        validatedPatterns = Set(sets.flatMap { $0.rules.flatMap { [$0.beforeBreak, $0.afterBreak] } })
    }

    private static func yesNo(_ value: String?, default defaultValue: Bool, attribute: String, line: Int, file: String) throws(SRXError) -> Bool {
        guard let value else { return defaultValue }
        switch value.trimmingCharacters(in: .whitespaces).lowercased() {
        case "yes": return true
        case "no": return false
        default:
            throw SRXError(kind: .invalidDocument, file: file, line: line, message: "\(attribute)=\"\(value)\" must be \"yes\" or \"no\"")
        }
    }

    /// Compiles every pattern with ICU, so a broken rule is reported when the file is
    /// read, whatever language it serves.
    public func validatePatterns() throws(SRXError) {
        for map in languageMaps {
            do {
                _ = try NSRegularExpression(pattern: JavaRegexDialect.translate(map.languagePattern), options: [.caseInsensitive])
            } catch {
                throw SRXError(kind: .invalidPattern, file: name, line: map.line,
                               message: "the languagepattern '\(map.languagePattern)' is not a valid regular expression")
            }
        }
        for set in languageRules {
            for rule in set.rules {
                for (pattern, element) in [(rule.beforeBreak, "beforebreak"), (rule.afterBreak, "afterbreak")] {
                    do {
                        try RulePattern.validate(pattern)
                    } catch {
                        throw SRXError(
                            kind: .invalidPattern, file: rule.location.file, line: rule.location.line,
                            message: "\(rule.location): the \(element) pattern '\(pattern)' does not compile: \(error.message)"
                        )
                    }
                }
            }
        }
    }
}

extension SRXDocument {
    /// Tandem's own rules for French and English (`tandem.srx` in the package's
    /// resources), written for news and web text.
    public static let `default`: SRXDocument = {
        guard let url = Bundle.module.url(forResource: "tandem", withExtension: "srx", subdirectory: "Rules") else {
            preconditionFailure("Tandem's rules (Rules/tandem.srx) are missing from the Segmentation bundle")
        }
        do {
            var document = try SRXDocument(contentsOfFile: url.path)
            document.name = "Tandem's default rules (tandem.srx)"
            return document
        } catch {
            preconditionFailure("Tandem's bundled rules are broken: \(error)")
        }
    }()
}
