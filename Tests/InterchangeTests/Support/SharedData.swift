import Foundation

/// The team's shared test data, `../shared` beside the package root, and the tools in it.
enum SharedData {
    /// The package root (this file is Tests/InterchangeTests/Support/SharedData.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let root = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent("interchange/samples/MANIFEST.tsv").path) }

    static let samples = root.appendingPathComponent("interchange/samples")
    static let validator = root.appendingPathComponent("tools/validate-interchange")
    static let omegatCheck = root.appendingPathComponent("tools/omegat-check")

    /// `validate-interchange` can run: ../shared is there, and so are python3 and xmllint.
    static var canValidate: Bool {
        isAvailable && Tool.exists("xmllint") && Tool.exists("python3")
    }

    /// `omegat-check` can run: ../shared, python3, omegat and java.
    static var canRunOmegaT: Bool {
        isAvailable && Tool.exists("python3") && Tool.exists("omegat") && Tool.exists("java")
    }
}

/// Runs external programs for the tests.
enum Tool {
    struct Output {
        var status: Int32
        var text: String
    }

    static func exists(_ name: String) -> Bool {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(name)") }
    }

    /// Runs a program and returns its exit status and its standard output and error, merged.
    static func run(_ executable: URL, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, text: String(decoding: data, as: UTF8.self))
    }

    /// `validate-interchange FILE`: exit status 0 when the file is valid.
    static func validate(_ file: String) throws -> Output {
        try run(SharedData.validator, [file])
    }
}

/// A temporary directory, removed when the test is done with it.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-tmx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes a file and returns its path.
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = self.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }
}
