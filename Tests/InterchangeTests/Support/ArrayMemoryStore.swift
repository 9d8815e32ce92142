import Foundation
import Synchronization
import TranslationMemory

/// A test fixture for the TMX reader and writer: a `MemoryStore` kept in an array, with
/// the protocol's transaction semantics (a batch that throws stores nothing) and its
/// duplicate rule (an identical unit is merged). Not a model of the SQLite store.
final class ArrayMemoryStore: MemoryStore {
    private let units = Mutex<[TranslationUnit]>([])

    init(_ units: [TranslationUnit] = []) {
        self.units.withLock { stored in
            for unit in units { _ = Self.add(unit, policy: .keepAlternatives, to: &stored) }
        }
    }

    /// Every unit, in the order stored.
    var all: [TranslationUnit] { units.withLock { $0 } }

    func importBatch<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result {
        let batch = Batch(units: all)
        let result = try body(batch)
        units.withLock { $0 = batch.units }
        return result
    }

    func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome {
        units.withLock { Self.add(unit, policy: policy, to: &$0) }
    }

    func forEachUnit(sourceLanguage: LanguageTag?, targetLanguage: LanguageTag?, _ body: (TranslationUnit) throws -> Void) throws {
        for unit in all {
            if let sourceLanguage, !unit.sourceLanguage.matches(sourceLanguage) { continue }
            if let targetLanguage, !unit.targetLanguage.matches(targetLanguage) { continue }
            try body(unit)
        }
    }

    /// Exact matches only: the fixture is not a matcher.
    func lookup(_ query: MatchQuery) throws -> [TranslationMatch] {
        all.filter { $0.source.plainText == query.source && $0.sourceLanguage.matches(query.sourceLanguage) && $0.targetLanguage.matches(query.targetLanguage) }
            .prefix(query.limit)
            .map { TranslationMatch(unit: $0, kind: .exact, similarity: 1, score: 1) }
    }

    func concordance(_ query: ConcordanceQuery) throws -> [ConcordanceHit] {
        all.filter { $0.source.plainText.contains(query.text) }
            .prefix(query.limit)
            .map { ConcordanceHit(unit: $0, part: .source, ranges: []) }
    }

    func statistics() throws -> MemoryStatistics {
        let stored = all
        var pairs: [String: MemoryStatistics.PairCount] = [:]
        var byOrigin: [UnitOrigin: Int] = [:]
        for unit in stored {
            let key = unit.sourceLanguage.identifier + ">" + unit.targetLanguage.identifier
            pairs[key, default: .init(sourceLanguage: unit.sourceLanguage.identifier, targetLanguage: unit.targetLanguage.identifier, units: 0)].units += 1
            byOrigin[unit.provenance.origin, default: 0] += 1
        }
        return MemoryStatistics(units: stored.count, pairs: Array(pairs.values), byOrigin: byOrigin)
    }

    private final class Batch: UnitBatch {
        var units: [TranslationUnit]
        init(units: [TranslationUnit]) { self.units = units }
        func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome {
            ArrayMemoryStore.add(unit, policy: policy, to: &units)
        }
    }

    private static func add(_ unit: TranslationUnit, policy: DuplicatePolicy, to units: inout [TranslationUnit]) -> AddOutcome {
        let sameSource = { (other: TranslationUnit) in
            other.source == unit.source && other.sourceLanguage == unit.sourceLanguage && other.targetLanguage == unit.targetLanguage
        }
        switch policy {
        case .replace:
            units.removeAll(where: sameSource)
            units.append(unit.with(id: Int64(units.count + 1)))
            return .replaced(id: Int64(units.count))
        case .keepAlternatives:
            if let index = units.firstIndex(where: { sameSource($0) && $0.target == unit.target }) {
                let id = units[index].id ?? Int64(index + 1)
                units[index] = unit.with(id: id)
                return .merged(id: id)
            }
            units.append(unit.with(id: Int64(units.count + 1)))
            return .added(id: Int64(units.count))
        }
    }
}

extension TranslationUnit {
    func with(id: Int64?) -> TranslationUnit {
        var copy = self
        copy.id = id
        return copy
    }
}
