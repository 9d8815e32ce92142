import Foundation
import Interchange
import Testing
import TranslationMemory

private func read(_ text: String, _ format: GlossaryFormat, file: String = "g", options: GlossaryReadOptions = GlossaryReadOptions()) throws(GlossaryFileError) -> GlossaryReadResult {
    try GlossaryReader.read(bytes: Array(text.utf8), format: format, file: file, options: options)
}

/// The error reading `text` throws, as `FILE:LINE[:COLUMN]: message`.
private func failure(_ text: String, _ format: GlossaryFormat, file: String = "g", options: GlossaryReadOptions = GlossaryReadOptions()) -> GlossaryFileError? {
    do {
        _ = try read(text, format, file: file, options: options)
        return nil
    } catch {
        return error
    }
}

@Suite struct DelimitedGlossaryTests {
    @Test func readsTSVWithoutHeader() throws {
        let result = try read("liste noire\tblacklist\tUS Entity List\n\n# a comment\nONG\tNGO\nrépression\tcrackdown\t\tno\r\n", .tsv, file: "g.tsv")
        #expect(result.terms.map(\.source) == ["liste noire", "ONG", "répression"])
        #expect(result.terms.map(\.target) == ["blacklist", "NGO", "crackdown"])
        #expect(result.terms.map(\.note) == ["US Entity List", nil, nil])
        #expect(result.terms.map(\.isApproved) == [true, true, false])
        #expect(result.terms.map(\.provenance.line) == [1, 4, 5])
        #expect(result.terms.allSatisfy { $0.provenance.file == "g.tsv" && $0.provenance.origin == .imported })
    }

    @Test func aHeaderOrdersTheColumnsAndNamesTheLanguages() throws {
        let result = try read("\u{FEFF}approved\tfr\ten\nno\tliste noire\tblacklist\n", .tsv)
        #expect(result.terms.map(\.source) == ["liste noire"])
        #expect(result.terms.map(\.target) == ["blacklist"])
        #expect(result.terms.map(\.isApproved) == [false])
        #expect(result.terms.map(\.provenance.line) == [2])
    }

    @Test func termRowsThatLookLikeLanguageTagsAreTerms() throws {
        let result = try read("UE\tEU\nONG\tNGO\n", .tsv)
        #expect(result.terms.map(\.target) == ["EU", "NGO"])
    }

