import Annotation
import TranslationMemory

/// Copies a whole memory into another, empty one — SQLite or PostgreSQL, either way:
/// every unit with its provenance, context, location, properties and notes (in the
/// order they were stored); every article (with its segments and their furniture
/// flags), claim, source, citation and translation link, under the same identifiers
/// (so citations still name their claims and sources); every glossary term with its
/// provenance.
///
/// The destination is written all or nothing (``MemoryCopyDestination/writeAtomically(_:)``):
/// each kind's count stored must equal the count read, else nothing is kept; after the
/// commit the destination is counted again.
///
/// Unit and term identifiers are the destination's own (nothing refers to them);
/// annotation identifiers are kept, which is why the destination must be empty.
public struct MemoryCopy: Sendable {
    /// What a copy did.
    public struct Summary: Sendable, Hashable {
        /// What was read from the source and stored in the destination.
        public var copied: MemoryCounts
        /// What the destination holds after the commit.
        public var destination: MemoryCounts
    }

    public init() {}

    /// Copies everything in `source` into the empty `destination`.
    /// - Parameter progress: called with the number of units copied so far, every 1,000.
    /// - Throws: ``MemoryCopyError`` when the destination is not empty or a count differs
    ///   (nothing is stored then); the stores' errors otherwise (nothing is stored either).
    public func copy<Destination: MemoryCopyDestination>(
        from source: MemoryDatabase, to destination: Destination,
        progress: (Int) -> Void = { _ in }
    ) throws -> Summary {
        if let before = try destination.stores().map(MemoryDatabase.init).map(MemoryCounts.init), !before.isEmpty {
            throw MemoryCopyError.destinationNotEmpty(before)
        }
        var read = MemoryCounts(), stored = MemoryCounts()
        try destination.writeAtomically { writer in
            // Units, streamed.
            try writer.units { batch in
                var chunk: [TranslationUnit] = []
                func flush() throws {
                    for case .added in try Self.store(chunk, in: batch) { stored.units += 1 }
                    chunk.removeAll(keepingCapacity: true)
                }
                try source.memory.forEachUnit(sourceLanguage: nil, targetLanguage: nil) { unit in
                    var copy = unit
                    copy.id = nil
                    chunk.append(copy)
                    read.units += 1
                    if chunk.count == Self.chunkSize {
                        try flush()
                        progress(read.units)
                    }
                }
                try flush()
            }
            // Annotations, read in one transaction of the source, saved in dependency order.
            let records = try source.annotations.read(AnnotationRecords.init)
            read.articles = records.articles.count
            read.claims = records.claims.count
            read.sources = records.sources.count
            read.citations = records.citations.count
            read.links = records.links.count
            stored = try writer.annotations { writer in
                for article in records.articles { try writer.save(article) }
                for source in records.sources { try writer.save(source) }
                for claim in records.claims { try writer.save(claim) }
                for citation in records.citations { try writer.save(citation) }
                for link in records.links { try writer.save(link) }
                // What the destination's transaction holds now.
                let written = try AnnotationRecords(writer)
                var counts = stored
                counts.articles = written.articles.count
                counts.claims = written.claims.count
                counts.sources = written.sources.count
                counts.citations = written.citations.count
                counts.links = written.links.count
                return counts
            }
            // The glossary.
            let terms = try source.glossary.terms(sourceLanguage: nil, targetLanguage: nil).map { term -> Term in
                var copy = term
                copy.id = nil
                return copy
            }
            read.terms = terms.count
            stored.terms = try writer.terms(terms).added
            if let kind = read.firstDifference(from: stored) {
                throw MemoryCopyError.countMismatch(kind: kind, read: read[kind], stored: stored[kind])
            }
        }
        if read.units >= 1000 { progress(read.units) }
        guard let stores = try destination.stores() else {
            throw MemoryCopyError.missingAfterCommit(copied: read, found: MemoryCounts())
        }
        let after = try MemoryCounts(MemoryDatabase(stores))
        guard after == read else { throw MemoryCopyError.missingAfterCommit(copied: read, found: after) }
        return Summary(copied: read, destination: after)
    }
}

extension MemoryCopy {
    /// Units handed to the destination at once.
    static let chunkSize = 1000

