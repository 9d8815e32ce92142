import ArgumentParser
import Foundation
import TranslationMemory

/// `--memory PATH`, shared by every command that reads or writes the memory.
struct MemoryOptions: ParsableArguments {
    @Option(
        name: .customLong("memory"),
        help: ArgumentHelp(
            "The memory's database file.",
            discussion: "Defaults to $TANDEM_MEMORY, else Memory/tandem.sqlite in the current directory.",
            valueName: "path"))
    var path: String?

    /// The database file the options name.
    var url: URL {
        if let path { return URL(fileURLWithPath: path) }
        if let environment = ProcessInfo.processInfo.environment["TANDEM_MEMORY"], !environment.isEmpty {
            return URL(fileURLWithPath: environment)
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("Memory").appendingPathComponent("tandem.sqlite")
    }

    /// Whether a memory exists there.
    var exists: Bool { FileManager.default.fileExists(atPath: url.path) }

    /// Opens the memory; with `create`, makes it (and its folder) when missing, else
    /// fails saying how to create one.
    func openStore(create: Bool = false) throws -> SQLiteMemoryStore {
        do {
            return try SQLiteMemoryStore(url: url, create: create)
        } catch let error as MemoryStoreError {
            throw CommandFailure(description: error.description)
        }
    }
}

/// A failure printed as a plain message.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(description: String) { self.description = description }
    init(_ description: String) { self.description = description }
}

/// Writes text to standard output and flushes it (for streamed JSON lines).
func writeFlushed(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Whether standard output is a terminal that accepts colour.
var standardOutputWantsColor: Bool {
    isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
}

/// A JSON string literal of `text`.
func jsonString(_ text: String) -> String {
    var out = "\""
    out.reserveCapacity(text.utf8.count + 2)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20:
            out += String(format: "\\u%04x", scalar.value)
        default:
            out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// Parses a language option.
func languageTag(_ value: String, option: String) throws -> LanguageTag {
    guard let tag = LanguageTag(value) else { throw ValidationError("\(option): “\(value)” is not a language tag (e.g. fr, en-GB)") }
    return tag
}