    @Test func headerColumnsByName() throws {
        let result = try read("target\tsource\tnote\nblacklist\tliste noire\tUS\n", .tsv)
        #expect(result.terms == [Term(source: "liste noire", target: "blacklist", note: "US",
                                      provenance: TermProvenance(origin: .imported, file: "g", line: 2))])
    }

    @Test func aHeaderNamingOtherLanguagesIsRefused() {
        let error = failure("de\ten\nSchwarze Liste\tblacklist\n", .tsv, file: "g.tsv")
        #expect(error?.description == "g.tsv:1: the header names de as the source language, but fr is being imported")
        let swapped = failure("en\tfr\nblacklist\tliste noire\n", .tsv, file: "g.tsv")
        #expect(swapped?.line == 1)
    }

    @Test func tsvErrorsNameTheLine() {
        #expect(failure("a\tb\nseul\n", .tsv, file: "g.tsv")?.description == "g.tsv:2: expected a source and a target term, found one column (are fields separated by a tab?)")
        #expect(failure("a\tb\n\nc\t \n", .tsv, file: "g.tsv")?.description == "g.tsv:3: the target term is empty")
        #expect(failure("a\tb\tnote\tmaybe\n", .tsv, file: "g.tsv")?.description.hasPrefix("g.tsv:1: “maybe” is not an approval") == true)
        #expect(failure("a\tb\tn\tyes\textra\n", .tsv, file: "g.tsv")?.description.hasPrefix("g.tsv:1: 5 columns, at most 4 expected") == true)
        let invalid: [UInt8] = Array("a\tb\nc\td\n".utf8) + [0xC3, 0x28] + Array("\tx\n".utf8)
        #expect(throws: GlossaryFileError(file: "g.tsv", line: 3, message: "the file is not UTF-8 text (invalid byte sequence on this line)")) {
            try GlossaryReader.read(bytes: invalid, format: .tsv, file: "g.tsv")
        }
    }

    @Test func readsRFC4180CSV() throws {
        let csv = "source,target,note\r\n\"droits de l'homme\",human rights,\"UN usage, not \"\"man's\"\"\"\r\n\"camp de\nrééducation\",re-education camp,\nONG,NGO,\n"
        let result = try read(csv, .csv, file: "g.csv")
        #expect(result.terms.map(\.source) == ["droits de l'homme", "camp de rééducation", "ONG"])
        #expect(result.terms[0].note == "UN usage, not \"man's\"")
        // A record's line is the line it starts on; the quoted line break moves the next one down.
        #expect(result.terms.map(\.provenance.line) == [2, 3, 5])
    }

    @Test func recognisesSemicolonSeparatedCSV() throws {
        let result = try read("source;target\n\"liste; noire\";blacklist\n", .csv)
        #expect(result.terms.map(\.source) == ["liste; noire"])
        #expect(result.terms.map(\.target) == ["blacklist"])
    }

    @Test func csvErrorsNameLineAndColumn() {
        #expect(failure("a,b\nc,\"d\n\ne,f\n", .csv, file: "g.csv")?.description == "g.csv:2:3: a quoted field is never closed")
        #expect(failure("a,b\n\"c\"x,d\n", .csv, file: "g.csv")?.description.hasPrefix("g.csv:2:4: text after the closing quote") == true)
        #expect(failure("a,b\nc\"d\",e\n", .csv, file: "g.csv")?.description.hasPrefix("g.csv:2:2: a quote inside an unquoted field") == true)
        #expect(failure("a,b\nc\n", .csv, file: "g.csv")?.description.hasPrefix("g.csv:2: expected a source and a target term, found one column (are fields separated by a comma?)") == true)
        #expect(failure("a;b\nc\n", .csv, file: "g.csv")?.description.hasSuffix("(are fields separated by a semicolon?)") == true)
    }

    @Test func theFormatComesFromTheExtension() throws {
        #expect(GlossaryFormat(fileName: "a/b.TSV") == .tsv)
        #expect(GlossaryFormat(fileName: "b.csv") == .csv)
        #expect(GlossaryFormat(fileName: "b.tbx") == .tbx)
        #expect(GlossaryFormat(fileName: "b.xlsx") == nil)
        #expect(throws: GlossaryFileError(file: "b.xlsx", line: 0, message: "unknown glossary format; name the file .tsv, .csv or .tbx")) {
            try GlossaryReader.read(contentsOfFile: "b.xlsx")
        }
        let missing = "/nonexistent-\(UUID().uuidString).tsv"
        #expect(throws: GlossaryFileError.self) { try GlossaryReader.read(contentsOfFile: missing) }
    }

    @Test func readsAFileFromDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("glossary-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data("liste noire,blacklist\n".utf8).write(to: url)
        let result = try GlossaryReader.read(contentsOfFile: url.path, options: GlossaryReadOptions(creator: "ana"))
        #expect(result.terms.map(\.target) == ["blacklist"])
        #expect(result.terms.first?.provenance.creator == "ana")
        #expect(result.terms.first?.provenance.file == url.path)
    }
}

