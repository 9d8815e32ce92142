import Foundation
import Testing
import TeamStore
import TranslationMemory

/// The same translation at two places of articles is two units: each segment keeps its
/// own (what a translation session reads); at the same place, or without a place, it
/// merges — on every store, unit by unit and in one batch.
@Suite struct LocatedTwinConformanceTests {
    func located(_ article: String?, _ segment: Int, at seconds: Double) -> TranslationUnit {
        var twin = unit("Huawei a démenti.", "Huawei denied it.", origin: .human)
        twin.location = article.map { SegmentLocation(article: $0, segment: segment) }
        twin.provenance.createdAt = Date(timeIntervalSince1970: seconds)
        return twin
    }

    @Test(arguments: StoreKind.testable)
    func twinsAtDifferentPlacesStayApart(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        let store = memory.store
        guard case .added = try store.add(located("a", 2, at: 10), policy: .keepAlternatives) else { Issue.record("not added"); return }
        guard case .added = try store.add(located("a", 4, at: 20), policy: .keepAlternatives) else { Issue.record("segment 4 merged into 2"); return }
        guard case .added = try store.add(located("b", 2, at: 30), policy: .keepAlternatives) else { Issue.record("article b merged into a"); return }
        #expect(try store.units(inArticle: "a", sourceLanguage: nil, targetLanguage: nil).map { $0.location!.segment } == [2, 4])
        #expect(try store.units(inArticle: "b", sourceLanguage: nil, targetLanguage: nil).count == 1)
    }

    @Test(arguments: StoreKind.testable)
    func twinsAtTheSamePlaceOrWithoutOneMerge(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        let store = memory.store
        let first = try store.add(located("a", 2, at: 10), policy: .keepAlternatives)
        #expect(try store.add(located("a", 2, at: 20), policy: .keepAlternatives) == .merged(id: id(first)))
        // An unlocated twin (a TMX import) merges with the located one, and the reverse.
        #expect(try store.add(located(nil, 0, at: 30), policy: .keepAlternatives) == .merged(id: id(first)))
        let other = try TestMemory(kind)
        let unlocated = try other.store.add(located(nil, 0, at: 10), policy: .keepAlternatives)
        #expect(try other.store.add(located("a", 3, at: 20), policy: .keepAlternatives) == .merged(id: id(unlocated)))
        #expect(try other.store.units(inArticle: "a", sourceLanguage: nil, targetLanguage: nil).count == 1)
        // The twin now has a place: the same translation elsewhere is a unit of its own.
        guard case .added = try other.store.add(located("a", 5, at: 30), policy: .keepAlternatives) else { Issue.record("segment 5 merged into 3"); return }
        #expect(try other.store.units(inArticle: "a", sourceLanguage: nil, targetLanguage: nil).map { $0.location!.segment } == [3, 5])
    }

    /// A propagated translation (the same sentence at several places) written in one
    /// batch, over a memory that already holds it unlocated: the first place takes the
    /// stored twin, every other place is a unit of its own.
    @Test(arguments: StoreKind.testable)
    func aBatchKeepsEveryPlace(_ kind: StoreKind) throws {
        let memory = try TestMemory(kind)
        let store = memory.store
        let unlocated = try store.add(located(nil, 0, at: 1), policy: .keepAlternatives)
        let outcomes = try store.importBatch { batch in
            try batch.add(contentsOf: [located("a", 1, at: 10), located("a", 7, at: 11), located("a", 1, at: 12), located("b", 3, at: 13)],
                          policy: .keepAlternatives)
        }
        #expect(outcomes.first == .merged(id: id(unlocated)))
        #expect(outcomes[2] == .merged(id: id(unlocated)))
        #expect(try store.units(inArticle: "a", sourceLanguage: nil, targetLanguage: nil).map { $0.location!.segment } == [1, 7])
        #expect(try store.units(inArticle: "b", sourceLanguage: nil, targetLanguage: nil).count == 1)
        #expect(try store.statistics().units == 3)
    }

    private func id(_ outcome: AddOutcome) -> Int64 {
        switch outcome { case let .added(id), let .merged(id), let .replaced(id): id }
    }
}
