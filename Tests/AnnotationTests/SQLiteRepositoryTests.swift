import Foundation
import GRDB
import Testing
@testable import Annotation

/// Records that use every field, with values a store could mangle: absent versus empty
/// strings, decomposed accents and emoji (offsets count code points), newlines, URLs
/// with queries and fragments, dates of each precision, each enumeration case.
enum RichRecords {
    static let decomposed = "Le de\u{301}partement a suspendu le partenariat en aou\u{302}t 2020 👍🏽."

    static var articles: [Article] {
        let text = decomposed + "\n\nUne seconde phrase.\tAvec une tabulation."
        return [
            Article(
                id: "full", language: "fr-FR", title: "Double victoire", publisher: "Le Monde",
                date: try! AnnotationDate("2020-12-10"),
                url: URL(string: "https://www.example.org/articles/vonum?page=2&lang=fr#suite")!,
                text: text,
                segments: [
                    ArticleSegment(range: 0..<decomposed.unicodeScalars.count, paragraph: 1),
                    ArticleSegment(range: (decomposed.unicodeScalars.count + 2)..<(text.unicodeScalars.count), paragraph: 2),
                ]
            ),
            Article(id: "bare", language: "en", title: "", text: "Nothing here.", segments: []),
            Article(id: "month", language: "fr", date: try! AnnotationDate("2020-08"), text: "x", segments: [ArticleSegment(range: 0..<1, paragraph: 0)]),
        ]
    }

    /// The code-point span of the first occurrence of `quote` in the decomposed sentence.
    static func span(of quote: String) -> Range<Int> {
        let text = Array(decomposed.unicodeScalars), needle = Array(quote.unicodeScalars)
        let start = (0...(text.count - needle.count)).first { text[$0..<($0 + needle.count)].elementsEqual(needle) }!
        return start..<(start + needle.count)
    }

    static var claims: [Claim] {
        [
            Claim(id: "c-anchored", articleID: "full", kind: .fact, span: span(of: "Le de\u{301}partement"),
                  selector: TextQuoteSelector(exact: "Le de\u{301}partement", prefix: "", suffix: " a suspendu"),
                  anchorStatus: .anchored, note: "Deux lignes.\nSeconde « ligne »."),
            Claim(id: "c-figure", articleID: "full", kind: .figure, span: span(of: "aou\u{302}t 2020"),
                  selector: TextQuoteSelector(exact: "aou\u{302}t 2020", prefix: "partenariat en ", suffix: " 👍🏽."),
                  anchorStatus: .reanchored),
            Claim(id: "c-orphan", articleID: "full", kind: .attribution, span: 3..<3,
                  selector: TextQuoteSelector(exact: "un texte disparu", prefix: "avant ", suffix: " après"),
                  anchorStatus: .orphaned, note: ""),
            Claim(id: "c-quote", articleID: "bare", kind: .quotation, span: 0..<7, selector: TextQuoteSelector(exact: "Nothing")),
        ]
    }

    static var sources: [Source] {
        [
            Source(id: "s-full", kind: .socialMediaPost, url: URL(string: "https://www.instagram.com/p/example/?igshid=1#x")!,
                   title: "Post", publisher: "Instagram", date: try! AnnotationDate("2020"), language: "fr", articleID: "bare"),
            Source(id: "s-named", kind: .newsArticle, title: "cet article du Washington Post"),
            Source(id: "s-dangling", kind: .report, title: "Rapport", articleID: "not-imported-yet"),
            Source(id: "s-statement", kind: .officialStatement, url: URL(string: "http://example.gov/statement")!),
            Source(id: "s-interview", kind: .interview, title: "Entretien", publisher: ""),
            Source(id: "s-other", kind: .other, title: "?"),
        ]
    }

    static var citations: [Citation] {
        [
            Citation(id: "k1", claimID: "c-anchored", sourceID: "s-named", status: .unresolved, note: "nommé, pas identifié"),
            Citation(id: "k2", claimID: "c-anchored", sourceID: "s-named", status: .promised, promisedLanguage: "fr", note: "traductions promises"),
            Citation(id: "k3", claimID: "c-figure", sourceID: "s-full", status: .linked),
            Citation(id: "k4", claimID: "c-quote", sourceID: "s-statement", status: .promised, note: ""),
        ]
    }

