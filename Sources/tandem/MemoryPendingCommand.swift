import ArgumentParser
import Foundation
import TeamStore
import TranslationMemory
import Workbench

extension MemoryOptions {
    /// Where `tandem translate` saves confirmations this memory could not take (see
    /// ``ConfirmationJournal/location(forMemory:isFile:environment:)``).
    var journal: ConfirmationJournal {
        ConfirmationJournal(url: ConfirmationJournal.location(forMemory: isPostgres ? displayName : url.path, isFile: !isPostgres))
    }
}

extension MemoryCommand {
    /// `tandem memory pending`: the confirmations saved locally, waiting for the memory.
    struct Pending: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the confirmations saved locally because the memory could not take them.",
            discussion: """
                `tandem translate` saves a confirmation in a local journal when the memory refuses it \
                (server down, file locked): beside the memory file, or under \
                $XDG_STATE_HOME/tandem/pending/ for a postgres:// memory. They are sent at the next \
                confirmation that gets through, when a session starts, or by `tandem memory flush`.
                """)

        @OptionGroup var memory: MemoryOptions

        func run() throws {
            let journal = memory.journal
            let entries: [PendingConfirmation]
            do { entries = try journal.entries() } catch let error as ConfirmationJournalError {
                throw CommandFailure(error.description)
            }
            guard !entries.isEmpty else {
                print("no confirmation waiting for \(memory.displayName)")
                return
            }
            print("\(entries.count) confirmation\(entries.count == 1 ? "" : "s") waiting for \(memory.displayName) (\(journal.url.path)):")
            for entry in entries {
                let unit = entry.translationUnit
                let place = unit.location.map { "\($0.article) #\($0.segment)" } ?? "(no article)"
                let who = unit.provenance.changedBy ?? unit.provenance.creator ?? "?"
                let when = ArticleTranslations.date(of: unit).formatted(.iso8601)
                print("\(place)\t\(who)\t\(when)\t\(unit.target.plainText)\t(\(entry.reason))")
            }
        }
    }

    /// `tandem memory flush`: sends the confirmations saved locally to the memory.
    struct Flush: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send the confirmations saved locally to the memory (as alternatives, never overwriting).")

        @OptionGroup var memory: MemoryOptions

        func run() throws {
            let journal = memory.journal
            do {
                guard try journal.count() > 0 else {
                    print("no confirmation waiting for \(memory.displayName)")
                    return
                }
                let replay = try journal.replay(into: try memory.openStore())
                print("sent \(replay.replayed.count) confirmation\(replay.replayed.count == 1 ? "" : "s") to \(memory.displayName)")
                if replay.waiting > 0 {
                    throw CommandFailure("\(replay.waiting) still waiting: \(replay.failure ?? "the memory refused them")")
                }
            } catch let error as ConfirmationJournalError {
                throw CommandFailure(error.description)
            }
        }
    }
}
