import Foundation
import GRDB

/// The default memory: one SQLite database (WAL, versioned migrations) through GRDB,
/// with a memory-mapped match index file beside it (`<database>.match-index`), derived
/// from the database and rebuilt when the database has changed since.
///
/// Matching ranks by the true similarity (see ``Similarity``); among equal scores an
/// in-context match comes before a plain exact one, then origins in the order of
/// ``UnitOrigin`` (human, aligned, imported, machine, propagated), then the older unit.
/// No penalty changes a reported score.
public final class SQLiteMemoryStore: MemoryStore {
    /// The database file.
    public let url: URL
    private let pool: DatabasePool
    private let indexURL: URL
    private let cache = IndexCache()

    /// Opens the memory at `url`, creating it (and its folder) if `create` is true.
    /// - Throws: ``MemoryStoreError/notFound(path:)`` when it does not exist and
    ///   `create` is false; GRDB's errors when it is not a readable memory.
    public init(url: URL, create: Bool = true) throws {
        self.url = url
        indexURL = url.appendingPathExtension("match-index")
        if !FileManager.default.fileExists(atPath: url.path) {
            guard create else { throw MemoryStoreError.notFound(path: url.path) }
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Bulk imports update indexes keyed by hashes all over their B-trees: give
            // the page cache room (64 MiB at most, taken only when needed).
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        pool = try DatabasePool(path: url.path, configuration: configuration)
        try Schema.migrator.migrateSharedFile(pool)
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { try Schema.migrator.appliedMigrations($0) }
    }

    // MARK: Writing

    public func importBatch<Result>(_ body: (any UnitBatch) throws -> Result) throws -> Result {
        let result = try pool.write { db -> Result in
            let batch = try Batch(db: db)
            let result = try body(batch)
            try batch.finish()
            try Self.bumpGeneration(db)
            return result
        }
        try? pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        _ = try currentIndex(rebuild: true)  // built once, at the end of the import
        return result
    }

    @discardableResult
    public func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome {
        try pool.write { db in
            let batch = try Batch(db: db)
            let outcome = try batch.add(unit, policy: policy)
            try batch.finish()
            try Self.bumpGeneration(db)
            return outcome
        }
    }

    private static func bumpGeneration(_ db: Database) throws {
        try db.execute(sql: "UPDATE memory_meta SET value = value + 1 WHERE key = 'generation'")
    }

    /// Adds units inside one write transaction, with cached prepared statements, and
    /// keeps the concordance index in step: units deleted leave it at once, units added
    /// enter it all together in ``finish()`` (which must run before the transaction
    /// commits).
    private final class Batch: UnitBatch {
        let db: Database
        /// The largest id when the batch began: the concordance index holds every unit
        /// up to it, and none above it until ``finish()``.
        private let indexedThrough: Int64

        init(db: Database) throws {
            self.db = db
            indexedThrough = try Int64.fetchOne(db, sql: "SELECT max(id) FROM unit") ?? 0
        }

        /// Indexes the units added by this batch for concordance.
        func finish() throws {
            try db.execute(
                sql: "INSERT INTO unit_fts (rowid, source_text, target_text) SELECT id, source_text, target_text FROM unit WHERE id > ?",
                arguments: [indexedThrough])
        }

        /// Deletes a unit and, when it is indexed already, its concordance entry.
        private func delete(id: Int64) throws {
            if id <= indexedThrough,
               let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT source_text, target_text FROM unit WHERE id = ?"), arguments: [id]) {
                try db.cachedStatement(sql: "INSERT INTO unit_fts (unit_fts, rowid, source_text, target_text) VALUES ('delete', ?, ?, ?)")
                    .execute(arguments: [id, row["source_text"] as String, row["target_text"] as String])
            }
            try db.cachedStatement(sql: "DELETE FROM unit WHERE id = ?").execute(arguments: [id])
        }

        @discardableResult
        func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome {
            let sourcePlain = unit.source.plainText
            let normalized = TextNormalization.normalize(sourcePlain)
            let sourcePrimary = unit.sourceLanguage.language, targetPrimary = unit.targetLanguage.language
            let key = sourceKey(sourcePrimary: sourcePrimary, targetPrimary: targetPrimary, normalizedSource: normalized)
            let targetMarkup = try UnitRecord.markupJSON(unit.target)

            // Units with the same source in the same pair.
            let same = try Row.fetchAll(
                db.cachedStatement(sql: """
                    SELECT id, COALESCE(source_normalized, source_text) AS normalized, target_text, target_markup,
                           origin, creator, created_at, changed_by, changed_at, tool, confidence,
                           context_previous, context_next, article, segment, properties, notes
                    FROM unit WHERE source_key = ? AND source_primary = ? AND target_primary = ?
                    """),
                arguments: [key, sourcePrimary, targetPrimary]
            ).filter { ($0["normalized"] as String) == normalized }

            switch policy {
            case .replace:
                if !same.isEmpty {
                    for row in same { try delete(id: row["id"]) }
                    return .replaced(id: try insert(unit, sourcePlain, normalized, key))
                }
            case .keepAlternatives:
                guard !same.isEmpty else { break }
                let targetNormalized = TextNormalization.normalize(unit.target.plainText)
                // A twin at another place of an article is not the same unit: each
                // segment keeps its own (see ArticleTranslations).
                if let twin = same.first(where: {
                    TextNormalization.normalize($0["target_text"]) == targetNormalized && ($0["target_markup"] as String?) == targetMarkup
                        && Self.locationsAgree($0, unit.location)
                }) {
                    try merge(unit, into: twin)
                    return .merged(id: twin["id"])
                }
            }
            return .added(id: try insert(unit, sourcePlain, normalized, key))
        }

        /// Whether a stored row and a location may be one unit: either has no location, or both the same.
        private static func locationsAgree(_ row: Row, _ location: SegmentLocation?) -> Bool {
            guard let location, let article = row["article"] as String? else { return true }
            return article == location.article && (row["segment"] as Int?) == location.segment
        }

        private func insert(_ unit: TranslationUnit, _ sourcePlain: String, _ normalized: String, _ key: Int64) throws -> Int64 {
            let p = unit.provenance
            let values: [(any DatabaseValueConvertible)?] = [
                unit.sourceLanguage.identifier, unit.sourceLanguage.language,
                unit.targetLanguage.identifier, unit.targetLanguage.language,
                sourcePlain, try UnitRecord.markupJSON(unit.source),
                unit.target.plainText, try UnitRecord.markupJSON(unit.target),
                normalized == sourcePlain ? nil : normalized, key,
                p.origin.rawValue, p.creator, p.createdAt?.timeIntervalSince1970, p.changedBy,
                p.changedAt?.timeIntervalSince1970, p.tool, p.confidence,
                unit.context.previous, unit.context.next, unit.location?.article, unit.location?.segment,
                try UnitRecord.propertiesJSON(unit.properties), try UnitRecord.notesJSON(unit.notes),
            ]
            let statement = try db.cachedStatement(sql: """
                INSERT INTO unit (source_lang, source_primary, target_lang, target_primary,
                    source_text, source_markup, target_text, target_markup, source_normalized, source_key,
                    origin, creator, created_at, changed_by, changed_at, tool, confidence,
                    context_previous, context_next, article, segment, properties, notes)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            try statement.execute(arguments: StatementArguments(values))
            let id = db.lastInsertedRowID
            if id <= indexedThrough {
                // A reused id (the largest unit was deleted in this batch): finish() would miss it.
                try db.cachedStatement(sql: "INSERT INTO unit_fts (rowid, source_text, target_text) VALUES (?, ?, ?)")
                    .execute(arguments: [id, sourcePlain, unit.target.plainText])
            }
            return id
        }

        /// Merges an identical unit: the newer provenance wins, the earliest creation
        /// date stays, missing context, location, properties and notes are filled in.
        private func merge(_ unit: TranslationUnit, into row: Row) throws {
            let p = unit.provenance
            let oldCreated: Double? = row["created_at"], oldChanged: Double? = row["changed_at"]
            let oldStamp = oldChanged ?? oldCreated ?? -.infinity
            let newStamp = (p.changedAt ?? p.createdAt)?.timeIntervalSince1970 ?? -.infinity
            let incomingWins = newStamp >= oldStamp
            let created = [oldCreated, p.createdAt?.timeIntervalSince1970].compactMap { $0 }.min()

            let existingProvenance = try UnitRecord.provenance(from: row)
            let existingProperties = try UnitRecord.properties(fromJSON: row["properties"])
            let existingNotes = try UnitRecord.notes(fromJSON: row["notes"])
            let existingContext = SegmentContext(previous: row["context_previous"], next: row["context_next"])
            let existingArticle: String? = row["article"]
            let existingLocation = existingArticle.map { SegmentLocation(article: $0, segment: row["segment"] ?? 0) }
            let provenance = incomingWins ? p : existingProvenance
            var properties = existingProperties
            for property in unit.properties where !properties.contains(property) { properties.append(property) }
            var notes = existingNotes
            for note in unit.notes where !notes.contains(note) { notes.append(note) }
            let context = existingContext == SegmentContext() ? unit.context : existingContext
            let location = existingLocation ?? unit.location
            let values: [(any DatabaseValueConvertible)?] = [
                provenance.origin.rawValue, provenance.creator, created, provenance.changedBy,
                provenance.changedAt?.timeIntervalSince1970, provenance.tool, provenance.confidence,
                context.previous, context.next, location?.article, location?.segment,
                try UnitRecord.propertiesJSON(properties), try UnitRecord.notesJSON(notes), row["id"] as Int64,
            ]
            try db.cachedStatement(sql: """
                UPDATE unit SET origin = ?, creator = ?, created_at = ?, changed_by = ?, changed_at = ?, tool = ?,
                    confidence = ?, context_previous = ?, context_next = ?, article = ?, segment = ?,
                    properties = ?, notes = ?
                WHERE id = ?
                """).execute(arguments: StatementArguments(values))
        }
    }

    // MARK: Reading

    public func forEachUnit(
        sourceLanguage: LanguageTag?,
        targetLanguage: LanguageTag?,
        _ body: (TranslationUnit) throws -> Void
    ) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(UnitRecord.columns) FROM unit
                    WHERE (?1 IS NULL OR source_primary = ?1) AND (?2 IS NULL OR target_primary = ?2)
                    ORDER BY id
                    """,
                arguments: [sourceLanguage?.language, targetLanguage?.language])
            while let row = try rows.next() { try body(try UnitRecord.unit(from: row)) }
        }
    }

