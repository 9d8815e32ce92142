import Foundation
import PostgresNIO
import TranslationMemory

/// A translation memory on a PostgreSQL server, shared by a team: the same semantics as
/// ``SQLiteMemoryStore`` (duplicates merged, alternatives kept, replace; an import is
/// one transaction) and the same fuzzy matches with the same scores.
///
/// Matching runs in the client, on a ``FuzzyMatcher`` built from the units' normalised
/// sources. Every write transaction stamps the rows it writes with a batch number and
/// ends by bumping a generation counter in the database and recording its batch as
/// that generation, so commits are ordered by generation: before a lookup the client
/// reads the counter and, when it moved, reads only the rows written (and the ids
/// removed) since, never the whole table again.
///
/// Units are written by chunks of rows (``PostgresUnitWriter``): importers hand their
/// units over by the hundred (``UnitBatch/add(contentsOf:policy:)``).
///
/// Two people storing the same translation at once get one unit (a unique index on the
/// unit's identity makes the second merge into the first); different translations of
/// the same source are both kept, the newer one current.
public final class PostgresMemoryStore: MemoryStore {
    /// Where the memory is.
    public let location: PostgresLocation
    private let connections: PostgresConnections
    private let cache: PostgresMatcherCache

    /// Connects to the database and applies the schema migrations it lacks.
    /// - Parameter indexCacheDirectory: where the match index built from the memory is
    ///   kept for the next process (`nil`: nowhere, each process builds its own).
    /// - Throws: ``PostgresStoreError`` (server unreachable, password refused, no such database...).
    public convenience init(location: PostgresLocation, indexCacheDirectory: URL? = MatchIndexCache.defaultDirectory) throws {
        try self.init(location: location, connections: PostgresConnections(location), indexCacheDirectory: indexCacheDirectory)
    }

    /// The memory over connections shared with the database's other stores.
    init(location: PostgresLocation, connections: PostgresConnections, indexCacheDirectory: URL? = MatchIndexCache.defaultDirectory) throws {
        self.location = location
        self.connections = connections
        try PostgresMigrator.migrate(MemorySchema.migrations, prefix: "memory-", connections)
        let identity = try connections.withSession { session in
            try session.query("SELECT value FROM memory_meta WHERE key = 'identity'").first!.decode(Int64.self)
        }
        cache = PostgresMatcherCache(file: indexCacheDirectory.map { MatchIndexCache.file(in: $0, for: location, identity: identity) })
    }

    /// Opens the memory at a `postgres://USER@HOST:PORT/DATABASE` address.
    public convenience init(address: String, indexCacheDirectory: URL? = MatchIndexCache.defaultDirectory) throws {
        try self.init(location: PostgresLocation(parsing: address), indexCacheDirectory: indexCacheDirectory)
    }

    /// The file the match index is kept in between processes, if any.
    public var indexCacheFile: URL? { cache.file }

    /// The names of the migrations applied (memory and others), in order.
    public func appliedMigrations() throws -> [String] {
        try PostgresMigrator.applied(connections)
    }

    /// Closes the connections (also done when the store goes away).
    public func close() {
        connections.shutDown()
    }

    // MARK: Writing

    public func importBatch<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result {
        try connections.transaction { session in
            let writer = PostgresUnitWriter(session: session)
            let result = try body(writer)
            try writer.finish()
            return result
        }
    }

    @discardableResult
    public func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome {
        // Safe to try twice: a unit whose first transaction did commit is merged.
        try connections.retryingTransaction { session in
            let writer = PostgresUnitWriter(session: session)
            let outcome = try writer.add(unit, policy: policy)
            try writer.finish()
            return outcome
        }
    }

    // MARK: Reading

    /// Rows read per round trip when streaming units.
    private static let pageSize = 1000

    public func forEachUnit(
        sourceLanguage: LanguageTag?,
        targetLanguage: LanguageTag?,
        _ body: (TranslationUnit) throws -> Void
    ) throws {
        // One snapshot for the whole walk, read by pages of ids.
        try connections.transaction(isolation: "REPEATABLE READ READ ONLY") { session in
            var last: Int64 = 0
            while true {
                let rows = try session.query("""
                    SELECT \(unescaped: UnitColumns.list) FROM unit
                    WHERE id > \(last)
                      AND (\(sourceLanguage?.language)::text IS NULL OR source_primary = \(sourceLanguage?.language))
                      AND (\(targetLanguage?.language)::text IS NULL OR target_primary = \(targetLanguage?.language))
                    ORDER BY id LIMIT \(Self.pageSize)
                    """)
                for row in rows {
                    let unit = try UnitColumns.unit(from: row)
                    last = unit.id!
                    try body(unit)
                }
                if rows.count < Self.pageSize { return }
            }
        }
    }

