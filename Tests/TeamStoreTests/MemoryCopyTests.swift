import Annotation
import Foundation
import Testing
import TeamStore
import TranslationMemory
import Workbench

extension PostgresMemoryDatabase: MemoryCopyDestination {}
extension PostgresMemoryDatabase.Writer: MemoryCopyWriter {}

/// A whole memory (units, annotations, glossary) of one kind, removed when the test ends.
/// A SQLite one is a file that does not exist until something is written into it.
final class TestDatabase {
    let kind: StoreKind
    /// A path or postgres:// address.
    let address: String
    let folder: URL?
    private let cleanUp: () -> Void
    private var opened: [PostgresMemoryDatabase] = []

    init(_ kind: StoreKind) throws {
        self.kind = kind
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-team-copy-\(UUID().uuidString)")
            self.folder = folder
            address = folder.appendingPathComponent("tandem.sqlite").path
            cleanUp = { try? FileManager.default.removeItem(at: folder) }
        case .postgres:
            guard TestServer.isAvailable else { try Test.cancel(TestServer.absence) }
            let (location, drop) = try TestServer.newDatabase()
            folder = nil
            address = "postgres://\(location.user)@\(location.host):\(location.port)/\(location.database)"
            cleanUp = drop
        }
    }

    /// The three stores, opened afresh (a SQLite file is created when missing).
    func open() throws -> MemoryDatabase {
        switch kind {
        case .sqlite: return try MemoryDatabase.sqlite(at: URL(fileURLWithPath: address), create: true)
        case .postgres:
            let database = try PostgresMemoryDatabase(address: address)
            opened.append(database)
            return MemoryDatabase(memory: database.memory, annotations: database.annotations, glossary: database.glossary)
        }
    }

    /// Copies `source` into this memory, through a destination that fails after writing
    /// units and annotations when `failing`.
    func copy(from source: MemoryDatabase, failing: FailingWriterLog? = nil) throws -> MemoryCopy.Summary {
        switch kind {
        case .sqlite:
            let destination = SQLiteCopyDestination(url: URL(fileURLWithPath: address))
            if let failing { return try MemoryCopy().copy(from: source, to: FailingDestination(base: destination, log: failing)) }
            return try MemoryCopy().copy(from: source, to: destination)
        case .postgres:
            let destination = try PostgresMemoryDatabase(address: address)
            opened.append(destination)
            if let failing { return try MemoryCopy().copy(from: source, to: FailingDestination(base: destination, log: failing)) }
            return try MemoryCopy().copy(from: source, to: destination)
        }
    }

    /// The names in the SQLite memory's folder (none when the folder is absent).
    var filesInFolder: [String] {
        guard let folder else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    deinit {
        for database in opened { database.close() }
        cleanUp()
    }
}

/// What a failing destination's writer did before it failed.
final class FailingWriterLog: @unchecked Sendable {
    var unitsWritten = false
    var annotationsSaved = false
}

struct InjectedFailure: Error {}

/// A destination whose writer fails on the glossary, after the units and annotations
/// were written (into the destination's uncommitted transaction or new file).
struct FailingDestination<Base: MemoryCopyDestination>: MemoryCopyDestination {
    let base: Base
    let log: FailingWriterLog

    func stores() throws -> (memory: any MemoryStore, annotations: any AnnotationRepository, glossary: any GlossaryStore)? {
        try base.stores()
    }

    func writeAtomically(_ body: (FailingWriter<Base.Writer>) throws -> Void) throws {
        try base.writeAtomically { try body(FailingWriter(base: $0, log: log)) }
    }
}

struct FailingWriter<Base: MemoryCopyWriter>: MemoryCopyWriter {
    let base: Base
    let log: FailingWriterLog

    func units<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result {
        try base.units { batch in
            let result = try body(batch)
            log.unitsWritten = true
            return result
        }
    }

