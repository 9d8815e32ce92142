import Foundation
import TranslationMemory
import XMLSupport

/// Streams a TBX file into terms (see ``GlossaryReader``): TBX-Basic and the TBX v2
/// (`martif`, `termEntry`/`langSet`/`tig`|`ntig`) and v3 (`tbx`,
/// `conceptEntry`/`langSec`/`termSec`) core structures.
enum TBXGlossaryReader {
    static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

    static func read(contentsOfFile path: String, options: GlossaryReadOptions) throws(GlossaryFileError) -> GlossaryReadResult {
        do {
            return try read(XMLStreamReader(contentsOfFile: path, documentName: path), file: path, options: options)
        } catch let error as GlossaryFileError {
            throw error
        } catch {
            throw located(error, file: path)
        }
    }

    static func read(bytes: [UInt8], file: String, options: GlossaryReadOptions) throws(GlossaryFileError) -> GlossaryReadResult {
        do {
            return try read(XMLStreamReader(bytes: bytes, documentName: file), file: file, options: options)
        } catch let error as GlossaryFileError {
            throw error
        } catch {
            throw located(error, file: file)
        }
    }

    private static func located(_ error: any Error, file: String) -> GlossaryFileError {
        if let error = error as? XMLParseError {
            return GlossaryFileError(file: error.file, line: error.line, column: error.column, message: error.message)
        }
        return GlossaryFileError(file: file, line: 0, message: "\(error)")
    }

    /// One term of an entry, in one language.
    private struct EntryTerm {
        var language: String
        var text: String
        var line: Int
        var status: String?
        var notes: [String]
    }

    private struct Entry {
        var line: Int
        var notes: [String] = []
        var terms: [EntryTerm] = []
    }