@Suite struct TBXGlossaryTests {
    static let tbx2 = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
        <martif type="TBX" xml:lang="en">
          <martifHeader><fileDesc><sourceDesc><p>Tandem test</p></sourceDesc></fileDesc></martifHeader>
          <text><body>
            <termEntry id="e1">
              <descrip type="definition">US export restriction list</descrip>
              <langSet xml:lang="fr-FR">
                <tig><term>liste noire</term><termNote type="partOfSpeech">noun</termNote></tig>
              </langSet>
              <langSet xml:lang="en">
                <tig><term>blacklist</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
                <ntig><termGrp><term>black list</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termGrp></ntig>
              </langSet>
              <langSet xml:lang="de"><tig><term>schwarze Liste</term></tig></langSet>
            </termEntry>
            <termEntry id="e2">
              <langSet xml:lang="fr"><tig><term>ONG</term><note>sigle</note></tig></langSet>
            </termEntry>
            <termEntry id="e3">
              <langSet xml:lang="fr"><tig><term>droits de <hi>l'homme</hi></term></tig></langSet>
              <langSet xml:lang="en"><tig><term>human rights</term></tig></langSet>
            </termEntry>
          </body></text>
        </martif>
        """

    @Test func readsTBXv2AndTBXBasic() throws {
        let result = try read(Self.tbx2, .tbx, file: "g.tbx")
        #expect(result.terms.map(\.source) == ["liste noire", "liste noire", "droits de l'homme"])
        #expect(result.terms.map(\.target) == ["blacklist", "black list", "human rights"])
        #expect(result.terms.map(\.isApproved) == [true, false, true])
        #expect(result.terms[0].note == "US export restriction list")
        #expect(result.terms.map(\.provenance.line) == [9, 9, 21])
        #expect(result.skippedEntries == 1)
    }

    @Test func readsTBXv3() throws {
        let tbx = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tbx type="TBX-Basic" style="dca" xml:lang="fr" xmlns="urn:iso:std:iso:30042:ed-2">
              <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
              <text><body>
                <conceptEntry id="c1">
                  <langSec xml:lang="fr">
                    <termSec><term>vidéosurveillance</term></termSec>
                    <termSec><term>vidéoprotection</term><note>terme officiel</note></termSec>
                  </langSec>
                  <langSec xml:lang="en"><termSec><term>video surveillance</term></termSec></langSec>
                </conceptEntry>
              </body></text>
            </tbx>
            """
        let result = try read(tbx, .tbx)
        #expect(result.terms.map(\.source) == ["vidéosurveillance", "vidéoprotection"])
        #expect(result.terms.map(\.target) == ["video surveillance", "video surveillance"])
        #expect(result.terms.map(\.note) == [nil, "terme officiel"])
        #expect(result.terms.map(\.provenance.line) == [7, 8])
    }

    @Test func readsTheLanguagePairAsked() throws {
        let result = try read(Self.tbx2, .tbx, options: GlossaryReadOptions(sourceLanguage: LanguageTag("de")!, targetLanguage: .french))
        #expect(result.terms.map(\.source) == ["schwarze Liste"])
        #expect(result.terms.map(\.target) == ["liste noire"])
        #expect(result.terms.first?.sourceLanguage.identifier == "de")
    }

    @Test func structuralErrorsNameTheLine() {
        #expect(failure("<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"/>", .tbx, file: "g.tbx")?.description
                == "g.tbx:2: not a TBX document: the root element is <tmx>, expected <tbx> or <martif>")
        let noLang = "<martif>\n<text><body>\n<termEntry>\n<langSet>\n<tig><term>x</term></tig></langSet></termEntry></body></text></martif>"
        #expect(failure(noLang, .tbx, file: "g.tbx")?.description == "g.tbx:4: <langSet> without xml:lang")
        let empty = "<martif><text><body><termEntry>\n<langSet xml:lang=\"fr\">\n<tig><term> </term></tig></langSet></termEntry></body></text></martif>"
        #expect(failure(empty, .tbx, file: "g.tbx")?.description == "g.tbx:3: empty <term>")
        let noTerm = "<martif><text><body><termEntry>\n<langSet xml:lang=\"fr\">\n<tig><termNote type=\"x\">y</termNote></tig></langSet></termEntry></body></text></martif>"
        #expect(failure(noTerm, .tbx, file: "g.tbx")?.description == "g.tbx:3: <tig> without a <term>")
    }

    @Test func malformedXMLNamesLineAndColumn() throws {
        let broken = "<martif>\n<text><body>\n<termEntry><langSet xml:lang=\"fr\"><tig><term>x</tig>\n</body></text></martif>"
        let error = try #require(failure(broken, .tbx, file: "g.tbx"))
        #expect(error.file == "g.tbx")
        #expect(error.line == 3)
        #expect(error.column > 0)
    }

    @Test func hostileXMLIsRefused() throws {
        let internalEntity = """
            <?xml version="1.0"?>
            <!DOCTYPE martif [<!ENTITY t "liste noire">]>
            <martif><text><body><termEntry><langSet xml:lang="fr"><tig><term>&t;</term></tig></langSet></termEntry></body></text></martif>
            """
        #expect(failure(internalEntity, .tbx)?.description == "g:3: entity reference “&t;” is not allowed in a glossary")

        let external = """
            <?xml version="1.0"?>
            <!DOCTYPE martif [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <martif><text><body><termEntry><langSet xml:lang="fr"><tig><term>&secret;</term></tig></langSet>
            <langSet xml:lang="en"><tig><term>x</term></tig></langSet></termEntry></body></text></martif>
            """
        // Never fetched, never substituted: refused where it is used.
        #expect(failure(external, .tbx)?.description == "g:3: entity reference “&secret;” is not allowed in a glossary")

        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE martif [
              <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
              <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
            ]>
            <martif><text><body><termEntry><langSet xml:lang="fr"><tig><term>&d;</term></tig></langSet></termEntry></body></text></martif>
            """
        // libxml2's amplification guard or our entity refusal, whichever comes first.
        let message = try #require(failure(laughs, .tbx)?.message)
        #expect(message == "entity reference “&d;” is not allowed in a glossary" || message == "Detected an entity reference loop")
    }
}
