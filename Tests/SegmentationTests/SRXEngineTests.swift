import Foundation
import Testing
@testable import Segmentation

/// SRX semantics, with small rule sets written for each test.
@Suite struct SRXEngineTests {
    /// An SRX document with one rule set per `(name, rules)`, each rule `(break, before,
    /// after)`, and language maps `(pattern, rule set)`.
    static func document(
        cascade: Bool = true,
        _ sets: [(String, [(Bool, String, String)])],
        maps: [(String, String)]
    ) throws -> SRXDocument {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += #"<srx xmlns="http://www.lisa.org/srx20" version="2.0">"# + "\n"
        xml += #"<header segmentsubflows="yes" cascade="\#(cascade ? "yes" : "no")"/>"# + "\n<body><languagerules>\n"
        for (name, rules) in sets {
            xml += #"<languagerule languagerulename="\#(name)">"# + "\n"
            for (isBreak, before, after) in rules {
                xml += #"<rule break="\#(isBreak ? "yes" : "no")"><beforebreak>\#(escape(before))</beforebreak><afterbreak>\#(escape(after))</afterbreak></rule>"# + "\n"
            }
            xml += "</languagerule>\n"
        }
        xml += "</languagerules><maprules>\n"
        for (pattern, name) in maps {
            xml += #"<languagemap languagepattern="\#(pattern)" languagerulename="\#(name)"/>"# + "\n"
        }
        xml += "</maprules></body></srx>\n"
        return try SRXDocument(string: xml, name: "test.srx")
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
    }

    static func split(_ text: String, _ document: SRXDocument, language: String = "xx") throws -> [String] {
        try SentenceSegmenter(rules: document, language: language).segment(text).map(\.text)
    }

