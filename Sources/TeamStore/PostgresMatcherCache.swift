import Foundation
import TranslationMemory

/// A client's match index for one PostgreSQL memory, kept up to date by generation:
/// the matcher built (or mapped from the index file a client wrote before) and the
/// changes read since, applied to it (``FuzzyMatcher/updated(written:removed:)``) as
/// long as they concern at most ``changeLimit`` units; past that, it is built again
/// from every row and written to the file for the next process.
final class PostgresMatcherCache: @unchecked Sendable {
    /// What changed in the database between two generations.
    struct Changes {
        /// The generation the changes bring the matcher to.
        var generation: Int64
        var written: [FuzzyMatcher.Entry] = []
        var removed: [Int64] = []
    }

    /// What the cache reads from the database.
    struct Source {
        /// The changes since a generation, or `nil` when they concern more than `limit` units.
        var changes: (_ since: Int64, _ limit: Int) throws -> Changes?
        /// Every unit, and the generation they are at.
        var everything: () throws -> (entries: [FuzzyMatcher.Entry], generation: Int64)
    }

    /// Units changed since the index was built that are searched one by one at most.
    static let changeLimit = 1_000

    /// The index file kept between processes (`nil`: none).
    let file: URL?
    private let lock = NSLock()
    private var matcher: FuzzyMatcher?
    /// The generation `matcher` reflects (with its changes).
    private var generation: Int64 = 0

    init(file: URL?) { self.file = file }

    /// The matcher for generation `current` or later.
    func matcher(for current: Int64, from source: Source) throws -> FuzzyMatcher {
        lock.lock()
        defer { lock.unlock() }
        if let matcher, generation >= current { return matcher }
        var start = matcher.map { ($0, generation) }
        if start == nil, let file, let mapped = FuzzyMatcher.mapIndex(file), mapped.indexGeneration <= UInt64(current) {
            start = (mapped, Int64(mapped.indexGeneration))
        }
        if let (known, since) = start {
            if since >= current { return keep(known, at: since) }
            let room = Self.changeLimit - known.changeCount
            if room > 0, let changes = try source.changes(since, room) {
                let updated = known.updated(written: changes.written, removed: changes.removed)
                if updated.changeCount <= Self.changeLimit { return keep(updated, at: changes.generation) }
            }
        }
        let (entries, built) = try source.everything()
        let made = try FuzzyMatcher(entries, generation: UInt64(built))
        if let file {
            // Derived data: a cache that cannot be written costs the next process a build.
            try? FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? made.writeIndex(to: file)
        }
        return keep(made, at: built)
    }

    private func keep(_ made: FuzzyMatcher, at generation: Int64) -> FuzzyMatcher {
        matcher = made
        self.generation = generation
        return made
    }
}

/// Where clients keep the match indexes of PostgreSQL memories between processes.
public enum MatchIndexCache {
    /// `$XDG_CACHE_HOME/tandem`, or `~/.cache/tandem`; `nil` when neither is known.
    public static var defaultDirectory: URL? {
        let environment = ProcessInfo.processInfo.environment
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
            return URL(fileURLWithPath: cache).appendingPathComponent("tandem")
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache/tandem")
        }
        return nil
    }

    /// The index file of a memory in `directory`: named for the server, the database
    /// and the memory's random identity (a database dropped and created again is
    /// another memory, whose index is built anew).
    static func file(in directory: URL, for location: PostgresLocation, identity: Int64) -> URL {
        let place = "\(location.host)-\(location.port)-\(location.database)".map { c -> Character in
            c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." ? c : "_"
        }
        let hex = String(UInt64(bitPattern: identity), radix: 16)
        return directory.appendingPathComponent("pg-\(String(place))-\(hex).match-index")
    }
}
