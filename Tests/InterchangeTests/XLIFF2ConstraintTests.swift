import Foundation
import Interchange
import Testing
import XMLSupport

/// The XLIFF 2 processing requirements (``XLIFFReader``'s constraint pass), one family at a
/// time, on small constructed documents: each broken document is refused with the line of
/// the offending element and the rule, and the same document mended is accepted.
@Suite struct XLIFF2ConstraintTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// The body of `<file id="f1">` (line 4 onwards), breaking one rule.
        var bad: String
        /// The same body, mended.
        var good: String
        /// The line the error must name.
        var line: Int
        /// Words the error must contain.
        var reason: String
        var namespaces: String = ""
        var root: String = ""
        var testDescription: String { name }
    }

    static let modules = #" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0" xmlns:gls="urn:oasis:names:tc:xliff:glossary:2.0" xmlns:fs="urn:oasis:names:tc:xliff:fs:2.0" xmlns:mda="urn:oasis:names:tc:xliff:metadata:2.0" xmlns:ctr="urn:oasis:names:tc:xliff:changetracking:2.0" xmlns:slr="urn:oasis:names:tc:xliff:sizerestriction:2.0" xmlns:val="urn:oasis:names:tc:xliff:validation:2.0" xmlns:my="urn:example:my""#

    /// A 2.1 document whose line 4 onwards is `body`.
    static func document(_ body: String, root: String = "") -> String {
        #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="fr""# + root + modules + ">\n"
            + "<file id=\"f1\">\n" + body + "\n</file>\n</xliff>\n"
    }

    /// A unit around a segment with this source and target.
    static func unit(_ source: String, _ target: String? = nil, id: String = "u1", before: String = "") -> String {
        "<unit id=\"\(id)\">\(before)\n<segment>\n<source>\(source)</source>\(target.map { "\n<target>\($0)</target>" } ?? "")\n</segment>\n</unit>"
    }

    static let cases: [Case] = [
        // Identifiers.
        Case(name: "extension ids unique in their unit",
             bad: "<unit id=\"u1\">\n<my:a id=\"x\"/>\n<my:b id=\"x\"/>\n<segment><source>a</source></segment></unit>",
             good: "<unit id=\"u1\">\n<my:a id=\"x\"/>\n<my:b id=\"y\"/>\n<segment><source>a</source></segment></unit>",
             line: 6, reason: "unique within the enclosing"),
        Case(name: "target inline id shared with a segment",
             bad: "<unit id=\"u1\">\n<segment id=\"s1\">\n<source>a</source>\n<target>b<ph id=\"s1\"/></target>\n</segment>\n</unit>",
             good: "<unit id=\"u1\">\n<segment id=\"s1\">\n<source>a</source>\n<target>b<ph id=\"p1\"/></target>\n</segment>\n</unit>",
             line: 7, reason: "corresponding source element"),
        // Languages and segments.
        Case(name: "target language inherited from a group",
             bad: "<group id=\"g1\" xml:lang=\"ja\">\n" + unit("a", "b") + "\n</group>",
             good: "<group id=\"g1\">\n" + unit("a", "b") + "\n</group>",
             line: 7, reason: "srcLang"),
        Case(name: "xml:space of the target differs from the source's",
             bad: unit("<cp hex=\"0001\"/>", nil).replacingOccurrences(of: "<source>", with: "<source xml:space=\"preserve\">").replacingOccurrences(of: "</source>", with: "</source>\n<target>b</target>"),
             good: unit("<cp hex=\"0001\"/>", nil).replacingOccurrences(of: "<source>", with: "<source xml:space=\"preserve\">").replacingOccurrences(of: "</source>", with: "</source>\n<target xml:space=\"preserve\">b</target>"),
             line: 7, reason: "xml:space"),
        Case(name: "two targets in one position",
             bad: "<unit id=\"u1\">\n<segment><source>a</source><target order=\"2\">b</target></segment>\n<segment><source>c</source>\n<target>d</target></segment>\n</unit>",
             good: "<unit id=\"u1\">\n<segment><source>a</source><target order=\"2\">b</target></segment>\n<segment><source>c</source>\n<target order=\"1\">d</target></segment>\n</unit>",
             line: 7, reason: "order values must be unique"),
        // Inline codes.
        Case(name: "editing hints of <sc> and <ec> differ",
             bad: unit("<sc id=\"1\" canCopy=\"no\"/>a\n<ec startRef=\"1\"/>"),
             good: unit("<sc id=\"1\" canCopy=\"no\"/>a\n<ec startRef=\"1\" canCopy=\"no\"/>"),
             line: 7, reason: "same editing hints"),
        Case(name: "copyOf naming nothing",
             bad: unit("<ph id=\"1\"/>\n<ph id=\"2\" copyOf=\"9\"/>"),
             good: unit("<ph id=\"1\"/>\n<ph id=\"2\" copyOf=\"1\"/>"),
             line: 7, reason: "copyOf"),
        Case(name: "copyOf of a code that may not be copied",
             bad: unit("<ph id=\"1\" canCopy=\"no\"/>\n<ph id=\"2\" copyOf=\"1\"/>"),
             good: unit("<ph id=\"1\"/>\n<ph id=\"2\" copyOf=\"1\"/>"),
             line: 7, reason: "canCopy=\"no\""),
        Case(name: "<cp> for a character XML allows",
             bad: unit("a\n<cp hex=\"00A0\"/>"),
             good: unit("a\n<cp hex=\"001F\"/>"),
             line: 7, reason: "<cp>"),
        Case(name: "<pc> with equivStart and no equivEnd",
             bad: unit("a\n<pc id=\"1\" equivStart=\"[\">b</pc>"),
             good: unit("a\n<pc id=\"1\" equivStart=\"[\" equivEnd=\"]\">b</pc>"),
             line: 7, reason: "equivEnd"),
        Case(name: "subFlows naming no unit",
             bad: "<unit id=\"u2\"><segment><source>x</source></segment></unit>\n" + unit("a\n<ph id=\"1\" subFlows=\"u9\"/>"),
             good: "<unit id=\"u2\"><segment><source>x</source></segment></unit>\n" + unit("a\n<ph id=\"1\" subFlows=\"u2\"/>"),
             line: 8, reason: "no <unit> of the file"),
        Case(name: "subType without type",
             bad: unit("a\n<ph id=\"1\" subType=\"xlf:b\"/>"),
             good: unit("a\n<ph id=\"1\" type=\"fmt\" subType=\"xlf:b\"/>"),
             line: 7, reason: "no type"),
        // Editing hints.
        Case(name: "canReorder=no outside a sequence",
             bad: unit("a\n<ph id=\"1\" canReorder=\"no\" canCopy=\"no\" canDelete=\"no\"/>"),
             good: unit("a\n<ph id=\"1\" canReorder=\"firstNo\" canCopy=\"no\" canDelete=\"no\"/>"),
             line: 7, reason: "firstNo"),
        Case(name: "canReorder=firstNo on a deletable code",
             bad: unit("a\n<ph id=\"1\" canReorder=\"firstNo\" canCopy=\"no\"/>"),
             good: unit("a\n<ph id=\"1\" canReorder=\"firstNo\" canCopy=\"no\" canDelete=\"no\"/>"),
             line: 7, reason: "neither copied nor deleted"),
        Case(name: "a code that cannot be deleted is missing from the target",
             bad: unit("a<ph id=\"1\" canDelete=\"no\"/>", "\nb"),
             good: unit("a<ph id=\"1\" canDelete=\"no\"/>", "\nb<ph id=\"1\" canDelete=\"no\"/>"),
             line: 7, reason: "canDelete=\"no\""),
        Case(name: "a non-reorderable sequence reordered in the target",
             bad: unit("<ph id=\"1\" canReorder=\"firstNo\" canCopy=\"no\" canDelete=\"no\"/><ph id=\"2\" canReorder=\"no\" canCopy=\"no\" canDelete=\"no\"/><ph id=\"3\"/>", "\n<ph id=\"1\" canReorder=\"firstNo\" canCopy=\"no\" canDelete=\"no\"/><ph id=\"3\"/><ph id=\"2\" canReorder=\"no\" canCopy=\"no\" canDelete=\"no\"/>"),
             good: unit("<ph id=\"1\" canReorder=\"firstNo\" canCopy=\"no\" canDelete=\"no\"/><ph id=\"2\" canReorder=\"no\" canCopy=\"no\" canDelete=\"no\"/><ph id=\"3\"/>", "\n<ph id=\"3\"/><ph id=\"1\" canReorder=\"firstNo\" canCopy=\"no\" canDelete=\"no\"/><ph id=\"2\" canReorder=\"no\" canCopy=\"no\" canDelete=\"no\"/>"),
             line: 8, reason: "canReorder"),
        // Fragment identifiers.
        Case(name: "fragment identifier with a selector out of order",
             bad: unit("\n<mrk id=\"m1\" type=\"term\" ref=\"#u=u1/f=f1/m2\">a</mrk><mrk id=\"m2\" type=\"term\">b</mrk>"),
             good: unit("\n<mrk id=\"m1\" type=\"term\" ref=\"#f=f1/u=u1/m2\">a</mrk><mrk id=\"m2\" type=\"term\">b</mrk>"),
             line: 7, reason: "f=, g=, u="),
        Case(name: "fragment identifier with two leaves",
             bad: unit("\n<mrk id=\"m1\" type=\"term\" ref=\"#m2/t=m2\">a</mrk><mrk id=\"m2\" type=\"term\">b</mrk>"),
             good: unit("\n<mrk id=\"m1\" type=\"term\" ref=\"#m2\">a</mrk><mrk id=\"m2\" type=\"term\">b</mrk>"),
             line: 7, reason: "must be the last"),
        Case(name: "fragment identifier with an unregistered prefix",
             bad: unit("\n<mrk id=\"m1\" type=\"term\" ref=\"#zz=x1\">a</mrk>", before: "<my:x id=\"x1\"/>"),
             good: unit("\n<mrk id=\"m1\" type=\"term\" ref=\"#gls=x1\">a</mrk>", before: "<gls:glossary><gls:glossEntry id=\"x1\"><gls:term>a</gls:term><gls:definition>d</gls:definition></gls:glossEntry></gls:glossary>"),
             line: 7, reason: "registered prefix"),
        Case(name: "fragment identifier naming nothing",
             bad: unit("\n<mrk id=\"m1\" type=\"term\" ref=\"#m9\">a</mrk>"),
             good: unit("\n<mrk id=\"m1\" type=\"term\" ref=\"#m1\">a</mrk>"),
             line: 7, reason: "does not exist"),
        Case(name: "comment annotation pointing at a file note",
             bad: "<notes><note id=\"n1\">file</note></notes>\n<unit id=\"u1\"><notes><note id=\"n1\">unit</note></notes><segment>\n<source><mrk id=\"m1\" type=\"comment\" ref=\"#f=f1/n=n1\">a</mrk></source></segment></unit>",
             good: "<notes><note id=\"n1\">file</note></notes>\n<unit id=\"u1\"><notes><note id=\"n1\">unit</note></notes><segment>\n<source><mrk id=\"m1\" type=\"comment\" ref=\"#n=n1\">a</mrk></source></segment></unit>",
             line: 6, reason: "not one of its own unit"),
        Case(name: "match ref that is not a fragment identifier",
             bad: "<unit id=\"u1\">\n<mtc:matches>\n<mtc:match ref=\"s1\"><source>a</source><target>b</target></mtc:match></mtc:matches>\n<segment id=\"s1\"><source>a</source></segment></unit>",
             good: "<unit id=\"u1\">\n<mtc:matches>\n<mtc:match ref=\"#s1\"><source>a</source><target>b</target></mtc:match></mtc:matches>\n<segment id=\"s1\"><source>a</source></segment></unit>",
             line: 6, reason: "does not start with #"),
        // Modules.
        Case(name: "element a module does not define",
             bad: "<unit id=\"u1\">\n<val:validations/>\n<segment><source>a</source></segment></unit>",
             good: "<unit id=\"u1\">\n<val:validation><val:rule isPresent=\"a\"/></val:validation>\n<segment><source>a</source></segment></unit>",
             line: 5, reason: "not an element of the module"),
        Case(name: "match with xml:lang",
             bad: "<unit id=\"u1\">\n<mtc:matches>\n<mtc:match ref=\"#s1\" xml:lang=\"fr\"><source>a</source><target>b</target></mtc:match></mtc:matches>\n<segment id=\"s1\"><source>a</source></segment></unit>",
             good: "<unit id=\"u1\">\n<mtc:matches>\n<mtc:match ref=\"#s1\"><source>a</source><target>b</target></mtc:match></mtc:matches>\n<segment id=\"s1\"><source>a</source></segment></unit>",
             line: 6, reason: "xml:lang"),
        Case(name: "glossary entry without translation or definition",
             bad: "<unit id=\"u1\"><gls:glossary>\n<gls:glossEntry><gls:term>a</gls:term></gls:glossEntry></gls:glossary>\n<segment><source>a</source></segment></unit>",
             good: "<unit id=\"u1\"><gls:glossary>\n<gls:glossEntry><gls:term>a</gls:term><gls:translation>b</gls:translation></gls:glossEntry></gls:glossary>\n<segment><source>a</source></segment></unit>",
             line: 5, reason: "neither a <gls:translation>"),
        Case(name: "format style subFs without fs",
             bad: unit("a\n<ph id=\"1\" fs:subFs=\"x\"/>"),
             good: unit("a\n<ph id=\"1\" fs:fs=\"br\" fs:subFs=\"x\"/>"),
             line: 7, reason: "fs:subFs but no fs:fs"),
        Case(name: "metaGroup ids not unique",
             bad: "<unit id=\"u1\"><mda:metadata><mda:metaGroup id=\"g\"><mda:meta type=\"t\">v</mda:meta></mda:metaGroup>\n<mda:metaGroup id=\"g\"><mda:meta type=\"t\">v</mda:meta></mda:metaGroup></mda:metadata>\n<segment><source>a</source></segment></unit>",
             good: "<unit id=\"u1\"><mda:metadata><mda:metaGroup id=\"g\"><mda:meta type=\"t\">v</mda:meta></mda:metaGroup>\n<mda:metaGroup id=\"h\"><mda:meta type=\"t\">v</mda:meta></mda:metaGroup></mda:metadata>\n<segment><source>a</source></segment></unit>",
             line: 5, reason: "not unique"),
        Case(name: "change track naming nothing",
             bad: "<unit id=\"u1\"><ctr:changeTrack>\n<ctr:revisions appliesTo=\"note\" ref=\"n9\"><ctr:revision><ctr:item property=\"content\">b</ctr:item></ctr:revision></ctr:revisions></ctr:changeTrack><notes><note id=\"n1\">a</note></notes>\n<segment><source>a</source></segment></unit>",
             good: "<unit id=\"u1\"><ctr:changeTrack>\n<ctr:revisions appliesTo=\"note\" ref=\"n1\"><ctr:revision><ctr:item property=\"content\">b</ctr:item></ctr:revision></ctr:revisions></ctr:changeTrack><notes><note id=\"n1\">a</note></notes>\n<segment><source>a</source></segment></unit>",
             line: 5, reason: "names no element"),
        Case(name: "size restriction that is not max or min,max",
             bad: "<slr:profiles generalProfile=\"xliff:codepoints\" storageProfile=\"xliff:utf8\"/>\n<unit id=\"u1\" slr:sizeRestriction=\"ten\"><segment><source>a</source></segment></unit>",
             good: "<slr:profiles generalProfile=\"xliff:codepoints\" storageProfile=\"xliff:utf8\"/>\n<unit id=\"u1\" slr:sizeRestriction=\"2,*\"><segment><source>a</source></segment></unit>",
             line: 5, reason: "not max or min,max"),
        Case(name: "size restriction attributes on a paired <ec>",
             bad: unit("<sc id=\"1\"/>a\n<ec startRef=\"1\" slr:equivStorage=\"2\"/>"),
             good: unit("<sc id=\"1\" slr:equivStorage=\"2\"/>a\n<ec startRef=\"1\"/>"),
             line: 7, reason: "only an isolated <ec>"),
        Case(name: "validation rule with two tests",
             bad: "<unit id=\"u1\"><val:validation>\n<val:rule isPresent=\"a\" startsWith=\"b\"/></val:validation>\n<segment><source>a</source></segment></unit>",
             good: "<unit id=\"u1\"><val:validation>\n<val:rule isPresent=\"a\"/></val:validation>\n<segment><source>a</source></segment></unit>",
             line: 5, reason: "exactly one of"),
        Case(name: "validation rule with existsInSource alone",
             bad: "<unit id=\"u1\"><val:validation>\n<val:rule isNotPresent=\"a\" existsInSource=\"yes\"/></val:validation>\n<segment><source>a</source></segment></unit>",
             good: "<unit id=\"u1\"><val:validation>\n<val:rule isPresent=\"a\" existsInSource=\"yes\"/></val:validation>\n<segment><source>a</source></segment></unit>",
             line: 5, reason: "existsInSource"),
    ]

    @Test(arguments: cases)
    func brokenIsRefusedMendedIsAccepted(_ example: Case) throws {
        let bad = Self.document(example.bad, root: example.root)
        do {
            _ = try XLIFFReader.read(string: bad, documentName: "case.xlf")
            Issue.record("\(example.name): accepted")
        } catch let error as XMLParseError {
            #expect(error.file == "case.xlf")
            #expect(error.line == example.line, "\(error)")
            #expect(error.message.contains(example.reason), "\(error)")
            #expect(error.message.contains("XLIFF 2"), "the rule's family is named: \(error)")
        }
        #expect(throws: Never.self, "\(example.name): mended document") {
            _ = try XLIFFReader.read(string: Self.document(example.good, root: example.root), documentName: "case.xlf")
        }
    }

    /// Fragment identifiers: what parses and what does not.
    @Test func fragmentIdentifierReferencesToOtherUnitsAreCheckedForSyntaxOnly() throws {
        // Naming another file is allowed to dangle (units travel alone) but not to break the syntax.
        let dangling = Self.unit("\n<mrk id=\"m1\" type=\"term\" ref=\"#f=f9/u=u1/m1\">a</mrk>")
        #expect(throws: Never.self) { _ = try XLIFFReader.read(string: Self.document(dangling), documentName: "a.xlf") }
        let broken = Self.unit("\n<mrk id=\"m1\" type=\"term\" ref=\"#f=f9/f=f1/m1\">a</mrk>")
        #expect(throws: XMLParseError.self) { _ = try XLIFFReader.read(string: Self.document(broken), documentName: "a.xlf") }
        // A reference that is not a fragment identifier (an IRI) is left alone.
        let iri = Self.unit("\n<mrk id=\"m1\" type=\"term\" ref=\"http://example.com/term#x\">a</mrk>")
        #expect(throws: Never.self) { _ = try XLIFFReader.read(string: Self.document(iri), documentName: "a.xlf") }
    }

    /// A unit read alone keeps the xml:space it inherited from its file.
    @Test func unitsCarryTheirInheritedWhiteSpaceMode() throws {
        let text = #"<?xml version="1.0"?>"# + "\n"
            + #"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en" trgLang="fr"><file id="f" xml:space="preserve">"#
            + #"<unit id="u"><segment><source xml:space="preserve">a  b</source><target>c  d</target></segment></unit></file></xliff>"#
        let document = try XLIFFReader.read(string: text, documentName: "a.xlf")
        let unit = try #require(document.allUnits.first)
        let archive = try XLIFFUnitArchive.encode(unit, of: document)
        let again = try XLIFFReader.read(string: archive, documentName: "archive.xlf")
        #expect(again.allUnits.first?.segments.first?.target?.plainText == "c  d")
    }
}