    func annotations<Result>(_ body: (any AnnotationWriter) throws -> Result) throws -> Result {
        try base.annotations { writer in
            let result = try body(writer)
            log.annotationsSaved = try !writer.articles().isEmpty
            return result
        }
    }

    func terms(_ terms: [Term]) throws -> TermImportSummary {
        throw InjectedFailure()
    }
}

/// Everything a memory holds, unit and term identifiers left out (a copy renumbers them).
struct MemorySnapshot: Equatable {
    var units: [TranslationUnit]
    var articles: [Article]
    var claims: [Claim]
    var sources: [Source]
    var citations: [Citation]
    var links: [TranslationLink]
    var terms: [Term]

    init(_ database: MemoryDatabase) throws {
        units = try allUnits(database.memory).map { var u = $0; u.id = nil; return u }
        (articles, claims, sources, citations, links) = try database.annotations.read { reader in
            let articles = try reader.articles()
            var claims: [Claim] = [], citations: [Citation] = []
            for article in articles {
                claims += try reader.claims(of: article.id)
                citations += try reader.citations(ofArticle: article.id)
            }
            return (articles, claims, try reader.sources(), citations, try reader.translationLinks())
        }
        terms = try database.glossary.terms(sourceLanguage: nil, targetLanguage: nil).map { var t = $0; t.id = nil; return t }
    }

    var isEmpty: Bool {
        units.isEmpty && articles.isEmpty && claims.isEmpty && sources.isEmpty && citations.isEmpty && links.isEmpty && terms.isEmpty
    }
}

/// A memory with every kind of record and every field a store could lose.
enum FullMemory {
    static let furnitureArticle = Article(
        id: "004_8a092bc0b89f6462", language: "fr", title: "Avec furniture", text: "Menu Accueil. Le texte. Partager.",
        segments: [
            ArticleSegment(range: 0..<13, paragraph: 1, isTranslatable: false),
            ArticleSegment(range: 14..<23, paragraph: 2),
            ArticleSegment(range: 24..<33, paragraph: 3, isTranslatable: false),
        ])

    static func units() -> [TranslationUnit] {
        let bold = InlineCode(kind: .begin, attributes: [.init(name: "i", value: "1")], content: [.data("<b>")])
        var units: [TranslationUnit] = [
            TranslationUnit(
                sourceLanguage: LanguageTag("fr-CA")!, targetLanguage: LanguageTag("en-GB")!,
                source: SegmentText(elements: [.text("Le  "), .code(bold), .text("texte")]),
                target: SegmentText("The text"),
                provenance: Provenance(
                    origin: .human, creator: "anne", createdAt: Date(timeIntervalSince1970: 1_700_000_000.25),
                    changedBy: "bob", changedAt: Date(timeIntervalSince1970: 1_700_000_500.5), tool: "Tandem", confidence: 0.875),
                context: SegmentContext(previous: "Menu Accueil.", next: "Partager."),
                location: SegmentLocation(article: "004_8a092bc0b89f6462", segment: 2),
                properties: [UnitProperty(type: "x-tandem-state", value: "reviewed")],
                notes: [UnitNote(part: .target, text: "UK spelling", language: "en")]),
        ]
        for i in 0..<60 {
            var u = unit("Phrase \(i) de l’article.", "Sentence \(i) of the article.", origin: i % 3 == 0 ? .aligned : .imported)
            u.provenance.createdAt = Date(timeIntervalSince1970: 1_600_000_000 + Double(i))
            u.location = i % 2 == 0 ? SegmentLocation(article: "full", segment: i + 1) : nil
            units.append(u)
        }
        // An alternative translation of a source already there.
        units.append(unit("Phrase 1 de l’article.", "Sentence one of the article.", origin: .propagated))
        return units
    }

