import Foundation
import Interchange
import Testing
import XMLSupport

/// Bad and hostile documents: each is refused with an error that names the file, the
/// line and what is wrong, and nothing of it is returned.
@Suite struct XLIFFReaderErrorTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var document: String
        /// The line the error must name (0: not checked).
        var line: Int
        var reason: String
        var testDescription: String { name }
    }

    static let head2 = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + #"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="fr" trgLang="en">"#
    static let head12 = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + #"<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">"#

    /// A 2.1 document whose line 4 onwards is `body` (lines 1-3: declaration, <xliff>, <file>).
    static func x2(_ body: String) -> String { head2 + "\n<file id=\"f1\">\n" + body + "\n</file>\n</xliff>\n" }
    /// A 1.2 document whose line 5 onwards is `body`.
    static func x12(_ body: String) -> String {
        head12 + "\n<file original=\"a.txt\" source-language=\"fr\" target-language=\"en\" datatype=\"plaintext\">\n<body>\n" + body + "\n</body>\n</file>\n</xliff>\n"
    }

    static let cases: [Case] = [
        // Not well-formed.
        Case(name: "mismatched tags", document: x2("<unit id=\"u1\"><segment><source>a</target></segment></unit>"), line: 4, reason: "mismatch"),
        Case(name: "unclosed root", document: head2 + "\n<file id=\"f1\">\n<unit id=\"u1\"><segment><source>a</source></segment></unit>\n", line: 0, reason: "truncated"),
        Case(name: "not XML", document: "Bonjour, ceci n'est pas du XML.\n", line: 1, reason: "root element"),
        // Hostile.
        Case(name: "external entity", document: #"<?xml version="1.0"?>"# + "\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n" + #"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="fr">"# + "\n<file id=\"f\"><unit id=\"u\"><segment><source>&xxe;</source></segment></unit></file></xliff>\n", line: 4, reason: "entity"),
        Case(name: "entity expansion (billion laughs)", document: #"<?xml version="1.0"?>"# + "\n<!DOCTYPE xliff [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]>\n" + #"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="fr">"# + "\n<file id=\"f\"><unit id=\"u\"><segment><source>&g;</source></segment></unit></file></xliff>\n", line: 0, reason: "entity"),
        // Not XLIFF, or not a version we read.
        Case(name: "TMX", document: "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header/><body/></tmx>\n", line: 2, reason: "not an XLIFF document"),
        Case(name: "unknown namespace on the root", document: "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:example:not-xliff\" version=\"2.1\" srcLang=\"fr\"><file id=\"f\"/></xliff>\n", line: 2, reason: "not an XLIFF namespace"),
        Case(name: "wrong version for the namespace", document: "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.2\" srcLang=\"fr\"><file id=\"f\"/></xliff>\n", line: 2, reason: "does not go with the namespace"),
        Case(name: "unknown version", document: "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:1.2\" version=\"3.0\"><file/></xliff>\n", line: 2, reason: "not supported"),
        Case(name: "2.x version without its namespace", document: "<?xml version=\"1.0\"?>\n<xliff version=\"2.1\" srcLang=\"fr\"><file id=\"f\"/></xliff>\n", line: 2, reason: "needs the namespace"),
        Case(name: "foreign namespace where <source> must be", document: x2("<unit id=\"u1\">\n<segment>\n<x:source xmlns:x=\"urn:example\">a</x:source>\n</segment>\n</unit>"), line: 6, reason: "unexpected <x:source>"),
        Case(name: "foreign element in <source>", document: x2("<unit id=\"u1\"><segment>\n<source>a <x:b xmlns:x=\"urn:example\"/></source>\n</segment></unit>"), line: 5, reason: "unexpected <x:b>"),
        Case(name: "no srcLang", document: "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\"><file id=\"f\"/></xliff>\n", line: 2, reason: "no srcLang"),
        Case(name: "bad language tag", document: "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"fr fr\"><file id=\"f\"/></xliff>\n", line: 2, reason: "not a language tag"),
        // Well-formed XLIFF 2 breaking the spec.
        Case(name: "duplicate unit ids", document: x2("<unit id=\"u1\"><segment><source>a</source></segment></unit>\n<unit id=\"u1\"><segment><source>b</source></segment></unit>"), line: 5, reason: "duplicate <unit> id \"u1\""),
        Case(name: "duplicate file ids", document: head2 + "\n<file id=\"f\"><unit id=\"u\"><segment><source>a</source></segment></unit></file>\n<file id=\"f\"><unit id=\"u\"><segment><source>a</source></segment></unit></file>\n</xliff>\n", line: 4, reason: "duplicate <file> id"),
        Case(name: "duplicate inline ids", document: x2("<unit id=\"u1\"><segment id=\"s1\">\n<source>a<ph id=\"s1\"/></source>\n</segment></unit>"), line: 5, reason: "duplicate id \"s1\""),
        Case(name: "duplicate note ids", document: x2("<unit id=\"u1\"><notes><note id=\"n\">a</note>\n<note id=\"n\">b</note></notes><segment><source>a</source></segment></unit>"), line: 5, reason: "duplicate <note> id"),
        Case(name: "<ec> closing nothing", document: x2("<unit id=\"u1\"><segment>\n<source>a<ec startRef=\"c9\"/></source>\n</segment></unit>"), line: 5, reason: "closes no earlier <sc>"),
        Case(name: "<sc> never closed", document: x2("<unit id=\"u1\"><segment>\n<source>a<sc id=\"c1\"/>b</source>\n</segment></unit>"), line: 5, reason: "unpaired"),
        Case(name: "<em> without <sm>", document: x2("<unit id=\"u1\"><segment>\n<source>a<em startRef=\"m1\"/></source>\n</segment></unit>"), line: 5, reason: "closes no earlier <sm>"),
        Case(name: "dangling dataRef", document: x2("<unit id=\"u1\"><segment>\n<source>a<ph id=\"p1\" dataRef=\"d1\"/></source>\n</segment></unit>"), line: 5, reason: "names no <data>"),
        Case(name: "comment pointing at no note", document: x2("<unit id=\"u1\"><segment>\n<source><mrk id=\"m1\" type=\"comment\" ref=\"#n=n1\">a</mrk></source>\n</segment></unit>"), line: 5, reason: "names no <note>"),
        Case(name: "candidate pointing at nothing", document: x2("<unit id=\"u1\">\n<mtc:matches xmlns:mtc=\"urn:oasis:names:tc:xliff:matches:2.0\"><mtc:match ref=\"#nowhere\"><source>a</source><target>b</target></mtc:match></mtc:matches>\n<segment id=\"s1\"><source>a</source></segment></unit>"), line: 5, reason: "names nothing"),
        Case(name: "unit without segment", document: x2("<unit id=\"u1\">\n</unit>"), line: 4, reason: "has no <segment>"),
        Case(name: "translated without target", document: x2("<unit id=\"u1\">\n<segment state=\"translated\"><source>a</source></segment>\n</unit>"), line: 5, reason: "needs a <target>"),
        Case(name: "unknown state", document: x2("<unit id=\"u1\">\n<segment state=\"done\"><source>a</source><target>b</target></segment>\n</unit>"), line: 5, reason: "state=\"done\""),
        Case(name: "subState without state", document: x2("<unit id=\"u1\">\n<segment subState=\"x:y\"><source>a</source></segment>\n</unit>"), line: 5, reason: "subState but no state"),
        Case(name: "target without trgLang", document: "<?xml version=\"1.0\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"fr\">\n<file id=\"f\"><unit id=\"u\"><segment><source>a</source><target>b</target></segment></unit></file></xliff>\n", line: 2, reason: "no trgLang"),
        Case(name: "unit without id", document: x2("<unit>\n<segment><source>a</source></segment></unit>"), line: 4, reason: "<unit> has no id"),
        // Well-formed XLIFF 1.2 breaking the spec.
        Case(name: "1.2 duplicate trans-unit ids", document: x12("<trans-unit id=\"1\"><source>a</source></trans-unit>\n<trans-unit id=\"1\"><source>b</source></trans-unit>"), line: 6, reason: "duplicate <trans-unit> id \"1\""),
        Case(name: "1.2 <bpt> without <ept>", document: x12("<trans-unit id=\"1\">\n<source>a<bpt id=\"1\">&lt;b&gt;</bpt>b</source></trans-unit>"), line: 6, reason: "no matching <ept>"),
        Case(name: "1.2 <ept> without <bpt>", document: x12("<trans-unit id=\"1\">\n<source>a<ept id=\"4\">&lt;/b&gt;</ept></source></trans-unit>"), line: 6, reason: "closes no earlier <bpt>"),
        Case(name: "1.2 trans-unit without id", document: x12("<trans-unit>\n<source>a</source></trans-unit>"), line: 5, reason: "<trans-unit> has no id"),
        Case(name: "1.2 unknown state", document: x12("<trans-unit id=\"1\"><source>a</source>\n<target state=\"done\">b</target></trans-unit>"), line: 6, reason: "not an XLIFF 1.2 state"),
        Case(name: "1.2 dangling phase-name", document: x12("<trans-unit id=\"1\"><source>a</source>\n<target phase-name=\"p9\">b</target></trans-unit>"), line: 6, reason: "names no <phase>"),
        Case(name: "1.2 <g> without id", document: x12("<trans-unit id=\"1\">\n<source>a <g>b</g></source></trans-unit>"), line: 6, reason: "<g> has no id"),
        Case(name: "1.2 file without source-language", document: head12 + "\n<file original=\"a\" datatype=\"plaintext\"><body/></file></xliff>\n", line: 3, reason: "no source-language"),
    ]

    @Test(arguments: cases)
    func refuses(_ testCase: Case) throws {
        let error = #expect(throws: XMLParseError.self) {
            try XLIFFReader.read(string: testCase.document, documentName: "bad.xlf")
        }
        guard let error else { return }
        #expect(error.file == "bad.xlf")
        if testCase.line > 0 { #expect(error.line == testCase.line, "\(error)") }
        #expect(error.message.contains(testCase.reason), "\(error)")
    }

    /// Bytes that are not what the declaration says, and files cut short.
    @Test func refusesBadBytes() throws {
        let latin1: [UInt8] = Array((Self.head2 + "\n<file id=\"f\"><unit id=\"u\"><segment><source>caf").utf8) + [0xE9] + Array("</source></segment></unit></file></xliff>\n".utf8)
        #expect(throws: XMLParseError.self) { try XLIFFReader.read(bytes: latin1, documentName: "latin1.xlf") }
        // Declared UTF-16, written in UTF-8.
        let lying = Array(#"<?xml version="1.0" encoding="UTF-16"?><xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="fr"><file id="f"><unit id="u"><segment><source>a</source></segment></unit></file></xliff>"#.utf8)
        #expect(throws: XMLParseError.self) { try XLIFFReader.read(bytes: lying, documentName: "lying.xlf") }
        #expect(throws: XMLParseError.self) { try XLIFFReader.read(bytes: [UInt8](), documentName: "empty.xlf") }
        // Every prefix of a valid document that cuts into it is refused.
        let valid = Array(Self.x2("<unit id=\"u1\"><segment><source>a <pc id=\"1\">b</pc></source><target>A <pc id=\"1\">B</pc></target></segment></unit>").utf8)
        _ = try XLIFFReader.read(bytes: valid, documentName: "valid.xlf")
        let lastTag = valid.lastIndex(of: UInt8(ascii: ">"))!
        for length in stride(from: 1, to: lastTag, by: 7) {
            #expect(throws: XMLParseError.self, "prefix of \(length) bytes") { try XLIFFReader.read(bytes: valid[..<length], documentName: "cut.xlf") }
        }
    }

    /// UTF-16 with a byte-order mark is fine.
    @Test func readsUTF16() throws {
        let text = #"<?xml version="1.0" encoding="UTF-16"?>"# + "\n" + #"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="fr" trgLang="en"><file id="f"><unit id="u"><segment><source>café</source><target>coffee</target></segment></unit></file></xliff>"#
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in text.utf16 { bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let document = try XLIFFReader.read(bytes: bytes, documentName: "utf16.xlf")
        #expect(document.allUnits.first?.source.plainText == "café")
    }
}
