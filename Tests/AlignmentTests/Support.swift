import Foundation
@testable import Alignment

/// A small made-up French document and its English translation: one sentence per event, each
/// with its own name, town and date, so that a dictionary-free aligner has something to go on.
enum ToyCorpus {
    static let names = [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
        "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
        "Morel", "Girard", "Mercier", "Dupont", "Lambert", "Bonnet", "Legrand", "Gauthier", "Perrin", "Blanc",
    ]
    static let towns = [
        "Lyon", "Rouen", "Marseille", "Toulouse", "Nice", "Nantes", "Strasbourg", "Montpellier", "Bordeaux", "Lille",
        "Rennes", "Reims", "Toulon", "Grenoble", "Dijon", "Angers", "Brest", "Limoges", "Tours", "Amiens",
        "Metz", "Besançon", "Orléans", "Mulhouse", "Caen", "Nancy", "Avignon", "Poitiers", "Calais", "Chartres",
    ]

    /// The French sentence of event `k`.
    static func french(_ k: Int) -> String {
        let name = names[k % names.count], town = towns[k % towns.count], year = 1850 + 3 * k
        switch k % 3 {
        case 0: return "Le voyageur \(name) quitta \(town) le \(k + 2) mars \(year) avec ses deux valises."
        case 1: return "En \(year), \(name) s'installa à \(town), où il ouvrit une petite boutique de musique qui prospéra longtemps."
        default: return "\(name) écrivit \(k + 5) lettres depuis \(town) en \(year)."
        }
    }

    /// The English sentence of event `k`.
    static func english(_ k: Int) -> String {
        let name = names[k % names.count], town = towns[k % towns.count], year = 1850 + 3 * k
        switch k % 3 {
        case 0: return "The traveller \(name) left \(town) on \(k + 2) March \(year) with his two suitcases."
        case 1: return "In \(year), \(name) settled in \(town), where he opened a small music shop that prospered for a long time."
        default: return "\(name) wrote \(k + 5) letters from \(town) in \(year)."
        }
    }

    /// `count` events in both languages, one sentence each.
    static func pair(count: Int) -> (source: [String], target: [String]) {
        ((0..<count).map(french), (0..<count).map(english))
    }
}

/// The public gold sets in `../shared/data/alignment`, next to the package, when they are there.
enum SharedData {
    static let alignment = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/data/alignment")

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: alignment.appendingPathComponent("transread-dev/manifest.tsv").path)
    }
}

extension Alignment {
    /// The beads as (source range, target range) pairs, for comparisons.
    var ranges: [[Range<Int>]] { beads.map { [$0.source, $0.target] } }
}

/// Beads that pair sentence k with sentence k + offset for every k in `sources`.
func oneToOne(_ sources: Range<Int>, offset: Int = 0) -> [[Range<Int>]] {
    sources.map { [$0..<($0 + 1), ($0 + offset)..<($0 + offset + 1)] }
}
