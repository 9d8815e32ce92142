import Foundation
import TranslationMemory
import XMLSupport

/// How ``TMXImporter`` reads a file into a memory.
public struct TMXImportOptions: Sendable, Hashable {
    /// What to do when the memory already holds the source (default: keep both
    /// translations; an identical unit is merged).
    public var duplicatePolicy: DuplicatePolicy
    /// Turns every rejection into an error: the first rejected `<tu>` fails the whole
    /// import (file, line and reason), and nothing is stored.
    public var strict: Bool
    /// Import only pairs whose source is in this language (`nil`: any).
    public var sourceLanguage: LanguageTag?
    /// Import only pairs whose target is in this language (`nil`: any).
    public var targetLanguage: LanguageTag?
    /// Whether the language filters compare regions too (`fr-CA` is not `fr-FR`).
    public var matchRegion: Bool
    /// The source language of units when neither their `<tu>` nor the header has a
    /// `srclang` (TMX requires one; some tools forget it).
    public var defaultSourceLanguage: LanguageTag?

    public init(
        duplicatePolicy: DuplicatePolicy = .keepAlternatives,
        strict: Bool = false,
        sourceLanguage: LanguageTag? = nil,
        targetLanguage: LanguageTag? = nil,
        matchRegion: Bool = false,
        defaultSourceLanguage: LanguageTag? = nil
    ) {
        self.duplicatePolicy = duplicatePolicy
        self.strict = strict
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.matchRegion = matchRegion
        self.defaultSourceLanguage = defaultSourceLanguage
    }
}

/// Where a running import is, for a progress display.
public struct TMXImportProgress: Sendable, Hashable {
    /// Bytes of the file consumed so far.
    public var bytesRead: Int
    /// The file's size, when known.
    public var totalBytes: Int?
    /// `<tu>` elements read so far.
    public var translationUnitsRead: Int
    /// Units stored so far (added, merged or replaced).
    public var unitsStored: Int
    /// `<tu>`s or pairs rejected so far.
    public var rejected: Int

    /// The share of the file read, 0–1, when the size is known.
    public var fractionCompleted: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(bytesRead) / Double(totalBytes))
    }
}

/// What an import did.
public struct TMXImportSummary: Sendable, Hashable, CustomStringConvertible {
    /// The file as the caller named it.
    public var file: String
    /// The document's header.
    public var header: TMXHeader
    /// `<tu>` elements read.
    public var translationUnitsRead = 0
    /// Units (source → target pairs) the file gave and the memory received.
    public var unitsRead = 0
    /// Units stored as new.
    public var added = 0
    /// Units identical to one already in the memory (its provenance was updated).
    public var merged = 0
    /// Units that replaced earlier translations (``DuplicatePolicy/replace``).
    public var replaced = 0
    /// Pairs the language filter left out.
    public var skipped = 0
    /// `<tu>`s (or pairs) left out, and why: the count, and the first
    /// ``maximumRecordedRejections`` of them.
    public var rejected = 0
    public var rejections: [TMXRejection] = []

    /// How many rejections ``rejections`` lists at most.
    public static let maximumRecordedRejections = 100

    public init(file: String, header: TMXHeader) {
        self.file = file
        self.header = header
    }

    public var description: String {
        var text = "\(file): \(translationUnitsRead) <tu> read, \(unitsRead) units: \(added) added, \(merged) merged"
        if replaced > 0 { text += ", \(replaced) replaced" }
        text += ", \(rejected) rejected"
        if skipped > 0 { text += ", \(skipped) skipped by the language filter" }
        return text
    }
}

/// Imports a TMX file into a memory, in one transaction.
///
/// ```swift
/// let summary = try TMXImporter().importFile(at: "memory.tmx", into: store) { progress in
///     print(progress.fractionCompleted ?? 0)
/// }
/// print(summary)   // memory.tmx: 1000 <tu> read, 1000 units: 998 added, 2 merged, 0 rejected
/// ```
///
/// The file is streamed (``TMXReader``) inside ``MemoryStore/importBatch(_:)``: a file
/// that is not well-formed XML or not TMX fails with an ``XMLSupport/XMLParseError``
/// (file, line, column when libxml2 knows it, and reason) wherever the problem is, and
/// nothing from it is stored. A `<tu>` with a problem of its own (see
/// ``TMXUnitMapper``) is left out and counted in ``TMXImportSummary/rejected`` with its
/// reason, unless ``TMXImportOptions/strict`` makes it fail the import too.
public struct TMXImporter: Sendable {
    public var options: TMXImportOptions
    /// How often progress is reported, in `<tu>` elements.
    public var progressInterval: Int

    /// Units handed to the store in one ``UnitBatch/add(contentsOf:policy:)`` at most.
    static let unitsPerStoreCall = 2_000

    public init(_ options: TMXImportOptions = TMXImportOptions(), progressInterval: Int = 1_000) {
        self.options = options
        self.progressInterval = max(1, progressInterval)
    }