    public func units(
        inArticle article: String,
        sourceLanguage: LanguageTag?,
        targetLanguage: LanguageTag?
    ) throws -> [TranslationUnit] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(UnitRecord.columns) FROM unit
                    WHERE article = ?1 AND (?2 IS NULL OR source_primary = ?2) AND (?3 IS NULL OR target_primary = ?3)
                    ORDER BY segment, COALESCE(changed_at, created_at, 0), id
                    """,
                arguments: [article, sourceLanguage?.language, targetLanguage?.language]
            ).map(UnitRecord.unit(from:))
        }
    }

    /// The units with these ids, in the order given (missing ids left out).
    public func units(ids: [Int64]) throws -> [TranslationUnit] {
        guard !ids.isEmpty else { return [] }
        let found = try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(UnitRecord.columns) FROM unit WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))",
                             arguments: StatementArguments(ids)).map(UnitRecord.unit(from:))
        }
        let byID = Dictionary(found.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    public func statistics() throws -> MemoryStatistics {
        try pool.read { db in
            let units = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM unit") ?? 0
            let pairs = try Row.fetchAll(db, sql: """
                SELECT source_lang, target_lang, COUNT(*) AS n FROM unit GROUP BY source_lang, target_lang ORDER BY n DESC, source_lang, target_lang
                """).map { MemoryStatistics.PairCount(sourceLanguage: $0["source_lang"], targetLanguage: $0["target_lang"], units: $0["n"]) }
            var byOrigin: [UnitOrigin: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT origin, COUNT(*) AS n FROM unit GROUP BY origin") {
                if let origin = UnitOrigin(rawValue: row["origin"]) { byOrigin[origin] = row["n"] }
            }
            return MemoryStatistics(units: units, pairs: pairs, byOrigin: byOrigin)
        }
    }

    // MARK: Matching

    public func lookup(_ query: MatchQuery) throws -> [TranslationMatch] {
        if let matches = try lookup(query, rebuild: false) { return matches }
        return try lookup(query, rebuild: true) ?? []
    }

    /// The matches, or `nil` when one of them was deleted since the index was built (the
    /// index is then rebuilt and the lookup run again). A deleted unit outside the top
    /// matches cannot change them, so no deletion has to be looked for otherwise.
    private func lookup(_ query: MatchQuery, rebuild: Bool) throws -> [TranslationMatch]? {
        let (index, recent) = try currentIndex(rebuild: rebuild)
        let normalized = TextNormalization.normalizedScalars(query.source)
        let previous = query.context.previous.map(TextNormalization.normalize)
        let next = query.context.next.map(TextNormalization.normalize)
        let hasContext = previous != nil || next != nil
        let found = try pool.read { db in
            let isInContext = { (id: Int64) throws -> Bool in
                guard hasContext,
                      let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT context_previous, context_next FROM unit WHERE id = ?"), arguments: [id])
                else { return false }
                return (row["context_previous"] as String?).map(TextNormalization.normalize) == previous
                    && (row["context_next"] as String?).map(TextNormalization.normalize) == next
            }
            var found = try index.search(
                normalized,
                sourceLanguage: query.sourceLanguage, targetLanguage: query.targetLanguage,
                matchRegion: query.matchRegion, minimumScore: query.minimumScore, limit: query.limit,
                isInContext: isInContext)
            guard !recent.isEmpty else { return found }
            // Units added since the index was built: compared one by one.
            found += try RecentEntry.matches(in: recent, normalized, query, isInContext: isInContext)
            found.sort(by: MatchIndex.precedes)
            return Array(found.prefix(query.limit))
        }
        let units = Dictionary(try units(ids: found.map(\.unitID)).map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        if !rebuild, found.contains(where: { units[$0.unitID] == nil }) { return nil }
        return found.compactMap { match in
            guard let unit = units[match.unitID] else { return nil }
            let kind: TranslationMatch.Kind = match.inContext ? .inContext : match.distance == 0 ? .exact : .fuzzy
            return TranslationMatch(unit: unit, kind: kind, similarity: match.similarity, score: match.similarity)
        }
    }

    /// Units added since the match index was built are searched one by one, up to this
    /// many; past it, or when a unit found was deleted, the index is rebuilt.
    static let recentUnitsLimit = 1_000

    /// What lookups search for the database's current generation: the match index (the
    /// cached one, the file's, or a new one built from the database and written for the
    /// next process) and the units added since it was built. A translator's confirmation
    /// adds one unit: it is searched on its own instead of rebuilding the index of the
    /// whole memory.
    private func currentIndex(rebuild: Bool = false) throws -> (MatchIndex, [RecentEntry]) {
        let generation = UInt64(try pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM memory_meta WHERE key = 'generation'") ?? 0
        })
        return try cache.state(
            for: generation,
            rebuild: rebuild,
            mapped: { MatchIndex.map(indexURL) },
            recent: { base in try recentUnits(since: base) },
            build: {
                let (entries, built) = try pool.read { db -> ([IndexEntry], UInt64) in
                    let built = try Int64.fetchOne(db, sql: "SELECT value FROM memory_meta WHERE key = 'generation'") ?? 0
                    var entries: [IndexEntry] = []
                    let rows = try Row.fetchCursor(db, sql: """
                        SELECT id, source_lang, source_primary, target_lang, target_primary,
                               COALESCE(source_normalized, source_text), origin FROM unit
                        """)
                    while let row = try rows.next() {
                        entries.append(IndexEntry(
                            unitID: row[0], sourcePrimary: row[2], targetPrimary: row[4], sourceTag: row[1], targetTag: row[3],
                            normalizedSource: row[5], origin: UnitOrigin(rawValue: row[6]) ?? .imported))
                    }
                    return (entries, UInt64(built))
                }
                let index = try MatchIndex.build(entries, generation: built)
                try? index.write(to: indexURL)
                return index
            })
    }

    /// The units stored after `base` was built (ids above its largest), or `nil` when too
    /// many were added and the index must be rebuilt. Units deleted since are not looked
    /// for here: ``lookup(_:rebuild:)`` notices when one is among the matches.
    private func recentUnits(since base: MatchIndex) throws -> [RecentEntry]? {
        let largest = base.largestUnitID
        let rows = try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, source_lang, source_primary, target_lang, target_primary,
                       COALESCE(source_normalized, source_text), origin FROM unit WHERE id > ? ORDER BY id LIMIT ?
                """, arguments: [largest, Self.recentUnitsLimit + 1])
        }
        guard rows.count <= Self.recentUnitsLimit else { return nil }
        return rows.map { row in
            RecentEntry(
                unitID: row[0], sourcePrimary: row[2], targetPrimary: row[4], sourceTag: row[1], targetTag: row[3],
                scalars: (row[5] as String).unicodeScalars.map(\.value), origin: UnitOrigin(rawValue: row[6]) ?? .imported)
        }
    }

    // MARK: Concordance

    /// Throws when the concordance index does not hold exactly the stored units' texts
    /// (FTS5's integrity check against its content table).
    func checkConcordanceIndex() throws {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO unit_fts (unit_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    public func concordance(_ query: ConcordanceQuery) throws -> [ConcordanceHit] {
        let folding = TextFolding(ignoreCase: query.ignoreCase, ignoreAccents: query.ignoreAccents)
        let needle = folding.fold(TextNormalization.normalize(query.text)).scalars
        guard !needle.isEmpty, query.limit > 0 else { return [] }
        let words = TextFolding.words(in: TextNormalization.normalize(query.text))
        let columns = [UnitPart.source, .target].filter(query.sides.contains)
        guard !columns.isEmpty else { return [] }
        return try pool.read { db in
            let rows: RowCursor
            if words.isEmpty {
                // Nothing to search the word index for (punctuation only): scan.
                rows = try Row.fetchCursor(db, sql: "SELECT \(UnitRecord.columns) FROM unit ORDER BY id")
            } else {
                let phrase = "\"" + words.joined(separator: " ") + "\"" + "*"
                let filter = columns.count == 2 ? phrase : "\(columns[0] == .source ? "source_text" : "target_text") : \(phrase)"
                rows = try Row.fetchCursor(db, sql: """
                    SELECT \(UnitRecord.columns) FROM unit WHERE id IN (SELECT rowid FROM unit_fts WHERE unit_fts MATCH ?) ORDER BY id
                    """, arguments: [filter])
            }
            var hits: [ConcordanceHit] = []
            var unitsHit = 0
            while unitsHit < query.limit, let row = try rows.next() {
                var found = false
                for part in columns {
                    let text: String = row[part == .source ? "source_text" : "target_text"]
                    let ranges = folding.occurrences(of: needle, in: text)
                    guard !ranges.isEmpty else { continue }
                    hits.append(ConcordanceHit(unit: try UnitRecord.unit(from: row), part: part, ranges: ranges))
                    found = true
                }
                if found { unitsHit += 1 }
            }
            return hits
        }
    }
}

/// The match index of one store and the units added since it was built, brought up to
/// date when the database's generation moves.
private final class IndexCache: @unchecked Sendable {
    private let lock = NSLock()
    private var index: MatchIndex?
    private var recent: [RecentEntry] = []
    private var recentGeneration: UInt64?

    func state(
        for generation: UInt64,
        rebuild: Bool,
        mapped: () -> MatchIndex?,
        recent load: (MatchIndex) throws -> [RecentEntry]?,
        build: () throws -> MatchIndex
    ) throws -> (MatchIndex, [RecentEntry]) {
        lock.lock()
        defer { lock.unlock() }
        if let index, index.generation == generation { return (index, []) }
        if let index, recentGeneration == generation, !rebuild { return (index, recent) }
        // An index of an earlier generation (cached, or the file's) and the units added since.
        if let base = index ?? mapped(), base.generation <= generation {
            if base.generation == generation {
                (index, recent, recentGeneration) = (base, [], generation)
                return (base, [])
            }
            if !rebuild, let added = try load(base) {
                (index, recent, recentGeneration) = (base, added, generation)
                return (base, added)
            }
        }
        let built = try build()
        (index, recent, recentGeneration) = (built, [], built.generation)
        return (built, [])
    }
}
