import ArgumentParser
import Foundation
import TeamStore
import TranslationMemory
import Workbench

/// `tandem memory migrate|copy`: a memory's schema, and moving a memory between SQLite
/// and PostgreSQL.
struct MemoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Manage a memory: apply its schema migrations, copy it between SQLite and PostgreSQL.",
        subcommands: [Migrate.self, Copy.self, Pending.self, Flush.self])

    /// `tandem memory migrate`: applies the schema migrations the memory lacks.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the memory's tables, or bring them up to date (also done on first use).")

        @OptionGroup var memory: MemoryOptions

        func run() throws {
            let store = try memory.openStore(create: true)
            let applied: [String]
            switch store {
            case let store as PostgresMemoryStore: applied = try store.appliedMigrations()
            case let store as SQLiteMemoryStore: applied = try store.appliedMigrations()
            default: applied = []
            }
            print("memory: \(memory.displayName)")
            if let store = store as? PostgresMemoryStore {
                print("server: \(try PostgresMaintenance.connectionInfo(at: store.location))")
            }
            print("schema: \(applied.joined(separator: ", "))")
        }
    }

    /// `tandem memory copy FROM TO`.
    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a whole memory into an empty one, SQLite ⇄ PostgreSQL, in one transaction.",
            discussion: """
                FROM and TO are database files or postgres://USER@HOST:PORT/DB addresses. Every unit \
                is copied with its provenance; the copy is committed only if the number of units \
                stored equals the number read.
                """)

        @Argument(help: ArgumentHelp("The memory to read.", valueName: "from"))
        var from: String

        @Argument(help: ArgumentHelp("The empty memory to fill (created when it is a new file).", valueName: "to"))
        var to: String

        func run() throws {
            let source = try MemoryOptions.open(from, create: false)
            let destination = try MemoryOptions.open(to, create: true)
            do {
                let summary = try MemoryCopy().copy(from: source, to: destination) { count in
                    FileHandle.standardError.write(Data("\rcopied \(count) units".utf8))
                }
                if summary.units >= 1000 { FileHandle.standardError.write(Data("\n".utf8)) }
                print("copied \(summary.units) units; the destination holds \(summary.destinationUnits)")
            } catch let error as MemoryCopyError {
                throw CommandFailure(description: error.description)
            } catch let error as PostgresStoreError {
                throw CommandFailure(description: error.description)
            }
        }
    }
}