    private static func read(_ reader: XMLStreamReader, file: String, options: GlossaryReadOptions) throws -> GlossaryReadResult {
        var terms: [Term] = []
        var skipped = 0
        var sawRoot = false
        var entry: Entry?
        var language: String?
        var termItem: EntryTerm?          // the tig/ntig/termSec being read
        var capture: (name: String, depth: Int, text: String, line: Int, type: String?)?

        func error(_ message: String, line: Int? = nil) -> GlossaryFileError {
            GlossaryFileError(file: file, line: line ?? (reader.nodeLine > 0 ? reader.nodeLine : reader.line), message: message)
        }

        /// Ends a captured element's text.
        func finishCapture() throws {
            guard let done = capture else { return }
            capture = nil
            let text = tidy(done.text)
            switch done.name {
            case "term":
                guard !text.isEmpty else { throw error("empty <term>", line: done.line) }
                guard let language else { throw error("<term> outside a langSet/langSec", line: done.line) }
                if termItem == nil {
                    // A term directly in its langSet: an item of its own.
                    entry?.terms.append(EntryTerm(language: language, text: text, line: done.line, notes: []))
                } else if termItem!.text.isEmpty {
                    termItem!.text = text
                    termItem!.line = done.line
                } else {
                    throw error("a second <term> in the same term group", line: done.line)
                }
            case "termNote":
                if termItem != nil { termItem!.status = text }
            default:  // note, descrip
                guard !text.isEmpty else { return }
                if termItem != nil { termItem!.notes.append(text) } else { entry?.notes.append(text) }
            }
        }

        func start(_ name: String) throws {
            switch name {
            case "termEntry", "conceptEntry":
                guard entry == nil else { throw error("<\(name)> inside another entry") }
                entry = Entry(line: reader.nodeLine)
            case "langSet", "langSec":
                guard entry != nil else { throw error("<\(name)> outside a termEntry/conceptEntry") }
                guard let lang = reader.attribute("lang", namespaceURI: xmlNamespace), !lang.isEmpty else {
                    throw error("<\(name)> without xml:lang")
                }
                guard let tag = LanguageTag(lang) else { throw error("xml:lang=\"\(lang)\" is not a language tag") }
                language = tag.language
            case "tig", "ntig", "termSec":
                guard let language else { throw error("<\(name)> outside a langSet/langSec") }
                termItem = EntryTerm(language: language, text: "", line: reader.nodeLine, notes: [])
            case "term":
                capture = (name, reader.depth, "", reader.nodeLine, nil)
            case "termNote":
                let type = reader.attribute("type")
                if type == "administrativeStatus" || type == "normativeAuthorization" {
                    capture = (name, reader.depth, "", reader.nodeLine, type)
                }
            case "note":
                if entry != nil { capture = (name, reader.depth, "", reader.nodeLine, nil) }
            case "descrip":
                if entry != nil, reader.attribute("type") == "definition" { capture = (name, reader.depth, "", reader.nodeLine, nil) }
            default:
                break
            }
        }

        func end(_ name: String) throws {
            switch name {
            case "tig", "ntig", "termSec":
                if let item = termItem {
                    guard !item.text.isEmpty else { throw error("<\(name)> without a <term>", line: item.line) }
                    entry?.terms.append(item)
                }
                termItem = nil
            case "langSet", "langSec":
                language = nil
            case "termEntry", "conceptEntry":
                guard let done = entry else { return }
                entry = nil
                let made = pairs(of: done, file: file, options: options)
                if made.isEmpty { skipped += 1 }
                terms += made
            default:
                break
            }
        }

        while try reader.read() {
            switch reader.nodeType {
            case .element:
                let name = reader.localName
                if !sawRoot {
                    sawRoot = true
                    guard name == "martif" || name == "tbx" else {
                        throw error("not a TBX document: the root element is <\(reader.qualifiedName)>, expected <tbx> or <martif>")
                    }
                    continue
                }
                // Inline markup inside a term or note (<hi>, <ph>): only its text is kept.
                if capture != nil { continue }
                try start(name)
                if reader.isEmptyElement {
                    if capture?.name == name, capture?.depth == reader.depth { try finishCapture() }
                    try end(name)
                }
            case .endElement:
                if let current = capture, current.depth == reader.depth, current.name == reader.localName {
                    try finishCapture()
                }
                if capture == nil { try end(reader.localName) }
            case .text, .cdata, .whitespace:
                if capture != nil { capture!.text += reader.value ?? "" }
            case .entityReference:
                throw error("entity reference “&\(reader.qualifiedName);” is not allowed in a glossary")
            default:
                break
            }
        }
        guard sawRoot else { throw GlossaryFileError(file: file, line: 0, message: "the document has no root element") }
        return GlossaryReadResult(terms: terms, skippedEntries: skipped)
    }

    /// Every source term of an entry with every target term.
    private static func pairs(of entry: Entry, file: String, options: GlossaryReadOptions) -> [Term] {
        let sources = entry.terms.filter { $0.language == options.sourceLanguage.language }
        let targets = entry.terms.filter { $0.language == options.targetLanguage.language }
        var result: [Term] = []
        for source in sources {
            for target in targets {
                let notes = entry.notes + source.notes + target.notes
                var seen: Set<String> = []
                let note = notes.filter { seen.insert($0).inserted }.joined(separator: "; ")
                result.append(Term(
                    sourceLanguage: options.sourceLanguage, targetLanguage: options.targetLanguage,
                    source: source.text, target: target.text,
                    note: note.isEmpty ? nil : note,
                    isApproved: !isDiscouraged(target.status),
                    provenance: TermProvenance(origin: .imported, creator: options.creator, createdAt: options.date, file: file, line: source.line)))
            }
        }
        return result
    }

    /// `deprecatedTerm-admn-sts`, `supersededTerm-admn-sts`, `deprecatedTerm`...
    private static func isDiscouraged(_ status: String?) -> Bool {
        guard let status = status?.lowercased() else { return false }
        return status.hasPrefix("deprecated") || status.hasPrefix("superseded") || status.hasPrefix("notrecommended")
    }

    /// Trimmed, inner white space collapsed.
    private static func tidy(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
