import Foundation
import Interchange
import Testing
import TranslationMemory

/// A real CAT tool reads what Tandem writes: OmegaT 3.6 (console mode, through
/// `../shared/tools/omegat-check`) fills every segment from a Tandem TMX.
@Suite(.enabled(if: SharedData.canRunOmegaT, "needs ../shared/tools/omegat-check, python3, java and omegat (../shared/tools/install-interchange-deps --omegat)"))
struct TMXOmegaTTests {
    @Test(arguments: TMXWriter.Level.allCases)
    func omegaTFillsEverySegmentFromATandemTMX(level: TMXWriter.Level) throws {
        let store = ArrayMemoryStore(seedSentencePairs.map { pair in
            TranslationUnit(
                sourceLanguage: .french, targetLanguage: .english,
                source: SegmentText(pair.french), target: SegmentText(pair.english),
                provenance: Provenance(origin: .aligned, creator: "Tandem team", createdAt: TMXDate.parse("20261123T080000Z"))
            )
        })
        let directory = try TemporaryDirectory()
        let path = directory.path("seed-fr-en.tmx")
        let summary = try TMXExporter(level: level).export(from: store, sourceLanguage: .french, targetLanguage: .english, to: path)
        let count = seedSentencePairs.count
        #expect(summary.unitsWritten == count)

        let result = try Tool.run(SharedData.omegatCheck, ["--expect-min", String(count), path])
        #expect(result.status == 0, "\(result.text)")
        #expect(result.text.contains("filled from this TMX: \(count) of \(count) translation units with fr and en text"), "\(result.text)")
        #expect(result.text.contains("OmegaT segments: \(count) in the source files, \(count) translated, 0 untranslated"), "\(result.text)")
        #expect(result.text.contains("RESULT: PASS"), "\(result.text)")
    }
}
