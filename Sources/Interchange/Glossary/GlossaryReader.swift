import Foundation
import TranslationMemory

/// The glossary file formats Tandem reads.
public enum GlossaryFormat: String, CaseIterable, Sendable {
    /// Tab-separated values, one term per line (see ``GlossaryReader``).
    case tsv
    /// Comma-separated values with RFC 4180 quoting (a `;` separator is recognised too).
    case csv
    /// TermBase eXchange: TBX-Basic and the TBX v2 and v3 core structure.
    case tbx

    /// The format a file name's extension names (`.tsv`/`.tab`/`.txt`, `.csv`, `.tbx`/`.xml`).
    public init?(fileName: String) {
        switch URL(fileURLWithPath: fileName).pathExtension.lowercased() {
        case "tsv", "tab", "txt": self = .tsv
        case "csv": self = .csv
        case "tbx", "xml": self = .tbx
        default: return nil
        }
    }
}

/// How to read a glossary file: the language pair wanted and the provenance given to
/// every term read.
public struct GlossaryReadOptions: Sendable {
    /// The source language. Delimited files whose header names languages must agree;
    /// TBX entries are read in this language (other languages are ignored).
    public var sourceLanguage: LanguageTag
    public var targetLanguage: LanguageTag
    /// Who imports the file (recorded as each term's creator).
    public var creator: String?
    /// When (each term's creation date).
    public var date: Date?

    public init(sourceLanguage: LanguageTag = .french, targetLanguage: LanguageTag = .english, creator: String? = nil, date: Date? = nil) {
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.creator = creator
        self.date = date
    }
}

/// What a glossary file held.
public struct GlossaryReadResult: Sendable, Hashable {
    /// The terms, in file order, each with its file and line in its provenance.
    public var terms: [Term]
    /// TBX entries without a term in the source or in the target language.
    public var skippedEntries: Int

    public init(terms: [Term], skippedEntries: Int = 0) {
        self.terms = terms
        self.skippedEntries = skippedEntries
    }
}

/// A problem in a glossary file, located: `FILE:LINE: what is wrong`.
public struct GlossaryFileError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it.
    public var file: String
    /// The 1-based line, 0 when the problem is the whole file.
    public var line: Int
    /// The 1-based column, 0 when unknown.
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int = 0, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        var location = file
        if line > 0 {
            location += ":\(line)"
            if column > 0 { location += ":\(column)" }
        }
        return "\(location): \(message)"
    }
}

/// Reads glossary files into ``Term``s. Nothing is stored: a file with an error yields
/// no term at all, so an import is all or nothing (see ``GlossaryStore/importTerms(_:)``).
///
/// **TSV and CSV.** One term per line (CSV: per record; a quoted field may span lines).
/// Columns: source term, target term, then optionally a note and an approval
/// (`yes`/`no`, `true`/`false`, `1`/`0`, `oui`/`non`, `approved`/`proposed`; empty
/// means approved). A first line whose cells are all column names is a header and may
/// order the columns differently: `source`/`term`, `target`/`translation`, `note`/
/// `comment`, `approved`/`status`, or language tags (`fr`, `en`) for the two terms,
/// which must then be the pair being read. Blank lines are skipped, and in TSV lines
/// starting with `#`. Files are UTF-8 (a byte-order mark is allowed).
///
/// **TBX.** `termEntry`/`conceptEntry` → `langSet`/`langSec` (`xml:lang`) →
/// `tig`/`ntig`/`termSec` → `term`. Every source-language term of an entry is paired
/// with every target-language term; a target term whose `administrativeStatus` (or
/// `normativeAuthorization`) is deprecated or superseded is imported unapproved. Notes
/// come from `note` and `descrip type="definition"`. Read through libxml2 with the
/// hardened ``XMLSupport`` reader; entity references are refused.
public enum GlossaryReader {
    /// Reads a file, in the format its extension names unless `format` is given.
    /// - Throws: ``GlossaryFileError``.
    public static func read(contentsOfFile path: String, format: GlossaryFormat? = nil, options: GlossaryReadOptions = GlossaryReadOptions()) throws(GlossaryFileError) -> GlossaryReadResult {
        guard let format = format ?? GlossaryFormat(fileName: path) else {
            throw GlossaryFileError(file: path, line: 0, message: "unknown glossary format; name the file .tsv, .csv or .tbx")
        }
        switch format {
        case .tbx:
            return try TBXGlossaryReader.read(contentsOfFile: path, options: options)
        case .tsv, .csv:
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            } catch {
                throw GlossaryFileError(file: path, line: 0, message: "cannot read the file (\((error as NSError).localizedDescription))")
            }
            return try read(bytes: bytes, format: format, file: path, options: options)
        }
    }

    /// Reads a file held in memory; `file` names it in errors and provenance.
    public static func read(bytes: [UInt8], format: GlossaryFormat, file: String, options: GlossaryReadOptions = GlossaryReadOptions()) throws(GlossaryFileError) -> GlossaryReadResult {
        switch format {
        case .tbx:
            return try TBXGlossaryReader.read(bytes: bytes, file: file, options: options)
        case .tsv:
            let text = try decodeUTF8(bytes, file: file)
            return try DelimitedGlossary.terms(from: DelimitedGlossary.tsvRecords(text), separator: "a tab", file: file, options: options)
        case .csv:
            let text = try decodeUTF8(bytes, file: file)
            let (records, separator) = try DelimitedGlossary.csvRecords(text, file: file)
            return try DelimitedGlossary.terms(from: records, separator: separator == ";" ? "a semicolon" : "a comma", file: file, options: options)
        }
    }

    /// UTF-8 text without its byte-order mark.
    static func decodeUTF8(_ bytes: [UInt8], file: String) throws(GlossaryFileError) -> String {
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if let text = String(validating: body, as: UTF8.self) { return text }
        // Locate the first invalid byte for the message: count the lines before it.
        var line = 1
        var iterator = body.makeIterator()
        var decoder = UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput, .error: break decoding
            }
        }
        throw GlossaryFileError(file: file, line: line, message: "the file is not UTF-8 text (invalid byte sequence on this line)")
    }
}
