import Annotation
import Foundation
import Segmentation
import Testing
import TranslationMemory
@testable import Workbench

/// A scratch folder removed when the value goes away.
final class ScratchFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-workbench-\(UUID().uuidString)")

    init() { try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file
    }

    func file(_ name: String, _ text: String) throws -> URL { try file(name, Array(text.utf8)) }
}

@Suite struct ArticleImporterTests {
    let scratch = ScratchFolder()
    let importer = ArticleImporter()

    @Test func segmentsNumberedFromOneAsTheAlignerNumbersThem() throws {
        for name in ["000_9519520b1cfbc68e.txt", "004_8a092bc0b89f6462.txt"] {
            let url = SeedAlignmentTests.seeds.appendingPathComponent(name)
            let article = try importer.article(fromFile: url, language: "fr")
            #expect(article.id.rawValue == String(name.dropLast(4)))
            #expect(article.language == "fr")
            let text = try String(contentsOf: url, encoding: .utf8)
            let sentences = try BilingualAligner.sentences(of: text, language: .french).sentences
            #expect(article.segments.count == sentences.count)
            let scalars = Array(article.text.unicodeScalars)
            for (index, sentence) in sentences.enumerated() {
                let segment = try article.segment(index + 1)
                #expect(String(String.UnicodeScalarView(scalars[segment.range])) == sentence, "segment \(index + 1)")
            }
            #expect(throws: AnnotationError.segmentOutOfRange(article: article.id, segment: 0, count: sentences.count)) { try article.segment(0) }
        }
        // The glued boundary of 004 ("Nvidia.En") is split, so a claim by segment gets one sentence.
        let blacklist = try importer.article(fromFile: SeedAlignmentTests.seeds.appendingPathComponent("004_8a092bc0b89f6462.txt"), language: "fr")
        let nvidia = try #require(blacklist.segments.firstIndex { substring(blacklist.text, $0.range).hasSuffix("Nvidia.") })
        #expect(substring(blacklist.text, blacklist.segments[nvidia + 1].range).hasPrefix("En"))
    }

    @Test func metadataAndExplicitID() throws {
        let file = try scratch.file("note.txt", "Le département a suspendu le partenariat. Huawei a démenti.\n\nFin.")
        let article = try importer.article(
            fromFile: file, id: "vonum", language: "fr-fr",
            metadata: ArticleMetadata(title: "  Double victoire ", publisher: "Campagne", date: try AnnotationDate("2020-12"), url: URL(string: "https://example.org/a")))
        #expect(article.id == "vonum")
        #expect(article.language == "fr-FR")
        #expect(article.title == "Double victoire")
        #expect(article.publisher == "Campagne")
        #expect(article.date?.description == "2020-12")
        #expect(article.segments.map { substring(article.text, $0.range) } == ["Le département a suspendu le partenariat.", "Huawei a démenti.", "Fin."])
        #expect(article.segments.map(\.paragraph) == [0, 0, 2])
    }

    @Test func invalidUTF8IsReportedWithItsByteOffset() throws {
        // "Été\nLa\xFF": the bad byte is the 9th byte (offset 8), line 2, column 3.
        let bytes: [UInt8] = Array("Été\nLa".utf8) + [0xFF] + Array(" suite.".utf8)
        let file = try scratch.file("latin.txt", bytes)
        let error = try #require(throws: ArticleImportError.self) { try importer.article(fromFile: file, language: "fr") }
        #expect(error == .invalidUTF8(file: file.path, byteOffset: 8, line: 2, column: 3, byte: 0xFF))
        #expect(error.description.contains("byte offset 8"))
        #expect(error.description.hasPrefix("\(file.path):2:3: not UTF-8"))
        // A truncated sequence at the very end, after a byte-order mark: offsets count the file's bytes.
        let truncated = try scratch.file("cut.txt", [0xEF, 0xBB, 0xBF] + Array("Fin ".utf8) + [0xC3])
        #expect(throws: ArticleImportError.invalidUTF8(file: truncated.path, byteOffset: 7, line: 1, column: 8, byte: 0xC3)) {
            try importer.article(fromFile: truncated, language: "fr")
        }
    }

    @Test func aByteOrderMarkIsDroppedAsTheAlignerDoes() throws {
        let file = try scratch.file("bom.txt", [0xEF, 0xBB, 0xBF] + Array("Bonjour. Au revoir.".utf8))
        let article = try importer.article(fromFile: file, language: "fr")
        #expect(article.text == "Bonjour. Au revoir.")
        #expect(article.segments.first?.range == 0..<8)
    }

    @Test func badInputFailsWithOneLineNamingTheFile() throws {
        let missing = scratch.url.appendingPathComponent("absent.txt")
        #expect(throws: ArticleImportError.unreadable(file: missing.path, reason: "no such file")) {
            try importer.article(fromFile: missing, language: "fr")
        }
        let blank = try scratch.file("blank.txt", "  \n\n \u{A0}\n")
        #expect(throws: ArticleImportError.empty(file: blank.path)) { try importer.article(fromFile: blank, language: "fr") }

        let spaced = try scratch.file("mon article.txt", "Une phrase.")
        let badID = try #require(throws: ArticleImportError.self) { try importer.article(fromFile: spaced, language: "fr") }
        #expect(badID.description.contains("«mon article»") && badID.description.hasSuffix("choose one with --id"))
        #expect(try importer.article(fromFile: spaced, id: "mon-article", language: "fr").id == "mon-article")

        let german = try #require(throws: ArticleImportError.self) { try importer.article(fromFile: spaced, id: "a", language: "de") }
        guard case .unsupportedLanguage(_, "de", _) = german else { Issue.record("expected unsupportedLanguage, got \(german)"); return }
        #expect(throws: ArticleImportError.invalid(file: spaced.path, .invalidLanguage("f r"))) {
            try importer.article(fromFile: spaced, id: "a", language: "f r")
        }
        for line in [badID.description, german.description] { #expect(!line.contains("\n")) }
    }
}

