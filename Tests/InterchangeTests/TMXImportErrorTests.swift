import Foundation
import Interchange
import Testing
import TranslationMemory
import XMLSupport

/// Files that fail, units that are rejected, and the guarantee that a failed import
/// stores nothing.
@Suite struct TMXImportErrorTests {
    @Test func aMalformedFileFailsWithFileLineColumnAndReason() throws {
        let document = tmx14(frenchEnglishTU("Bonjour", "Hello") + "\n    <tu><tuv xml:lang=\"fr\"><seg>Oups</tuv></tu>")
        let error = try #require(throws: XMLParseError.self) { try importTMX(document, name: "broken.tmx") }
        #expect(error.file == "broken.tmx")
        // libxml2 points just after the end tag that does not match.
        #expect(error.line == 10)
        #expect(error.column == 43)
        #expect(error.description == "broken.tmx:10:43: Opening and ending tag mismatch: seg line 10 and tuv")
    }

    @Test func aFileThatIsNotTMXFails() throws {
        let cases: [(document: String, message: String)] = [
            ("<xliff version=\"1.2\"/>", "not a TMX document: the root element is <xliff>, not <tmx>"),
            ("<tmx version=\"2.0\"><header/><body/></tmx>", "TMX version 2.0 is not supported (TMX 1.1 to 1.4b are)"),
            ("<tmx version=\"1.4\"><body/></tmx>", "<body> comes before <header>"),
            ("<tmx version=\"1.4\">\n<header srclang=\"fr\"/>\n</tmx>", "<tmx> has no <body>"),
            ("<tmx version=\"1.4\"><header/><body><tuv/></body></tmx>", "unexpected <tuv> in <body> (only <tu> may stand there)"),
            ("<tmx version=\"1.4\"><header/><body/><body/></tmx>", "unexpected <body> after <body>"),
            ("", "the document is empty"),
        ]
        for (document, message) in cases {
            let error = #expect(throws: XMLParseError.self, "\(document)") { try importTMX(document, name: "x.tmx") }
            #expect(error?.message == message)
            #expect(error?.file == "x.tmx")
        }
        let error = try #require(throws: XMLParseError.self) {
            try importTMX("<tmx version=\"1.4\">\n<header srclang=\"fr\"/>\n</tmx>")
        }
        #expect(error.line == 3)
    }

    @Test func aMissingEmptyOrTruncatedFileFailsClearly() throws {
        let directory = try TemporaryDirectory()
        let complete = tmx14(frenchEnglishTU("Bonjour", "Hello"))
        let cases: [(path: String, description: String)] = [
            ("/nonexistent/memory.tmx", "/nonexistent/memory.tmx: no such file"),
            (directory.url.path, "\(directory.url.path): is a directory, not a file"),
            (try directory.write("empty.tmx", ""), "\(directory.path("empty.tmx")):1:1: the document has no root element (is it empty, or not XML?)"),
            // Cut just after the first </tu> (line 9): the file ends inside <body>.
            (try directory.write("cut.tmx", String(complete[..<complete.range(of: "</tu>")!.upperBound])),
             "\(directory.path("cut.tmx")):9:10: the document ends before its root element is closed, or goes on after it (is it truncated?)"),
        ]
        for (path, description) in cases {
            let store = ArrayMemoryStore()
            let error = #expect(throws: XMLParseError.self) { try TMXImporter().importFile(at: path, into: store) }
            #expect(error?.description == description)
            #expect(store.all.isEmpty)
        }
    }

    /// Each of these spoils one `<tu>` only: it is left out with its reason and line,
    /// and the good units around it are imported.
    @Test(arguments: [
        ("<tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv><tuv xml:lang=\"en\"></tuv></tu>", "<tuv xml:lang=\"en\"> has no <seg>"),
        ("<tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv><tuv><seg>b</seg></tuv></tu>", "<tuv> has no xml:lang"),
        ("<tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv><tuv xml:lang=\"e n\"><seg>b</seg></tuv></tu>", "<tuv xml:lang=\"e n\">: not a language tag"),
        ("<tu creationdate=\"2020-01-01\"><tuv xml:lang=\"fr\"><seg>a</seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>", "<tu creationdate=\"2020-01-01\">: not a TMX date (YYYYMMDDThhmmssZ)"),
        ("<tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv><tuv xml:lang=\"en\" changedate=\"20201301T000000Z\"><seg>b</seg></tuv></tu>", "<tuv changedate=\"20201301T000000Z\">: not a TMX date (YYYYMMDDThhmmssZ)"),
        ("<tu segtype=\"word\"><tuv xml:lang=\"fr\"><seg>a</seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>", "<tu segtype=\"word\">: not one of block, paragraph, sentence, phrase"),
        ("<tu><tuv xml:lang=\"de\"><seg>a</seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>", "no <tuv> in the source language fr (the <tu> has: de, en)"),
        ("<tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv></tu>", "<tu> has no <tuv> in a language other than its source language"),
        ("<tu></tu>", "<tu> has no <tuv>"),
        ("<tu><tuv xml:lang=\"fr\"><seg> \n </seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>", "the source segment is empty"),
        ("<tu><tuv xml:lang=\"fr\"><seg>a<b>gras</b></seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>", "unexpected <b> in <seg>"),
        ("<tu><tuv xml:lang=\"fr\"><seg>a<bpt>x</bpt></seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>", "<bpt> has no 'i' attribute"),
        ("<tu><tuv xml:lang=\"fr\"><seg>a<it>x</it></seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>", "<it> needs pos=\"begin\" or pos=\"end\""),
        ("<tu><tuv xml:lang=\"fr\"><seg>a</seg><seg>c</seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv></tu>", "<tuv> has more than one <seg>"),
        ("<tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv><tuv xml:lang=\"en\"><seg>b</seg></tuv><foo/></tu>", "unexpected <foo> in <tu>"),
    ])
    func aUnitWithAProblemIsRejectedWithItsReason(badUnit: String, reason: String) throws {
        let document = tmx14(frenchEnglishTU("avant", "before") + "\n    " + badUnit + "\n" + frenchEnglishTU("après", "after"))
        let (store, summary) = try importTMX(document)
        #expect(store.all.map(\.source.plainText) == ["avant", "après"])
        #expect(summary.rejected == 1)
        #expect(summary.rejections == [TMXRejection(line: 10, identifier: nil, reason: reason)])

        // Strict: the same unit fails the whole import, and nothing is stored.
        let store2 = ArrayMemoryStore()
        let error = try #require(throws: XMLParseError.self) {
            try TMXImporter(TMXImportOptions(strict: true)).importDocument(TMXReader(string: document, documentName: "strict.tmx"), into: store2)
        }
        #expect(error.description == "strict.tmx:10: \(reason)")
        #expect(store2.all.isEmpty)
    }

    @Test func rejectionLinesStayExactBeyondLine65535() throws {
        // libxml2 stores element lines in 16 bits; the reader recovers the real line.
        let body = (1...17_000).map { index in
            switch index {
            case 16_500: frenchEnglishTU("a", "b", attributes: #" creationdate="bad""#)
            case 16_600: frenchEnglishTU("a", "b").replacingOccurrences(of: #"<tuv xml:lang="en">"#, with: #"<tuv xml:lang="en" changedate="bad">"#)
            default: frenchEnglishTU("Phrase \(index)", "Sentence \(index)")
            }
        }.joined(separator: "\n")
        let reader = try TMXReader(string: tmx14(body), documentName: "long.tmx")
        let mapper = TMXUnitMapper(header: reader.header)
        var rejections: [TMXRejection] = []
        var units = 0
        while let tu = try reader.next() {
            let mapping = mapper.units(from: tu)
            rejections += mapping.rejections
            units += mapping.units.count
        }
        #expect(units == 16_998)
        // <tu> number n starts on line 6 + 4 (n - 1); its second <tuv> two lines later.
        #expect(rejections.map(\.line) == [6 + 4 * 16_499, 6 + 4 * 16_599 + 2])
    }

    @Test func aUnitWithoutAnySourceLanguageIsRejectedUnlessADefaultIsGiven() throws {
        let document = """
        <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"/>
        <body><tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu></body></tmx>
        """
        let rejected = try importTMX(document)
        #expect(rejected.summary.rejections.map(\.reason) == ["no source language: neither the <tu> nor the <header> has srclang"])
        let imported = try importTMX(document, options: TMXImportOptions(defaultSourceLanguage: .french))
        #expect(imported.store.all.map(\.source.plainText) == ["Bonjour"])
    }

    @Test func aFileWithAnErrorAfterAHundredGoodUnitsStoresNothing() throws {
        let good = (1...100).map { frenchEnglishTU("Phrase numéro \($0).", "Sentence number \($0).") }.joined(separator: "\n")
        let directory = try TemporaryDirectory()
        let store = ArrayMemoryStore([TranslationUnit(sourceLanguage: .french, targetLanguage: .english, source: SegmentText("Déjà là"), target: SegmentText("Already there"))])

        // Not well-formed after the 100th unit...
        let broken = try directory.write("broken.tmx", tmx14(good + "\n    <tu><tuv xml:lang=\"fr\"><seg>a &amp b</seg></tuv></tu>"))
        let error = try #require(throws: XMLParseError.self) { try TMXImporter().importFile(at: broken, into: store) }
        #expect(error.file == broken)
        #expect(error.line == 406)
        #expect(store.all.map(\.source.plainText) == ["Déjà là"])

        // ... or after the closing </body> ...
        let trailing = try directory.write("trailing.tmx", tmx14(good).replacingOccurrences(of: "</tmx>", with: "</tmx>\n<tmx/>"))
        #expect(throws: XMLParseError.self) { try TMXImporter().importFile(at: trailing, into: store) }
        #expect(store.all.count == 1)

        // ... or a rejected unit in strict mode.
        let rejected = try directory.write("rejected.tmx", tmx14(good + "\n    <tu><tuv xml:lang=\"fr\"><seg>a</seg></tuv></tu>"))
        #expect(throws: XMLParseError.self) { try TMXImporter(TMXImportOptions(strict: true)).importFile(at: rejected, into: store) }
        #expect(store.all.count == 1)

        // The same units without the error all come in.
        let fine = try directory.write("fine.tmx", tmx14(good))
        let summary = try TMXImporter().importFile(at: fine, into: store)
        #expect(summary.added == 100)
        #expect(store.all.count == 101)
    }

    @Test func anErrorFromTheStoreRollsTheImportBack() throws {
        struct Full: Error {}
        final class FailingStore: MemoryStore, @unchecked Sendable {
            let inner = ArrayMemoryStore()
            func importBatch<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result {
                try inner.importBatch { batch in try body(FailingBatch(inner: batch)) }
            }
            func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome { try inner.add(unit, policy: policy) }
            func forEachUnit(sourceLanguage: LanguageTag?, targetLanguage: LanguageTag?, _ body: (TranslationUnit) throws -> Void) throws {
                try inner.forEachUnit(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, body)
            }
            func lookup(_ query: MatchQuery) throws -> [TranslationMatch] { [] }
            func concordance(_ query: ConcordanceQuery) throws -> [ConcordanceHit] { [] }
            func statistics() throws -> MemoryStatistics { try inner.statistics() }
        }
        struct FailingBatch: UnitBatch {
            let inner: any UnitBatch
            func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome {
                if unit.source.plainText == "3" { throw Full() }
                return try inner.add(unit, policy: policy)
            }
        }
        let store = FailingStore()
        let document = tmx14((1...5).map { frenchEnglishTU("\($0)", "\($0)") }.joined())
        #expect(throws: Full.self) { try TMXImporter().importDocument(TMXReader(string: document, documentName: "t"), into: store) }
        #expect(store.inner.all.isEmpty)
    }
}

/// Hostile documents: nothing is fetched, nothing explodes, nothing is stored.
@Suite struct TMXHostileFileTests {
    private func secretFile() throws -> (directory: TemporaryDirectory, path: String) {
        let directory = try TemporaryDirectory()
        let path = try directory.write("secret.txt", "TOP SECRET")
        return (directory, path)
    }

    @Test func anExternalEntityIsNeverRead() throws {
        let (directory, secret) = try secretFile()
        let document = """
        <?xml version="1.0"?>
        <!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file://\(secret)">]>
        <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="fr" datatype="plaintext"/>
        <body><tu><tuv xml:lang="fr"><seg>&xxe;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>
        """
        let path = try directory.write("xxe.tmx", document)
        let store = ArrayMemoryStore()
        let error = try #require(throws: XMLParseError.self) { try TMXImporter().importFile(at: path, into: store) }
        #expect(error.message == "entity reference '&xxe;' is not allowed in a TMX document")
        #expect(error.line == 4)
        #expect(store.all.isEmpty)
    }

    @Test func anExternalParameterEntityAndAnExternalDTDAreNeverLoaded() throws {
        let (directory, secret) = try secretFile()
        // A parameter entity that would define an entity holding the secret.
        let evil = try directory.write("evil.dtd", "<!ENTITY leak SYSTEM \"file://\(secret)\">")
        let document = """
        <?xml version="1.0"?>
        <!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd" [<!ENTITY % remote SYSTEM "file://\(evil)"> %remote;]>
        <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="fr" datatype="plaintext"/>
        <body><tu><tuv xml:lang="fr"><seg>Bonjour</seg></tuv><tuv xml:lang="en"><seg>Hello</seg></tuv></tu></body></tmx>
        """
        let path = try directory.write("pe.tmx", document)
        let store = ArrayMemoryStore()
        let summary = try TMXImporter().importFile(at: path, into: store)
        #expect(summary.added == 1)
        #expect(!store.all.contains { $0.source.plainText.contains("SECRET") || $0.target.plainText.contains("SECRET") })

        let leaking = document.replacingOccurrences(of: "<seg>Bonjour</seg>", with: "<seg>&leak;</seg>")
        let leakingPath = try directory.write("leak.tmx", leaking)
        #expect(throws: XMLParseError.self) { try TMXImporter().importFile(at: leakingPath, into: store) }
        #expect(store.all.count == 1)
    }

    @Test func billionLaughsFailsFastAndStoresNothing() throws {
        var entities = "<!ENTITY lol \"lol\">"
        entities += "<!ENTITY lol1 \"" + String(repeating: "&lol;", count: 10) + "\">"
        for level in 2...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let document = """
        <?xml version="1.0"?>
        <!DOCTYPE tmx [\(entities)]>
        <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="fr" datatype="plaintext"/>
        <body>\(frenchEnglishTU("Bonjour", "Hello"))<tu><tuv xml:lang="fr"><seg>&lol9;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>
        """
        let store = ArrayMemoryStore()
        let start = Date()
        #expect(throws: XMLParseError.self) {
            try TMXImporter().importDocument(TMXReader(string: document, documentName: "lol.tmx"), into: store)
        }
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(store.all.isEmpty)
    }

    @Test func entitiesInAttributesAreNotExpandedEither() throws {
        // libxml2 refuses entity references in attribute values unless it substitutes
        // them; either way the document must not import an expanded value.
        var entities = "<!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">"
        for level in 1...8 {
            entities += "<!ENTITY a\(level) \"" + String(repeating: level == 1 ? "&a;" : "&a\(level - 1);", count: 10) + "\">"
        }
        let document = """
        <?xml version="1.0"?>
        <!DOCTYPE tmx [\(entities)]>
        <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="fr" datatype="plaintext"/>
        <body><tu tuid="&a8;"><tuv xml:lang="fr"><seg>a</seg></tuv><tuv xml:lang="en"><seg>b</seg></tuv></tu></body></tmx>
        """
        let store = ArrayMemoryStore()
        do {
            _ = try TMXImporter().importDocument(TMXReader(string: document, documentName: "attr.tmx"), into: store)
            #expect(store.all.allSatisfy { unit in unit.properties.allSatisfy { $0.value.count < 100_000 } })
        } catch let error as XMLParseError {
            #expect(error.file == "attr.tmx")
            #expect(store.all.isEmpty)
        }
    }
}