    /// Imports a file. Gzip- and xz-compressed files are read as they are (libxml2
    /// decompresses them).
    /// - Parameters:
    ///   - documentName: the name errors and the summary give (default: the path).
    ///   - progress: called every ``progressInterval`` `<tu>`s and once at the end.
    public func importFile(
        at path: String,
        documentName: String? = nil,
        into store: any MemoryStore,
        progress: ((TMXImportProgress) -> Void)? = nil
    ) throws -> TMXImportSummary {
        // The size of a compressed file says nothing of how many bytes the parser reads.
        let size = Self.isCompressed(path) ? nil : (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        let reader = try TMXReader(contentsOfFile: path, documentName: documentName)
        return try importDocument(reader, totalBytes: size, into: store, progress: progress)
    }

    /// Whether a file starts with the gzip or xz magic number.
    private static func isCompressed(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 6)) ?? Data())
        return head.starts(with: [0x1F, 0x8B]) || head.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])
    }

    /// Imports a document from a reader the caller opened (in memory, say).
    public func importDocument(
        _ reader: TMXReader,
        totalBytes: Int? = nil,
        into store: any MemoryStore,
        progress: ((TMXImportProgress) -> Void)? = nil
    ) throws -> TMXImportSummary {
        let mapper = TMXUnitMapper(header: reader.header, options: options)
        var summary = TMXImportSummary(file: reader.documentName, header: reader.header)
        // libxml2 parses and the mapper builds units on a second thread, a few hundred
        // <tu>s ahead, while this one stores them: an import keeps both cores busy. The
        // reader and the mapper are used by that thread only, and it has finished with
        // them before this function returns.
        let documentName = reader.documentName
        let pipe = ReadAhead(capacity: 8)
        let shared = UncheckedBox((reader: reader, mapper: mapper))
        let finished = DispatchSemaphore(value: 0)
        let chunkSize = max(1, min(256, progressInterval))
        Thread.detachNewThread {
            defer { finished.signal() }
            let (reader, mapper) = shared.value
            var chunk: [ReadAhead.Item] = []
            do {
                while let tu = try reader.next() {
                    var items: [ReadAhead.Item] = []
                    let skipped = mapper.map(tu, unit: { items.append(.unit($0)) }, rejection: { items.append(.rejection($0)) })
                    chunk += items
                    chunk.append(.endOfTranslationUnit(skipped: skipped, bytesRead: reader.bytesRead))
                    if chunk.count >= chunkSize {
                        guard pipe.put(.items(chunk)) else { return }
                        chunk = []
                    }
                }
                if pipe.put(.items(chunk)) { _ = pipe.put(.end) }
            } catch {
                _ = pipe.put(.failure(error))
            }
        }
        defer {
            pipe.cancel()
            finished.wait()
        }
        try store.importBatch { batch in
            var bytesRead = 0
            func report() {
                progress?(TMXImportProgress(
                    bytesRead: bytesRead, totalBytes: totalBytes,
                    translationUnitsRead: summary.translationUnitsRead,
                    unitsStored: summary.added + summary.merged + summary.replaced,
                    rejected: summary.rejected
                ))
            }
            // Units go to the store by the thousand (a few round trips for a store on a
            // server); their outcomes are then counted in order.
            var pending: [ReadAhead.Item] = []
            var pendingUnits: [TranslationUnit] = []
            func flush() throws {
                var outcomes = try batch.add(contentsOf: pendingUnits, policy: options.duplicatePolicy).makeIterator()
                for item in pending {
                    switch item {
                    case .unit:
                        summary.unitsRead += 1
                        guard let outcome = outcomes.next() else { preconditionFailure("one outcome per unit") }
                        switch outcome {
                        case .added: summary.added += 1
                        case .merged: summary.merged += 1
                        case .replaced: summary.replaced += 1
                        }
                    case .rejection(let rejection):
                        if options.strict {
                            throw XMLParseError(file: documentName, line: rejection.line, column: 0, message: rejection.reason)
                        }
                        summary.rejected += 1
                        if summary.rejections.count < TMXImportSummary.maximumRecordedRejections {
                            summary.rejections.append(rejection)
                        }
                    case .endOfTranslationUnit(let skipped, let read):
                        summary.translationUnitsRead += 1
                        summary.skipped += skipped
                        bytesRead = read
                        if summary.translationUnitsRead % progressInterval == 0 { report() }
                    }
                }
                pending = []
                pendingUnits = []
            }
            reading: while true {
                switch pipe.take() {
                case .end:
                    try flush()
                    break reading
                case .failure(let error):
                    throw error
                case .items(let items):
                    pending += items
                    for case .unit(let unit) in items { pendingUnits.append(unit) }
                    if pendingUnits.count >= Self.unitsPerStoreCall || pending.count >= 4 * Self.unitsPerStoreCall { try flush() }
                }
            }
            report()
        }
        return summary
    }
}

/// A value handed to the reading thread (used by that thread only while it runs).
private final class UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A bounded queue of read-ahead chunks from the reading thread to the storing one.
private final class ReadAhead: @unchecked Sendable {
    enum Item {
        case unit(TranslationUnit)
        case rejection(TMXRejection)
        case endOfTranslationUnit(skipped: Int, bytesRead: Int)
    }

    enum Message {
        case items([Item])
        case end
        case failure(any Error)
    }

    private let condition = NSCondition()
    private var messages: [Message] = []
    private var head = 0
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room and queues `message`; false when the consumer has gone.
    func put(_ message: Message) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !cancelled && messages.count - head >= capacity { condition.wait() }
        guard !cancelled else { return false }
        messages.append(message)
        condition.broadcast()
        return true
    }

    /// Waits for the next message.
    func take() -> Message {
        condition.lock()
        defer { condition.unlock() }
        while messages.count == head { condition.wait() }
        let message = messages[head]
        head += 1
        if head > 64 {
            messages.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return message
    }

    /// Tells the producer to stop (it may be waiting for room).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

