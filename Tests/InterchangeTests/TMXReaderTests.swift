import Foundation
import Interchange
import Testing
import TranslationMemory

/// The TMX variants other tools write, read into units.
@Suite struct TMXReaderTests {
    @Test func readsATMX14UnitWithItsHeader() throws {
        let document = tmx14(frenchEnglishTU("Le chat dort.", "The cat sleeps.", attributes: #" tuid="7""#))
        let reader = try TMXReader(string: document, documentName: "cat.tmx")
        #expect(reader.header.version == "1.4")
        #expect(reader.header.sourceLanguage == "fr")
        #expect(reader.header.creationTool == "TestTool")
        #expect(reader.header.segmentType == "sentence")
        let tu = try #require(try reader.next())
        #expect(tu.identifier == "7")
        #expect(tu.line == 6)
        #expect(tu.variants.map(\.language) == ["fr", "en"])
        #expect(tu.variants.map { $0.segment?.plainText } == ["Le chat dort.", "The cat sleeps."])
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)

        let (store, summary) = try importTMX(document)
        #expect(summary.translationUnitsRead == 1)
        #expect(summary.added == 1)
        #expect(summary.rejected == 0)
        let unit = try #require(store.all.first)
        #expect(unit.sourceLanguage == .french)
        #expect(unit.targetLanguage == .english)
        #expect(unit.source == SegmentText("Le chat dort."))
        #expect(unit.target == SegmentText("The cat sleeps."))
        #expect(unit.provenance.origin == .imported)
        #expect(unit.provenance.tool == "TestTool")
        #expect(unit.properties == [UnitProperty(part: .unit, type: "tmx:tuid", value: "7")])
    }

    @Test func readsTMX11WithLangInsteadOfXMLLang() throws {
        let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE tmx SYSTEM "tmx11.dtd">
        <tmx version="1.1">
          <header creationtool="OmegaT" o-tmf="OmegaT TMX" adminlang="EN-US" datatype="plaintext" creationtoolversion="4" segtype="sentence" srclang="EN-US"/>
          <body>
            <tu>
              <tuv lang="EN-US"><seg>Hello World!</seg></tuv>
              <tuv lang="FR-CA"><seg>Bonjour le monde !</seg></tuv>
            </tu>
          </body>
        </tmx>
        """
        let (store, summary) = try importTMX(document)
        #expect(summary.header.version == "1.1")
        #expect(summary.added == 1)
        let unit = try #require(store.all.first)
        #expect(unit.sourceLanguage.identifier == "en-US")
        #expect(unit.targetLanguage.identifier == "fr-CA")
        #expect(unit.target.plainText == "Bonjour le monde !")
    }

    @Test func srclangAllMakesEveryVariantASource() throws {
        let document = tmx14(srclang: "*all*", """
            <tu>
              <tuv xml:lang="fr"><seg>Bonjour</seg></tuv>
              <tuv xml:lang="en"><seg>Hello</seg></tuv>
              <tuv xml:lang="de"><seg>Hallo</seg></tuv>
            </tu>
        """)
        let (store, summary) = try importTMX(document)
        #expect(summary.unitsRead == 6)
        let pairs = Set(store.all.map { "\($0.sourceLanguage)>\($0.targetLanguage):\($0.source.plainText)>\($0.target.plainText)" })
        #expect(pairs == [
            "fr>en:Bonjour>Hello", "fr>de:Bonjour>Hallo", "en>fr:Hello>Bonjour",
            "en>de:Hello>Hallo", "de>fr:Hallo>Bonjour", "de>en:Hallo>Hello",
        ])
        // The language filter keeps one direction.
        let filtered = try importTMX(document, options: TMXImportOptions(sourceLanguage: .french, targetLanguage: .english))
        #expect(filtered.store.all.map(\.target.plainText) == ["Hello"])
        #expect(filtered.summary.skipped == 5)
    }

    @Test func severalVariantsGiveOneUnitPerSourceTargetPair() throws {
        let document = tmx14(srclang: "en-US", """
            <tu>
              <tuv xml:lang="en-US"><seg>Hello World!</seg></tuv>
              <tuv xml:lang="es"><seg>¡Hola Mundo!</seg></tuv>
              <tuv xml:lang="fr-CA"><seg>Bonjour le monde !</seg></tuv>
              <tuv xml:lang="fr-CA"><seg>Bonjour tout le monde !</seg></tuv>
              <tuv xml:lang="en-US"><seg>Hello, World!</seg></tuv>
            </tu>
        """)
        let (store, summary) = try importTMX(document)
        // The second en-US variant is neither a source nor a target.
        #expect(summary.unitsRead == 3)
        #expect(store.all.map { "\($0.targetLanguage):\($0.target.plainText)" } == [
            "es:¡Hola Mundo!", "fr-CA:Bonjour le monde !", "fr-CA:Bonjour tout le monde !",
        ])
        #expect(store.all.allSatisfy { $0.source.plainText == "Hello World!" })
    }

    @Test func aSourceTagWithoutRegionFindsTheRegionalVariantAndTheReverse() throws {
        let en = tmx14(srclang: "en", """
            <tu><tuv xml:lang="en-GB"><seg>colour</seg></tuv><tuv xml:lang="fr"><seg>couleur</seg></tuv></tu>
        """)
        #expect(try importTMX(en).store.all.map(\.sourceLanguage.identifier) == ["en-GB"])
        let enUS = tmx14(srclang: "en-US", """
            <tu><tuv xml:lang="fr"><seg>couleur</seg></tuv><tuv xml:lang="en"><seg>color</seg></tuv></tu>
        """)
        #expect(try importTMX(enUS).store.all.map(\.source.plainText) == ["color"])
    }

    @Test func readsUTF16WithAByteOrderMarkInBothByteOrders() throws {
        let text = """
        <?xml version="1.0" encoding="UTF-16"?>
        <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="fr" datatype="plaintext"/>
        <body><tu><tuv xml:lang="fr"><seg>Ouïghours — 𝄞</seg></tuv><tuv xml:lang="en"><seg>Uyghurs — 𝄞</seg></tuv></tu></body></tmx>
        """
        let directory = try TemporaryDirectory()
        for bigEndian in [false, true] {
            let path = try directory.write("utf16-\(bigEndian).tmx", utf16(text, bigEndian: bigEndian))
            let store = ArrayMemoryStore()
            let summary = try TMXImporter().importFile(at: path, into: store)
            #expect(summary.added == 1)
            #expect(store.all.first?.source.plainText == "Ouïghours — 𝄞")
            #expect(store.all.first?.target.plainText == "Uyghurs — 𝄞")
        }
        // UTF-8 with a byte-order mark too.
        let path = try directory.write("utf8-bom.tmx", [0xEF, 0xBB, 0xBF] + Array(tmx14(frenchEnglishTU("été", "summer")).utf8))
        let store = ArrayMemoryStore()
        _ = try TMXImporter().importFile(at: path, into: store)
        #expect(store.all.first?.source.plainText == "été")
    }

    @Test(.enabled(if: Tool.exists("gzip") && Tool.exists("xz"), "needs gzip and xz"))
    func readsGzipAndXzCompressedFiles() throws {
        let directory = try TemporaryDirectory()
        let body = (1...30).map { frenchEnglishTU("Phrase \($0)", "Sentence \($0)") }.joined(separator: "\n")
        for (tool, suffix) in [("gzip", "gz"), ("xz", "xz")] {
            let path = try directory.write("memory-\(tool).tmx", tmx14(body))
            let run = try Tool.run(URL(fileURLWithPath: "/usr/bin/env"), [tool, path])
            try #require(run.status == 0, "\(run.text)")
            var reports: [TMXImportProgress] = []
            let store = ArrayMemoryStore()
            let summary = try TMXImporter().importFile(at: path + "." + suffix, into: store) { reports.append($0) }
            #expect(summary.added == 30)
            #expect(store.all.last?.target.plainText == "Sentence 30")
            #expect(reports.last?.totalBytes == nil)
        }
    }

    @Test func mapsEveryInlineElementLosslessly() throws {
        // From the LISA compliance kit (ImportTest2C), with an ut and an empty hi added.
        let seg = """
        <seg><it x="1" pos="begin" type="italic">&lt;I></it><bpt x="2" i="1" type="bold">&lt;B></bpt>Click \
        <ph x="3" type="image" assoc="b">&lt;IMG ALT="<sub type="alt" datatype="html">Start <ph x="9">{0}</ph> here</sub>"></ph> to \
        <hi type="verb" x="4">start <hi x="5">now</hi></hi>.<ept i="1">&lt;/B></ept><ut x="6">{\\b}</ut><hi/></seg>
        """
        let document = tmx14(srclang: "en", """
            <tu><tuv xml:lang="en">\(seg)</tuv><tuv xml:lang="fr"><seg>Cliquez</seg></tuv></tu>
        """)
        let (store, _) = try importTMX(document)
        let source = try #require(store.all.first?.source)
        typealias A = InlineCode.Attribute
        let expected = SegmentText(elements: [
            .code(InlineCode(kind: .isolated, attributes: [A(name: "x", value: "1"), A(name: "pos", value: "begin"), A(name: "type", value: "italic")], content: [.data("<I>")])),
            .code(InlineCode(kind: .begin, attributes: [A(name: "x", value: "2"), A(name: "i", value: "1"), A(name: "type", value: "bold")], content: [.data("<B>")])),
            .text("Click "),
            .code(InlineCode(kind: .placeholder, attributes: [A(name: "x", value: "3"), A(name: "type", value: "image"), A(name: "assoc", value: "b")], content: [
                .data("<IMG ALT=\""),
                .sub(attributes: [A(name: "type", value: "alt"), A(name: "datatype", value: "html")], text: SegmentText(elements: [
                    .text("Start "), .code(InlineCode(kind: .placeholder, attributes: [A(name: "x", value: "9")], content: [.data("{0}")])), .text(" here"),
                ])),
                .data("\">"),
            ])),
            .text(" to "),
            .code(InlineCode(kind: .highlightBegin, attributes: [A(name: "type", value: "verb"), A(name: "x", value: "4")])),
            .text("start "),
            .code(InlineCode(kind: .highlightBegin, attributes: [A(name: "x", value: "5")])),
            .text("now"),
            .code(InlineCode(kind: .highlightEnd)),
            .code(InlineCode(kind: .highlightEnd)),
            .text("."),
            .code(InlineCode(kind: .end, attributes: [A(name: "i", value: "1")], content: [.data("</B>")])),
            .code(InlineCode(kind: .unknown, attributes: [A(name: "x", value: "6")], content: [.data("{\\b}")])),
            .code(InlineCode(kind: .highlightBegin)),
            .code(InlineCode(kind: .highlightEnd)),
        ])
        #expect(source == expected)
        #expect(source.plainText == "Click  to start now.")
    }

    @Test func keepsPropertiesAndNotesWithTheirPart() throws {
        let document = tmx14("""
            <tu tuid="u1" usagecount="3" lastusagedate="20200101T000000Z" datatype="html" segtype="phrase" o-tmf="x" o-encoding="latin1" creationtoolversion="9">
              <note xml:lang="en">unit note</note>
              <prop type="x-project">Tandem</prop>
              <prop type="prev">Phrase précédente.</prop>
              <prop type="next">Phrase suivante.</prop>
              <prop type="x-tandem-article">000_9519520b1cfbc68e</prop>
              <prop type="x-tandem-segment">4</prop>
              <tuv xml:lang="fr" usagecount="1">
                <note>source note</note>
                <prop type="x-domain" lang="fr">politique</prop>
                <seg>Bonjour</seg>
              </tuv>
              <tuv xml:lang="en">
                <prop type="x-state">final</prop>
                <note lang="en">target note</note>
                <seg>Hello</seg>
              </tuv>
            </tu>
        """)
        let unit = try #require(try importTMX(document).store.all.first)
        #expect(unit.properties == [
            UnitProperty(part: .unit, type: "tmx:tuid", value: "u1"),
            UnitProperty(part: .unit, type: "tmx:o-encoding", value: "latin1"),
            UnitProperty(part: .unit, type: "tmx:datatype", value: "html"),
            UnitProperty(part: .unit, type: "tmx:usagecount", value: "3"),
            UnitProperty(part: .unit, type: "tmx:lastusagedate", value: "20200101T000000Z"),
            UnitProperty(part: .unit, type: "tmx:creationtoolversion", value: "9"),
            UnitProperty(part: .unit, type: "tmx:segtype", value: "phrase"),
            UnitProperty(part: .unit, type: "tmx:o-tmf", value: "x"),
            UnitProperty(part: .unit, type: "x-project", value: "Tandem"),
            UnitProperty(part: .source, type: "tmx:usagecount", value: "1"),
            UnitProperty(part: .source, type: "x-domain", value: "politique", language: "fr"),
            UnitProperty(part: .target, type: "x-state", value: "final"),
        ])
        #expect(unit.notes == [
            UnitNote(part: .unit, text: "unit note", language: "en"),
            UnitNote(part: .source, text: "source note"),
            UnitNote(part: .target, text: "target note", language: "en"),
        ])
        #expect(unit.context == SegmentContext(previous: "Phrase précédente.", next: "Phrase suivante."))
        #expect(unit.location == SegmentLocation(article: "000_9519520b1cfbc68e", segment: 4))
    }

    @Test func provenanceComesFromTheUnitThenTheTargetThenTheSourceThenTheHeader() throws {
        let document = tmx14(headerExtras: #" creationdate="20000101T000000Z" creationid="header""#, """
            <tu creationdate="20020523T091200Z" changeid="reviewer">
              <tuv xml:lang="fr" creationid="source-author" changedate="20030101T120000Z" creationtool="SourceTool"><seg>Bonjour</seg></tuv>
              <tuv xml:lang="en" creationid="translator" creationdate="20010101T000000Z" changeid="reviewer"><seg>Hello</seg></tuv>
            </tu>
            <tu><tuv xml:lang="fr"><seg>Merci</seg></tuv><tuv xml:lang="en"><seg>Thanks</seg></tuv></tu>
        """)
        let units = try importTMX(document).store.all
        let provenance = units[0].provenance
        #expect(provenance.creator == "translator")
        #expect(provenance.createdAt == Date(timeIntervalSince1970: 1_022_145_120))
        #expect(provenance.changedBy == "reviewer")
        #expect(provenance.changedAt == TMXDate.parse("20030101T120000Z"))
        #expect(provenance.tool == "SourceTool")
        // What the provenance does not hold stays a property of its part; what it holds is not kept twice.
        #expect(units[0].properties == [
            UnitProperty(part: .source, type: "tmx:creationid", value: "source-author"),
            UnitProperty(part: .target, type: "tmx:creationdate", value: "20010101T000000Z"),
        ])
        // The header's dates describe the document, not the units; its tool is the default.
        #expect(units[1].provenance == Provenance(origin: .imported, tool: "TestTool"))
    }

    @Test func aUnitsSrclangOverridesTheHeaders() throws {
        let document = tmx14(srclang: "fr", """
            <tu srclang="en"><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu>
        """)
        let unit = try #require(try importTMX(document).store.all.first)
        #expect(unit.sourceLanguage == .english)
        #expect(unit.source.plainText == "Hello")
    }

    @Test func keepsWhitespaceCharacterReferencesAndCDATAInSegments() throws {
        let document = tmx14(frenchEnglishTU("  deux  espaces\n&#13;&#x9;<![CDATA[<b> & ]]>fin ", "x"))
        let unit = try #require(try importTMX(document).store.all.first)
        #expect(unit.source == SegmentText("  deux  espaces\n\r\t<b> & fin "))
    }

    @Test func identicalUnitsAreMergedAndAlternativesKept() throws {
        let document = tmx14(
            frenchEnglishTU("Bonjour", "Hello") + frenchEnglishTU("Bonjour", "Hello") + frenchEnglishTU("Bonjour", "Good morning")
        )
        let (store, summary) = try importTMX(document)
        #expect(summary.unitsRead == 3)
        #expect(summary.added == 2)
        #expect(summary.merged == 1)
        #expect(store.all.map(\.target.plainText) == ["Hello", "Good morning"])
    }

    @Test func reportsProgressWithBytesAndUnits() throws {
        let directory = try TemporaryDirectory()
        let body = (1...25).map { frenchEnglishTU("Phrase \($0)", "Sentence \($0)") }.joined(separator: "\n")
        let path = try directory.write("progress.tmx", tmx14(body))
        var reports: [TMXImportProgress] = []
        let summary = try TMXImporter(progressInterval: 10).importFile(at: path, into: ArrayMemoryStore()) { reports.append($0) }
        #expect(summary.added == 25)
        #expect(reports.map(\.translationUnitsRead) == [10, 20, 25])
        #expect(reports.last?.unitsStored == 25)
        #expect(reports.last?.fractionCompleted.map { $0 > 0.9 } == true)
    }
}

@Suite struct TMXDateTests {
    @Test func parsesAndFormatsTMXDates() throws {
        let date = try #require(TMXDate.parse("20020523T091200Z"))
        #expect(date == Date(timeIntervalSince1970: 1_022_145_120))
        #expect(TMXDate.format(date) == "20020523T091200Z")
        for text in ["19700101T000000Z", "20000229T235959Z", "19691231T235959Z", "99991231T235959Z", "00010101T000000Z"] {
            #expect(TMXDate.parse(text).map(TMXDate.format) == text)
        }
        #expect(TMXDate.format(Date(timeIntervalSince1970: 1.9)) == "19700101T000001Z")
    }

    @Test func rejectsWhatIsNotATMXDate() {
        for text in ["2002-05-23T09:12:00Z", "20020523T091200", "20020523 091200Z", "20021323T091200Z",
                     "20010229T000000Z", "20020431T000000Z", "20020523T241200Z", "20020523T096000Z", "", "2002052AT091200Z"] {
            #expect(TMXDate.parse(text) == nil, "\(text)")
        }
    }
}
