import ArgumentParser
import Foundation
import TranslationMemory

/// `tandem stats`: what the memory holds.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show how many units the memory holds, by language pair and origin.")

    @OptionGroup var memory: MemoryOptions

    func run() throws {
        let statistics = try memory.openStore().statistics()
        print("memory: \(memory.displayName)")
        print("units: \(statistics.units)")
        for pair in statistics.pairs {
            print("  \(pair.sourceLanguage) → \(pair.targetLanguage): \(pair.units)")
        }
        for origin in UnitOrigin.allCases {
            if let count = statistics.byOrigin[origin] { print("  \(origin.rawValue): \(count)") }
        }
    }
}