    static var translationLinks: [TranslationLink] {
        [
            TranslationLink(id: "t-article-url", original: .article("full"), translation: .url(URL(string: "https://example.org/en/vonum")!), language: "en"),
            TranslationLink(id: "t-url-article", original: .url(URL(string: "https://www.washingtonpost.com/x?y=1")!), translation: .article("full"), language: "fr"),
            TranslationLink(id: "t-article-article", original: .article("bare"), translation: .article("month"), language: "fr-CA"),
        ]
    }

    static func saveAll(into store: any AnnotationWriter) throws {
        for article in articles { try store.save(article) }
        for claim in claims { try store.save(claim) }
        for source in sources { try store.save(source) }
        for citation in citations { try store.save(citation) }
        for link in translationLinks { try store.save(link) }
    }

    /// Checks that `store` holds exactly the rich records, in the documented orders.
    static func expectStored(in store: any AnnotationReader) throws {
        #expect(try store.articles() == articles.sorted { $0.id < $1.id })
        for article in articles {
            let stored = try #require(try store.article(article.id))
            #expect(stored == article)
            // Code points, not just canonical equivalence.
            #expect(stored.text.unicodeScalars.elementsEqual(article.text.unicodeScalars))
        }
        for claim in claims {
            let stored = try store.claim(claim.id)
            #expect(stored == claim)
            #expect(stored?.selector.exact.unicodeScalars.elementsEqual(claim.selector.exact.unicodeScalars) == true)
        }
        // By start (the orphan keeps its last position), then end, then id.
        #expect(try store.claims(of: "full").map(\.id) == ["c-anchored", "c-orphan", "c-figure"])
        #expect(try store.sources() == sources.sorted { $0.id < $1.id })
        #expect(try store.source("s-named")?.url == nil)
        #expect(try store.source("s-named")?.publisher == nil)
        #expect(try store.source("s-interview")?.publisher == "")
        for citation in citations { #expect(try store.citation(citation.id) == citation) }
        #expect(try store.citations(of: "c-anchored").map(\.id) == ["k1", "k2"])
        #expect(try store.citations(ofArticle: "full").map(\.id) == ["k1", "k2", "k3"])
        #expect(try store.citations(ofArticle: "month").isEmpty)
        #expect(try store.translationLinks() == translationLinks.sorted { $0.id < $1.id })
        for link in translationLinks { #expect(try store.translationLink(link.id) == link) }
    }
}

/// What every ``AnnotationRepository`` must do, run against each implementation.
@Suite struct RepositoryConformanceTests {
    let scratch = ScratchDirectory()

    @Test(arguments: RepositoryKind.allCases)
    func everyFieldOfEveryRecordReadsBackAsWritten(_ kind: RepositoryKind) throws {
        let repository = try kind.make(in: scratch)
        try repository.write(RichRecords.saveAll(into:))
        try repository.read(RichRecords.expectStored(in:))
        // The annotations of an article gather the same records.
        let annotations = try repository.annotations(of: "full")
        #expect(annotations.claims.map(\.id) == ["c-anchored", "c-orphan", "c-figure"])
        #expect(annotations.sources.map(\.id) == ["s-full", "s-named"])
        // t-article-article translates "bare", which the cited s-full is.
        #expect(annotations.translationLinks.map(\.id) == ["t-article-article", "t-article-url", "t-url-article"])
    }

    @Test(arguments: RepositoryKind.allCases)
    func aWriteSeesItsOwnChangesAndAFailingWriteStoresNoneOfThem(_ kind: RepositoryKind) throws {
        let repository = try kind.make(in: scratch)
        try repository.write { store throws in
            try store.save(RichRecords.articles[1])
        }
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try repository.write { store throws in
                try RichRecords.saveAll(into: store)
                #expect(try store.articles().count == 3)
                #expect(try store.citations(ofArticle: "full").count == 3)
                #expect(try store.deleteArticle("bare"))
                throw Stop()
            }
        }
        // A failing save halfway (a citation of a source not stored) undoes the earlier ones.
        #expect(throws: AnnotationError.unknownSource("ghost")) {
            try repository.write { store throws in
                try store.save(RichRecords.articles[0])
                try store.save(RichRecords.claims[0])
                try store.save(Source(id: "s1", kind: .report, title: "R"))
                try store.save(Citation(id: "k", claimID: RichRecords.claims[0].id, sourceID: "ghost", status: .unresolved))
            }
        }
        try repository.read { store throws in
            #expect(try store.articles().map(\.id) == ["bare"])
            #expect(try store.claims(of: "full").isEmpty)
            #expect(try store.sources().isEmpty)
            #expect(try store.translationLinks().isEmpty)
        }
        // What the body returns is what write returns.
        #expect(try repository.write { try $0.articles().count } == 1)
    }

