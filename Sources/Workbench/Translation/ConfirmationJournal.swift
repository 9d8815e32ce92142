import Foundation
import TranslationMemory

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Confirmations that could not be written to the memory (its server down, its file
/// locked or unwritable), kept on this machine until they can be.
///
/// The journal is a file of JSON lines, one ``PendingConfirmation`` a line, each line
/// written and `fsync`ed before ``append(_:)`` returns: a confirmation the translator was
/// told is “saved locally” survives `kill -9` and a power cut. ``replay(into:)`` adds the
/// waiting units to the memory as alternatives (``DuplicatePolicy/keepAlternatives``:
/// nothing is overwritten, and a unit already there merges with itself, so replaying
/// twice stores it once) and removes an entry only after its unit is committed.
///
/// Several sessions on one machine may share a journal: every change takes an exclusive
/// `flock` on a lock file beside it.
///
/// ```swift
/// let journal = ConfirmationJournal(url: ConfirmationJournal.location(forMemory: "Memory/tandem.sqlite"))
/// try journal.append(PendingConfirmation(unit: unit, reason: "database is locked"))
/// let report = try journal.replay(into: store)   // when the memory is back
/// ```
public struct ConfirmationJournal: Sendable {
    /// The journal's file (created on the first append).
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    /// Where the journal of a memory lives: beside a memory file (`tandem.sqlite` →
    /// `tandem.sqlite.pending.jsonl`); for a memory on a server, under
    /// `$XDG_STATE_HOME/tandem/pending/` (`~/.local/state` by default), named after the
    /// address without its password.
    /// - Parameters:
    ///   - memory: a file path, or a server address with the password already left out.
    ///   - isFile: whether `memory` is a file path.
    public static func location(
        forMemory memory: String, isFile: Bool = true,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL {
        if isFile {
            let file = URL(fileURLWithPath: memory)
            return file.deletingLastPathComponent().appendingPathComponent(file.lastPathComponent + ".pending.jsonl")
        }
        let state = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".local/state")
        var address = Substring(memory)
        for scheme in ["postgres://", "postgresql://"] where address.hasPrefix(scheme) { address = address.dropFirst(scheme.count) }
        let name = "postgres-" + String(address.unicodeScalars.map { scalar -> Character in
            CharacterSet.alphanumerics.contains(scalar) || "@._-".unicodeScalars.contains(scalar) ? Character(scalar) : "-"
        })
        return state.appendingPathComponent("tandem/pending").appendingPathComponent(name + ".jsonl")
    }

    // MARK: Writing

    /// Appends a confirmation and forces it to disk before returning.
    /// - Throws: ``ConfirmationJournalError/cannotWrite(path:reason:)``.
    public func append(_ entry: PendingConfirmation) throws {
        try append([entry])
    }

    /// Appends confirmations (one line each) and forces them to disk before returning.
    public func append(_ entries: [PendingConfirmation]) throws {
        guard !entries.isEmpty else { return }
        var data = Data()
        for entry in entries {
            data.append(try Self.encoder.encode(entry))
            data.append(0x0A)
        }
        try withLock {
            let isNew = !FileManager.default.fileExists(atPath: url.path)
            let descriptor = open(url.path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw error("cannot open it") }
            defer { close(descriptor) }
            // A line cut by a crash is ended first, so that it stays one (skipped) line.
            let size = lseek(descriptor, 0, SEEK_END)
            var last: UInt8 = 0x0A
            if size > 0, pread(descriptor, &last, 1, size - 1) == 1, last != 0x0A { data.insert(0x0A, at: 0) }
            try writeAll(data, to: descriptor)
            guard fsync(descriptor) == 0 else { throw error("cannot force it to disk") }
            if isNew { syncFolder() }
        }
    }

    // MARK: Reading

    /// The waiting confirmations, oldest first.
    /// - Throws: ``ConfirmationJournalError/damaged(path:line:reason:)`` for a line that
    ///   is JSON but not a confirmation (a line cut short by a crash while being written
    ///   is passed over: it was never reported as saved).
    public func entries() throws -> [PendingConfirmation] {
        try withLock { try readEntries() }
    }

    /// How many confirmations wait.
    public func count() throws -> Int { try entries().count }

    // MARK: Replaying

    /// Adds every waiting confirmation to `store`, each in its own transaction, as an
    /// alternative (never overwriting), and removes from the journal those committed.
    /// Stops at the first one the store refuses: it and the later ones keep waiting.
    public func replay(into store: any MemoryStore) throws -> JournalReplay {
        try withLock {
            let entries = try readEntries()
            guard !entries.isEmpty else { return JournalReplay(replayed: [], waiting: 0, failure: nil) }
            var replayed: [TranslationUnit] = []
            var failure: String?
            for entry in entries {
                do {
                    var unit = entry.translationUnit
                    switch try store.add(unit, policy: .keepAlternatives) {
                    case let .added(id), let .merged(id), let .replaced(id): unit.id = id
                    }
                    replayed.append(unit)
                } catch {
                    failure = String(describing: error)
                    break
                }
            }
            if !replayed.isEmpty {
                try rewrite(Array(entries.dropFirst(replayed.count)))
            }
            return JournalReplay(replayed: replayed, waiting: entries.count - replayed.count, failure: failure)
        }
    }

    // MARK: Implementation

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    private func readEntries() throws -> [PendingConfirmation] {
        guard FileManager.default.fileExists(atPath: url.path) else { return [] }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ConfirmationJournalError.cannotRead(path: url.path, reason: error.localizedDescription) }
        var entries: [PendingConfirmation] = []
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where !line.isEmpty {
            do {
                entries.append(try Self.decoder.decode(PendingConfirmation.self, from: Data(line)))
            } catch {
                // A line cut short (its writer died before the fsync, so it was never
                // reported as saved) is not JSON at all: passed over.
                if (try? JSONSerialization.jsonObject(with: Data(line))) == nil { continue }
                throw ConfirmationJournalError.damaged(path: url.path, line: index + 1, reason: "not a confirmation (\(error))")
            }
        }
        return entries
    }

    /// Replaces the journal by `entries` (a new file, forced to disk, then renamed over it).
    private func rewrite(_ entries: [PendingConfirmation]) throws {
        if entries.isEmpty {
            guard unlink(url.path) == 0 || errno == ENOENT else { throw error("cannot remove it") }
            syncFolder()
            return
        }
        var data = Data()
        for entry in entries {
            data.append(try Self.encoder.encode(entry))
            data.append(0x0A)
        }
        let temporary = url.path + ".new"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw error("cannot write \(temporary)") }
        do {
            try writeAll(data, to: descriptor)
            guard fsync(descriptor) == 0 else { throw error("cannot force it to disk") }
            close(descriptor)
        } catch {
            close(descriptor)
            throw error
        }
        guard rename(temporary, url.path) == 0 else { throw error("cannot replace it") }
        syncFolder()
    }

    private func writeAll(_ data: Data, to descriptor: Int32) throws {
        try data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { throw error("cannot write it") }
                offset += written
            }
        }
    }

    /// Runs `body` holding an exclusive lock on `<journal>.lock` (made with the folder).
    private func withLock<T>(_ body: () throws -> T) throws -> T {
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw ConfirmationJournalError.cannotWrite(path: url.path, reason: "cannot make its folder (\(error.localizedDescription))")
        }
        let descriptor = open(url.path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw error("cannot open its lock file") }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw error("cannot lock it") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    /// Forces the folder's entry for the journal to disk (a new or renamed file).
    private func syncFolder() {
        let descriptor = open(url.deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private func error(_ what: String) -> ConfirmationJournalError {
        .cannotWrite(path: url.path, reason: "\(what): \(String(cString: strerror(errno)))")
    }
}

/// One confirmation waiting in a ``ConfirmationJournal``.
public struct PendingConfirmation: Codable, Hashable, Sendable {
    /// The unit to add.
    public var unit: JournalUnit
    /// When it was saved locally.
    public var savedAt: Date
    /// Why the memory did not take it.
    public var reason: String

    public init(unit: TranslationUnit, savedAt: Date = Date(), reason: String) {
        self.unit = JournalUnit(unit)
        self.savedAt = savedAt
        self.reason = reason
    }

    /// The unit as the memory will store it.
    public var translationUnit: TranslationUnit { unit.translationUnit }
}

/// What ``ConfirmationJournal/replay(into:)`` did.
public struct JournalReplay: Hashable, Sendable {
    /// The units now in the memory, with the ids the memory gave them.
    public var replayed: [TranslationUnit]
    /// How many still wait.
    public var waiting: Int
    /// Why the memory refused the first one still waiting, if it did.
    public var failure: String?

    public init(replayed: [TranslationUnit], waiting: Int, failure: String?) {
        self.replayed = replayed
        self.waiting = waiting
        self.failure = failure
    }
}

/// A ``TranslationUnit`` as a journal line records it (every field, inline codes included).
public struct JournalUnit: Codable, Hashable, Sendable {
    public struct Property: Codable, Hashable, Sendable {
        var part: UnitPart
        var type: String
        var value: String
        var language: String?
    }

    public struct Note: Codable, Hashable, Sendable {
        var part: UnitPart
        var text: String
        var language: String?
    }

    var sourceLanguage: LanguageTag
    var targetLanguage: LanguageTag
    var source: SegmentText
    var target: SegmentText
    var origin: UnitOrigin
    var creator: String?
    var createdAt: Date?
    var changedBy: String?
    var changedAt: Date?
    var tool: String?
    var confidence: Double?
    var previous: String?
    var next: String?
    var article: String?
    var segment: Int?
    var properties: [Property]
    var notes: [Note]

    public init(_ unit: TranslationUnit) {
        sourceLanguage = unit.sourceLanguage
        targetLanguage = unit.targetLanguage
        source = unit.source
        target = unit.target
        let p = unit.provenance
        (origin, creator, createdAt, changedBy, changedAt, tool, confidence) =
            (p.origin, p.creator, p.createdAt, p.changedBy, p.changedAt, p.tool, p.confidence)
        (previous, next) = (unit.context.previous, unit.context.next)
        (article, segment) = (unit.location?.article, unit.location?.segment)
        properties = unit.properties.map { Property(part: $0.part, type: $0.type, value: $0.value, language: $0.language) }
        notes = unit.notes.map { Note(part: $0.part, text: $0.text, language: $0.language) }
    }

    public var translationUnit: TranslationUnit {
        TranslationUnit(
            sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, source: source, target: target,
            provenance: Provenance(
                origin: origin, creator: creator, createdAt: createdAt, changedBy: changedBy, changedAt: changedAt,
                tool: tool, confidence: confidence),
            context: SegmentContext(previous: previous, next: next),
            location: article.flatMap { article in segment.map { SegmentLocation(article: article, segment: $0) } },
            properties: properties.map { UnitProperty(part: $0.part, type: $0.type, value: $0.value, language: $0.language) },
            notes: notes.map { UnitNote(part: $0.part, text: $0.text, language: $0.language) })
    }
}

/// Why the journal cannot be read or written.
public enum ConfirmationJournalError: Error, Hashable, Sendable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    case damaged(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .cannotWrite(path, reason): "\(path): cannot save confirmations locally: \(reason)"
        case let .cannotRead(path, reason): "\(path): cannot read the waiting confirmations: \(reason)"
        case let .damaged(path, line, reason): "\(path):\(line): \(reason)"
        }
    }
}