    /// Adds `units` in order as alternatives (by chunks on PostgreSQL); returns each one's outcome.
    static func store(_ units: [TranslationUnit], in batch: any UnitBatch) throws -> [AddOutcome] {
        try batch.add(contentsOf: units, policy: .keepAlternatives)
    }
}

/// Every annotation record of a repository, in an order that saves without dangling
/// references (articles, sources, claims, citations, links).
struct AnnotationRecords {
    var articles: [Article] = []
    var sources: [Source] = []
    var claims: [Claim] = []
    var citations: [Citation] = []
    var links: [TranslationLink] = []

    init(_ reader: any AnnotationReader) throws {
        articles = try reader.articles()
        sources = try reader.sources()
        for article in articles {
            claims += try reader.claims(of: article.id)
            citations += try reader.citations(ofArticle: article.id)
        }
        links = try reader.translationLinks()
    }
}

/// How many records of each kind a memory holds.
public struct MemoryCounts: Sendable, Hashable, CustomStringConvertible {
    public var units = 0
    public var articles = 0
    public var claims = 0
    public var sources = 0
    public var citations = 0
    public var links = 0
    public var terms = 0

    /// The kinds, in the order they are printed.
    public static var kinds: [(name: String, keyPath: WritableKeyPath<MemoryCounts, Int>)] {
        [
            ("units", \.units), ("articles", \.articles), ("claims", \.claims), ("sources", \.sources),
            ("citations", \.citations), ("links", \.links), ("terms", \.terms),
        ]
    }

    public init() {}

    /// Counts what `database` holds (its annotations in one read transaction).
    public init(_ database: MemoryDatabase) throws {
        units = try database.memory.statistics().units
        let records = try database.annotations.read(AnnotationRecords.init)
        articles = records.articles.count
        claims = records.claims.count
        sources = records.sources.count
        citations = records.citations.count
        links = records.links.count
        terms = try database.glossary.terms(sourceLanguage: nil, targetLanguage: nil).count
    }

    /// The count of the kind named `kind` (one of ``kinds``).
    public subscript(kind: String) -> Int {
        Self.kinds.first { $0.name == kind }.map { self[keyPath: $0.keyPath] } ?? 0
    }

    /// Whether every count is zero.
    public var isEmpty: Bool { self == MemoryCounts() }

    /// The first kind whose count differs in `other`.
    func firstDifference(from other: MemoryCounts) -> String? {
        Self.kinds.first { self[keyPath: $0.keyPath] != other[keyPath: $0.keyPath] }?.name
    }

    /// `1234 units, 2 articles, 3 claims, 2 sources, 2 citations, 1 links, 4 terms`.
    public var description: String {
        Self.kinds.map { "\(self[keyPath: $0.keyPath]) \($0.name)" }.joined(separator: ", ")
    }
}

/// Why a copy stored nothing (or, after the commit, why its result must be checked).
public enum MemoryCopyError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The destination already holds records: copying into it would mix two memories.
    case destinationNotEmpty(MemoryCounts)
    /// Fewer records of a kind were stored than read (e.g. identical units in the source
    /// merged by the destination): nothing was stored.
    case countMismatch(kind: String, read: Int, stored: Int)
    /// The copy committed, but the destination then held other counts than were copied
    /// (someone else writing into it at the same time?).
    case missingAfterCommit(copied: MemoryCounts, found: MemoryCounts)
    /// The destination (a file's folder) cannot be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .destinationNotEmpty(let counts):
            "the destination memory already holds \(Self.nonZero(counts)); copy into an empty memory"
        case .countMismatch(let kind, let read, let stored):
            "read \(read) \(kind) but only \(stored) were stored as new \(kind); nothing was copied"
        case .missingAfterCommit(let copied, let found):
            "copied \(copied) but the destination now holds \(found): check it"
        case .cannotWrite(let path, let reason):
            "\(path): cannot write the copy there (\(reason)); nothing was copied"
        }
    }

    private static func nonZero(_ counts: MemoryCounts) -> String {
        let kinds = MemoryCounts.kinds.filter { counts[keyPath: $0.keyPath] != 0 }
        return kinds.map { "\(counts[keyPath: $0.keyPath]) \($0.name)" }.joined(separator: ", ")
    }
}
