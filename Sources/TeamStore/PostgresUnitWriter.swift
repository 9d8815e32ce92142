import Foundation
import PostgresNIO
import TranslationMemory

/// Adds units inside one write transaction, by chunks of rows sent as column arrays
/// (`unnest`): a few round trips per chunk instead of one or more per unit. The
/// outcomes are those of adding the units one by one: an identical unit earlier in the
/// chunk, in an earlier chunk or in the database is merged into (in order, see
/// ``UnitMerge``), a replaced source's translations are deleted first.
///
/// Every row written is stamped with the transaction's batch number, taken from a
/// sequence when it first writes; ``finish()`` bumps the memory's generation (waiting
/// for any other writer's commit, so generations follow commits) and records which
/// generation the batch is, and which ids it removed.
final class PostgresUnitWriter: UnitBatch {
    /// Rows written per statement at most.
    static let chunkSize = 2_000

    private let session: PostgresConnections.Session
    private var batch: Int64?
    private var removed: [Int64] = []

    init(session: PostgresConnections.Session) { self.session = session }

    @discardableResult
    func add(_ unit: TranslationUnit, policy: DuplicatePolicy) throws -> AddOutcome {
        try add(contentsOf: [unit], policy: policy)[0]
    }

    @discardableResult
    func add(contentsOf units: [TranslationUnit], policy: DuplicatePolicy) throws -> [AddOutcome] {
        var outcomes: [AddOutcome] = []
        outcomes.reserveCapacity(units.count)
        var start = 0
        while start < units.count {
            let end = min(start + Self.chunkSize, units.count)
            let chunk = try Self.prepare(units[start..<end])
            switch policy {
            case .keepAlternatives: outcomes += try store(chunk)
            case .replace: outcomes += try replace(chunk)
            }
            start = end
        }
        return outcomes
    }

    /// Records the batch as the memory's next generation (run last, before the commit).
    func finish() throws {
        guard let batch else { return }
        let generation = try session.query(
            "UPDATE memory_meta SET value = value + 1 WHERE key = 'generation' RETURNING value"
        ).first!.decode(Int64.self)
        try session.query("INSERT INTO write_batch (batch, generation) VALUES (\(batch), \(generation))")
        if !removed.isEmpty {
            try session.query("INSERT INTO unit_removed (revision, id) SELECT \(generation), unnest(\(removed)::bigint[])")
        }
    }

    /// A unit to store and its column values.
    private struct Pending {
        var unit: TranslationUnit
        var row: StoredUnit
    }

