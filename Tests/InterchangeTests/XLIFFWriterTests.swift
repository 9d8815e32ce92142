import Foundation
import Interchange
import Testing
import TranslationMemory
import XMLSupport

/// What Tandem writes: an article as XLIFF 2.0/2.1/2.2 and 1.2 that validates and reads back.
@Suite struct XLIFFWriterTests {
    typealias A = InlineCode.Attribute

    /// An article the way the lead maps one: a group per paragraph, a unit per sentence,
    /// furniture not translatable, states, memory matches, claims on spans, provenance.
    static let article: BilingualDocument = {
        let claimComment = "Claim: sourced (citation status: verified). Source: statement of the department, August 2020."
        let title = BilingualUnit(id: "s0", source: SegmentText("Menu Fermer"), translate: false, notes: [BilingualNote(text: "page furniture", category: "furniture")])
        let first = BilingualUnit(
            id: "s1",
            source: SegmentText("Le département a suspendu son partenariat avec l’entreprise en août 2020."),
            target: SegmentText("The department suspended its partnership with the company in August 2020."),
            state: .reviewed,
            notes: [BilingualNote(text: "Check the date against the source.", category: "review", author: "Ana")],
            candidates: [
                TranslationCandidate(source: SegmentText("Le département a suspendu son partenariat."), target: SegmentText("The department suspended its partnership."), similarity: 0.82, origin: "tandem memory", type: "tm"),
                TranslationCandidate(source: SegmentText("Le département"), target: SegmentText("The department"), similarity: 0.4, origin: "tandem memory"),
            ],
            annotations: [
                // Nested spans: a claim and, inside it, a date.
                SourceAnnotation(id: "c1", range: 0..<41, kind: "claim", comment: claimComment),
                SourceAnnotation(id: "c2", range: 63..<72, kind: "claim", comment: "Claim: date, unsourced."),
            ],
            metadata: [BilingualMetadataGroup(category: "provenance", entries: [.init(type: "origin", value: "aligned"), .init(type: "creator", value: "Ana")])]
        )
        let second = BilingualUnit(
            id: "s2",
            source: SegmentText(elements: [
                .text("Double victoire contre "),
                .code(InlineCode(kind: .begin, attributes: [A(name: "i", value: "1")], content: [.data("<b>")])),
                .text("Huawei"),
                .code(InlineCode(kind: .end, attributes: [A(name: "i", value: "1")], content: [.data("</b>")])),
                .code(InlineCode(kind: .placeholder, content: [.data("<br/>")])),
                .text(" & « Ouïghours »\u{1}"),
            ]),
            target: SegmentText(elements: [
                .text("Double victory against "),
                .code(InlineCode(kind: .begin, attributes: [A(name: "i", value: "1")], content: [.data("<b>")])),
                .text("Huawei"),
                .code(InlineCode(kind: .end, attributes: [A(name: "i", value: "1")], content: [.data("</b>")])),
            ]),
            state: .translated,
            annotations: [
                // Crossing spans: XLIFF 2 needs <sm>/<em>, XLIFF 1.2 keeps them as notes only.
                SourceAnnotation(id: "c3", range: 0..<14, kind: "claim", comment: "first"),
                SourceAnnotation(id: "c4", range: 8..<29, kind: "claim", comment: "second"),
            ]
        )
        let third = BilingualUnit(id: "s3", source: SegmentText("Les liens seront ajoutés prochainement."), state: .initial)
        return BilingualDocument(sourceLanguage: "fr", targetLanguage: "en", files: [
            BilingualFile(
                id: "f1", original: "000_9519520b1cfbc68e",
                notes: [BilingualNote(id: "about", text: "Exported by Tandem.")],
                metadata: [
                    BilingualMetadataGroup(category: "tool", entries: [.init(type: "tool-id", value: "tandem"), .init(type: "tool-name", value: "Tandem"), .init(type: "tool-version", value: "0.1")]),
                    BilingualMetadataGroup(category: "phase", entries: [.init(type: "phase-name", value: "export"), .init(type: "process-name", value: "translation"), .init(type: "tool-id", value: "tandem")]),
                ],
                children: [
                    .unit(title),
                    .group(BilingualGroup(id: "p1", children: [.unit(first), .unit(second)])),
                    .group(BilingualGroup(id: "p2", children: [.unit(third)])),
                ]
            ),
        ])
    }()

    static let formats: [XLIFFWriter.Format] = [.xliff2("2.0"), .xliff2("2.1"), .xliff2("2.2"), .xliff12]

