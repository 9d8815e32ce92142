import Foundation
import Testing

/// The built `tandem` executable, next to the test bundle in the build folder
/// (`swift build --build-tests` builds both; `make test` runs it).
enum TandemExecutable {
    static let url: URL? = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("tandem") }
            + [Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("tandem")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs `tandem` with the memory at `memory`, standard output a pipe (never a terminal).
    static func run(_ arguments: [String], memory: URL, environment extra: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["TANDEM_MEMORY"] = memory.path
        environment.removeValue(forKey: "NO_COLOR")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        // Files rather than pipes: nothing can block however much the command prints.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputURL = folder.appendingPathComponent("stdout"), errorURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL), error = try FileHandle(forWritingTo: errorURL)
        process.standardOutput = output
        process.standardError = error
        try process.run()
        process.waitUntilExit()
        try output.close()
        try error.close()
        let outputData = try Data(contentsOf: outputURL), errorData = try Data(contentsOf: errorURL)
        return Result(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self), error: String(decoding: errorData, as: UTF8.self))
    }
}

/// End-to-end runs of the annotation commands on the seed articles: every bad input
/// fails with one line on standard error, exit status 1, and nothing stored.
@Suite(.enabled(if: TandemExecutable.url != nil, "needs the tandem executable built next to the tests (swift build --build-tests)"), .serialized)
struct AnnotationCommandLineTests {
    let scratch = ScratchFolder()
    var memory: URL { scratch.url.appendingPathComponent("Memory/tandem.sqlite") }
    let seeds = SeedAlignmentTests.seeds

    func tandem(_ arguments: String...) throws -> TandemExecutable.Result {
        try TandemExecutable.run(arguments, memory: memory)
    }