    /// The units' column values (normalised texts, concordance words...), computed on
    /// both cores for a large chunk: a client's import is bound by this work.
    private static func prepare(_ units: ArraySlice<TranslationUnit>) throws -> [Pending] {
        let units = Array(units)
        guard units.count >= 128 else { return try units.map { Pending(unit: $0, row: try StoredUnit($0)) } }
        let workers = 2
        var rows = [Result<StoredUnit, any Error>?](repeating: nil, count: units.count)
        rows.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for i in (units.count * worker / workers)..<(units.count * (worker + 1) / workers) {
                    buffer[i] = Result { try StoredUnit(units[i]) }
                }
            }
        }
        return try zip(units, rows).map { unit, row in Pending(unit: unit, row: try row!.get()) }
    }

    /// The batch number rows are stamped with (taken at the first write).
    private func batchNumber() throws -> Int64 {
        if let batch { return batch }
        let taken = try session.query("SELECT nextval('write_batch_number')").first!.decode(Int64.self)
        batch = taken
        return taken
    }

    // MARK: Keeping alternatives

    /// Stores a chunk: the first unit of each identity is inserted, or merged into its
    /// stored twin; the later ones merge into it in order.
    private func store(_ chunk: [Pending]) throws -> [AddOutcome] {
        // One group per identity, in order of first appearance.
        var groupOfIdentity: [StoredUnit.Identity: Int] = [:]
        var groupOf: [Int] = []
        var firsts: [Int] = []
        for (i, item) in chunk.enumerated() {
            let identity = item.row.identity
            if let group = groupOfIdentity[identity] {
                groupOf.append(group)
            } else {
                groupOfIdentity[identity] = firsts.count
                groupOf.append(firsts.count)
                firsts.append(i)
            }
        }
        var ids = [Int64](repeating: 0, count: firsts.count)
        var inserted = [Bool](repeating: false, count: firsts.count)
        var stored = [UnitMerge?](repeating: nil, count: firsts.count)

        // A twin stored already is locked and merged into; the others are inserted. One
        // a concurrent writer inserts meanwhile (waited for by the unique index) is
        // looked for again, and so is one removed meanwhile.
        var pending = Array(firsts.indices)
        for _ in 0..<3 where !pending.isEmpty {
            let twins = try lockTwins(pending.map { chunk[firsts[$0]].row })
            var missing: [Int] = []
            for (group, twin) in zip(pending, twins) {
                if let twin {
                    ids[group] = twin.id
                    stored[group] = twin.stored
                } else {
                    missing.append(group)
                }
            }
            let insertedIDs = try insert(missing.map { chunk[firsts[$0]].row })
            pending = []
            for (group, id) in zip(missing, insertedIDs) {
                if let id {
                    ids[group] = id
                    inserted[group] = true
                    stored[group] = UnitMerge(chunk[firsts[group]].unit)
                } else {
                    pending.append(group)
                }
            }
        }
        guard pending.isEmpty else {
            throw MemoryStoreError.invalidUnit(reason: "an identical unit keeps being added and removed concurrently")
        }

        // Merge, in order, every unit that is not its group's inserted first; write
        // back only what changed (an import of units stored already changes nothing).
        let before = stored
        var outcomes: [AddOutcome] = []
        outcomes.reserveCapacity(chunk.count)
        var merged = Set<Int>()
        for (i, item) in chunk.enumerated() {
            let group = groupOf[i]
            if i == firsts[group], inserted[group] {
                outcomes.append(.added(id: ids[group]))
            } else {
                stored[group]!.absorb(item.unit)
                merged.insert(group)
                outcomes.append(.merged(id: ids[group]))
            }
        }
        try update(merged.sorted().filter { stored[$0] != before[$0] }.map { (ids[$0], stored[$0]!) })
        return outcomes
    }

    /// Inserts rows of distinct identities; the id of each, `nil` for those whose
    /// identical unit is stored already.
    private func insert(_ rows: [StoredUnit]) throws -> [Int64?] {
        guard !rows.isEmpty else { return [] }
        let c = UnitColumnArrays(rows)
        let batch = try batchNumber()
        // Ids are taken in the rows' order; RETURNING tells which rows went in.
        let result = try session.query("""
            WITH input AS MATERIALIZED (
                SELECT nextval(pg_get_serial_sequence('unit', 'id')) AS id, u.*
                FROM unnest(\(c.sourceLanguage)::text[], \(c.sourcePrimary)::text[], \(c.targetLanguage)::text[], \(c.targetPrimary)::text[],
                    \(c.sourceText)::text[], \(c.sourceMarkup)::text[], \(c.targetText)::text[], \(c.targetMarkup)::text[],
                    \(c.sourceNormalized)::text[], \(c.targetNormalized)::text[], \(c.sourceKey)::bigint[],
                    \(c.origin)::text[], \(c.creator)::text[], \(c.createdAt)::float8[], \(c.changedBy)::text[], \(c.changedAt)::float8[],
                    \(c.tool)::text[], \(c.confidence)::float8[], \(c.contextPrevious)::text[], \(c.contextNext)::text[],
                    \(c.article)::text[], \(c.segment)::bigint[], \(c.properties)::text[], \(c.notes)::text[],
                    \(c.sourceTerms)::text[], \(c.targetTerms)::text[]) WITH ORDINALITY
                AS u(source_lang, source_primary, target_lang, target_primary,
                    source_text, source_markup, target_text, target_markup, source_normalized, target_normalized, source_key,
                    origin, creator, created_at, changed_by, changed_at, tool, confidence,
                    context_previous, context_next, article, segment, properties, notes, source_terms, target_terms, ord)
            ), inserted AS (
                INSERT INTO unit (id, source_lang, source_primary, target_lang, target_primary,
                    source_text, source_markup, target_text, target_markup, source_normalized, target_normalized, source_key,
                    origin, creator, created_at, changed_by, changed_at, tool, confidence,
                    context_previous, context_next, article, segment, properties, notes, source_terms, target_terms, batch)
                SELECT id, source_lang, source_primary, target_lang, target_primary,
                    source_text, source_markup, target_text, target_markup, source_normalized, target_normalized, source_key,
                    origin, creator, created_at, changed_by, changed_at, tool, confidence,
                    context_previous, context_next, article, segment, properties, notes,
                    array_to_tsvector(string_to_array(source_terms, E'\\x1f')),
                    array_to_tsvector(string_to_array(target_terms, E'\\x1f')), \(batch)
                FROM input
                ON CONFLICT (source_primary, target_primary, md5(source_normalized), md5(target_normalized), md5(COALESCE(target_markup, '')),
                    COALESCE(article, ''), COALESCE(segment, -1))
                DO NOTHING
                RETURNING id
            )
            SELECT input.ord, inserted.id FROM input LEFT JOIN inserted ON inserted.id = input.id
            """)
        var ids = [Int64?](repeating: nil, count: rows.count)
        for row in result {
            let (ordinal, id) = try row.decode((Int64, Int64?).self)
            ids[Int(ordinal) - 1] = id
        }
        return ids
    }

    /// Locks the stored units identical to `rows` (distinct identities) and reads what a
    /// merge may change; `nil` for a row without a twin. A twin is identical and at the
    /// same place of an article, or either has no place (as in the SQLite store); the
    /// one at the same place comes first, then the oldest. Two rows never get the same
    /// twin (the second is a unit of its own, as when added one after the other: the
    /// first gave the twin its place).
    private func lockTwins(_ rows: [StoredUnit]) throws -> [(id: Int64, stored: UnitMerge)?] {
        guard !rows.isEmpty else { return [] }
        let result = try session.query("""
            SELECT k.ord, unit.id, \(unescaped: UnitMerge.columns(of: "unit"))
            FROM unnest(\(rows.map(\.sourcePrimary))::text[], \(rows.map(\.targetPrimary))::text[],
                \(rows.map(\.sourceNormalized))::text[], \(rows.map(\.targetNormalized))::text[],
                \(NullableArray(rows.map(\.targetMarkup)))::text[],
                \(NullableArray(rows.map(\.article)))::text[], \(NullableArray(rows.map { $0.segment.map(Int64.init) }))::bigint[]) WITH ORDINALITY
                AS k(source_primary, target_primary, source_normalized, target_normalized, target_markup, article, segment, ord)
            JOIN unit ON unit.source_primary = k.source_primary AND unit.target_primary = k.target_primary
                AND md5(unit.source_normalized) = md5(k.source_normalized) AND md5(unit.target_normalized) = md5(k.target_normalized)
                AND md5(COALESCE(unit.target_markup, '')) = md5(COALESCE(k.target_markup, ''))
                AND (unit.article IS NULL OR k.article IS NULL
                    OR (unit.article = k.article AND unit.segment IS NOT DISTINCT FROM k.segment))
            ORDER BY k.ord, (unit.article IS NOT DISTINCT FROM k.article AND unit.segment IS NOT DISTINCT FROM k.segment) DESC, unit.id
            FOR UPDATE OF unit
            """)
        var twins = [(id: Int64, stored: UnitMerge)?](repeating: nil, count: rows.count)
        var taken = Set<Int64>()
        for row in result {
            let (ordinal, id) = try row.decode((Int64, Int64).self)
            guard twins[Int(ordinal) - 1] == nil, !taken.contains(id) else { continue }
            taken.insert(id)
            twins[Int(ordinal) - 1] = (id, try UnitMerge.read(from: row, at: 2, id: id))
        }
        return twins
    }

    /// Writes merged fields back.
    private func update(_ merged: [(id: Int64, stored: UnitMerge)]) throws {
        guard !merged.isEmpty else { return }
        let batch = try batchNumber()
        let p = merged.map(\.stored.provenance)
        let context = merged.map(\.stored.context), location = merged.map(\.stored.location)
        let properties = try merged.map { try UnitRecord.propertiesJSON($0.stored.properties) }
        let notes = try merged.map { try UnitRecord.notesJSON($0.stored.notes) }
        try session.query("""
            UPDATE unit SET origin = v.origin, creator = v.creator, created_at = v.created_at,
                changed_by = v.changed_by, changed_at = v.changed_at, tool = v.tool, confidence = v.confidence,
                context_previous = v.context_previous, context_next = v.context_next,
                article = v.article, segment = v.segment, properties = v.properties, notes = v.notes, batch = \(batch)
            FROM unnest(\(merged.map(\.id))::bigint[], \(p.map(\.origin.rawValue))::text[], \(NullableArray(p.map(\.creator)))::text[],
                \(NullableArray(p.map { $0.createdAt?.timeIntervalSince1970 }))::float8[], \(NullableArray(p.map(\.changedBy)))::text[],
                \(NullableArray(p.map { $0.changedAt?.timeIntervalSince1970 }))::float8[], \(NullableArray(p.map(\.tool)))::text[],
                \(NullableArray(p.map(\.confidence)))::float8[],
                \(NullableArray(context.map(\.previous)))::text[], \(NullableArray(context.map(\.next)))::text[],
                \(NullableArray(location.map { $0?.article }))::text[], \(NullableArray(location.map { $0.map { Int64($0.segment) } }))::bigint[],
                \(NullableArray(properties))::text[], \(NullableArray(notes))::text[])
                AS v(id, origin, creator, created_at, changed_by, changed_at, tool, confidence,
                    context_previous, context_next, article, segment, properties, notes)
            WHERE unit.id = v.id
            """)
    }

    // MARK: Replacing

    /// Replaces by runs of distinct sources (a source repeated in the chunk starts a
    /// new run, so that it replaces what the run before stored).
    private func replace(_ chunk: [Pending]) throws -> [AddOutcome] {
        var outcomes: [AddOutcome] = []
        var run: [Pending] = []
        var sources = Set<StoredUnit.Source>()
        for item in chunk {
            if !sources.insert(item.row.source).inserted {
                outcomes += try replaceRun(run)
                run = []
                sources = [item.row.source]
            }
            run.append(item)
        }
        outcomes += try replaceRun(run)
        return outcomes
    }

    /// Deletes every translation of the run's sources, then stores the run.
    private func replaceRun(_ run: [Pending]) throws -> [AddOutcome] {
        guard !run.isEmpty else { return [] }
        _ = try batchNumber()
        let rows = run.map(\.row)
        let deleted = try session.query("""
            DELETE FROM unit USING unnest(\(rows.map(\.sourceKey))::bigint[], \(rows.map(\.sourcePrimary))::text[],
                \(rows.map(\.targetPrimary))::text[], \(rows.map(\.sourceNormalized))::text[]) WITH ORDINALITY
                AS d(source_key, source_primary, target_primary, source_normalized, ord)
            WHERE unit.source_key = d.source_key AND unit.source_primary = d.source_primary
              AND unit.target_primary = d.target_primary AND unit.source_normalized = d.source_normalized
            RETURNING unit.id, d.ord
            """)
        var replaced = Set<Int>()
        for row in deleted {
            let (id, ordinal) = try row.decode((Int64, Int64).self)
            removed.append(id)
            replaced.insert(Int(ordinal) - 1)
        }
        return try store(run).enumerated().map { i, outcome in
            guard replaced.contains(i) else { return outcome }
            switch outcome {
            case let .added(id), let .merged(id), let .replaced(id): return .replaced(id: id)
            }
        }
    }
}

