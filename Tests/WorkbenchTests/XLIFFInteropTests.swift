import Annotation
import Foundation
import Interchange
import Testing
import TranslationMemory
import Workbench
import XMLSupport

/// The XLIFF files of ../shared/interchange/samples that MANIFEST.tsv says are valid.
enum ManifestSamples {
    static var invalidXLIFF: [String] { entries(valid: false) }
    static var validXLIFF: [String] { entries(valid: true) }

    static func entries(valid: Bool) -> [String] {
        guard let text = try? String(contentsOf: Paths.samples.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, !line.hasPrefix("#"), fields[1].hasPrefix("xliff"), (fields[2] == "valid") == valid else { return nil }
            return fields[0]
        }
    }
}

/// What a unit says, compared before and after a trip through the memory.
struct UnitContent: Hashable, CustomStringConvertible {
    var id: String
    var translate: Bool?
    var segments: [BilingualSegment]
    var notes: [BilingualNote]
    var candidates: [TranslationCandidate]
    var extensions: [String]
    var attributes: [String]

    init(_ unit: BilingualUnit) {
        id = unit.id
        translate = unit.translate
        segments = unit.segments
        notes = unit.notes
        candidates = unit.candidates.map { var candidate = $0; candidate.extensions = []; return candidate }
        extensions = (unit.extensions + unit.candidates.flatMap(\.extensions)).map(\.xmlString)
        attributes = unit.attributes.map { "\($0.qualifiedName)=\($0.value)" }
    }

    var description: String { "\(id): \(segments.map { "\($0.source) → \($0.target?.description ?? "-")" })" }
}

@Suite(.enabled(if: Paths.sharedAvailable, "needs ../shared/interchange/samples (the team's shared data beside the package)"))
struct XLIFFSampleImportTests {
    /// Each valid third-party file imports into a memory, and each translated unit comes
    /// back out of it (export of what the memory kept) with its segments, states, inline
    /// codes, notes, candidates and extensions unchanged.
    @Test(arguments: ManifestSamples.validXLIFF)
    func importThenExportKeepsEveryTranslatedUnit(path: String) throws {
        let url = Paths.samples.appendingPathComponent(path)
        let document = try XLIFFReader.read(contentsOfFile: url.path, documentName: path)
        let translated = document.allUnits.filter { $0.target.map { !$0.elements.isEmpty } ?? false }
        let directory = try ScratchDirectory()
        let memory = try scratchMemory(directory)
        // XLIFF 1.x may leave the target language out: the importer is told it then.
        let options = ArticleImport.Options(targetLanguage: document.targetLanguage == nil ? LanguageTag("und") : nil)
        let report = try ArticleImport(options).importDocument(document, documentName: path, repository: InMemoryAnnotationRepository(), memory: memory)
        #expect(report.unitsRead == document.allUnits.count)
        #expect(report.storedWithoutArticle == translated.count)

        // Export what the memory kept: each stored unit's archive, written as a file of
        // the original's version and read again.
        var exported: [BilingualUnit] = []
        var fileExtensions: [XMLElement] = []
        try memory.forEachUnit(sourceLanguage: nil, targetLanguage: nil) { unit in
            for property in unit.properties where property.type == ArticleExport.archivePropertyType {
                let contents = try XLIFFUnitArchive.decode(property.value)
                exported.append(contents.unit)
                for element in contents.fileExtensions where !fileExtensions.contains(where: { $0.xmlString == element.xmlString }) {
                    fileExtensions.append(element)
                }
            }
        }
        #expect(exported.count <= translated.count)
        guard !translated.isEmpty else { return }
        var rebuilt = document
        rebuilt.files = [BilingualFile(id: "f1", original: "memory", children: exported.enumerated().map { index, unit in
            var unit = unit
            unit.id = "x\(index)-\(unit.id)"
            return .unit(unit)
        }, extensions: fileExtensions)]
        let format: XLIFFWriter.Format = (document.version?.hasPrefix("2.") ?? false) ? .xliff2(document.version!) : .xliff12
        let reread = try XLIFFReader.read(bytes: try XLIFFWriter.data(rebuilt, format: format), documentName: "\(path) (from the memory)")
        let after = Set(reread.allUnits.map { unit -> UnitContent in
            var unit = unit
            unit.id = String(unit.id.drop { $0 != "-" }.dropFirst())
            return UnitContent(unit)
        })
        let before = Set(translated.map(UnitContent.init))
        #expect(after == before, "\(path): lost \(before.subtracting(after)), gained \(after.subtracting(before))")
    }
}

