import Foundation
import Testing
import TeamStore
import TranslationMemory

/// Units handed over together (``UnitBatch/add(contentsOf:policy:)``, written by chunks
/// on PostgreSQL) end as adding them one by one into SQLite leaves them: the same
/// outcomes, the same units, merged in the same order.
@Suite struct BatchWriteTests {
    /// Units over a few sources and targets, so that identical ones fall in the same
    /// chunk, across chunk boundaries and on units stored before; with provenance,
    /// notes, properties and context that merging must combine in order.
    static func units(_ count: Int, seed: UInt64) -> [TranslationUnit] {
        var random = SplitMix(state: seed)
        return (0..<count).map { i in
            let s = Int.random(in: 0..<700, using: &random)
            var u = unit("Phrase numéro \(s) du rapport.", "Sentence \(s)\(Int.random(in: 0..<3, using: &random) == 0 ? " (alt)" : "").",
                         origin: UnitOrigin.allCases.randomElement(using: &random)!)
            let created = Double(Int.random(in: 0..<50, using: &random) * 100)
            u.provenance.createdAt = Int.random(in: 0..<5, using: &random) == 0 ? nil : Date(timeIntervalSince1970: created)
            u.provenance.changedAt = Bool.random(using: &random) ? nil : Date(timeIntervalSince1970: created + Double(Int.random(in: 0..<3, using: &random) * 100))
            u.provenance.creator = ["anne", "bob", nil].randomElement(using: &random)!
            if Int.random(in: 0..<4, using: &random) == 0 { u.notes = [UnitNote(text: "note \(i % 3)")] }
            if Int.random(in: 0..<4, using: &random) == 0 { u.properties = [UnitProperty(type: "x-batch", value: "\(i % 4)")] }
            if Int.random(in: 0..<3, using: &random) == 0 { u.context = SegmentContext(previous: "Avant \(i % 2).", next: nil) }
            // A location only on units whose identity no other unit shares with another place.
            if s % 10 == 0 { u.location = SegmentLocation(article: "article-\(s)", segment: 1) }
            if i % 997 == 0 { u.target = SegmentText(elements: [.text("Sentence \(s)"), .code(InlineCode(kind: .placeholder, attributes: [.init(name: "x", value: "1")], content: []))]) }
            return u
        }
    }

    /// The outcomes with ids told as positions in the final storage order (`nil`: gone).
    static func comparable(_ outcomes: [AddOutcome], _ stored: [TranslationUnit]) -> [String] {
        let position = Dictionary(uniqueKeysWithValues: stored.enumerated().map { ($1.id!, $0) })
        return outcomes.map { outcome in
            switch outcome {
            case let .added(id): "added \(position[id].map(String.init) ?? "gone")"
            case let .merged(id): "merged \(position[id].map(String.init) ?? "gone")"
            case let .replaced(id): "replaced \(position[id].map(String.init) ?? "gone")"
            }
        }
    }

