import Foundation
import Testing
import TeamStore

/// `tandem glossary`, `check`, `analyze` and `memory copy` on a PostgreSQL memory, with
/// the built executable.
@Suite(.enabled(if: TandemBinary.exists, "needs the tandem executable: run `swift build` first"))
struct GlossaryCommandLineTests {
    static let seeds = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("seeds/glossary")

    @Test(.enabled(if: TestServer.isAvailable, TestServer.absence), .timeLimit(.minutes(2)))
    func glossaryCheckAndAnalyzeWorkOnPostgres() throws {
        let memory = try TestMemory(.postgres)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-team-cli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func tandem(_ arguments: String...) throws -> (status: Int32, output: String) {
            try TandemBinary.run(arguments + ["--memory", memory.address])
        }

        let imported = try tandem("glossary", "import", Self.seeds.appendingPathComponent("fr-en.tsv").path)
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("8 terms read, 8 added"), "\(imported.output)")
        #expect(try tandem("glossary", "add", "démenti", "refuted", "--note", "legal sense").output == "added: démenti → refuted\n")
        let listing = try tandem("glossary", "list", "--format", "tsv")
        #expect(listing.output.split(separator: "\n").count == 1 + 9, "\(listing.output)")
        #expect(listing.output.contains("démenti\trefuted"), "\(listing.output)")

        let source = folder.appendingPathComponent("demo.txt"), target = folder.appendingPathComponent("demo.en.txt")
        try """
            Le département a suspendu le partenariat avec Huawei en août 2020. Huawei a démenti.
            Griezmann a rompu son contrat avec Huawei le 10 décembre 2020. Huawei a démenti.

            """.write(to: source, atomically: true, encoding: .utf8)
        try """
            The department suspended the partnership with Huawei in August 2020. Huawei denied it.
            Griezmann ended his contract with Huawei on 10 December 2020. Huawei denied it.

            """.write(to: target, atomically: true, encoding: .utf8)
        let added = try tandem("article", "add", source.path, "--lang", "fr")
        #expect(added.status == 0, "\(added.output)")
        let aligned = try tandem("align", "--into-memory", "--min-confidence", "0", source.path, target.path)
        #expect(aligned.status == 0, "\(aligned.output)")
        let checked = try tandem("check", "demo")
        #expect(checked.status == 0, "\(checked.output)")
        #expect(checked.output.contains("“démenti” should be translated “refuted”"), "\(checked.output)")
        let analyzed = try tandem("analyze", "demo", "--format", "json")
        #expect(analyzed.status == 0, "\(analyzed.output)")
        // XLIFF export and import read the articles from the server, not from a file.
        let xliff = folder.appendingPathComponent("demo.xlf").path
        let exported = try tandem("export", "demo", "--format", "xliff2", "-o", xliff)
        #expect(exported.status == 0 && exported.output.contains("XLIFF 2.1, 4 units"), "\(exported.output)")
        let reimported = try tandem("import", xliff)
        #expect(reimported.status == 0 && reimported.output.contains("4 units read: 0 segments translated"), "\(reimported.output)")

        // The whole memory goes to SQLite and back to another PostgreSQL database.
        let file = folder.appendingPathComponent("copy.sqlite").path
        let down = try TandemBinary.run(["memory", "copy", memory.address, file])
        #expect(down.status == 0, "\(down.output)")
        // Four: "Huawei a démenti." is at two places of the article, a unit for each.
        #expect(down.output.contains("copied 4 units, 1 articles, 0 claims, 0 sources, 0 citations, 0 links, 9 terms"), "\(down.output)")
        #expect(!down.output.contains("DIFFERS"))
        let onFile = try TandemBinary.run(["check", "demo", "--memory", file])
        #expect(onFile.output == checked.output)
        let other = try TestMemory(.postgres)
        let up = try TandemBinary.run(["memory", "copy", file, other.address])
        #expect(up.status == 0, "\(up.output)")
        let again = try TandemBinary.run(["glossary", "list", "--format", "tsv", "--memory", other.address])
        #expect(again.output == listing.output)
    }
}