    /// Fails with exit 1 and one line on standard error that contains `message`.
    func expectFailure(_ result: TandemExecutable.Result, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "exit status \(result.status): \(result.error)", sourceLocation: sourceLocation)
        let lines = result.error.split(separator: "\n")
        #expect(lines.count == 1, "\(result.error)", sourceLocation: sourceLocation)
        #expect(result.error.contains(message), "\(result.error)", sourceLocation: sourceLocation)
    }

    @Test(.timeLimit(.minutes(2)))
    func aReviewFromArticleToReports() throws {
        let blacklist = seeds.appendingPathComponent("004_8a092bc0b89f6462.txt").path
        // Bad input before anything exists: no database is created.
        let latin = try scratch.file("latin.txt", Array("Caf".utf8) + [0xE9] + Array(" noir.".utf8))
        expectFailure(try tandem("article", "add", latin.path, "--lang", "fr"), "byte offset 3")
        #expect(!FileManager.default.fileExists(atPath: memory.path))
        expectFailure(try tandem("claim", "add", "004_8a092bc0b89f6462", "--segment", "1"), "no memory here yet")

        let added = try tandem("article", "add", blacklist, "--lang", "fr", "--publisher", "AFP")
        #expect(added.status == 0, "\(added.error)")
        #expect(added.output.contains("added article 004_8a092bc0b89f6462 (fr): 20 segment(s)"))
        expectFailure(try tandem("article", "add", blacklist, "--lang", "fr", "--url", "www.example.org"), "--url: invalid URL")

        // Claims: bad ones are refused and leave nothing.
        expectFailure(try tandem("claim", "add", "nope", "--segment", "1"), "no article with id «nope»")
        expectFailure(try tandem("claim", "add", "004_8a092bc0b89f6462", "--quote", "n'existe pas"), "quote not found")
        expectFailure(try tandem("claim", "add", "004_8a092bc0b89f6462", "--quote", "Huawei"), "occurs 2 times")
        expectFailure(try tandem("claim", "add", "004_8a092bc0b89f6462", "--segment", "21"), "there is no segment 21")
        expectFailure(try tandem("claim", "add", "004_8a092bc0b89f6462", "--segment", "1", "--kind", "opinion"), "--kind")
        #expect(try tandem("article", "list").output.contains("20 segments, 0 claims"))

        let claim = try tandem("claim", "add", "004_8a092bc0b89f6462", "--quote", "huit entreprises et une vingtaine d'organismes publics chinois", "--kind", "figure", "--id", "eight")
        #expect(claim.status == 0, "\(claim.error)")
        #expect(claim.output.contains("added claim eight (figure, segment 3"))
        #expect(try tandem("claim", "add", "004_8a092bc0b89f6462", "--segment", "13").output.contains("added claim megviitechnology-a-prevu-de-se"))

        // Sources and citations.
        expectFailure(try tandem("source", "add", "--url", "ftp://example.org/x", "--title", "X"), "the scheme must be http or https")
        expectFailure(try tandem("source", "add", "--publisher", "Nobody"), "needs a title or a URL")
        #expect(try tandem("source", "add", "--url", "https://example.gov/press", "--title", "Press release", "--publisher", "Commerce", "--kind", "officialStatement", "--id", "press").status == 0)
        #expect(try tandem("source", "add", "--title", "cet article", "--publisher", "Le Monde").output.contains("added source le-monde-cet-article"))
        expectFailure(try tandem("cite", "eight", "le-monde-cet-article", "--status", "linked"), "has no URL")
        expectFailure(try tandem("cite", "nope", "press"), "no claim with id «nope»")
        #expect(try tandem("cite", "eight", "press").output.contains("linked (citation eight.1)"))
        #expect(try tandem("cite", "eight", "le-monde-cet-article").output.contains("unresolved (citation eight.2)"))

        // The claims view, without colour on a pipe.
        let claims = try tandem("claims", "004_8a092bc0b89f6462")
        #expect(claims.status == 0)
        #expect(claims.output.contains("⟦C1 ✓ huit entreprises"))
        #expect(claims.output.contains("[13] ⟦C2 ✗ MegviiTechnology"))
        #expect(!claims.output.contains("\u{1B}["))

        // Coverage as JSON, as a table and as an HTML file.
        let json = try tandem("coverage", "--format", "json")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let articles = try #require(report["articles"] as? [[String: Any]])
        let counts = try #require(articles.first?["claims"] as? [String: Any])
        #expect(counts["total"] as? Int == 2)
        #expect(counts["covered"] as? Int == 1)
        let table = try tandem("coverage").output.split(separator: "\n")
        #expect(table.contains { $0.contains("C2 ") && $0.contains("uncovered") && $0.contains(" 13 ") && $0.contains("MegviiTechnology a prévu") })
        #expect(!table.contains { $0.contains("C1 ") && $0.contains("huit entreprises") }) // covered: not listed
        let html = scratch.url.appendingPathComponent("out/coverage.html")
        #expect(try tandem("coverage", "-o", html.path, "--format", "html").status == 0)
        #expect(try String(contentsOf: html, encoding: .utf8).contains("huit entreprises et une vingtaine d&#39;organismes publics chinois"))
        expectFailure(try tandem("coverage", "--format", "pdf"), "--format")

        // Export, then a bad import changes nothing, then the seed file adds the other article.
        let exported = scratch.url.appendingPathComponent("out/annotations.jsonld")
        #expect(try tandem("annotations", "export", "-o", exported.path).status == 0)
        let broken = try scratch.file("broken.jsonld", "{\"type\": \"AnnotationCollection\",")
        expectFailure(try tandem("annotations", "import", broken.path), "broken.jsonld: not JSON")
        let seedFile = seeds.appendingPathComponent("annotations/000_9519520b1cfbc68e.json").path
        let imported = try tandem("annotations", "import", seedFile)
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains("added article 000_9519520b1cfbc68e"))
        let list = try tandem("article", "list").output
        #expect(list.contains("000_9519520b1cfbc68e  Double victoire contre Huawei"))
        #expect(list.contains("004_8a092bc0b89f6462  004_8a092bc0b89f6462  (fr, 20 segments, 2 claims)  AFP"))
        #expect(try tandem("annotations", "import", exported.path).output.contains("imported 2 claim(s), 2 citation(s), 2 source(s) on 004_8a092bc0b89f6462"))
    }

    /// Adding an article again with a corrected text moves its claims and lists those
    /// that cannot be found any more.
    @Test(.timeLimit(.minutes(1)))
    func addingAChangedTextReanchorsAndReportsLostClaims() throws {
        let first = try scratch.file("note.txt", "Le syndicat a suspendu le partenariat en août 2020. Des élus ont salué la décision.\nFin.")
        #expect(try tandem("article", "add", first.path, "--lang", "fr").status == 0)
        #expect(try tandem("claim", "add", "note", "--quote", "en août 2020", "--id", "date").status == 0)
        #expect(try tandem("claim", "add", "note", "--segment", "2", "--id", "officials").status == 0)
        try Data("Mise à jour.\nLe syndicat a suspendu le partenariat en août 2020.\nFin.".utf8).write(to: first)
        let again = try tandem("article", "add", first.path, "--lang", "fr")
        #expect(again.status == 0)
        #expect(again.output.contains("replaced the text of article note"))
        #expect(again.output.contains("2 claim(s) re-anchored: 0 in place, 1 moved, 1 not found"))
        #expect(again.output.contains("moved     date to segment 2"))
        #expect(again.output.contains("NOT FOUND officials: Des élus ont salué la décision."))
        #expect(try tandem("coverage").output.contains("uncovered, orphaned"))
    }
}