    /// Expects the same units in the same order, ids aside; reports the first difference.
    static func expectSameUnits(_ found: [TranslationUnit], _ expected: [TranslationUnit], sourceLocation: SourceLocation = #_sourceLocation) {
        func withoutID(_ unit: TranslationUnit) -> TranslationUnit { var u = unit; u.id = nil; return u }
        #expect(found.count == expected.count, sourceLocation: sourceLocation)
        if let i = (0..<min(found.count, expected.count)).first(where: { withoutID(found[$0]) != withoutID(expected[$0]) }) {
            #expect(withoutID(found[i]) == withoutID(expected[i]), "unit \(i)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: StoreKind.testable)
    func chunksMergeAndReplaceAsOneByOne(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        let reference = try TestMemory(.sqlite)
        let before = Self.units(300, seed: 1)
        let keep = Self.units(4_500, seed: 2)  // past two chunk boundaries
        let replace = Self.units(2_300, seed: 3)

        // Units stored before, one import of many, then a replacing one.
        var outcomes: [AddOutcome] = [], expected: [AddOutcome] = []
        try memory.store.importBatch { batch in outcomes += try batch.add(contentsOf: before, policy: .keepAlternatives) }
        try memory.store.importBatch { batch in outcomes += try batch.add(contentsOf: keep, policy: .keepAlternatives) }
        try reference.store.importBatch { batch in for u in before { expected.append(try batch.add(u, policy: .keepAlternatives)) } }
        try reference.store.importBatch { batch in for u in keep { expected.append(try batch.add(u, policy: .keepAlternatives)) } }
        var stored = try allUnits(memory.store), storedExpected = try allUnits(reference.store)
        #expect(Self.comparable(outcomes, stored) == Self.comparable(expected, storedExpected))
        Self.expectSameUnits(stored, storedExpected)
        #expect(outcomes.contains { if case .merged = $0 { true } else { false } })

        outcomes = []
        expected = []
        try memory.store.importBatch { batch in outcomes = try batch.add(contentsOf: replace, policy: .replace) }
        try reference.store.importBatch { batch in for u in replace { expected.append(try batch.add(u, policy: .replace)) } }
        stored = try allUnits(memory.store)
        storedExpected = try allUnits(reference.store)
        Self.expectSameUnits(stored, storedExpected)
        // Replaced ids may be reused by SQLite: compare the kinds, and the ids still stored.
        #expect(outcomes.map(Self.kind) == expected.map(Self.kind))
        #expect(Self.comparable(outcomes, stored).filter { !$0.hasSuffix("gone") }.count
                == Self.comparable(expected, storedExpected).filter { !$0.hasSuffix("gone") }.count)

        // Lookups see the result, from this client and another.
        let probe = replace[17]
        let found = try memory.reopen().lookup(MatchQuery(source: probe.source.plainText, limit: 10)).filter { $0.kind == .exact }
        #expect(found.map(\.unit.target.plainText) == [replace.last { $0.source == probe.source }!.target.plainText])
    }

    static func kind(_ outcome: AddOutcome) -> String {
        switch outcome {
        case .added: "added"
        case .merged: "merged"
        case .replaced: "replaced"
        }
    }

    @Test(arguments: StoreKind.testable)
    func aBatchThatThrowsAfterManyChunksStoresNothing(_ kind: StoreKind) throws {
        struct Stop: Error {}
        let memory = try TestMemory(kind)
        try memory.store.add(unit("Phrase numéro 1 du rapport.", "Kept."), policy: .keepAlternatives)
        #expect(throws: Stop.self) {
            try memory.store.importBatch { batch in
                try batch.add(contentsOf: Self.units(4_100, seed: 4), policy: .keepAlternatives)
                throw Stop()
            }
        }
        #expect(try allUnits(memory.store).map(\.target.plainText) == ["Kept."])
        #expect(try memory.reopen().lookup(MatchQuery(source: "Phrase numéro 1 du rapport.", minimumScore: 0.5)).map(\.unit.target.plainText) == ["Kept."])
    }
}

/// A unit the server refuses, in the middle of a chunk, stores nothing of the batch.
@Suite(.enabled(if: TestServer.isAvailable, TestServer.absence))
struct RefusedUnitTests {
    @Test func aRefusedUnitInTheMiddleOfAChunkStoresNothing() throws {
        let memory = try TestMemory(.postgres)
        try memory.store.add(unit("Déjà là.", "Already there."), policy: .keepAlternatives)
        _ = try memory.store.lookup(MatchQuery(source: "Déjà là."))
        var units = BatchWriteTests.units(3_000, seed: 5)
        // PostgreSQL text cannot hold NUL.
        units[1_500] = unit("Une phrase avec \u{0} dedans.", "A sentence with NUL.")
        #expect(throws: (any Error).self) {
            try memory.store.importBatch { batch in try batch.add(contentsOf: units, policy: .keepAlternatives) }
        }
        #expect(try allUnits(memory.store).map(\.target.plainText) == ["Already there."])
        #expect(try memory.store.statistics().units == 1)
        #expect(try memory.store.lookup(MatchQuery(source: units[0].source.plainText)).isEmpty)
        // The memory takes writes again.
        try memory.store.importBatch { batch in try batch.add(contentsOf: Array(units.prefix(10)), policy: .keepAlternatives) }
        #expect(try memory.store.lookup(MatchQuery(source: units[0].source.plainText)).first?.unit.source == units[0].source)
    }
}
