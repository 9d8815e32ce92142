import Annotation
import Foundation
import TranslationMemory
@testable import Workbench

/// A project database in a temporary folder: the memory and the annotation repository
/// on the same SQLite file, as `tandem` opens them.
struct TemporaryProject {
    let folder: URL
    let url: URL
    let memory: SQLiteMemoryStore
    let annotations: SQLiteAnnotationRepository

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-session-\(UUID().uuidString)")
        url = folder.appendingPathComponent("tandem.sqlite")
        memory = try SQLiteMemoryStore(url: url, create: true)
        annotations = try SQLiteAnnotationRepository(path: url.path)
    }

    /// Segments a text with Tandem's rules and stores it as an article, as `tandem article add` does.
    @discardableResult
    func addArticle(_ id: String, text: String, language: String = "fr") throws -> Article {
        let importer = ArticleImporter()
        return try importer.store(try importer.article(text: text, id: id, language: language), in: annotations).article
    }

    /// A session on an article, at a fixed date so that order is deterministic.
    func session(_ id: String, translator: String = "ana", start: Int? = nil, advisor: any SessionAdvisor = NoAdvice(), clock: @escaping @Sendable () -> Date = { Date() }) throws -> TranslationSession {
        try TranslationSession(article: id, memory: memory, annotations: annotations, translator: translator, advisor: advisor, start: start, clock: clock)
    }

    /// A second, independent connection to the memory (another process would see this).
    func reopenedMemory() throws -> SQLiteMemoryStore {
        try SQLiteMemoryStore(url: url, create: false)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// A clock that moves one second per call, so confirmations have distinct dates.
final class SteppingClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Date
    init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { now = start }
    func next() -> Date {
        lock.lock(); defer { lock.unlock() }
        now = now.addingTimeInterval(1)
        return now
    }
}

let threeSentences = """
    Le département a suspendu le partenariat en août 2020. Huawei a démenti.
    Le ministère a versé 12 millions d'euros en 2019.
    """
