import Foundation
import Interchange
import Testing
import TranslationMemory
import XMLSupport

/// The third-party TMX files of `../shared/interchange/samples` (LISA compliance kit,
/// OmegaT, Okapi, translate-toolkit): each imports, exports as valid TMX 1.4b, and
/// imports back as the same units.
///
/// The 23 files the manifest calls invalid are invalid TMX 1.4b, not broken XML: TMX
/// 1.1 (`<tuv lang>`), which Tandem reads on purpose, a `srclang` that only matches
/// a variant by its primary language (`en` for `en-US`), a header `<prop>` without
/// `type`, a `<tu>` without a variant in the source language (rejected with its
/// reason, the rest imported). What Tandem writes from them is valid.
@Suite(.enabled(if: SharedData.isAvailable, "needs ../shared/interchange/samples (the team's shared data beside the package)"))
struct TMXSampleRoundTripTests {
    struct Sample: CustomTestStringConvertible, Sendable {
        var path: String
        /// The manifest's verdict: valid TMX 1.4b or not.
        var valid: Bool
        var testDescription: String { path }
    }

    /// The TMX files of the manifest.
    static let samples: [Sample] = {
        guard let manifest = try? String(contentsOf: SharedData.samples.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8) else { return [] }
        return manifest.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 3, fields[1] == "tmx" else { return nil }
            return Sample(path: fields[0], valid: fields[2] == "valid")
        }
    }()

    /// What some samples give, counted by hand from the files: `<tu>` elements, units
    /// (one per source → target pair), rejected `<tu>`s.
    @Test(arguments: [
        // 3 <tu>s in 5 languages, source en-us: 4 units each.
        ("omegat/tmx/TMXComplianceKit/ImportTest1C.tmx", 3, 12, 0),
        // en-US → es, es-AR, es-BO, fr-CA, fr-CA (two alternatives), fr, de; then 2 and 2.
        ("omegat/tmx/test-multiple-tuv.tmx", 3, 11, 0),
        // TMX 1.1; the second <tu> has no "en" variant; the fourth's source is en-GB.
        ("omegat/tmx/test-missingSource.tmx", 4, 5, 1),
        ("omegat/tmx/empty.tmx", 0, 0, 0),
        ("translate-toolkit/generated/af-pootle.po2tmx.tmx", 292, 292, 0),
        ("handmade/fr-en-memory.tmx", 5, 5, 0),
    ])
    func unitCounts(path: String, tus: Int, units: Int, rejected: Int) throws {
        let summary = try TMXImporter().importFile(at: SharedData.samples.appendingPathComponent(path).path, into: ArrayMemoryStore())
        #expect(summary.translationUnitsRead == tus)
        #expect(summary.unitsRead == units)
        #expect(summary.rejected == rejected)
    }

    @Test func theManifestListsTheTMXSamples() {
        #expect(Self.samples.count == 80)
        #expect(Self.samples.filter(\.valid).count == 57)
    }

    @Test(.enabled(if: SharedData.canValidate, "needs python3 and xmllint (libxml2-utils) for ../shared/tools/validate-interchange"), arguments: samples)
    func theExportOfEachSampleIsValid(_ sample: Sample) throws {
        let first = ArrayMemoryStore()
        _ = try TMXImporter().importFile(at: SharedData.samples.appendingPathComponent(sample.path).path, into: first)
        let directory = try TemporaryDirectory()
        let exported = directory.path("export.tmx")
        _ = try TMXExporter().export(from: first, to: exported)
        let result = try Tool.validate(exported)
        #expect(result.status == 0, "\(result.text)")
    }

    @Test(arguments: samples)
    func importsExportsAndImportsBackTheSameUnits(_ sample: Sample) throws {
        let file = SharedData.samples.appendingPathComponent(sample.path).path
        let first = ArrayMemoryStore()
        let summary = try TMXImporter().importFile(at: file, into: first)
        if sample.valid {
            // A valid file loses nothing.
            #expect(summary.rejected == 0, "\(summary.rejections)")
        }
        #expect(summary.unitsRead == summary.added + summary.merged)

        let directory = try TemporaryDirectory()
        let exported = directory.path("export.tmx")
        let export = try TMXExporter().export(from: first, to: exported)
        #expect(export.unitsWritten == first.all.count)

        let second = ArrayMemoryStore()
        let again = try TMXImporter().importFile(at: exported, into: second)
        #expect(again.rejected == 0, "\(again.rejections)")
        #expect(again.merged == 0)
        #expect(second.all.map(\.withoutIdentifier) == first.all.map(\.withoutIdentifier))
    }
}