/// The invalid files of the OASIS test suites and the other samples, imported into a
/// memory that holds an article's translations: each one the reader refuses fails the
/// import with its file and line, and leaves the memory as it was.
@Suite(.enabled(if: Paths.sharedAvailable, "needs ../shared/interchange/samples (the team's shared data beside the package)"))
struct InvalidSampleImportTests {
    @Test func invalidFilesChangeNothing() throws {
        let fixture = try ExportFixture()
        let before = try unitCount(fixture.memory)
        let translations = try fixture.translations()
        var refused = 0
        for path in ManifestSamples.invalidXLIFF {
            let url = Paths.samples.appendingPathComponent(path)
            guard (try? XLIFFReader.read(contentsOfFile: url.path, documentName: path)) == nil else { continue }
            do {
                _ = try ArticleImport().importFile(at: url.path, documentName: path, repository: fixture.repository, memory: fixture.memory)
                Issue.record("\(path): imported though the reader refuses it")
            } catch let error as XMLParseError {
                refused += 1
                #expect(error.file == path && error.line > 0, "\(error)")
            }
        }
        #expect(refused >= 20, "only \(refused) invalid samples refused")
        #expect(try unitCount(fixture.memory) == before)
        #expect(try fixture.translations() == translations)
    }
}

/// Hostile and broken files: a clear error with the file, the line and the reason, and
/// nothing changed in the memory.
@Suite struct HostileXLIFFImportTests {
    static let head2 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.1\" srcLang=\"fr\" trgLang=\"en\">\n<file id=\"f1\" original=\"\(ExportFixture.article)\">\n"
    static let tail2 = "\n</file>\n</xliff>\n"
    static func x2(_ body: String) -> String { head2 + body + tail2 }
    static func unit(_ id: String, _ source: String, _ target: String) -> String {
        "<unit id=\"\(id)\"><segment><source>\(source)</source><target>\(target)</target></segment></unit>"
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        /// The line the error must name (0: any).
        var line: Int
        var reason: String
        var testDescription: String { name }
        init(_ name: String, _ text: String, line: Int, reason: String) {
            self.init(name, Array(text.utf8), line: line, reason: reason)
        }
        init(_ name: String, _ bytes: [UInt8], line: Int, reason: String) {
            self.name = name
            self.bytes = bytes
            self.line = line
            self.reason = reason
        }
    }