    @Test(arguments: RepositoryKind.allCases)
    func missingReferencesAreTheDomainsErrorsAndStoreNothing(_ kind: RepositoryKind) throws {
        let repository = try kind.make(in: scratch)
        try repository.write { store throws in
            try store.save(RichRecords.articles[1])
            try store.save(RichRecords.claims[3])
            try store.save(Source(id: "s1", kind: .report, title: "R"))
        }
        func expectNothingMore() throws {
            try repository.read { store throws in
                #expect(try store.articles().count == 1)
                #expect(try store.claims(of: "bare").map(\.id) == ["c-quote"])
                #expect(try store.citations(ofArticle: "bare").isEmpty)
                #expect(try store.translationLinks().isEmpty)
            }
        }
        var claim = RichRecords.claims[3]
        claim.id = "c2"
        claim.articleID = "ghost"
        #expect(throws: AnnotationError.unknownArticle("ghost")) { try repository.write { try $0.save(claim) } }
        #expect(throws: AnnotationError.unknownClaim("ghost")) {
            try repository.write { try $0.save(Citation(id: "k", claimID: "ghost", sourceID: "s1", status: .unresolved)) }
        }
        #expect(throws: AnnotationError.unknownSource("ghost")) {
            try repository.write { try $0.save(Citation(id: "k", claimID: "c-quote", sourceID: "ghost", status: .unresolved)) }
        }
        // Both missing: the claim is named first.
        #expect(throws: AnnotationError.unknownClaim("nope")) {
            try repository.write { try $0.save(Citation(id: "k", claimID: "nope", sourceID: "ghost", status: .unresolved)) }
        }
        #expect(throws: AnnotationError.unknownArticle("ghost")) {
            try repository.write { try $0.save(TranslationLink(id: "t", original: .article("bare"), translation: .article("ghost"), language: "fr")) }
        }
        #expect(throws: AnnotationError.unknownArticle("ghost")) {
            try repository.write { try $0.save(TranslationLink(id: "t", original: .article("ghost"), translation: .url(URL(string: "https://example.org/x")!), language: "fr")) }
        }
        try expectNothingMore()
        // The operations name the missing record too.
        #expect(throws: AnnotationError.unknownClaim("ghost")) { try repository.cite("ghost", source: "s1", status: .unresolved) }
        #expect(throws: AnnotationError.unknownArticle("ghost")) { try repository.addClaim("c3", to: "ghost", at: .segment(1), kind: .fact) }
        try expectNothingMore()
    }

    @Test(arguments: RepositoryKind.allCases)
    func savingAnExistingIdReplacesTheRecordAndKeepsWhatRefersToIt(_ kind: RepositoryKind) throws {
        let repository = try kind.make(in: scratch)
        try repository.write(RichRecords.saveAll(into:))
        var claim = RichRecords.claims[0]
        claim.kind = .quotation
        claim.note = nil
        claim.anchorStatus = .orphaned
        var source = RichRecords.sources[1]
        source.url = URL(string: "https://www.washingtonpost.com/article")
        var article = RichRecords.articles[0]
        article.title = nil
        try repository.write { store throws in
            try store.save(article)
            try store.save(claim)
            try store.save(source)
        }
        try repository.read { store throws in
            #expect(try store.article("full") == article)
            #expect(try store.claim(claim.id) == claim)
            #expect(try store.source(source.id) == source)
            // A replace is not a delete: the claims of the article and the citations stay.
            #expect(try store.claims(of: "full").count == 3)
            #expect(try store.citations(of: claim.id).map(\.id) == ["k1", "k2"])
            #expect(try store.translationLinks().count == 3)
        }
    }

    @Test(arguments: RepositoryKind.allCases)
    func deletesCascadeAsDocumented(_ kind: RepositoryKind) throws {
        let repository = try kind.make(in: scratch)
        try repository.write(RichRecords.saveAll(into:))
        #expect(throws: AnnotationError.sourceInUse("s-named", citations: 2)) { try repository.write { try $0.deleteSource("s-named") } }
        try repository.write { store throws in
            #expect(try store.deleteClaim("c-anchored"))
            #expect(try !store.deleteClaim("c-anchored"))
            #expect(try store.citation("k1") == nil && store.citation("k2") == nil)
            #expect(try store.deleteSource("s-named"))
            #expect(try store.deleteCitation("k4"))
            #expect(try !store.deleteCitation("k4"))
            #expect(try store.deleteTranslationLink("t-article-article"))
            #expect(try !store.deleteTranslationLink("t-article-article"))
            #expect(try !store.deleteSource("s-named"))
        }
        // Deleting "bare": its claim, the links naming it, and s-full's pointer to it go.
        #expect(try repository.write { try $0.deleteArticle("bare") })
        #expect(try !repository.write { try $0.deleteArticle("bare") })
        try repository.read { store throws in
            #expect(try store.articles().map(\.id) == ["full", "month"])
            #expect(try store.claim("c-quote") == nil)
            #expect(try store.source("s-full")?.articleID == nil)
            #expect(try store.source("s-dangling")?.articleID == "not-imported-yet")
            #expect(try store.translationLinks().map(\.id) == ["t-article-url", "t-url-article"])
            #expect(try store.citations(ofArticle: "full").map(\.id) == ["k3"])
        }
        #expect(try repository.write { try $0.deleteArticle("full") })
        try repository.read { store throws in
            #expect(try store.translationLinks().isEmpty)
            #expect(try store.citation("k3") == nil)
            #expect(try store.sources().count == 5)
        }
    }

    @Test(arguments: RepositoryKind.allCases)
    func listsComeInTheDocumentedOrder(_ kind: RepositoryKind) throws {
        let repository = try kind.make(in: scratch)
        var random = SeededGenerator(seed: 6)
        let text = String(repeating: "abcdefghij", count: 5)
        let article = Article(id: "a", language: "fr", text: text, segments: [])
        var claims: [Claim] = []
        for index in 0..<40 {
            let start = Int.random(in: 0..<8, using: &random), end = start + Int.random(in: 0...3, using: &random)
            // Ids whose order differs from the insertion order and from numeric order.
            let id = ClaimID(unchecked: "c\(Int.random(in: 0..<1000, using: &random))-\(index)")
            let exact = String(text.unicodeScalars.dropFirst(start).prefix(end - start))
            claims.append(Claim(id: id, articleID: "a", kind: .fact, span: start..<end, selector: TextQuoteSelector(exact: exact.isEmpty ? "a" : exact)))
        }
        let sourceIDs = (0..<10).map { _ in SourceID(unchecked: "s\(Int.random(in: 0..<100_000, using: &random))") }
        try repository.write { store throws in
            for id in ["b", "B", "a-2", "a.1", "~"] as [ArticleID] {
                try store.save(Article(id: id, language: "fr", text: "t", segments: []))
            }
            try store.save(article)
            for claim in claims.shuffled(using: &random) { try store.save(claim) }
            for id in sourceIDs { try store.save(Source(id: id, kind: .report, title: "S")) }
            for (index, claim) in claims.enumerated() {
                try store.save(Citation(id: CitationID(unchecked: "k\(Int.random(in: 0..<1000, using: &random))-\(index)"), claimID: claim.id, sourceID: sourceIDs[index % 10], status: .unresolved))
            }
        }
        try repository.read { store throws in
            #expect(try store.articles().map(\.id.rawValue) == ["B", "a", "a-2", "a.1", "b", "~"])
            let expected = claims.sorted {
                ($0.span.lowerBound, $0.span.upperBound, $0.id.rawValue) < ($1.span.lowerBound, $1.span.upperBound, $1.id.rawValue)
            }
            #expect(try store.claims(of: "a").map(\.id) == expected.map(\.id))
            #expect(try store.sources().map(\.id) == sourceIDs.sorted())
            let citations = try store.citations(ofArticle: "a").map(\.id)
            #expect(citations == citations.sorted() && citations.count == claims.count)
        }
    }
}

