import Foundation
import PostgresNIO
import TranslationMemory

/// A translation memory on a PostgreSQL server, shared by a team: the same semantics as
/// ``SQLiteMemoryStore`` (duplicates merged, alternatives kept, replace; an import is
/// one transaction) and the same fuzzy matches with the same scores.
///
/// Matching runs in the client, on a ``FuzzyMatcher`` built from the units' normalised
/// sources. Every write transaction ends by bumping a generation counter in the
/// database and stamping the rows it wrote with it, so commits are ordered by
/// generation: before a lookup the client reads the counter and, when it moved, reads
/// only the rows written (and the ids removed) since, never the whole table again.
///
/// Two people storing the same translation at once get one unit (a unique index on the
/// unit's identity makes the second merge into the first); different translations of
/// the same source are both kept, the newer one current.
public final class PostgresMemoryStore: MemoryStore {
    /// Where the memory is.
    public let location: PostgresLocation
    private let connections: PostgresConnections
    private let cache = MatcherCache()

    /// Connects to the database and applies the schema migrations it lacks.
    /// - Throws: ``PostgresStoreError`` (server unreachable, password refused, no such database...).
    public init(location: PostgresLocation) throws {
        self.location = location
        connections = try PostgresConnections(location)
        try PostgresMigrator.migrate(MemorySchema.migrations, prefix: "memory-", connections)
    }