    static let laughs = "<!DOCTYPE xliff [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">]>"

    static let cases: [Case] = [
        Case("malformed", x2("<unit id=\"s2\"><segment><source>a</source><target>b</segment></unit>"), line: 4, reason: ""),
        Case("truncated", String(x2(unit("s2", "Double victoire contre Huawei", "Double victory")).prefix(250)), line: 0, reason: ""),
        Case("empty", "", line: 0, reason: "empty"),
        Case("binary garbage", [0x00, 0xFF, 0xFE, 0x13, 0x37, 0x00, 0x42], line: 0, reason: ""),
        Case("lying encoding (UTF-16 declared, UTF-8 bytes)", x2(unit("s2", "café", "coffee")).replacingOccurrences(of: "UTF-8", with: "UTF-16"), line: 0, reason: ""),
        Case("lying encoding (UTF-8 declared, Latin-1 bytes)", Array(x2(unit("s2", "caf", "coffee")).utf8).flatMap { $0 == UInt8(ascii: "f") ? [$0, 0xE9] : [$0] }, line: 0, reason: ""),
        Case("wrong version", x2(unit("s2", "a", "b")).replacingOccurrences(of: "version=\"2.1\"", with: "version=\"2.5\""), line: 2, reason: "version"),
        Case("XLIFF 2 without its namespace", x2(unit("s2", "a", "b")).replacingOccurrences(of: " xmlns=\"urn:oasis:names:tc:xliff:document:2.0\"", with: ""), line: 2, reason: "namespace"),
        Case("unknown namespace on the root", x2(unit("s2", "a", "b")).replacingOccurrences(of: "urn:oasis:names:tc:xliff:document:2.0", with: "urn:example:not-xliff"), line: 2, reason: "namespace"),
        Case("unknown namespace for <source>", x2("<unit id=\"s2\"><segment><x:source xmlns:x=\"urn:example:x\">a</x:source><target>b</target></segment></unit>"), line: 4, reason: ""),
        Case("external entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n" + x2(unit("s2", "&xxe;", "b")).split(separator: "\n", maxSplits: 1)[1], line: 0, reason: "ntity"),
        Case("entity from an external DTD", "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff SYSTEM \"http://example.org/xliff.dtd\">\n" + x2(unit("s2", "&remote;", "b")).split(separator: "\n", maxSplits: 1)[1], line: 0, reason: "ntity"),
        Case("billion laughs", "<?xml version=\"1.0\"?>\n" + laughs + "\n" + x2(unit("s2", "&f;", "b")).split(separator: "\n", maxSplits: 1)[1], line: 0, reason: "ntity"),
        Case("not XLIFF", "<?xml version=\"1.0\"?>\n<html><body>Bonjour</body></html>\n", line: 2, reason: "not an XLIFF document"),
        Case("TMX given as XLIFF", "<?xml version=\"1.0\"?>\n<tmx version=\"1.4\"><header srclang=\"fr\"/><body/></tmx>\n", line: 2, reason: "not an XLIFF document"),
        Case("duplicate unit ids", x2(unit("s2", "a", "b") + "\n" + unit("s2", "c", "d")), line: 5, reason: "s2"),
        Case("unit id not an NMTOKEN (schema)", x2(unit("s/2", "a", "b")), line: 4, reason: "NMTOKEN"),
        Case("state outside the list (schema)", x2("<unit id=\"s2\"><segment state=\"done\"><source>a</source><target>b</target></segment></unit>"), line: 4, reason: "done"),
        Case("duplicate segment ids", x2("<unit id=\"s2\"><segment id=\"a\"><source>a</source></segment><segment id=\"a\"><source>b</source></segment></unit>"), line: 4, reason: ""),
        Case("dangling annotation reference", x2("<unit id=\"s2\"><segment><source><mrk id=\"m1\" type=\"comment\" ref=\"#n=missing\">a</mrk></source><target>b</target></segment></unit>"), line: 4, reason: ""),
        Case("dangling end code", x2("<unit id=\"s2\"><segment><source>a<ec startRef=\"9\"/></source><target>b</target></segment></unit>"), line: 4, reason: ""),
        Case("unpaired start code", x2("<unit id=\"s2\"><segment><source><sc id=\"1\"/>a</source><target>b</target></segment></unit>"), line: 4, reason: ""),
        Case("XLIFF 1.2 unpaired bpt", "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n<file original=\"x\" source-language=\"fr\" target-language=\"en\" datatype=\"plaintext\"><body>\n<trans-unit id=\"1\"><source><bpt id=\"1\">&lt;b&gt;</bpt>a</source><target>b</target></trans-unit>\n</body></file></xliff>\n", line: 4, reason: ""),
        Case("XLIFF 1.2 duplicate trans-unit ids", "<?xml version=\"1.0\"?>\n<xliff version=\"1.2\" xmlns=\"urn:oasis:names:tc:xliff:document:1.2\">\n<file original=\"x\" source-language=\"fr\" target-language=\"en\" datatype=\"plaintext\"><body>\n<trans-unit id=\"1\"><source>a</source><target>b</target></trans-unit>\n<trans-unit id=\"1\"><source>c</source><target>d</target></trans-unit>\n</body></file></xliff>\n", line: 5, reason: ""),
    ]

    @Test(arguments: cases)
    func refusedWithFileLineAndReasonAndNothingChanged(_ hostile: Case) throws {
        let fixture = try ExportFixture()
        let before = try unitCount(fixture.memory)
        let translations = try fixture.translations()
        let path = try fixture.directory.write("hostile.xlf", hostile.bytes)
        let started = Date()
        do {
            let report = try ArticleImport().importFile(at: path, documentName: "hostile.xlf", repository: fixture.repository, memory: fixture.memory)
            Issue.record("\(hostile.name): imported instead of refused: \(report)")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("hostile.xlf"), "\(hostile.name): \(message)")
            if hostile.line > 0 { #expect(message.hasPrefix("hostile.xlf:\(hostile.line):"), "\(hostile.name): \(message)") }
            if !hostile.reason.isEmpty { #expect(message.contains(hostile.reason), "\(hostile.name): \(message)") }
            #expect(!message.contains("\n"), "one line: \(message)")
        }
        #expect(Date().timeIntervalSince(started) < 10, "\(hostile.name) took too long")
        #expect(try unitCount(fixture.memory) == before)
        #expect(try fixture.translations() == translations)
    }

    /// A DOCTYPE that only names an external DTD (old XLIFF 1.x tools write one) is
    /// accepted, and the DTD is never fetched.
    @Test func externalDTDIsNeitherFetchedNorRefused() throws {
        let fixture = try ExportFixture()
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE xliff SYSTEM \"http://127.0.0.1:9/xliff.dtd\">\n"
            + Self.x2(Self.unit("s5", segmentText(fixture.article, 5), "Fifth.")).split(separator: "\n", maxSplits: 1)[1]
        let path = try fixture.directory.write("doctype.xlf", Array(text.utf8))
        let report = try ArticleImport().importFile(at: path, repository: fixture.repository, memory: fixture.memory)
        #expect(report.segmentsTranslated == [5])
    }

    /// `tandem import` picks the reader from the root element.
    @Test func detectionTellsTMXFromXLIFFByTheRootElement() throws {
        #expect(try InterchangeFormat.detect(bytes: Array("<?xml version=\"1.0\"?><tmx version=\"1.4\"/>".utf8), documentName: "a") == .tmx)
        #expect(try InterchangeFormat.detect(bytes: Array(Self.x2("").utf8), documentName: "a") == .xliff(version: "2.1"))
        #expect(throws: XMLParseError.self) { try InterchangeFormat.detect(bytes: Array("<html/>".utf8), documentName: "a") }
    }
}

