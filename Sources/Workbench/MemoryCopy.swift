import TranslationMemory

/// Copies a whole memory into another, empty one (SQLite to PostgreSQL or back): every
/// unit with its provenance, context, location, properties and notes, in the order
/// they were stored, in ONE transaction of the destination, which is rolled back unless
/// the number of units stored equals the number read.
public struct MemoryCopy: Sendable {
    /// What a copy did.
    public struct Summary: Sendable, Hashable {
        /// Units read from the source and stored in the destination.
        public var units: Int
        /// Units in the destination afterwards.
        public var destinationUnits: Int
    }

    public init() {}

    /// Copies every unit of `source` into `destination`.
    /// - Parameter progress: called with the number of units copied so far, every 1,000.
    /// - Throws: ``MemoryCopyError`` when the destination is not empty or the counts
    ///   differ (nothing is stored then); the stores' errors otherwise.
    public func copy(
        from source: any MemoryStore, to destination: any MemoryStore,
        progress: (Int) -> Void = { _ in }
    ) throws -> Summary {
        let already = try destination.statistics().units
        guard already == 0 else { throw MemoryCopyError.destinationNotEmpty(units: already) }
        let read = try destination.importBatch { batch -> Int in
            var read = 0, stored = 0
            try source.forEachUnit(sourceLanguage: nil, targetLanguage: nil) { unit in
                var copy = unit
                copy.id = nil
                read += 1
                if case .added = try batch.add(copy, policy: .keepAlternatives) { stored += 1 }
                if read % 1000 == 0 { progress(read) }
            }
            guard stored == read else { throw MemoryCopyError.countMismatch(read: read, stored: stored) }
            return read
        }
        let after = try destination.statistics().units
        guard after >= read else { throw MemoryCopyError.missingAfterCommit(read: read, found: after) }
        return Summary(units: read, destinationUnits: after)
    }
}

/// Why a copy stored nothing.
public enum MemoryCopyError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The destination already holds units: copying into it would mix two memories.
    case destinationNotEmpty(units: Int)
    /// Fewer units were stored than read (identical units in the source merged).
    case countMismatch(read: Int, stored: Int)
    /// The copy committed, but the destination then held fewer units than were copied.
    case missingAfterCommit(read: Int, found: Int)

    public var description: String {
        switch self {
        case .destinationNotEmpty(let units):
            "the destination memory already holds \(units) units; copy into an empty memory"
        case .countMismatch(let read, let stored):
            "read \(read) units but only \(stored) were stored as new units; nothing was copied"
        case .missingAfterCommit(let read, let found):
            "copied \(read) units but the destination now holds only \(found): check it"
        }
    }
}
