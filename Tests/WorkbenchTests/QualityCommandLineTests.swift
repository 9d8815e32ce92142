import Foundation
import Testing

/// End-to-end runs of `tandem glossary`, `check` and `analyze` with the built executable.
@Suite(.enabled(if: TandemExecutable.url != nil, "needs the tandem executable built next to the tests (swift build --build-tests)"), .serialized)
struct QualityCommandLineTests {
    let scratch = ScratchFolder()
    var memory: URL { scratch.url.appendingPathComponent("Memory/tandem.sqlite") }
    static let glossaries = SeedAlignmentTests.seeds.appendingPathComponent("glossary")

    func tandem(_ arguments: String...) throws -> TandemExecutable.Result {
        try TandemExecutable.run(arguments, memory: memory)
    }

    func expectFailure(_ result: TandemExecutable.Result, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "exit status \(result.status): \(result.error)", sourceLocation: sourceLocation)
        #expect(result.error.split(separator: "\n").count == 1, "\(result.error)", sourceLocation: sourceLocation)
        #expect(result.error.contains(message), "\(result.error)", sourceLocation: sourceLocation)
    }

    func json(_ result: TandemExecutable.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    @Test(.timeLimit(.minutes(2)))
    func glossaryImportsAreAllOrNothing() throws {
        let tsv = try tandem("glossary", "import", Self.glossaries.appendingPathComponent("fr-en.tsv").path)
        #expect(tsv.status == 0, "\(tsv.error)")
        #expect(tsv.output.contains("8 terms read, 8 added"))
        let tbx = try tandem("glossary", "import", Self.glossaries.appendingPathComponent("fr-en.tbx").path)
        #expect(tbx.output.contains("4 terms read, 4 added"), "\(tbx.output)\(tbx.error)")
        let added = try tandem("glossary", "add", "contrat", "contract", "--note", "legal sense")
        #expect(added.output == "added: contrat → contract\n")

        let bad = try scratch.file("bad.csv", "source,target\nliste noire,blacklist\n\"ONG,NGO\n")
        expectFailure(try tandem("glossary", "import", bad.path), "bad.csv:3:1: a quoted field is never closed (nothing imported)")
        expectFailure(try tandem("glossary", "import", scratch.url.appendingPathComponent("none.tsv").path), "none.tsv: no such file")

        // The TSV listing reads back as the same glossary.
        let listing = try tandem("glossary", "list", "--format", "tsv")
        #expect(listing.output.split(separator: "\n").count == 1 + 13)
        let copy = try scratch.file("copy.tsv", listing.output)
        let again = try tandem("glossary", "import", copy.path)
        #expect(again.output.contains("13 terms read, 0 added, 13 updated"), "\(again.output)\(again.error)")
    }

    @Test(.timeLimit(.minutes(2)))
    func checkAndAnalyzeAnAlignedArticle() throws {
        let source = try scratch.file("demo.txt", """
            Le département a suspendu le partenariat avec Huawei en août 2020. Huawei a démenti.
            Griezmann a rompu son contrat avec Huawei le 10 décembre 2020. Huawei a démenti.

            """)
        let target = try scratch.file("demo.en.txt", """
            The department suspended the partnership with Huawei in August 2020. Huawei denied it.
            Griezmann ended his contract with Huawei on 10 December 2020. Huawei denied it.

            """)
        expectFailure(try tandem("check", "demo"), "no database at")
        #expect(try tandem("article", "add", source.path, "--lang", "fr").status == 0)

        let before = try tandem("analyze", "demo", "--format", "json")
        #expect(before.status == 0, "\(before.error)")
        let total = try #require(try json(before)["total"] as? [String: Any])
        #expect((total["new"] as? [String: Int])?["segments"] == 3)
        #expect((total["repetition"] as? [String: Int])?["words"] == 3)

        let untranslated = try tandem("check", "demo", "--format", "json")
        #expect(untranslated.status == 2)
        #expect(try json(untranslated)["errors"] as? Int == 4)

        let aligned = try tandem("align", "--into-memory", "--min-confidence", "0", source.path, target.path)
        #expect(aligned.status == 0, "\(aligned.error)")
        let clean = try tandem("check", "demo")
        #expect(clean.status == 0, "\(clean.output)\(clean.error)")
        #expect(clean.output.hasSuffix("0 errors, 0 warnings\n"))

        #expect(try tandem("glossary", "add", "contrat", "contract").status == 0)
        let warned = try tandem("check", "demo")
        #expect(warned.status == 0)
        #expect(warned.output.hasSuffix("0 errors, 0 warnings\n"), "\(warned.output)")
        #expect(try tandem("glossary", "add", "contrat", "deal").status == 0)  // either will do
        #expect(try tandem("glossary", "add", "partenariat", "partnership").status == 0)
        #expect(try tandem("glossary", "add", "démenti", "refuted").status == 0)
        let warned2 = try tandem("check", "demo")
        #expect(warned2.status == 0)
        #expect(warned2.output.contains("    2  warning  glossary       “démenti” should be translated “refuted”"), "\(warned2.output)")
        #expect(warned2.output.contains("    4  warning  glossary       “démenti” should be translated “refuted”"), "\(warned2.output)")
        #expect(warned2.output.hasSuffix("0 errors, 2 warnings\n"))

        let after = try tandem("analyze", "demo")
        #expect(after.output.contains("In context           3"), "\(after.output)")
        expectFailure(try tandem("check", "nope"), "no article “nope”")
        expectFailure(try tandem("analyze", "demo", "nope"), "no article “nope”")
    }
}