/// translate-toolkit (the library behind Pootle and Weblate's XLIFF support) loads
/// Tandem's exports with every unit and translation intact.
@Suite(.enabled(if: Paths.canRunTTK, "needs translate-toolkit in .venv-ttk (make test-deps, or $TANDEM_TTK_PYTHON) and ../shared/tools/ttk-dump"))
struct TranslateToolkitTests {
    struct Dump: Decodable {
        struct File: Decodable {
            var error: String?
            var units: [Unit]?
            var source_language: String?
            var target_language: String?
        }
        struct Unit: Decodable {
            var id: String?
            var source: String?
            var target: String?
        }
        var files: [File]
    }

    @Test(arguments: ["2.1", "2.0", "1.2"])
    func loadsEveryUnitAndTranslation(version: String) throws {
        let fixture = try ExportFixture()
        let format: XLIFFWriter.Format = version == "1.2" ? .xliff12 : .xliff2(version)
        let document = try fixture.document(format)
        let path = fixture.directory.path("ttk-\(version).xlf")
        try XLIFFWriter.write(document, format: format, toFile: path)
        let run = try Programs.run(Paths.ttkPython!, [Paths.ttkDump.path, "--json", path])
        #expect(run.status == 0, "\(run.text)")
        let dump = try JSONDecoder().decode(Dump.self, from: Data(run.text.utf8))
        let file = try #require(dump.files.first)
        #expect(file.error == nil)
        let units = file.units ?? []
        let written = document.allUnits
        #expect(units.count == written.count)
        // translate-toolkit names XLIFF 2 units "unit::segment"; compare in order.
        for (seen, unit) in zip(units, written) {
            #expect(seen.source == unit.source.plainText, "\(unit.id)")
            #expect((seen.target ?? "").isEmpty ? unit.target == nil : seen.target == unit.target?.plainText, "\(unit.id)")
        }
        #expect(units.filter { !($0.target ?? "").isEmpty }.count == written.filter { $0.target != nil }.count)
    }
}
