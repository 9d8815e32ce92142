import Foundation
import Interchange
import Testing
import TranslationMemory
import XMLSupport

/// What Tandem writes: valid TMX 1.4b that reads back as the same units.
@Suite struct TMXWriterTests {
    typealias A = InlineCode.Attribute

    /// A unit with every kind of metadata and inline code.
    static let richUnit = TranslationUnit(
        sourceLanguage: .french,
        targetLanguage: LanguageTag("en-GB")!,
        source: SegmentText(elements: [
            .code(InlineCode(kind: .begin, attributes: [A(name: "i", value: "1"), A(name: "x", value: "1"), A(name: "type", value: "bold")], content: [.data("<b>")])),
            .text("Huawei"),
            .code(InlineCode(kind: .end, attributes: [A(name: "i", value: "1")], content: [.data("</b>")])),
            .text(" & « Ouïghours » "),
            .code(InlineCode(kind: .placeholder, attributes: [A(name: "type", value: "image")], content: [
                .data("<img alt=\""), .sub(attributes: [A(name: "type", value: "alt")], text: SegmentText("légende")), .data("\">"),
            ])),
            .code(InlineCode(kind: .highlightBegin, attributes: [A(name: "type", value: "term")])),
            .text("Val-d’Oise"),
            .code(InlineCode(kind: .highlightEnd)),
            .code(InlineCode(kind: .isolated, attributes: [A(name: "pos", value: "end")], content: [.data("</i>")])),
            .code(InlineCode(kind: .unknown, content: [.data("{\\b}")])),
            .text(" a\r\nb\t<c>"),
        ]),
        target: SegmentText(elements: [
            .code(InlineCode(kind: .begin, attributes: [A(name: "i", value: "1"), A(name: "x", value: "1"), A(name: "type", value: "bold")], content: [.data("<b>")])),
            .text("Huawei"),
            .code(InlineCode(kind: .end, attributes: [A(name: "i", value: "1")], content: [.data("</b>")])),
            .text(" & “Uyghurs”"),
        ]),
        provenance: Provenance(
            origin: .imported, creator: "Ana", createdAt: TMXDate.parse("20201210T101500Z"),
            changedBy: "Ben", changedAt: TMXDate.parse("20201211T000000Z"), tool: "OmegaT"
        ),
        context: SegmentContext(previous: "Menu Fermer", next: "Première victoire."),
        location: SegmentLocation(article: "000_9519520b1cfbc68e", segment: 3),
        properties: [
            UnitProperty(part: .unit, type: "tmx:tuid", value: "42"),
            UnitProperty(part: .unit, type: "tmx:usagecount", value: "3"),
            UnitProperty(part: .unit, type: "x-project", value: "Tandem \"seeds\""),
            UnitProperty(part: .source, type: "tmx:creationid", value: "Source author"),
            UnitProperty(part: .target, type: "x-state", value: "final", language: "en"),
        ],
        notes: [
            UnitNote(part: .unit, text: "A <note> & more", language: "en"),
            UnitNote(part: .source, text: "Titre"),
            UnitNote(part: .target, text: "Headline"),
        ]
    )

    private func write(_ units: [TranslationUnit], level: TMXWriter.Level = .inlineCodes, sourceLanguage: String = "fr") throws -> [UInt8] {
        let writer = try TMXWriter(header: TMXWriter.header(sourceLanguage: sourceLanguage, level: level), level: level)
        for unit in units { try writer.write(unit) }
        return try writer.finish()
    }

    private func reimport(_ bytes: [UInt8]) throws -> [TranslationUnit] {
        let store = ArrayMemoryStore()
        let summary = try TMXImporter().importDocument(TMXReader(bytes: bytes, documentName: "written.tmx"), into: store)
        #expect(summary.rejected == 0, "\(summary.rejections)")
        return store.all.map(\.withoutIdentifier)
    }