/// What only the SQLite store has: a file, migrations shared with the memory's, WAL.
@Suite struct SQLiteAnnotationRepositoryTests {
    let scratch = ScratchDirectory()

    /// Stands in for the memory's store: another migrator, another prefix, another table.
    static func memoryMigrator(upTo version: Int = 1) -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-units") { db in
            try db.execute(sql: "CREATE TABLE unit (id INTEGER PRIMARY KEY, source_text TEXT NOT NULL)")
        }
        if version >= 2 {
            migrator.registerMigration("v2-unit-notes") { db in
                try db.execute(sql: "CREATE TABLE unit_note (unit_id INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE, text TEXT NOT NULL)")
            }
        }
        return migrator
    }

    static func appliedMigrations(at path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
    }

    @Test func theRecordsSurviveClosingAndReopeningTheFile() throws {
        // Parent folders are created.
        let path = scratch.newFile("Memory/tandem.sqlite").path
        do {
            let repository = try SQLiteAnnotationRepository(path: path)
            #expect(repository.path == path)
            try repository.write(RichRecords.saveAll(into:))
        }
        #expect(FileManager.default.fileExists(atPath: path))
        let reopened = try SQLiteAnnotationRepository(path: path)
        try reopened.read(RichRecords.expectStored(in:))
    }

    @Test func aSharedPoolCanBeClosedAndTheFileReopenedByPath() throws {
        let path = scratch.newFile("tandem.sqlite").path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: path, configuration: SQLiteAnnotationRepository.makeConfiguration())
        let repository = try SQLiteAnnotationRepository(pool: pool)
        try repository.write(RichRecords.saveAll(into:))
        try pool.close()
        #expect(throws: (any Error).self) { try repository.read { try $0.articles() } }
        try SQLiteAnnotationRepository(path: path).read(RichRecords.expectStored(in:))
    }

    @Test func theFileIsInWALModeWithForeignKeysAndTheTablesOfTheDomain() throws {
        let path = scratch.newFile("tandem.sqlite").path
        _ = try SQLiteAnnotationRepository(path: path)
        try DatabaseQueue(path: path).read { db in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
            for table in ["article", "claim", "source", "citation", "translation_link"] {
                #expect(try db.tableExists(table), "no table \(table)")
            }
            let claimKeys = try db.foreignKeys(on: "claim")
            #expect(claimKeys.map(\.destinationTable) == ["article"])
            #expect(Set(try db.foreignKeys(on: "citation").map(\.destinationTable)) == ["claim", "source"])
            #expect(try db.indexes(on: "claim").contains { $0.columns == ["article_id", "start", "end", "id"] })
        }
        #expect(try Self.appliedMigrations(at: path) == ["annotation-v1-articles-claims-sources"])
    }

    @Test func anotherMigratorThatRanFirstIsLeftAloneAndCanStillUpgrade() throws {
        let path = scratch.newFile("tandem.sqlite").path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            let memory = try DatabasePool(path: path)
            try Self.memoryMigrator().migrate(memory)
            try memory.write { try $0.execute(sql: "INSERT INTO unit (id, source_text) VALUES (1, 'Bonjour.')") }
        }
        let repository = try SQLiteAnnotationRepository(path: path)
        try repository.addArticle(RichRecords.articles[1])
        // The memory's migrator, upgraded, still runs on the shared file.
        do {
            let memory = try DatabasePool(path: path)
            try Self.memoryMigrator(upTo: 2).migrate(memory)
            #expect(try memory.read { try String.fetchOne($0, sql: "SELECT source_text FROM unit WHERE id = 1") } == "Bonjour.")
            #expect(try memory.read { try $0.tableExists("unit_note") })
        }
        #expect(try Self.appliedMigrations(at: path) == ["annotation-v1-articles-claims-sources", "v1-units", "v2-unit-notes"])
        #expect(try SQLiteAnnotationRepository(path: path).read { try $0.articles().map(\.id) } == ["bare"])
    }

    @Test func anotherMigratorThatRunsAfterwardsLeavesTheAnnotationsAlone() throws {
        let path = scratch.newFile("tandem.sqlite").path
        do {
            let repository = try SQLiteAnnotationRepository(path: path)
            try repository.write(RichRecords.saveAll(into:))
        }
        let memory = try DatabasePool(path: path)
        try Self.memoryMigrator(upTo: 2).migrate(memory)
        // Both stores share one pool, as a workspace would.
        let repository = try SQLiteAnnotationRepository(pool: memory)
        try repository.read(RichRecords.expectStored(in:))
        #expect(try memory.read { try $0.tableExists("unit") })
        #expect(try Self.appliedMigrations(at: path) == ["annotation-v1-articles-claims-sources", "v1-units", "v2-unit-notes"])
    }

    @Test func aFileWrittenByANewerTandemIsRefused() throws {
        let path = scratch.newFile("tandem.sqlite").path
        _ = try SQLiteAnnotationRepository(path: path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('annotation-v9-future'), ('memory-v9-future')")
        }
        let error = #expect(throws: AnnotationDatabaseError.self) { try SQLiteAnnotationRepository(path: path) }
        #expect(error == .newerSchema(path: path, unknownMigrations: ["annotation-v9-future"]))
        #expect(error?.description.contains("upgrade Tandem") == true)
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let url = scratch.newFile("notes.sqlite")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(String(repeating: "Ceci n'est pas une base de données.\n", count: 200).utf8).write(to: url)
        let error = #expect(throws: AnnotationDatabaseError.self) { try SQLiteAnnotationRepository(path: url.path) }
        guard case let .cannotOpen(path, reason) = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(path == url.path)
        #expect(reason.contains("not a database"))
        #expect(error?.description.hasPrefix("cannot open the annotation store \(url.path): ") == true)
    }

    @Test func aPoolWithoutForeignKeysIsRefused() throws {
        let path = scratch.newFile("tandem.sqlite").path
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let pool = try DatabasePool(path: path, configuration: configuration)
        #expect(throws: AnnotationDatabaseError.foreignKeysDisabled(path: path)) { try SQLiteAnnotationRepository(pool: pool) }
    }

    @Test func aValueEditedByHandIsReportedWithItsTableRecordAndColumn() throws {
        let path = scratch.newFile("tandem.sqlite").path
        let repository = try SQLiteAnnotationRepository(path: path)
        try repository.write(RichRecords.saveAll(into:))
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE claim SET kind = 'rumour' WHERE id = 'c-figure'")
            try db.execute(sql: "UPDATE source SET date = '2020-13' WHERE id = 's-full'")
            try db.execute(sql: "UPDATE article SET segments = '[{\"start\": 1}]' WHERE id = 'month'")
        }
        #expect(throws: AnnotationDatabaseError.invalidValue(table: "claim", id: "c-figure", column: "kind", value: "rumour",
                                                             reason: "which is not one of fact, figure, quotation, attribution")) {
            try repository.read { try $0.claims(of: "full") }
        }
        let dateError = #expect(throws: AnnotationDatabaseError.self) { try repository.read { try $0.source("s-full") } }
        #expect(dateError?.description == "source s-full: column date holds «2020-13», which is not a date YYYY, YYYY-MM or YYYY-MM-DD")
        let segmentsError = #expect(throws: AnnotationDatabaseError.self) { try repository.read { try $0.article("month") } }
        #expect(segmentsError?.description.hasPrefix("article month: column segments holds") == true)
        // The other records still read.
        #expect(try repository.read { try $0.claim("c-anchored") } == RichRecords.claims[0])
    }

    @Test(.timeLimit(.minutes(1)))
    func twoConnectionsWritingTheFileAtOnceBothSucceed() throws {
        // Two repositories on one file have separate pools, as two processes would.
        let path = scratch.newFile("tandem.sqlite").path
        let first = try SQLiteAnnotationRepository(path: path), second = try SQLiteAnnotationRepository(path: path)
        let firstHasRead = DispatchSemaphore(value: 0), firstDone = DispatchSemaphore(value: 0)
        let firstResult = Locked<(any Error)?>(nil)
        DispatchQueue.global().async {
            do {
                try first.write { store in
                    // Read, let the other writer try meanwhile, then write: a deferred
                    // transaction would fail here (SQLITE_BUSY) once the other committed.
                    _ = try store.articles()
                    firstHasRead.signal()
                    Thread.sleep(forTimeInterval: 0.3)
                    try store.save(Article(id: "from-first", language: "fr", text: "Un.", segments: []))
                }
            } catch {
                firstResult.set(error)
            }
            firstDone.signal()
        }
        #expect(firstHasRead.wait(timeout: .now() + 20) == .success)
        try second.addArticle(Article(id: "from-second", language: "fr", text: "Deux.", segments: []))
        #expect(firstDone.wait(timeout: .now() + 20) == .success)
        #expect(firstResult.value == nil, "\(String(describing: firstResult.value))")
        #expect(try first.read { try $0.articles().map(\.id) } == ["from-first", "from-second"])
    }

    @Test(.timeLimit(.minutes(1)))
    func aReaderKeepsItsSnapshotWhileAWriterCommits() throws {
        let repository = try SQLiteAnnotationRepository(path: scratch.newFile("tandem.sqlite").path)
        try repository.addArticle(Article(id: "first", language: "fr", text: "Un.", segments: []))
        let readerHasRead = DispatchSemaphore(value: 0), writerCommitted = DispatchSemaphore(value: 0), readerDone = DispatchSemaphore(value: 0)
        let seen = Locked<Result<[[ArticleID]], any Error>?>(nil)
        DispatchQueue.global().async {
            let result = Result {
                try repository.read { store throws in
                    let before = try store.articles().map(\.id)
                    readerHasRead.signal()
                    _ = writerCommitted.wait(timeout: .now() + 20)
                    return [before, try store.articles().map(\.id)]
                }
            }
            seen.set(result)
            readerDone.signal()
        }
        #expect(readerHasRead.wait(timeout: .now() + 20) == .success)
        // In WAL mode the commit does not wait for the reader (in rollback mode it would
        // time out on the reader's lock).
        try repository.addArticle(Article(id: "second", language: "fr", text: "Deux.", segments: []))
        writerCommitted.signal()
        #expect(readerDone.wait(timeout: .now() + 20) == .success)
        #expect(try seen.value?.get() == [["first"], ["first"]])
        #expect(try repository.read { try $0.articles().map(\.id) } == ["first", "second"])
    }

    @Test(.timeLimit(.minutes(1)))
    func readersDoNotWaitForAnOpenWriteAndNeverSeeHalfOfIt() throws {
        let repository = try SQLiteAnnotationRepository(path: scratch.newFile("tandem.sqlite").path)
        let article = makeArticle(id: "a", sentences: ["Le département a suspendu le partenariat en août 2020."])
        try repository.addArticle(article)
        try repository.addSource(Source(id: "s", kind: .report, title: "Rapport"))
        let writerInside = DispatchSemaphore(value: 0), readersDone = DispatchSemaphore(value: 0), writerDone = DispatchSemaphore(value: 0)
        let writeResult = Locked<(any Error)?>(nil)
        DispatchQueue.global().async {
            do {
                try repository.write { store throws in
                    try store.save(Claim(id: "held", articleID: "a", kind: .fact, span: 0..<2, selector: TextQuoteSelector(exact: "Le")))
                    writerInside.signal()
                    _ = readersDone.wait(timeout: .now() + 20)
                }
            } catch {
                writeResult.set(error)
            }
            writerDone.signal()
        }
        #expect(writerInside.wait(timeout: .now() + 20) == .success)
        let during = Locked<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let count = (try? repository.read { try $0.claims(of: "a").count }) ?? -1
            during.update { $0.append(count) }
        }
        readersDone.signal()
        #expect(writerDone.wait(timeout: .now() + 20) == .success)
        #expect(writeResult.value == nil)
        #expect(during.value == [0, 0, 0, 0])

        // Many small writes, each a claim and its citation, while readers read: every
        // snapshot has as many citations as claims.
        let writes = 30
        let inconsistent = Locked<[String]>([])
        let finished = Locked(false)
        let group = DispatchGroup()
        for _ in 0..<3 {
            DispatchQueue.global().async(group: group) {
                while !finished.value {
                    do {
                        let (claims, citations) = try repository.read { store throws in
                            (try store.claims(of: "a").count, try store.citations(ofArticle: "a").count)
                        }
                        if claims != citations + 1 { inconsistent.update { $0.append("\(claims) claims, \(citations) citations") } }
                    } catch {
                        inconsistent.update { $0.append("\(error)") }
                    }
                }
            }
        }
        for index in 0..<writes {
            try repository.write { store throws in
                let claim = ClaimID(unchecked: "c\(index)")
                try store.save(Claim(id: claim, articleID: "a", kind: .fact, span: 3..<16, selector: TextQuoteSelector(exact: "département")))
                try store.save(Citation(id: CitationID(unchecked: "k\(index)"), claimID: claim, sourceID: "s", status: .unresolved))
            }
        }
        finished.set(true)
        #expect(group.wait(timeout: .now() + 20) == .success)
        #expect(inconsistent.value.isEmpty)
        #expect(try repository.read { try $0.citations(ofArticle: "a").count } == writes)
    }
}