    @Test(arguments: formats)
    func readsBack(format: XLIFFWriter.Format) throws {
        let bytes = try XLIFFWriter.data(Self.article, format: format)
        let document = try XLIFFReader.read(bytes: bytes, documentName: "article.xlf")
        let units = document.allUnits
        let expected = Self.article.allUnits
        #expect(units.map(\.id) == expected.map(\.id))
        // XLIFF 1.2 cannot carry U+0001 (XLIFF 2 writes it as <cp hex="1"/>).
        let dropped: String = format == .xliff12 ? "\u{1}" : "\u{0}"
        let expectedSources: [String] = expected.map { $0.source.plainText.replacingOccurrences(of: dropped, with: "") }
        let sources: [String] = units.map(\.source.plainText)
        #expect(sources == expectedSources)
        let targets: [String?] = units.map { $0.target?.plainText }
        #expect(targets == expected.map { $0.target?.plainText })
        // XLIFF 1.2 keeps the state on <target>: a unit without one has none.
        let states: [BilingualState?] = units.map { $0.segments.first?.state }
        #expect(states == expected.map { format == .xliff12 && $0.target == nil ? nil : $0.segments.first?.state })
        #expect(units.map(\.translate) == [false, nil, nil, nil])
        #expect(units[1].candidates.map(\.similarity) == [0.82, 0.4])
        #expect(units[1].candidates.map(\.target.plainText) == ["The department suspended its partnership.", "The department"])
        // Each claim becomes a note the translator reads.
        #expect(units[1].notes.map(\.text).contains("Claim: date, unsourced."))
        let crossingNotes: [String] = units[2].notes.map(\.text).filter { ["first", "second"].contains($0) }
        #expect(crossingNotes == ["first", "second"])
        // Inline codes come back paired, with their native data.
        let codes = units[2].source.elements.compactMap { if case .code(let code) = $0 { code } else { nil } }
        #expect(codes.filter { $0.kind == .begin }.map(\.content) == [[.data("<b>")]])
        #expect(codes.filter { $0.kind == .end }.map(\.content) == [[.data("</b>")]])
        #expect(codes.filter { $0.kind == .placeholder }.map(\.content) == [[.data("<br/>")]])
        if format != .xliff12 {
            // Claims are on their spans: the nested ones as <mrk>, the crossing ones as <sm>/<em>.
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains("<mrk id=\"m-c1\" ref=\"#n=a-c1\" type=\"comment\">Le département a suspendu son partenariat</mrk>"))
            #expect(text.contains("<sm id=\"m-c3\" ref=\"#n=a-c3\" type=\"comment\"/>"))
            #expect(text.contains("<cp hex=\"0001\"/>"))
            #expect(units[1].metadata == expected[1].metadata)
            // Phases come before tools in a 1.2 header.
            #expect(Set(document.files[0].metadata) == Set(Self.article.files[0].metadata))
        } else {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text.contains("<mrk comment=\"Claim: sourced (citation status: verified). Source: statement of the department, August 2020.\" mid=\"c1\" mtype=\"x-tandem-claim\">Le département a suspendu son partenariat</mrk>"))
            #expect(text.contains("<tool tool-id=\"tandem\" tool-name=\"Tandem\" tool-version=\"0.1\"/>"))
            // Phases come before tools in a 1.2 header.
            #expect(Set(document.files[0].metadata) == Set(Self.article.files[0].metadata))
        }
    }

    @Test(.enabled(if: SharedData.canValidate, "needs ../shared/tools/validate-interchange, python3 and xmllint (apt-get install libxml2-utils)"),
          arguments: formats)
    func validates(format: XLIFFWriter.Format) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("article.xlf")
        try XLIFFWriter.write(Self.article, format: format, toFile: path)
        let result = try Tool.validate(path)
        #expect(result.status == 0, "\(result.text)")
    }

    @Test func refusesWhatCannotBeWritten() throws {
        var document = Self.article
        document.targetLanguage = nil
        #expect(throws: XLIFFWriteError.noTargetLanguage) { try XLIFFWriter.data(document, format: .xliff21) }
        let twice = BilingualDocument(sourceLanguage: "fr", targetLanguage: "en", files: [BilingualFile(id: "f", children: [
            .unit(BilingualUnit(id: "u", source: SegmentText("a"))), .unit(BilingualUnit(id: "u", source: SegmentText("b"))),
        ])])
        #expect(throws: XLIFFWriteError.duplicateUnit("u")) { try XLIFFWriter.data(twice, format: .xliff21) }
        #expect(throws: XLIFFWriteError.duplicateUnit("u")) { try XLIFFWriter.data(twice, format: .xliff12) }
        #expect(throws: XLIFFWriteError.unsupportedVersion("3.0")) { try XLIFFWriter.data(twice, format: .xliff2("3.0")) }
    }

    /// Every valid third-party sample, exported again in its own version, still validates
    /// (XLIFF 1.1 files are left out: written as 1.2, their extension attributes are ones
    /// the strict 1.2 schema refuses). One validator run for all files keeps this fast.
    @Test(.enabled(if: SharedData.canValidate, "needs ../shared/tools/validate-interchange, python3 and xmllint (apt-get install libxml2-utils)"))
    func sampleExportsValidate() throws {
        let directory = try TemporaryDirectory()
        var outputs: [String] = []
        for entry in XLIFFSampleTests.valid where entry.format != "xliff-1.1" {
            let document = try XLIFFReader.read(contentsOfFile: entry.url.path, documentName: entry.path)
            let output = directory.path(entry.path.replacingOccurrences(of: "/", with: "__"))
            try XLIFFWriter.write(document, format: XLIFFSamples.format(of: document), toFile: output)
            outputs.append(output)
        }
        #expect(outputs.count > 100)
        let result = try Tool.run(SharedData.validator, outputs)
        #expect(result.status == 0, "\(result.text)")
    }
}