    @Test func writesTandemsHeaderAndReadsBackTheSameUnit() throws {
        let bytes = try write([Self.richUnit])
        let reader = try TMXReader(bytes: bytes, documentName: "written.tmx")
        #expect(reader.header.version == "1.4")
        #expect(reader.header.creationTool == "Tandem")
        #expect(reader.header.creationToolVersion == TMXWriter.defaultToolVersion)
        #expect(reader.header.segmentType == "sentence")
        #expect(reader.header.originalFormat == "Tandem")
        #expect(reader.header.adminLanguage == "en")
        #expect(reader.header.sourceLanguage == "fr")
        #expect(reader.header.dataType == "unknown")
        #expect(reader.header.creationDate != nil)
        #expect(try reimport(bytes) == [Self.richUnit])
    }

    @Test func levelOneWritesPlainTextAndLevelTwoTheCodes() throws {
        let plain = String(decoding: try write([Self.richUnit], level: .plainText), as: UTF8.self)
        #expect(!plain.contains("<bpt") && !plain.contains("<ph") && !plain.contains("<hi"))
        #expect(plain.contains("datatype=\"plaintext\""))
        let units = try reimport(Array(plain.utf8))
        #expect(units.first?.source == SegmentText(Self.richUnit.source.plainText))
        #expect(units.first?.source.plainText == "Huawei & « Ouïghours » Val-d’Oise a\r\nb\t<c>")

        let coded = String(decoding: try write([Self.richUnit], level: .inlineCodes), as: UTF8.self)
        #expect(coded.contains(#"<seg><bpt i="1" type="bold" x="1">&lt;b&gt;</bpt>Huawei<ept i="1">&lt;/b&gt;</ept>"#))
        #expect(coded.contains(#"<ph type="image">&lt;img alt=&quot;<sub type="alt">légende</sub>&quot;&gt;</ph><hi type="term">Val-d’Oise</hi><it pos="end">&lt;/i&gt;</it><ut>{\b}</ut>"#))
        #expect(coded.contains(" a&#13;\nb\t&lt;c&gt;</seg>"))
    }

    /// Characters XML forbids, in a segment, an attribute and a note.
    static let controlCharacters = TranslationUnit(
        sourceLanguage: .french, targetLanguage: .english,
        source: SegmentText("bip\u{7} \u{0}nul \u{1B}[0m \u{FFFE}"), target: SegmentText("beep\u{7}"),
        provenance: Provenance(creator: "a\u{1}b"),
        notes: [UnitNote(text: "\u{8}")]
    )

    @Test func charactersXMLForbidsBecomeReplacementCharacters() throws {
        let unit = Self.controlCharacters
        let writer = try TMXWriter(header: TMXWriter.header(sourceLanguage: "fr"))
        try writer.write(unit)
        let bytes = try writer.finish()
        #expect(writer.replacedCharacters == 7)
        let read = try #require(try reimport(bytes).first)
        #expect(read.source.plainText == "bip\u{FFFD} \u{FFFD}nul \u{FFFD}[0m \u{FFFD}")
        #expect(read.provenance.creator == "a\u{FFFD}b")
        #expect(read.notes.first?.text == "\u{FFFD}")
    }

    /// Begin and end codes without partners or identifiers, an `it` without `pos`,
    /// highlights that do not nest.
    static let unpairedCodes = TranslationUnit(
            sourceLanguage: .french, targetLanguage: .english,
            source: SegmentText(elements: [
                .code(InlineCode(kind: .begin, content: [.data("<a>")])),       // no i: paired with the next end
                .text("lien"),
                .code(InlineCode(kind: .end, content: [.data("</a>")])),
                .code(InlineCode(kind: .begin, attributes: [A(name: "i", value: "1")], content: [.data("<b>")])),  // never closed
                .text("gras"),
                .code(InlineCode(kind: .end, attributes: [A(name: "i", value: "7")], content: [.data("</i>")])),   // never opened
                .code(InlineCode(kind: .isolated, content: [.data("<br>")])),  // no pos
                .code(InlineCode(kind: .highlightEnd)),                         // closes nothing
                .code(InlineCode(kind: .highlightBegin)),                       // never closed
                .text("fin"),
            ]),
            target: SegmentText("x")
        )