/// The columns of rows to insert, as arrays (one element per row).
private struct UnitColumnArrays {
    var sourceLanguage: [String], sourcePrimary: [String], targetLanguage: [String], targetPrimary: [String]
    var sourceText: [String], sourceMarkup: NullableArray<String>, targetText: [String], targetMarkup: NullableArray<String>
    var sourceNormalized: [String], targetNormalized: [String], sourceKey: [Int64]
    var origin: [String], creator: NullableArray<String>, createdAt: NullableArray<Double>
    var changedBy: NullableArray<String>, changedAt: NullableArray<Double>
    var tool: NullableArray<String>, confidence: NullableArray<Double>
    var contextPrevious: NullableArray<String>, contextNext: NullableArray<String>
    var article: NullableArray<String>, segment: NullableArray<Int64>
    var properties: NullableArray<String>, notes: NullableArray<String>
    var sourceTerms: [String], targetTerms: [String]

    init(_ rows: [StoredUnit]) {
        sourceLanguage = rows.map(\.sourceLanguage)
        sourcePrimary = rows.map(\.sourcePrimary)
        targetLanguage = rows.map(\.targetLanguage)
        targetPrimary = rows.map(\.targetPrimary)
        sourceText = rows.map(\.sourceText)
        sourceMarkup = NullableArray(rows.map(\.sourceMarkup))
        targetText = rows.map(\.targetText)
        targetMarkup = NullableArray(rows.map(\.targetMarkup))
        sourceNormalized = rows.map(\.sourceNormalized)
        targetNormalized = rows.map(\.targetNormalized)
        sourceKey = rows.map(\.sourceKey)
        origin = rows.map(\.origin)
        creator = NullableArray(rows.map(\.creator))
        createdAt = NullableArray(rows.map(\.createdAt))
        changedBy = NullableArray(rows.map(\.changedBy))
        changedAt = NullableArray(rows.map(\.changedAt))
        tool = NullableArray(rows.map(\.tool))
        confidence = NullableArray(rows.map(\.confidence))
        contextPrevious = NullableArray(rows.map(\.contextPrevious))
        contextNext = NullableArray(rows.map(\.contextNext))
        article = NullableArray(rows.map(\.article))
        segment = NullableArray(rows.map { $0.segment.map(Int64.init) })
        properties = NullableArray(rows.map(\.properties))
        notes = NullableArray(rows.map(\.notes))
        sourceTerms = rows.map(\.sourceTerms)
        targetTerms = rows.map(\.targetTerms)
    }
}