/// Storing imported articles: added, unchanged, updated details, a new text re-anchoring
/// the claims (in memory and in SQLite, the file the CLI uses).
@Suite struct ArticleStorageTests {
    let scratch = ScratchFolder()
    let importer = ArticleImporter()

    static let original = """
        Le syndicat a suspendu son partenariat avec Huawei en août 2020. Des élus ont salué la décision.
        Griezmann a mis fin à son contrat le 10 décembre 2020.
        """

    func repositories() throws -> [any AnnotationRepository] {
        [InMemoryAnnotationRepository(), try SQLiteAnnotationRepository(path: scratch.url.appendingPathComponent("\(UUID().uuidString).sqlite").path)]
    }

    @Test func addingAgainKeepsOrUpdatesAndReanchorsClaims() throws {
        for repository in try repositories() {
            let first = try importer.article(text: Self.original, id: "vonum", language: "fr", metadata: ArticleMetadata(title: "Double victoire"))
            #expect(try importer.store(first, in: repository).outcome == .added)
            let suspension = try repository.addClaim("suspension", to: "vonum", at: .quote("suspendu son partenariat avec Huawei"), kind: .fact)
            try repository.addClaim("officials", to: "vonum", at: .segment(2), kind: .attribution)
            try repository.addClaim("griezmann", to: "vonum", at: .quote("le 10 décembre 2020"), kind: .figure)

            // Same text, no new details: unchanged, and the title is kept.
            let same = try importer.article(text: Self.original, id: "vonum", language: "fr")
            let unchanged = try importer.store(same, in: repository)
            #expect(unchanged.outcome == .unchanged(metadataChanged: false))
            #expect(unchanged.article.title == "Double victoire")
            // A publisher given later is added, the title still kept.
            let detailed = try importer.store(try importer.article(text: Self.original, id: "vonum", language: "fr", metadata: ArticleMetadata(publisher: "Campagne")), in: repository)
            #expect(detailed.outcome == .unchanged(metadataChanged: true))
            #expect(try repository.annotations(of: "vonum").article.title == "Double victoire")
            #expect(try repository.annotations(of: "vonum").article.publisher == "Campagne")

            // A corrected text: a sentence before the claims, the officials' sentence gone.
            let edited = "Mise à jour.\nLe syndicat a suspendu son partenariat avec Huawei en août 2020.\nGriezmann a mis fin à son contrat le 10 décembre 2020."
            let replaced = try importer.store(try importer.article(text: edited, id: "vonum", language: "fr"), in: repository)
            guard case let .replaced(results, renumbered) = replaced.outcome else {
                Issue.record("expected a replacement, got \(replaced.outcome)")
                continue
            }
            #expect(renumbered)
            let methods = Dictionary(uniqueKeysWithValues: results.map { ($0.claim.id, $0.method) })
            #expect(methods["suspension"] == .quote)
            #expect(methods["griezmann"] == .quote)
            #expect(methods["officials"] == .orphaned)
            let stored = try repository.annotations(of: "vonum")
            #expect(stored.article.text == edited)
            #expect(stored.article.title == "Double victoire")
            let moved = try #require(stored.claims.first { $0.id == "suspension" })
            #expect(moved.span.lowerBound == suspension.span.lowerBound + "Mise à jour.\n".unicodeScalars.count)
            #expect(moved.anchorStatus == .reanchored)
            #expect(stored.article.segmentNumbers(touching: moved.span) == [2])
            #expect(stored.claims.first { $0.id == "officials" }?.anchorStatus == .orphaned)
        }
    }
}

private func substring(_ text: String, _ range: Range<Int>) -> String {
    String(String.UnicodeScalarView(Array(text.unicodeScalars)[range]))
}
