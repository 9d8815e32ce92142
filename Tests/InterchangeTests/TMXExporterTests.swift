import Foundation
import Interchange
import Testing
import TranslationMemory

/// Exporting a memory: the file, its validity, and the round trip through a store.
@Suite struct TMXExporterTests {
    private func seedStore() -> ArrayMemoryStore {
        ArrayMemoryStore(seedSentencePairs.enumerated().map { index, pair in
            TranslationUnit(
                sourceLanguage: .french, targetLanguage: .english,
                source: SegmentText(pair.french), target: SegmentText(pair.english),
                provenance: Provenance(origin: .aligned, createdAt: TMXDate.parse("20261123T080000Z")),
                location: SegmentLocation(article: "000_9519520b1cfbc68e", segment: index + 1)
            )
        })
    }

    @Test func exportsAPairAndImportsTheSameUnitsBack() throws {
        let directory = try TemporaryDirectory()
        let store = seedStore()
        _ = try store.add(TranslationUnit(sourceLanguage: .english, targetLanguage: .french, source: SegmentText("Hello"), target: SegmentText("Bonjour")), policy: .keepAlternatives)
        let path = directory.path("seed.tmx")
        var reports: [Int] = []
        let summary = try TMXExporter().export(from: store, sourceLanguage: .french, targetLanguage: .english, to: path) { reports.append($0) }
        #expect(summary.unitsWritten == seedSentencePairs.count)
        #expect(summary.sourceLanguage == "fr")
        #expect(reports.last == seedSentencePairs.count)
        // Only the finished file is left in the directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["seed.tmx"])

        let back = ArrayMemoryStore()
        let imported = try TMXImporter().importFile(at: path, into: back)
        #expect(imported.added == seedSentencePairs.count)
        // Origin becomes "imported" and the tool Tandem; everything else comes back.
        let expected = store.all.filter { $0.sourceLanguage == .french }.map { unit in
            var unit = unit.withoutIdentifier
            unit.provenance.origin = .imported
            unit.provenance.tool = "Tandem"
            return unit
        }
        #expect(back.all.map(\.withoutIdentifier) == expected)

        // Exporting again replaces the file; a missing directory is created.
        _ = try store.add(TranslationUnit(sourceLanguage: .french, targetLanguage: .english, source: SegmentText("Encore"), target: SegmentText("Again")), policy: .keepAlternatives)
        #expect(try TMXExporter().export(from: store, sourceLanguage: .french, to: path).unitsWritten == seedSentencePairs.count + 1)
        #expect(try TMXReader(contentsOfFile: path).next() != nil)
        let nested = directory.path("exports/2026/seed.tmx")
        #expect(try TMXExporter().export(from: store, sourceLanguage: .french, to: nested).unitsWritten == seedSentencePairs.count + 1)
        #expect(FileManager.default.fileExists(atPath: nested))
    }

    @Test(.enabled(if: SharedData.canValidate, "needs ../shared/tools/validate-interchange, python3 and xmllint (libxml2-utils)"))
    func theExportIsValidAtBothLevels() throws {
        let directory = try TemporaryDirectory()
        let store = seedStore()
        _ = try store.add(TMXWriterTests.richUnit, policy: .keepAlternatives)
        for level in TMXWriter.Level.allCases {
            let path = directory.path("level\(level.rawValue).tmx")
            _ = try TMXExporter(level: level).export(from: store, to: path)
            let result = try Tool.validate(path)
            #expect(result.status == 0, "\(result.text)")
            #expect(result.text.contains("OK (tmx"))
        }
    }

    @Test func theHeaderSaysAllWhenTheMemoryHasSeveralSourceLanguages() throws {
        let directory = try TemporaryDirectory()
        let store = seedStore()
        #expect(try TMXExporter().export(from: store, to: directory.path("one.tmx")).sourceLanguage == "fr")
        _ = try store.add(TranslationUnit(sourceLanguage: .english, targetLanguage: .french, source: SegmentText("Hello"), target: SegmentText("Bonjour")), policy: .keepAlternatives)
        let summary = try TMXExporter().export(from: store, to: directory.path("all.tmx"))
        #expect(summary.sourceLanguage == "*all*")
        #expect(summary.unitsWritten == seedSentencePairs.count + 1)
        let back = ArrayMemoryStore()
        _ = try TMXImporter().importFile(at: directory.path("all.tmx"), into: back)
        #expect(back.all.count == seedSentencePairs.count + 1)
        #expect(back.all.last?.sourceLanguage == .english)
    }

    @Test func aFailedExportLeavesNoFileBehind() throws {
        struct Broken: Error {}
        final class BrokenStore: MemoryStore, @unchecked Sendable {
            func importBatch<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result { throw Broken() }
            func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome { throw Broken() }
            func forEachUnit(sourceLanguage: LanguageTag?, targetLanguage: LanguageTag?, _ body: (TranslationUnit) throws -> Void) throws {
                try body(TranslationUnit(sourceLanguage: .french, targetLanguage: .english, source: SegmentText("a"), target: SegmentText("b")))
                throw Broken()
            }
            func lookup(_ query: MatchQuery) throws -> [TranslationMatch] { [] }
            func concordance(_ query: ConcordanceQuery) throws -> [ConcordanceHit] { [] }
            func statistics() throws -> MemoryStatistics { MemoryStatistics(units: 1, pairs: [], byOrigin: [:]) }
        }
        let directory = try TemporaryDirectory()
        let path = try directory.write("old.tmx", "previous export")
        #expect(throws: Broken.self) { try TMXExporter().export(from: BrokenStore(), sourceLanguage: .french, to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous export")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["old.tmx"])
    }
}
