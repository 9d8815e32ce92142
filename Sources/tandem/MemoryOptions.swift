import Annotation
import ArgumentParser
import Foundation
import TeamStore
import TranslationMemory
import Workbench

/// `--memory PATH|postgres://USER@HOST:PORT/DB`, shared by every command that reads or
/// writes the memory: a SQLite file on this machine, or a team's memory on a PostgreSQL server.
struct MemoryOptions: ParsableArguments {
    @Option(
        name: .customLong("memory"),
        help: ArgumentHelp(
            "The memory: a database file, or postgres://USER@HOST:PORT/DB for a shared one.",
            discussion: "Defaults to $TANDEM_MEMORY, else Memory/tandem.sqlite in the current directory. A PostgreSQL password comes from $PGPASSWORD (or USER:PASSWORD@ in the address).",
            valueName: "path|url"))
    var path: String?

    /// The memory named, as given (a path or a postgres:// address).
    var address: String {
        if let path { return path }
        if let environment = ProcessInfo.processInfo.environment["TANDEM_MEMORY"], !environment.isEmpty { return environment }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("Memory").appendingPathComponent("tandem.sqlite").path
    }

    /// Whether the memory is on a PostgreSQL server.
    var isPostgres: Bool { PostgresLocation.isPostgres(address) }

    /// The database file the options name (a SQLite memory).
    var url: URL { URL(fileURLWithPath: address) }

    /// What to call the memory in messages (a server's address without its password).
    var displayName: String {
        isPostgres ? ((try? PostgresLocation(parsing: address).description) ?? address) : url.path
    }

    /// Whether a memory exists there (a server's memory is made on first use).
    var exists: Bool { isPostgres || FileManager.default.fileExists(atPath: url.path) }

    /// Opens the memory; with `create`, makes a SQLite one (and its folder) when missing,
    /// else fails saying how to create one. A PostgreSQL memory gets its schema on first use.
    func openStore(create: Bool = false) throws -> any MemoryStore {
        try Self.open(address, create: create)
    }

    /// Opens the memory at a path or postgres:// address, with errors as one-line failures.
    static func open(_ address: String, create: Bool) throws -> any MemoryStore {
        do {
            if PostgresLocation.isPostgres(address) {
                return try PostgresMemoryStore(address: address)
            }
            return try SQLiteMemoryStore(url: URL(fileURLWithPath: address), create: create)
        } catch let error as MemoryStoreError {
            throw CommandFailure(description: error.description)
        } catch let error as PostgresStoreError {
            throw CommandFailure(description: error.description)
        }
    }
}

extension MemoryOptions {
    /// Opens the glossary kept with the memory (the same file or PostgreSQL database);
    /// with `create`, makes a SQLite file when missing.
    func openGlossary(create: Bool = false) throws -> any GlossaryStore {
        do {
            if isPostgres { return try PostgresGlossaryStore(address: address) }
            return try SQLiteGlossaryStore(url: url, create: create)
        } catch let error as GlossaryStoreError {
            throw CommandFailure(description: error.description)
        } catch let error as PostgresStoreError {
            throw CommandFailure(description: error.description)
        }
    }

    /// Opens the three stores of the memory the options name (units, annotations,
    /// glossary; on a server over one connection pool), failing with `missing` when there
    /// is no memory file.
    func openDatabase(missing: @autoclosure () -> String) throws -> MemoryDatabase {
        guard exists else { throw CommandFailure(description: missing()) }
        return try Self.openDatabase(address, create: false)
    }

    /// Opens the whole memory at a path or postgres:// address: units, annotations and
    /// glossary (a SQLite file must exist unless `create`).
    static func openDatabase(_ address: String, create: Bool) throws -> MemoryDatabase {
        do {
            if PostgresLocation.isPostgres(address) {
                let database = try PostgresMemoryDatabase(address: address)
                return MemoryDatabase(memory: database.memory, annotations: database.annotations, glossary: database.glossary)
            }
            return try MemoryDatabase.sqlite(at: URL(fileURLWithPath: address), create: create)
        } catch let error as MemoryStoreError {
            throw CommandFailure(description: error.description)
        } catch let error as PostgresStoreError {
            throw CommandFailure(description: error.description)
        } catch let error as AnnotationDatabaseError {
            throw CommandFailure(description: error.description)
        } catch let error as GlossaryStoreError {
            throw CommandFailure(description: error.description)
        }
    }
}

/// A PostgreSQL memory is a copy destination written in one transaction (its members
/// already have the shape `MemoryCopyDestination` asks for).
extension PostgresMemoryDatabase: MemoryCopyDestination {}
extension PostgresMemoryDatabase.Writer: MemoryCopyWriter {}

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