/// The seed annotations stored in each repository read back as they were.
@Suite(.enabled(if: PackagePaths.seedAnnotationsAvailable, "needs seeds/annotations/*.json, which the repository holds"))
struct SeedStorageTests {
    let scratch = ScratchDirectory()

    @Test func theSeedAnnotationsStoredInSQLiteReadBackEqualAfterReopening() throws {
        let seeds = try SeedAnnotations.load()
        #expect(!seeds.isEmpty)
        let path = scratch.newFile("tandem.sqlite").path
        let reference = InMemoryAnnotationRepository()
        do {
            let repository = try SQLiteAnnotationRepository(path: path)
            for seed in seeds {
                for store in [repository, reference] as [any AnnotationRepository] {
                    try store.addArticle(seed.annotations.article)
                    try store.store(seed.annotations)
                }
            }
        }
        let repository = try SQLiteAnnotationRepository(path: path)
        for seed in seeds {
            let original = seed.annotations
            let stored = try repository.annotations(of: original.article.id)
            #expect(stored.article == original.article)
            #expect(stored.claims == original.claims.sorted {
                ($0.span.lowerBound, $0.span.upperBound, $0.id.rawValue) < ($1.span.lowerBound, $1.span.upperBound, $1.id.rawValue)
            })
            #expect(stored.citations == original.citations.sorted { $0.id < $1.id })
            #expect(Set(stored.sources) == Set(original.sources.filter { source in original.citations.contains { $0.sourceID == source.id } }))
            #expect(Set(stored.translationLinks) == Set(original.translationLinks))
            // Identical, order included, to what the reference implementation returns.
            #expect(stored == (try reference.annotations(of: original.article.id)))
            #expect(stored.coverage() == original.coverage())
        }
        #expect(try repository.coverage() == reference.coverage())
    }
}

/// A value shared between threads in tests.
final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()

    init(_ value: Value) { stored = value }

    var value: Value { lock.withLock { stored } }
    func set(_ value: Value) { lock.withLock { stored = value } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
