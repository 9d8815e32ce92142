import Annotation
import Foundation
import Segmentation
import TranslationMemory

/// The package root and ../shared beside it.
enum Paths {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let seeds = packageRoot.appendingPathComponent("seeds")
    static let shared = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
    static let samples = shared.appendingPathComponent("interchange/samples")
    static let validator = shared.appendingPathComponent("tools/validate-interchange")
    static let ttkDump = shared.appendingPathComponent("tools/ttk-dump")
    /// The translate-toolkit venv `make test-deps` installs (`.venv-ttk`), or $TANDEM_TTK_PYTHON.
    static var ttkPython: URL? {
        if let path = ProcessInfo.processInfo.environment["TANDEM_TTK_PYTHON"], FileManager.default.isExecutableFile(atPath: path) {
            return URL(fileURLWithPath: path)
        }
        let venv = packageRoot.appendingPathComponent(".venv-ttk/bin/python")
        return FileManager.default.isExecutableFile(atPath: venv.path) ? venv : nil
    }

    static var sharedAvailable: Bool { FileManager.default.fileExists(atPath: samples.appendingPathComponent("MANIFEST.tsv").path) }
    static var canValidate: Bool { sharedAvailable && Programs.exists("xmllint") && Programs.exists("python3") }
    static var canRunTTK: Bool { sharedAvailable && ttkPython != nil }
}

enum Programs {
    static func exists(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    /// Runs a program; its exit status and its standard output and error, merged.
    static func run(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A scratch directory removed afterwards.
final class ScratchDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-xliff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        try Data(bytes).write(to: url.appendingPathComponent(name))
        return path(name)
    }
}

/// An article segmented the way `tandem article add` does: Tandem's SRX rules over the whole text.
func segmentedArticle(id: String, text: String, language: String = "fr") throws -> Article {
    let segmenter = try SentenceSegmenter(language: language)
    let segments = segmenter.segment(text).map { ArticleSegment(range: $0.range, paragraph: $0.paragraph) }
    return Article(id: ArticleID(rawValue: id), language: language, text: text, segments: segments)
}

func seedArticle(_ name: String) throws -> Article {
    let text = try String(contentsOf: Paths.seeds.appendingPathComponent("\(name).txt"), encoding: .utf8)
    return try segmentedArticle(id: name, text: text)
}

/// The text of segment `n` (1-based).
func segmentText(_ article: Article, _ number: Int) -> String {
    let scalars = Array(article.text.unicodeScalars)
    var text = ""
    text.unicodeScalars.append(contentsOf: scalars[article.segments[number - 1].range])
    return text
}

func scratchMemory(_ directory: ScratchDirectory) throws -> SQLiteMemoryStore {
    try SQLiteMemoryStore(url: URL(fileURLWithPath: directory.path("memory.sqlite")), create: true)
}

func unitCount(_ store: any MemoryStore) throws -> Int {
    var count = 0
    try store.forEachUnit(sourceLanguage: nil, targetLanguage: nil) { _ in count += 1 }
    return count
}
