import Foundation
import Testing
@testable import TranslationMemory

/// The same translation at two places of articles is two units: each segment keeps its
/// own (what ArticleTranslations reads); at the same place, or without a place, it merges.
@Suite struct LocatedTwinTests {
    func located(_ article: String?, _ segment: Int, at seconds: Double) -> TranslationUnit {
        var twin = unit("Huawei a démenti.", "Huawei denied it.", origin: .human)
        twin.location = article.map { SegmentLocation(article: $0, segment: segment) }
        twin.provenance.createdAt = Date(timeIntervalSince1970: seconds)
        return twin
    }

    @Test func twinsAtDifferentPlacesStayApart() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        guard case .added = try store.add(located("a", 2, at: 10), policy: .keepAlternatives) else { Issue.record("not added"); return }
        guard case .added = try store.add(located("a", 4, at: 20), policy: .keepAlternatives) else { Issue.record("segment 4 merged into 2"); return }
        guard case .added = try store.add(located("b", 2, at: 30), policy: .keepAlternatives) else { Issue.record("article b merged into a"); return }
        #expect(try store.units(inArticle: "a", sourceLanguage: nil, targetLanguage: nil).map { $0.location!.segment } == [2, 4])
        #expect(try store.units(inArticle: "b", sourceLanguage: nil, targetLanguage: nil).count == 1)
    }

    @Test func twinsAtTheSamePlaceOrWithoutOneMerge() throws {
        let temporary = try TemporaryStore()
        let store = temporary.store
        let first = try store.add(located("a", 2, at: 10), policy: .keepAlternatives)
        #expect(try store.add(located("a", 2, at: 20), policy: .keepAlternatives) == .merged(id: id(first)))
        // An unlocated twin (a TMX import) merges with the located one, and the reverse.
        #expect(try store.add(located(nil, 0, at: 30), policy: .keepAlternatives) == .merged(id: id(first)))
        let temporary2 = try TemporaryStore()
        let unlocated = try temporary2.store.add(located(nil, 0, at: 10), policy: .keepAlternatives)
        #expect(try temporary2.store.add(located("a", 3, at: 20), policy: .keepAlternatives) == .merged(id: id(unlocated)))
        #expect(try temporary2.store.units(inArticle: "a", sourceLanguage: nil, targetLanguage: nil).count == 1)
    }

    private func id(_ outcome: AddOutcome) -> Int64 {
        switch outcome { case let .added(id), let .merged(id), let .replaced(id): id }
    }
}
