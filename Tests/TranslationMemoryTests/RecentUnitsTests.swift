import Foundation
import Testing
@testable import TranslationMemory

/// After the match index is built, units added one at a time (a translator's
/// confirmations) are found without rebuilding it, in this process and the next.
@Suite struct RecentUnitsTests {
    func sentence(_ i: Int) -> String { "Le comité numéro \(i) a examiné le rapport annuel." }

    @Test func unitsAddedAfterTheIndexAreFoundLikeIndexedOnes() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        try store.importBatch { batch in
            for i in 0..<50 { try batch.add(unit(sentence(i), "Committee \(i) reviewed the annual report."), policy: .keepAlternatives) }
        }
        let query = MatchQuery(source: "Le comité numéro 7 a examiné le rapport final.", minimumScore: 0.7, limit: 3)
        let before = try store.lookup(query)
        #expect(before.first?.unit.source.plainText == sentence(7))

        // A closer unit and an exact one with context, added one by one.
        var closer = unit("Le comité numéro 7 a examiné le rapport finale.", "Committee 7 reviewed the final report.", origin: .human)
        closer.context = SegmentContext(previous: "Avant.", next: "Après.")
        try store.add(closer, policy: .keepAlternatives)
        let after = try store.lookup(query)
        #expect(after.first?.unit.target.plainText == "Committee 7 reviewed the final report.")
        #expect(after.count == 3)
        #expect(after.map(\.similarity) == after.map(\.similarity).sorted(by: >))

        var exactQuery = MatchQuery(source: "Le comité numéro 7 a examiné le rapport finale.", minimumScore: 0.7, limit: 3)
        exactQuery.context = SegmentContext(previous: "Avant.", next: "Après.")
        #expect(try store.lookup(exactQuery).first?.kind == .inContext)

        // Another process: the index file of the earlier generation and the unit added since.
        let other = try SQLiteMemoryStore(url: store.url, create: false)
        #expect(try other.lookup(query).map(\.unit.id) == after.map(\.unit.id))
        // The file was not rewritten for one unit.
        #expect(MatchIndex.generation(of: store.url.appendingPathExtension("match-index")) != nil)
    }

    @Test func deletedUnitsAreNeverReturned() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        try store.importBatch { batch in
            for i in 0..<20 { try batch.add(unit(sentence(i), "Committee \(i)."), policy: .keepAlternatives) }
        }
        let query = MatchQuery(source: sentence(3), minimumScore: 0.9, limit: 5)
        let old = try #require(try store.lookup(query).first)
        #expect(old.unit.target.plainText == "Committee 3.")
        // .replace deletes the indexed unit: the index must be rebuilt, not patched.
        try store.add(unit(sentence(3), "Committee three."), policy: .replace)
        let found = try store.lookup(query)
        #expect(found.first?.unit.target.plainText == "Committee three.")
        #expect(!found.contains { $0.unit.id == old.unit.id })
    }

    @Test func manyAddedUnitsRebuildTheIndex() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        try store.add(unit("Bonjour tout le monde.", "Hello everyone."), policy: .keepAlternatives)
        _ = try store.lookup(MatchQuery(source: "Bonjour"))
        for i in 0...SQLiteMemoryStore.recentUnitsLimit {
            try store.add(unit("Phrase de remplissage \(i).", "Filler \(i)."), policy: .keepAlternatives)
        }
        let found = try store.lookup(MatchQuery(source: "Phrase de remplissage 1000.", minimumScore: 0.99))
        #expect(found.map(\.unit.target.plainText) == ["Filler 1000."])
        // Generation 1 at creation, one more per add: the index was rebuilt at the last one.
        #expect(MatchIndex.generation(of: store.url.appendingPathExtension("match-index")) == UInt64(SQLiteMemoryStore.recentUnitsLimit + 3))
    }
}