    static let terms = [
        Term(source: "liste noire", target: "blacklist", note: "US Entity List",
             provenance: TermProvenance(origin: .manual, creator: "ana", createdAt: Date(timeIntervalSince1970: 1_700_000_000))),
        Term(source: "ONG", target: "NGO", isApproved: false,
             provenance: TermProvenance(origin: .imported, creator: "bob", file: "g.tsv", line: 3)),
        Term(sourceLanguage: .english, targetLanguage: .french, source: "human rights", target: "droits de l’homme"),
    ]

    static func fill(_ database: MemoryDatabase) throws {
        try database.memory.importBatch { batch in
            for u in units() { try batch.add(u, policy: .keepAlternatives) }
        }
        try TeamRecords.save(into: database.annotations)
        try database.annotations.write { try $0.save(furnitureArticle) }
        _ = try database.glossary.importTerms(terms)
    }
}

/// `memory copy` moves a whole memory between SQLite and PostgreSQL, all or nothing.
@Suite struct MemoryCopyTests {
    @Test(arguments: StoreKind.testable, StoreKind.testable)
    func copiesEverythingAndBack(_ from: StoreKind, _ to: StoreKind) throws {
        let source = try TestDatabase(from), destination = try TestDatabase(to), back = try TestDatabase(from)
        try FullMemory.fill(try source.open())
        let original = try MemorySnapshot(try source.open())
        #expect(original.units.count == FullMemory.units().count)
        #expect(original.articles.contains(FullMemory.furnitureArticle))

        let summary = try destination.copy(from: try source.open())
        var expected = MemoryCounts()
        expected.units = 62
        expected.articles = 3
        expected.claims = 3
        expected.sources = 2
        expected.citations = 2
        expected.links = 2
        expected.terms = 3
        #expect(summary.copied == expected)
        #expect(summary.destination == expected)
        #expect(try MemorySnapshot(try destination.open()) == original)

        _ = try back.copy(from: try destination.open())
        #expect(try MemorySnapshot(try back.open()) == original)
        // Citations still name claims and sources that are there.
        let copied = try MemorySnapshot(try back.open())
        for citation in copied.citations {
            #expect(copied.claims.contains { $0.id == citation.claimID })
            #expect(copied.sources.contains { $0.id == citation.sourceID })
        }
    }

    @Test(arguments: StoreKind.testable)
    func aFailureMidCopyLeavesTheDestinationAsItWas(_ to: StoreKind) throws {
        let source = try TestDatabase(.sqlite)
        try FullMemory.fill(try source.open())

        // A destination that does not exist yet (SQLite) or an empty database.
        let fresh = try TestDatabase(to)
        let log = FailingWriterLog()
        #expect(throws: InjectedFailure.self) { try fresh.copy(from: try source.open(), failing: log) }
        #expect(log.unitsWritten && log.annotationsSaved, "the failure came after the units and annotations were written")
        switch to {
        case .sqlite: #expect(fresh.filesInFolder == [], "\(fresh.filesInFolder)")
        case .postgres: #expect(try MemorySnapshot(try fresh.open()).isEmpty)
        }

        // An existing empty memory stays as it was, with no file left beside it.
        let empty = try TestDatabase(to)
        _ = try empty.open()
        let filesBefore = empty.filesInFolder
        #expect(throws: InjectedFailure.self) { try empty.copy(from: try source.open(), failing: FailingWriterLog()) }
        #expect(empty.filesInFolder == filesBefore)
        #expect(try MemorySnapshot(try empty.open()).isEmpty)

        // The same copy without the failure goes through.
        #expect(try empty.copy(from: try source.open()).destination.units == 62)
        #expect(empty.filesInFolder.allSatisfy { $0.hasPrefix("tandem.sqlite") }, "\(empty.filesInFolder)")
    }