    @Test func codesWithoutPartnerOrIdentifierStillMakeValidPairs() throws {
        let text = String(decoding: try write([Self.unpairedCodes]), as: UTF8.self)
        #expect(text.contains(#"<seg><bpt i="2">&lt;a&gt;</bpt>lien<ept i="2">&lt;/a&gt;</ept><it pos="begin">&lt;b&gt;</it>gras<it pos="end">&lt;/i&gt;</it><it pos="begin">&lt;br&gt;</it><hi>fin</hi></seg>"#))
    }

    /// Dates, a `segtype` and language tags TMX refuses.
    static let refusedValues = TranslationUnit(
            sourceLanguage: .french, targetLanguage: .english,
            source: SegmentText("a"), target: SegmentText("b"),
            properties: [
                UnitProperty(part: .unit, type: "tmx:segtype", value: "word"),
                UnitProperty(part: .unit, type: "tmx:lastusagedate", value: "yesterday"),
                UnitProperty(part: .target, type: "tmx:changedate", value: "2020-01-01"),
                UnitProperty(part: .unit, type: "x-kept", value: "v", language: "EN_us"),
            ],
            notes: [UnitNote(text: "n", language: "not a tag")]
        )

    @Test func valuesTMXRefusesAreLeftOut() throws {
        let text = String(decoding: try write([Self.refusedValues]), as: UTF8.self)
        #expect(!text.contains("segtype=\"word\"") && !text.contains("yesterday") && !text.contains("2020-01-01"))
        #expect(text.contains(#"<prop type="x-kept" xml:lang="en-US">v</prop>"#))
        #expect(text.contains("<note>n</note>"))
    }

    /// Units in three source languages.
    static let mixedSources = [
            TranslationUnit(sourceLanguage: .french, targetLanguage: .english, source: SegmentText("Bonjour"), target: SegmentText("Hello")),
            TranslationUnit(sourceLanguage: .english, targetLanguage: .french, source: SegmentText("Thanks"), target: SegmentText("Merci")),
            TranslationUnit(sourceLanguage: LanguageTag("fr-CA")!, targetLanguage: .english, source: SegmentText("Char"), target: SegmentText("Car")),
        ]

    @Test func aUnitInAnotherSourceLanguageNamesItsOwn() throws {
        for header in ["fr", "*all*"] {
            let bytes = try write(Self.mixedSources, sourceLanguage: header)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains(#"<tu srclang="en">"#))
            #expect(text.contains(#"<tu srclang="fr-CA">"#))
            #expect(text.contains(#"<tu srclang="fr">"#) == (header == "*all*"))
            #expect(try reimport(bytes).map(\.source.plainText) == ["Bonjour", "Thanks", "Char"])
        }
    }

    /// Each document above, checked by the TMX 1.4b DTD and the rules of
    /// `validate-interchange`.
    struct Written: CustomTestStringConvertible, Sendable {
        var name: String
        var units: [TranslationUnit]
        var level: TMXWriter.Level
        var sourceLanguage = "fr"
        var testDescription: String { name }
    }

    static let written: [Written] = [
        Written(name: "rich unit, level 1", units: [richUnit], level: .plainText),
        Written(name: "rich unit, level 2", units: [richUnit], level: .inlineCodes),
        Written(name: "control characters", units: [controlCharacters], level: .inlineCodes),
        Written(name: "unpaired codes", units: [unpairedCodes], level: .inlineCodes),
        Written(name: "refused values", units: [refusedValues], level: .inlineCodes),
        Written(name: "mixed sources, srclang fr", units: mixedSources, level: .inlineCodes),
        Written(name: "mixed sources, srclang *all*", units: mixedSources, level: .inlineCodes, sourceLanguage: "*all*"),
    ]

    @Test(.enabled(if: SharedData.canValidate, "needs ../shared/tools/validate-interchange, python3 and xmllint (libxml2-utils)"), arguments: written)
    func whatTandemWritesIsValidTMX14b(_ document: Written) throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("written.tmx", try write(document.units, level: document.level, sourceLanguage: document.sourceLanguage))
        let result = try Tool.validate(path)
        #expect(result.status == 0, "\(result.text)")
        #expect(result.text.contains("OK (tmx, grammar tmx-1.4b/tmx14.dtd)"), "\(result.text)")
    }
}