    static let sentenceEnd = (true, #"[.!?]"#, #"\s"#)

    @Test func withoutRulesThereAreNoBreaksInsideAParagraph() throws {
        let rules = try Self.document([("Empty", [])], maps: [(".*", "Empty")])
        #expect(try Self.split("One. Two. Three.", rules) == ["One. Two. Three."])
    }

    @Test func aBreakRuleBreaksWhereBothPatternsMatch() throws {
        let rules = try Self.document([("R", [Self.sentenceEnd])], maps: [(".*", "R")])
        #expect(try Self.split("One. Two! Three", rules) == ["One.", "Two!", "Three"])
    }

    @Test func theFirstMatchingRuleWinsSoANoBreakRuleBeforeABreakRuleProtects() throws {
        let noBreakFirst = try Self.document([("R", [(false, #"\bDr\."#, #"\s"#), Self.sentenceEnd])], maps: [(".*", "R")])
        #expect(try Self.split("Ask Dr. Who. Now.", noBreakFirst) == ["Ask Dr. Who.", "Now."])
        // The same rules the other way round: the break rule matches first.
        let breakFirst = try Self.document([("R", [Self.sentenceEnd, (false, #"\bDr\."#, #"\s"#)])], maps: [(".*", "R")])
        #expect(try Self.split("Ask Dr. Who. Now.", breakFirst) == ["Ask Dr.", "Who.", "Now."])
    }

    @Test func aNoBreakRuleOnlyMattersWhereItsOwnPatternsMatch() throws {
        // The no-break rule's afterbreak asks for a digit: "No. 5" stays, "No. Way" breaks.
        let rules = try Self.document([("R", [(false, #"\bNo\."#, #"\s\d"#), Self.sentenceEnd])], maps: [(".*", "R")])
        #expect(try Self.split("Take No. 5. No. Way.", rules) == ["Take No. 5.", "No.", "Way."])
    }

    @Test func emptyPatternsMatchEverywhere() throws {
        // An empty afterbreak: break after every period; an empty beforebreak: before every "|".
        let rules = try Self.document([("R", [(true, #"\."#, ""), (true, "", #"\|"#)])], maps: [(".*", "R")])
        #expect(try Self.split("a.b|c", rules) == ["a.", "b", "|c"])
    }

    @Test func breaksAreTakenAtTheEndOfTheBeforebreakMatch() throws {
        // Unbounded beforebreak (no lookbehind could hold it) matched up to the position;
        // the break is where beforebreak ends and afterbreak starts.
        let rules = try Self.document([("R", [(true, #"\bend\s+of\s+part\s*;+"#, #"\s*\p{Lu}"#)])], maps: [(".*", "R")])
        #expect(try Self.split("This is the end   of part;; Next part; end of part; Then", rules)
            == ["This is the end   of part;;", "Next part; end of part;", "Then"])
    }

    @Test func lookaroundsSeeAcrossTheBreak() throws {
        let rules = try Self.document([("R", [(true, #"(?<=\d)\.(?=\s)"#, #"(?<=\.)\s+(?=[A-Z])"#)])], maps: [(".*", "R")])
        #expect(try Self.split("In 2019. Then a. Then 2020.", rules) == ["In 2019.", "Then a. Then 2020."])
    }

    @Test func cascadeAppliesEveryMatchingMapInOrder() throws {
        let sets: [(String, [(Bool, String, String)])] = [
            ("French", [(false, #"\bM\."#, #"\s"#)]),
            ("Default", [Self.sentenceEnd]),
        ]
        let maps = [("fr.*", "French"), (".*", "Default")]
        let cascading = try Self.document(cascade: true, sets, maps: maps)
        #expect(cascading.ruleSetNames(forLanguage: "fr-FR") == ["French", "Default"])
        #expect(try Self.split("Voici M. Dupont. Il est là.", cascading, language: "fr") == ["Voici M. Dupont.", "Il est là."])

        // Without cascade only the first matching map counts: French, with no break rule.
        let first = try Self.document(cascade: false, sets, maps: maps)
        #expect(first.ruleSetNames(forLanguage: "fr-FR") == ["French"])
        #expect(try Self.split("Voici M. Dupont. Il est là.", first, language: "fr") == ["Voici M. Dupont. Il est là."])
        // Other languages fall through to the catch-all map in both cases.
        #expect(try Self.split("See M. Dupont. Here.", first, language: "en") == ["See M.", "Dupont.", "Here."])
    }

    @Test func languagePatternsMatchTheWholeCodeIgnoringCase() throws {
        let rules = try Self.document([("A", []), ("B", [])], maps: [("EN.*", "A"), ("fr", "B")])
        #expect(rules.ruleSetNames(forLanguage: "en-GB") == ["A"])
        #expect(rules.ruleSetNames(forLanguage: "FR") == ["B"])
        #expect(rules.ruleSetNames(forLanguage: "fr-CA").isEmpty)  // "fr" must match the whole code
        #expect(rules.ruleSetNames(forLanguage: "den").isEmpty)
    }

    @Test func aLanguageNoMapMatchesIsAnError() throws {
        let rules = try Self.document([("A", [])], maps: [("en.*", "A")])
        let error = #expect(throws: SegmentationError.self) { try SentenceSegmenter(rules: rules, language: "de") }
        #expect(error == .unsupportedLanguage("de", rules: "test.srx", supported: ["en.*"]))
        #expect(error?.description.contains("'de'") == true)
    }

    @Test func rulesBeyondTheNativeMatcherRunInICU() throws {
        // A backreference and case-insensitive mode are left to ICU; results are the same.
        let rules = try Self.document([("R", [
            (false, #"\b(\p{L})\1\."#, #"\s"#),
            (false, #"(?i)\bdr\."#, #"\s"#),
            Self.sentenceEnd,
        ])], maps: [(".*", "R")])
        let segmenter = try SentenceSegmenter(rules: rules, language: "xx")
        #expect(segmenter.ruleCounts.runInICU == 2)
        #expect(try RulePattern(#"\b(\p{L})\1\."#, side: .before).icuReason == "a backreference \\1")
        #expect(try RulePattern(#"(?i)\bdr\."#, side: .before).icuReason == "case-insensitive matching (?i)")
        #expect(try RulePattern(#"\bdr\."#, side: .before).icuReason == nil)
        #expect(segmenter.segment("See pp. 4. Ask DR. Who. Done.").map(\.text) == ["See pp. 4.", "Ask DR. Who.", "Done."])
    }

    @Test func javaSyntaxIsAccepted() throws {
        // \pL, a lone }, the U flag and possessive quantifiers, as Java SRX files write them.
        let rules = try Self.document([("R", [
            (false, #"(?U)\b\pL{1,2}+\."#, #"\s"#),
            (true, #"[.!?]}?"#, #"\s"#),
        ])], maps: [(".*", "R")])
        #expect(try Self.split("See pp. 4.} Done. Yes", rules) == ["See pp. 4.}", "Done.", "Yes"])
    }

    @Test func unboundedLookbehindsAreRunAsJavaWould() throws {
        // Java (and LanguageTool's segment.srx) accepts "(?<=[XVI]+)"; ICU does not, the
        // native matcher does.
        let rules = try Self.document([("R", [
            (false, #"\bs\.\s"#, #"((?:X{0,2})(?:V?I{0,3}|I[VX]))(?<=[XVI]+)"#),
            (true, #"\.\s"#, ""),
        ])], maps: [(".*", "R")])
        #expect(try Self.split("Au s. XIX siècle. Au s. Le", rules) == ["Au s. XIX siècle.", "Au s.", "Le"])
        // Where the native matcher cannot help, ICU's refusal stands.
        let error = #expect(throws: SRXError.self) {
            try SentenceSegmenter(rules: [SRXRule(isBreak: true, beforeBreak: #"(?<=(\w)\1+)x"#, afterBreak: "")], language: "xx")
        }
        #expect(error?.kind == .invalidPattern)
    }

    @Test func extensionElementsAreIgnored() throws {
        let xml = """
        <srx xmlns="http://www.lisa.org/srx20" xmlns:okpsrx="http://okapi.sf.net/srx-extensions" version="2.0">
        <header segmentsubflows="yes" cascade="yes">
        <formathandle type="start" include="no"/>
        <okpsrx:options oneSegmentIncludesAll="no" trimLeadingWhitespaces="no" useJavaRegex="yes"/>
        <okpsrx:sample language="en" useMappedRules="yes">A sample. With text.</okpsrx:sample>
        <okpsrx:rangeRule/>
        </header>
        <body><languagerules><languagerule languagerulename="R">
        <!-- a comment -->
        <rule break="yes"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
        </languagerule></languagerules>
        <maprules><languagemap languagepattern="en.*" languagerulename="R"></languagemap></maprules></body></srx>
        """
        let rules = try SRXDocument(string: xml, name: "okapi.srx")
        #expect(try Self.split("One. Two.", rules, language: "en") == ["One.", "Two."])
    }

    @Test func nonBreakingSpacesAreWhiteSpaceAsInICU() throws {
        let rules = try Self.document([("R", [(true, #"[!?]"#, #"\s+\p{Lu}"#)])], maps: [(".*", "R")])
        #expect(try Self.split("Quoi\u{202F}?\u{00A0}Rien\u{00A0}!\u{202F}Bon", rules) == ["Quoi\u{202F}?", "Rien\u{00A0}!", "Bon"])
    }

    @Test func srx10MapRulesAreRead() throws {
        let xml = """
        <srx version="1.0"><header cascade="no"/><body>
        <languagerules><languagerule languagerulename="R"><rule><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule></languagerule></languagerules>
        <maprules><maprule maprulename="Default"><languagemap languagepattern=".*" languagerulename="R"/></maprule></maprules>
        </body></srx>
        """
        let rules = try SRXDocument(string: xml, name: "old.srx")
        #expect(rules.cascade == false)
        #expect(rules.languageRules.first?.rules.first?.isBreak == true)  // break="yes" is the default
        #expect(try Self.split("a. b", rules) == ["a.", "b"])
    }

    // MARK: Errors

    @Test func aPatternThatDoesNotCompileNamesTheRuleTheLineAndTheReason() throws {
        let xml = """
        <?xml version="1.0"?>
        <srx version="2.0"><header cascade="yes"/><body><languagerules>
        <languagerule languagerulename="French">
          <rule break="no"><beforebreak>\\bM\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
          <rule break="yes"><beforebreak>(abc</beforebreak><afterbreak>\\s</afterbreak></rule>
        </languagerule></languagerules>
        <maprules><languagemap languagepattern="fr.*" languagerulename="French"/></maprules></body></srx>
        """
        let error = #expect(throws: SRXError.self) { try SRXDocument(string: xml, name: "broken.srx") }
        #expect(error?.kind == .invalidPattern)
        #expect(error?.file == "broken.srx")
        #expect((error?.line ?? 0) >= 5)
        let message = error?.description ?? ""
        #expect(message.hasPrefix("broken.srx:\(error?.line ?? 0): rule 2 of 'French': the beforebreak pattern '(abc'"))
        #expect(message.contains("missing ')'"))
        // The rule element's own line, not where the parser had read up to.
        #expect(error?.line == 5)
    }

    @Test(arguments: [
        (#"[a-"#, "missing ']'"),
        (#"a**"#, "cannot follow another quantifier"),
        (#"x{3,1}"#, "maximum below its minimum"),
        (#"*a"#, "nothing to repeat"),
        (#"a)"#, "unbalanced ')'"),
        (#"\p{Lu"#, "missing '}'"),
    ])
    func syntaxErrorsAreExplained(_ pattern: String, _ reason: String) throws {
        let error = #expect(throws: SRXError.self) {
            try SentenceSegmenter(rules: [SRXRule(isBreak: true, beforeBreak: pattern, afterBreak: "")], language: "xx")
        }
        #expect(error?.description.contains(reason) == true, "\(error?.description ?? "")")
    }

    @Test func structuralProblemsAreReportedWithTheirLine() throws {
        let cases: [(String, SRXError.Kind, Int, String)] = [
            ("<srx><body>\n<languagerules>\n<languagerule><rule/></languagerule></languagerules></body></srx>",
             .invalidDocument, 3, "no languagerulename"),
            ("<srx><body><languagerules>\n<languagerule languagerulename=\"A\">\n<rule break=\"maybe\"/></languagerule></languagerules></body></srx>",
             .invalidDocument, 3, "must be \"yes\" or \"no\""),
            ("<srx><body><languagerules/><maprules>\n<languagemap languagepattern=\"fr\" languagerulename=\"Nope\"/></maprules></body></srx>",
             .invalidDocument, 2, "'Nope'"),
            ("<tmx/>", .invalidDocument, 1, "not an SRX document"),
            ("<srx><body><languagerules>\n</srx>", .malformedXML, 2, "tag mismatch"),
        ]
        for (xml, kind, line, fragment) in cases {
            let error = #expect(throws: SRXError.self) { try SRXDocument(string: xml, name: "x.srx") }
            #expect(error?.kind == kind, "\(xml)")
            #expect(error?.line == line, "\(xml): \(error?.description ?? "")")
            #expect(error?.description.contains(fragment) == true, "\(error?.description ?? "")")
        }
    }

    @Test func aMissingFileIsReported() throws {
        let error = #expect(throws: SRXError.self) { try SRXDocument(contentsOfFile: "/nonexistent/rules.srx") }
        #expect(error?.kind == .unreadableFile)
        #expect(error?.description == "/nonexistent/rules.srx: no such file")
    }
}