    @Test(arguments: StoreKind.testable)
    func refusesADestinationWithAnyContent(_ to: StoreKind) throws {
        let source = try TestDatabase(.sqlite)
        try FullMemory.fill(try source.open())
        let destination = try TestDatabase(to)
        try destination.open().glossary.add(Term(source: "déjà", target: "already"))
        #expect {
            try destination.copy(from: try source.open())
        } throws: { error in
            (error as? MemoryCopyError).map { "\($0)".contains("already holds 1 terms") } ?? false
        }
        let after = try MemorySnapshot(try destination.open())
        #expect(after.units.isEmpty && after.articles.isEmpty)
        #expect(after.terms.map(\.source) == ["déjà"])
    }

    /// When the destination does not store every unit as a new one (here a writer that
    /// adds each unit twice, so the destination reports the second add as merged), the
    /// count check refuses the copy and nothing is stored.
    @Test(arguments: StoreKind.testable)
    func aCountMismatchStoresNothing(_ to: StoreKind) throws {
        let source = try TestDatabase(.sqlite)
        try FullMemory.fill(try source.open())
        let destination = try TestDatabase(to)
        _ = try destination.open()
        func copy<Base: MemoryCopyDestination>(_ base: Base) throws -> MemoryCopy.Summary {
            try MemoryCopy().copy(from: try source.open(), to: DoublingDestination(base: base))
        }
        #expect(throws: MemoryCopyError.countMismatch(kind: "units", read: 62, stored: 0)) {
            switch to {
            case .sqlite: _ = try copy(SQLiteCopyDestination(url: URL(fileURLWithPath: destination.address)))
            case .postgres:
                let database = try PostgresMemoryDatabase(address: destination.address)
                defer { database.close() }
                _ = try copy(database)
            }
        }
        #expect(try MemorySnapshot(try destination.open()).isEmpty)
    }
}

/// A destination whose writer adds every unit twice and reports the second outcome.
struct DoublingDestination<Base: MemoryCopyDestination>: MemoryCopyDestination {
    let base: Base

    func stores() throws -> (memory: any MemoryStore, annotations: any AnnotationRepository, glossary: any GlossaryStore)? {
        try base.stores()
    }

    func writeAtomically(_ body: (DoublingWriter<Base.Writer>) throws -> Void) throws {
        try base.writeAtomically { try body(DoublingWriter(base: $0)) }
    }
}

struct DoublingWriter<Base: MemoryCopyWriter>: MemoryCopyWriter {
    let base: Base

    struct Batch: UnitBatch {
        let base: any UnitBatch
        func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome {
            try base.add(unit, policy: policy)
            return try base.add(unit, policy: policy)
        }
    }

    func units<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result {
        try base.units { try body(Batch(base: $0)) }
    }

    func annotations<Result>(_ body: (any AnnotationWriter) throws -> Result) throws -> Result {
        try base.annotations(body)
    }

    func terms(_ terms: [Term]) throws -> TermImportSummary {
        try base.terms(terms)
    }
}

/// Identical units at two places of an article (the same sentence aligned twice) are two
/// units in SQLite; a copy must keep both.
@Suite struct MemoryCopyTwinTests {
    @Test(arguments: StoreKind.testable, StoreKind.testable)
    func twinsAtDifferentPlacesAreBothCopied(_ from: StoreKind, _ to: StoreKind) throws {
        let source = try TestDatabase(from), destination = try TestDatabase(to)
        let stores = try source.open()
        var first = unit("Huawei a démenti.", "Huawei denied it."), second = first
        first.location = SegmentLocation(article: "demo", segment: 2)
        second.location = SegmentLocation(article: "demo", segment: 4)
        try stores.memory.importBatch { batch in
            try batch.add(first, policy: .keepAlternatives)
            try batch.add(second, policy: .keepAlternatives)
        }
        #expect(try stores.memory.statistics().units == 2)
        let summary = try destination.copy(from: stores)
        #expect(summary.copied.units == 2)
        #expect(try allUnits(try destination.open().memory).compactMap(\.location?.segment) == [2, 4])
    }
}
