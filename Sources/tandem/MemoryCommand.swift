import Annotation
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
            // Opening the units, the annotations and the glossary applies their migrations.
            let database = try MemoryOptions.openDatabase(memory.address, create: true)
            var applied: [String] = []
            switch database.memory {
            case let store as PostgresMemoryStore: applied = try store.appliedMigrations()  // every store's
            case let store as SQLiteMemoryStore:
                applied = try store.appliedMigrations()
                if let glossary = database.glossary as? SQLiteGlossaryStore { applied += try glossary.appliedMigrations() }
            default: break
            }
            print("memory: \(memory.displayName)")
            if let store = database.memory as? PostgresMemoryStore {
                print("server: \(try PostgresMaintenance.connectionInfo(at: store.location))")
            }
            print("schema: \(applied.joined(separator: ", "))")
        }
    }

    /// `tandem memory copy FROM TO`.
    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a whole memory into an empty one (SQLite ⇄ PostgreSQL), all or nothing.",
            discussion: """
                FROM and TO are database files or postgres://USER@HOST:PORT/DB addresses. Everything \
                is copied: units with their provenance, articles with their segments, claims, sources, \
                citations, translation links and glossary terms. TO must be empty (a new file, an empty \
                database); nothing is written unless every count stored equals the count read. Into \
                PostgreSQL the copy is one transaction; into SQLite it is written to a new file beside \
                TO that replaces TO only when complete.
                """)

        @Argument(help: ArgumentHelp("The memory to read.", valueName: "from"))
        var from: String

        @Argument(help: ArgumentHelp("The empty memory to fill (created when it is a new file).", valueName: "to"))
        var to: String

        func run() throws {
            let source = try MemoryOptions.openDatabase(from, create: false)
            let progress: (Int) -> Void = { count in
                FileHandle.standardError.write(Data("\rcopied \(count) units".utf8))
            }
            let summary: MemoryCopy.Summary
            do {
                if PostgresLocation.isPostgres(to) {
                    let destination = try PostgresMemoryDatabase(address: to)
                    defer { destination.close() }
                    summary = try MemoryCopy().copy(from: source, to: destination, progress: progress)
                } else {
                    summary = try MemoryCopy().copy(from: source, to: SQLiteCopyDestination(url: URL(fileURLWithPath: to)), progress: progress)
                }
            } catch let error as MemoryCopyError {
                throw CommandFailure(description: error.description)
            } catch let error as PostgresStoreError {
                throw CommandFailure(description: error.description)
            } catch let error as MemoryStoreError {
                throw CommandFailure(description: "\(error.description); nothing was copied")
            } catch let error as AnnotationDatabaseError {
                throw CommandFailure(description: "\(error.description); nothing was copied")
            } catch let error as GlossaryStoreError {
                throw CommandFailure(description: "\(error.description); nothing was copied")
            }
            if summary.copied.units >= 1000 { FileHandle.standardError.write(Data("\n".utf8)) }
            print("copied \(summary.copied)")
            print("kind        copied   found")
            for kind in MemoryCounts.kinds {
                let copied = summary.copied[keyPath: kind.keyPath], there = summary.destination[keyPath: kind.keyPath]
                print(kind.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + String(copied).leftPadded(8) + String(there).leftPadded(8) + (copied == there ? "  ok" : "  DIFFERS"))
            }
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
