import Foundation
import TranslationMemory
import XMLSupport

/// What an export did.
public struct TMXExportSummary: Sendable, Hashable, CustomStringConvertible {
    /// The file written.
    public var path: String
    public var level: TMXWriter.Level
    /// The header's `srclang` (`*all*` when the units have several source languages).
    public var sourceLanguage: String
    /// Units written, one `<tu>` each.
    public var unitsWritten: Int
    /// Characters XML forbids that were replaced by U+FFFD.
    public var replacedCharacters: Int

    public var description: String {
        var text = "\(path): \(unitsWritten) units written (TMX 1.4b level \(level.rawValue), srclang \(sourceLanguage))"
        if replacedCharacters > 0 { text += ", \(replacedCharacters) characters XML forbids replaced by U+FFFD" }
        return text
    }
}

/// Exports a memory, or one language pair of it, as a TMX 1.4b file.
///
/// ```swift
/// let summary = try TMXExporter(level: .inlineCodes)
///     .export(from: store, sourceLanguage: .french, targetLanguage: .english, to: "exports/memory.tmx")
/// ```
///
/// The file is written next to its destination under a temporary name and moved into
/// place when complete: a failed export leaves no half-written file (and an earlier
/// file of that name untouched). Missing directories on the way are created. See
/// ``TMXWriter`` for what the file holds.
public struct TMXExporter: Sendable {
    public var level: TMXWriter.Level
    /// The `creationtoolversion` of the header.
    public var toolVersion: String
    /// The header's `adminlang`.
    public var adminLanguage: String

    public init(level: TMXWriter.Level = .inlineCodes, toolVersion: String = TMXWriter.defaultToolVersion, adminLanguage: String = "en") {
        self.level = level
        self.toolVersion = toolVersion
        self.adminLanguage = adminLanguage
    }

    /// Writes the units of a language pair (`nil`: any language) to `path`.
    ///
    /// The header's `srclang` is `sourceLanguage` when given, else the memory's single
    /// source language, else `*all*` (each `<tu>` then names its own).
    /// - Parameter progress: called with the number of units written, every 1,000.
    public func export(
        from store: any MemoryStore,
        sourceLanguage: LanguageTag? = nil,
        targetLanguage: LanguageTag? = nil,
        to path: String,
        progress: ((Int) -> Void)? = nil
    ) throws -> TMXExportSummary {
        let headerLanguage = try sourceLanguage?.identifier ?? Self.singleSourceLanguage(of: store, targetLanguage: targetLanguage) ?? "*all*"
        let destination = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).part")
        do {
            let writer = try TMXWriter(
                path: temporary.path,
                header: TMXWriter.header(sourceLanguage: headerLanguage, level: level, toolVersion: toolVersion, adminLanguage: adminLanguage),
                level: level
            )
            try store.forEachUnit(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage) { unit in
                try writer.write(unit)
                if writer.unitsWritten % 1_000 == 0 { progress?(writer.unitsWritten) }
            }
            try writer.finish()
            // rename(2) replaces an existing file atomically (same directory, same file system).
            guard rename(temporary.path, destination.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [
                    NSFilePathErrorKey: destination.path,
                    NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO),
                ])
            }
            progress?(writer.unitsWritten)
            return TMXExportSummary(path: path, level: level, sourceLanguage: headerLanguage, unitsWritten: writer.unitsWritten, replacedCharacters: writer.replacedCharacters)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// The one source language of the memory's units (for a target language), if they
    /// have exactly one tag.
    private static func singleSourceLanguage(of store: any MemoryStore, targetLanguage: LanguageTag?) throws -> String? {
        let pairs = try store.statistics().pairs.filter { pair in
            guard let targetLanguage else { return true }
            return LanguageTag(pair.targetLanguage).map { $0.matches(targetLanguage) } ?? false
        }
        let sources = Set(pairs.compactMap { LanguageTag($0.sourceLanguage)?.identifier })
        return sources.count == 1 ? sources.first : nil
    }
}
