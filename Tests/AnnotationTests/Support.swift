import Foundation
@testable import Annotation

/// Where the package is, found from this file's path.
enum PackagePaths {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // AnnotationTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent()

    static let seeds = root.appendingPathComponent("seeds")
    static let seedAnnotations = seeds.appendingPathComponent("annotations")

    /// The seed annotation files and whether each has its article text next to it.
    static var seedAnnotationFiles: [URL] {
        let files = (try? FileManager.default.contentsOfDirectory(at: seedAnnotations, includingPropertiesForKeys: nil)) ?? []
        return files.filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static var seedAnnotationsAvailable: Bool { !seedAnnotationFiles.isEmpty }
}

/// An article whose segments are given as the texts of its sentences, separated in
/// the text by `separator`; paragraphs by "\n\n" inside a sentence list are not
/// needed by the tests.
func makeArticle(
    id: ArticleID = "a1",
    language: String = "fr",
    sentences: [String],
    separator: String = " ",
    url: URL? = nil
) -> Article {
    var text = ""
    var segments: [ArticleSegment] = []
    for (index, sentence) in sentences.enumerated() {
        if index > 0 { text += separator }
        let start = text.unicodeScalars.count
        text += sentence
        segments.append(ArticleSegment(range: start..<text.unicodeScalars.count, paragraph: 1))
    }
    return Article(id: id, language: language, title: "Test article", url: url, text: text, segments: segments)
}

/// Re-segments a text the way the tests' articles are built: sentences end at ". ".
func sentenceSegments(_ text: String) -> [ArticleSegment] {
    let scalars = Array(text.unicodeScalars)
    var segments: [ArticleSegment] = []
    var start = 0
    var index = 0
    while index < scalars.count {
        if scalars[index] == ".", index + 1 == scalars.count || scalars[index + 1] == " " {
            segments.append(ArticleSegment(range: start..<(index + 1), paragraph: 1))
            start = index + 2
            index += 1
        }
        index += 1
    }
    if start < scalars.count { segments.append(ArticleSegment(range: start..<scalars.count, paragraph: 1)) }
    return segments
}

/// The code-point offset of the first occurrence of `needle` in `text`.
func offset(of needle: String, in text: String) -> Int? {
    guard let range = text.range(of: needle) else { return nil }
    return text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
}

/// A small deterministic random generator (SplitMix64), so that randomised tests
/// are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Plain Levenshtein distance, the reference for the bounded search.
func editDistance(_ a: [UInt32], _ b: [UInt32]) -> Int {
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in stride(from: 1, through: b.count, by: 1) {
            current[j] = min(previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), previous[j] + 1, current[j - 1] + 1)
        }
        previous = current
    }
    return a.isEmpty ? b.count : previous[b.count]
}

/// The repositories the behavioural tests run against: the reference implementation
/// and the SQLite store, which must behave alike.
enum RepositoryKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case inMemory
    case sqlite

    var description: String { rawValue }

    /// A new, empty repository; an SQLite one in a fresh file under `scratch`.
    func make(in scratch: ScratchDirectory) throws -> any AnnotationRepository {
        switch self {
        case .inMemory: InMemoryAnnotationRepository()
        case .sqlite: try SQLiteAnnotationRepository(path: scratch.newFile("annotations.sqlite").path)
        }
    }
}

/// A folder of its own under the temporary directory, created when a first file is
/// asked for and removed with everything in it when the value goes (tests hold one
/// as a suite property, so it lives as long as the test).
final class ScratchDirectory: Sendable {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("tandem-annotation-tests-\(UUID().uuidString)", isDirectory: true)

    /// A path that does not exist yet, in a new subfolder (which the caller creates,
    /// as the repository does).
    func newFile(_ name: String) -> URL {
        url.appendingPathComponent(UUID().uuidString, isDirectory: true).appendingPathComponent(name)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