    public func units(
        inArticle article: String,
        sourceLanguage: LanguageTag?,
        targetLanguage: LanguageTag?
    ) throws -> [TranslationUnit] {
        try connections.withSession { session in
            try session.query("""
                SELECT \(unescaped: UnitColumns.list) FROM unit
                WHERE article = \(article)
                  AND (\(sourceLanguage?.language)::text IS NULL OR source_primary = \(sourceLanguage?.language))
                  AND (\(targetLanguage?.language)::text IS NULL OR target_primary = \(targetLanguage?.language))
                ORDER BY segment, COALESCE(changed_at, created_at, 0), id
                """).map(UnitColumns.unit(from:))
        }
    }

    /// The units with these ids, in the order given (missing ids left out).
    public func units(ids: [Int64]) throws -> [TranslationUnit] {
        guard !ids.isEmpty else { return [] }
        let found = try connections.withSession { session in
            try session.query("SELECT \(unescaped: UnitColumns.list) FROM unit WHERE id = ANY(\(ids))").map(UnitColumns.unit(from:))
        }
        let byID = Dictionary(found.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    public func statistics() throws -> MemoryStatistics {
        try connections.transaction(isolation: "REPEATABLE READ READ ONLY") { session in
            let units = try session.query("SELECT COUNT(*) FROM unit").first!.decode(Int.self)
            let pairs = try session.query("""
                SELECT source_lang, target_lang, COUNT(*) AS n FROM unit
                GROUP BY source_lang, target_lang ORDER BY n DESC, source_lang, target_lang
                """).map { row in
                let (source, target, n) = try row.decode((String, String, Int).self)
                return MemoryStatistics.PairCount(sourceLanguage: source, targetLanguage: target, units: n)
            }
            var byOrigin: [UnitOrigin: Int] = [:]
            for row in try session.query("SELECT origin, COUNT(*) FROM unit GROUP BY origin") {
                let (name, n) = try row.decode((String, Int).self)
                if let origin = UnitOrigin(rawValue: name) { byOrigin[origin] = n }
            }
            return MemoryStatistics(units: units, pairs: pairs, byOrigin: byOrigin)
        }
    }

    // MARK: Matching

    public func lookup(_ query: MatchQuery) throws -> [TranslationMatch] {
        let matcher = try currentMatcher()
        let found = try connections.withSession { session in
            try matcher.matches(for: query) { id in
                try session.query("SELECT context_previous, context_next FROM unit WHERE id = \(id)").first.map { row in
                    let (previous, next) = try row.decode((String?, String?).self)
                    return SegmentContext(previous: previous, next: next)
                }
            }
        }
        let units = Dictionary(try units(ids: found.map(\.unitID)).map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        return found.compactMap { match in
            units[match.unitID].map { TranslationMatch(unit: $0, kind: match.kind, similarity: match.similarity, score: match.similarity) }
        }
    }

    /// The matcher for the database's current generation: the cached one (or the
    /// index file's) with the changes since, or one built from every row.
    private func currentMatcher() throws -> FuzzyMatcher {
        let generation = try connections.withSession { session in
            try session.query("SELECT value FROM memory_meta WHERE key = 'generation'").first!.decode(Int64.self)
        }
        return try cache.matcher(for: generation, from: PostgresMatcherCache.Source(
            changes: { since, limit in try self.changes(since: since, limit: limit) },
            everything: { try self.everyEntry() }))
    }

    /// The columns of a matcher entry.
    private static let entryColumns = "id, source_lang, target_lang, source_normalized, origin"

    private static func entry(_ row: PostgresRow) throws -> FuzzyMatcher.Entry {
        let (id, source, target, normalized, origin) = try row.decode((Int64, String, String, String, String).self)
        guard let sourceTag = LanguageTag(source), let targetTag = LanguageTag(target) else {
            throw MemoryStoreError.corruptRow(id: id, reason: "bad language tag \(source) or \(target)")
        }
        return FuzzyMatcher.Entry(
            unitID: id, sourceLanguage: sourceTag, targetLanguage: targetTag,
            normalizedSource: normalized, origin: UnitOrigin(rawValue: origin) ?? .imported)
    }

    /// The rows written and the ids removed since generation `since`, in one snapshot;
    /// `nil` when either are more than `limit`.
    private func changes(since: Int64, limit: Int) throws -> PostgresMatcherCache.Changes? {
        try connections.transaction(isolation: "REPEATABLE READ READ ONLY") { session in
            let now = try session.query("SELECT value FROM memory_meta WHERE key = 'generation'").first!.decode(Int64.self)
            // The batches first, then their rows by the batch index with the numbers as
            // values: a subquery there leaves the planner guessing that every row may
            // match, and with a small LIMIT it reads the whole table (150–250 ms on
            // 430,000 units instead of a fraction of a millisecond).
            let batches = try session.query("""
                SELECT batch FROM write_batch WHERE generation > \(since) AND generation <= \(now)
                """).map { try $0.decode(Int64.self) }
            let written = batches.isEmpty ? [] : try session.query("""
                SELECT \(unescaped: Self.entryColumns) FROM unit WHERE batch = ANY(\(batches)::bigint[])
                LIMIT \(limit + 1)
                """)
            guard written.count <= limit else { return nil }
            let removed = try session.query("""
                SELECT id FROM unit_removed WHERE revision > \(since) AND revision <= \(now) LIMIT \(limit + 1)
                """)
            guard removed.count <= limit else { return nil }
            return PostgresMatcherCache.Changes(
                generation: now, written: try written.map(Self.entry), removed: try removed.map { try $0.decode(Int64.self) })
        }
    }

    /// Every unit as the matcher sees it, and the generation they are at.
    private func everyEntry() throws -> (entries: [FuzzyMatcher.Entry], generation: Int64) {
        try connections.transaction(isolation: "REPEATABLE READ READ ONLY") { session in
            let now = try session.query("SELECT value FROM memory_meta WHERE key = 'generation'").first!.decode(Int64.self)
            let entries = try session.query("SELECT \(unescaped: Self.entryColumns) FROM unit").map(Self.entry)
            return (entries, now)
        }
    }

    // MARK: Concordance

    public func concordance(_ query: ConcordanceQuery) throws -> [ConcordanceHit] {
        let folding = TextFolding(ignoreCase: query.ignoreCase, ignoreAccents: query.ignoreAccents)
        let needle = folding.fold(TextNormalization.normalize(query.text)).scalars
        guard !needle.isEmpty, query.limit > 0 else { return [] }
        let parts = [UnitPart.source, .target].filter(query.sides.contains)
        guard !parts.isEmpty else { return [] }
        // Candidates by the folded words (the last one as a prefix), verified exactly.
        let words = StoredUnit.searchWords(query.text)
        let tsquery: String? = words.isEmpty ? nil : words.enumerated().map { i, word in
            StoredUnit.lexeme(word) + (i == words.count - 1 ? ":*" : "")
        }.joined(separator: " & ")
        let searchSource = parts.contains(.source), searchTarget = parts.contains(.target)
        return try connections.transaction(isolation: "REPEATABLE READ READ ONLY") { session in
            var hits: [ConcordanceHit] = []
            var unitsHit = 0
            var last: Int64 = 0
            while unitsHit < query.limit {
                let rows = try session.query("""
                    SELECT \(unescaped: UnitColumns.list) FROM unit
                    WHERE id > \(last) AND (\(tsquery)::tsquery IS NULL
                        OR (\(searchSource) AND source_terms @@ \(tsquery)::tsquery)
                        OR (\(searchTarget) AND target_terms @@ \(tsquery)::tsquery))
                    ORDER BY id LIMIT \(Self.pageSize)
                    """)
                for row in rows where unitsHit < query.limit {
                    let unit = try UnitColumns.unit(from: row)
                    last = unit.id!
                    var found = false
                    for part in parts {
                        let ranges = folding.occurrences(of: needle, in: (part == .source ? unit.source : unit.target).plainText)
                        guard !ranges.isEmpty else { continue }
                        hits.append(ConcordanceHit(unit: unit, part: part, ranges: ranges))
                        found = true
                    }
                    if found { unitsHit += 1 }
                }
                if rows.count < Self.pageSize { break }
            }
            return hits
        }
    }
}