    /// Opens the memory at a `postgres://USER@HOST:PORT/DATABASE` address.
    public convenience init(address: String) throws {
        try self.init(location: PostgresLocation(parsing: address))
    }

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
            let batch = Batch(session: session)
            let result = try body(batch)
            try batch.finish()
            return result
        }
    }

    @discardableResult
    public func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome {
        // Safe to try twice: a unit whose first transaction did commit is merged.
        try connections.retryingTransaction { session in
            let batch = Batch(session: session)
            let outcome = try batch.add(unit, policy: policy)
            try batch.finish()
            return outcome
        }
    }

    /// Adds units in one transaction, then stamps what it wrote with a new generation.
    final class Batch: UnitBatch {
        let session: PostgresConnections.Session
        private var written: [Int64] = []
        private var removed: [Int64] = []

        init(session: PostgresConnections.Session) { self.session = session }

        @discardableResult
        func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome {
            let row = try StoredUnit(unit)
            if policy == .replace {
                let deleted = try session.query("""
                    DELETE FROM unit
                    WHERE source_key = \(row.sourceKey) AND source_primary = \(row.sourcePrimary)
                      AND target_primary = \(row.targetPrimary) AND source_normalized = \(row.sourceNormalized)
                    RETURNING id
                    """).map { try $0.decode(Int64.self) }
                removed += deleted
                if !deleted.isEmpty {
                    let id = try insert(row)!  // nothing identical is left
                    return .replaced(id: id)
                }
            }
            // An identical unit merges; a concurrent twin is waited for by the unique index.
            for _ in 0..<3 {
                if let id = try insert(row) { return .added(id: id) }
                if let id = try merge(unit, row) { return .merged(id: id) }
                // The twin was removed meanwhile: insert again.
            }
            throw MemoryStoreError.invalidUnit(reason: "an identical unit keeps being added and removed concurrently")
        }

        /// Inserts the row; `nil` when an identical unit is already stored.
        private func insert(_ row: StoredUnit) throws -> Int64? {
            let inserted = try session.query("""
                INSERT INTO unit (source_lang, source_primary, target_lang, target_primary,
                    source_text, source_markup, target_text, target_markup, source_normalized, target_normalized, source_key,
                    origin, creator, created_at, changed_by, changed_at, tool, confidence,
                    context_previous, context_next, article, segment, properties, notes, source_terms, target_terms)
                VALUES (\(row.sourceLanguage), \(row.sourcePrimary), \(row.targetLanguage), \(row.targetPrimary),
                    \(row.sourceText), \(row.sourceMarkup), \(row.targetText), \(row.targetMarkup),
                    \(row.sourceNormalized), \(row.targetNormalized), \(row.sourceKey),
                    \(row.origin), \(row.creator), \(row.createdAt), \(row.changedBy), \(row.changedAt), \(row.tool), \(row.confidence),
                    \(row.contextPrevious), \(row.contextNext), \(row.article), \(row.segment), \(row.properties), \(row.notes),
                    \(row.sourceTerms)::tsvector, \(row.targetTerms)::tsvector)
                ON CONFLICT (source_primary, target_primary, md5(source_normalized), md5(target_normalized), md5(COALESCE(target_markup, '')))
                DO NOTHING
                RETURNING id
                """)
            guard let id = try inserted.first?.decode(Int64.self) else { return nil }
            written.append(id)
            return id
        }

        /// Merges an identical unit, as the SQLite store does: the newer provenance wins,
        /// the earliest creation date stays, missing context, location, properties and
        /// notes are filled in. `nil` when the twin is gone.
        private func merge(_ unit: TranslationUnit, _ row: StoredUnit) throws -> Int64? {
            let rows = try session.query("""
                SELECT \(unescaped: UnitColumns.list) FROM unit
                WHERE source_primary = \(row.sourcePrimary) AND target_primary = \(row.targetPrimary)
                  AND md5(source_normalized) = md5(\(row.sourceNormalized)) AND md5(target_normalized) = md5(\(row.targetNormalized))
                  AND md5(COALESCE(target_markup, '')) = md5(COALESCE(\(row.targetMarkup), ''))
                FOR UPDATE
                """)
            guard let found = rows.first else { return nil }
            let existing = try UnitColumns.unit(from: found)
            let id = existing.id!
            let oldCreated = existing.provenance.createdAt?.timeIntervalSince1970
            let oldChanged = existing.provenance.changedAt?.timeIntervalSince1970
            let p = unit.provenance
            let oldStamp = oldChanged ?? oldCreated ?? -.infinity
            let newStamp = (p.changedAt ?? p.createdAt)?.timeIntervalSince1970 ?? -.infinity
            let provenance = newStamp >= oldStamp ? p : existing.provenance
            let created = [oldCreated, p.createdAt?.timeIntervalSince1970].compactMap { $0 }.min()
            var properties = existing.properties
            for property in unit.properties where !properties.contains(property) { properties.append(property) }
            var notes = existing.notes
            for note in unit.notes where !notes.contains(note) { notes.append(note) }
            let context = existing.context == SegmentContext() ? unit.context : existing.context
            let location = existing.location ?? unit.location
            let propertiesJSON = try UnitRecord.propertiesJSON(properties), notesJSON = try UnitRecord.notesJSON(notes)
            try session.query("""
                UPDATE unit SET origin = \(provenance.origin.rawValue), creator = \(provenance.creator), created_at = \(created),
                    changed_by = \(provenance.changedBy), changed_at = \(provenance.changedAt?.timeIntervalSince1970),
                    tool = \(provenance.tool), confidence = \(provenance.confidence),
                    context_previous = \(context.previous), context_next = \(context.next),
                    article = \(location?.article), segment = \(location?.segment),
                    properties = \(propertiesJSON), notes = \(notesJSON)
                WHERE id = \(id)
                """)
            written.append(id)
            return id
        }

        /// Bumps the generation (waiting for any other writer's commit, so generations
        /// follow commits) and stamps the rows written and removed with it.
        func finish() throws {
            guard !written.isEmpty || !removed.isEmpty else { return }
            let generation = try session.query(
                "UPDATE memory_meta SET value = value + 1 WHERE key = 'generation' RETURNING value"
            ).first!.decode(Int64.self)
            if !written.isEmpty {
                try session.query("UPDATE unit SET revision = \(generation) WHERE id = ANY(\(written))")
            }
            if !removed.isEmpty {
                try session.query("INSERT INTO unit_removed (revision, id) SELECT \(generation), unnest(\(removed)::bigint[])")
            }
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

    /// The matcher for the database's current generation: the cached one, or the cached
    /// entries brought up to date with the rows written since and indexed again.
    private func currentMatcher() throws -> FuzzyMatcher {
        let generation = try connections.withSession { session in
            try session.query("SELECT value FROM memory_meta WHERE key = 'generation'").first!.decode(Int64.self)
        }
        return try cache.matcher(for: generation) { known in
            try connections.transaction(isolation: "REPEATABLE READ READ ONLY") { session in
                let now = try session.query("SELECT value FROM memory_meta WHERE key = 'generation'").first!.decode(Int64.self)
                let since = known ?? -1
                var changes = MatcherCache.Changes(generation: now)
                for row in try session.query("""
                    SELECT id, source_lang, target_lang, source_normalized, origin FROM unit
                    WHERE revision > \(since) AND revision <= \(now)
                    """) {
                    let (id, source, target, normalized, origin) = try row.decode((Int64, String, String, String, String).self)
                    guard let sourceTag = LanguageTag(source), let targetTag = LanguageTag(target) else {
                        throw MemoryStoreError.corruptRow(id: id, reason: "bad language tag \(source) or \(target)")
                    }
                    changes.written.append(FuzzyMatcher.Entry(
                        unitID: id, sourceLanguage: sourceTag, targetLanguage: targetTag,
                        normalizedSource: normalized, origin: UnitOrigin(rawValue: origin) ?? .imported))
                }
                if known != nil {
                    changes.removed = try session.query("""
                        SELECT id FROM unit_removed WHERE revision > \(since) AND revision <= \(now)
                        """).map { try $0.decode(Int64.self) }
                }
                return changes
            }
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

/// The client's match index, kept up to date by generation.
private final class MatcherCache: @unchecked Sendable {
    /// What changed in the database since a generation.
    struct Changes {
        var generation: Int64
        var written: [FuzzyMatcher.Entry] = []
        var removed: [Int64] = []
    }

    private let lock = NSLock()
    private var generation: Int64?
    private var entries: [Int64: FuzzyMatcher.Entry] = [:]
    private var matcher: FuzzyMatcher?

    /// The matcher for `current`, reading the changes since the cached generation
    /// (`nil`: everything) when it is older.
    func matcher(for current: Int64, changes: (_ since: Int64?) throws -> Changes) throws -> FuzzyMatcher {
        lock.lock()
        defer { lock.unlock() }
        if let matcher, let generation, generation >= current { return matcher }
        let read = try changes(generation)
        for id in read.removed { entries[id] = nil }
        for entry in read.written { entries[entry.unitID] = entry }
        let made = try FuzzyMatcher(Array(entries.values))
        generation = read.generation
        matcher = made
        return made
    }
}
