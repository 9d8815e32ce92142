import ArgumentParser
import Foundation
import Interchange
import TranslationMemory

/// `tandem glossary add|import|list`: the terminology kept with the memory.
struct GlossaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glossary",
        abstract: "Add, import and list glossary terms (kept in the memory's database).",
        discussion: """
            Terms are found in segments case-insensitively, with accents required except on \
            capitals (ETAT matches État) and simple French/English plurals (listes noires matches \
            liste noire). Approved terms are required by `tandem check`; unapproved ones are only shown.
            """,
        subcommands: [Add.self, Import.self, List.self])

    /// The language pair options every subcommand shares.
    struct PairOptions: ParsableArguments {
        @Option(help: "The source language of the terms.")
        var sourceLang = "fr"

        @Option(help: "The target language of the terms.")
        var targetLang = "en"

        func tags() throws -> (LanguageTag, LanguageTag) {
            (try languageTag(sourceLang, option: "--source-lang"), try languageTag(targetLang, option: "--target-lang"))
        }
    }

    static func openGlossary(_ memory: MemoryOptions, create: Bool) throws -> any GlossaryStore {
        try memory.openGlossary(create: create)
    }

    static func creator(_ translator: String?) -> String? {
        translator ?? ProcessInfo.processInfo.environment["TANDEM_TRANSLATOR"] ?? ProcessInfo.processInfo.environment["USER"]
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a term and its translation (or update its note and approval).",
            discussion: "Example: tandem glossary add \"liste noire\" blacklist --note \"US Entity List\"")

        @OptionGroup var memory: MemoryOptions
        @OptionGroup var pair: PairOptions

        @Argument(help: "The term in the source language.")
        var source: String

        @Argument(help: "Its translation.")
        var target: String

        @Option(help: "A usage note.")
        var note: String?

        @Flag(help: "Record the translation as a suggestion, not an approved term.")
        var unapproved = false

        @Option(help: "Who adds the term (default: $TANDEM_TRANSLATOR, else the user's name).")
        var translator: String?

        func run() throws {
            let (sourceLanguage, targetLanguage) = try pair.tags()
            let term = Term(
                sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, source: source, target: target,
                note: note, isApproved: !unapproved,
                provenance: TermProvenance(origin: .manual, creator: GlossaryCommand.creator(translator), createdAt: Date()))
            do {
                try term.validate()
            } catch {
                throw CommandFailure(description: error.description)
            }
            let outcome = try GlossaryCommand.openGlossary(memory, create: true).add(term)
            switch outcome {
            case .added: print("added: \(term.tidied.source) → \(term.tidied.target)")
            case .updated: print("updated: \(term.tidied.source) → \(term.tidied.target)")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a glossary file (.tsv, .csv or .tbx).",
            discussion: """
                TSV/CSV: source term, target term, then optionally a note and an approval \
                (yes/no), one term per line; an optional header names the columns (source, target, \
                note, approved, or the language tags). CSV follows RFC 4180 (quotes, doubled quotes, \
                line breaks in quoted fields; a ; separator is recognised). TBX: TBX-Basic, v2 \
                (martif/termEntry/langSet/tig) or v3 (tbx/conceptEntry/langSec/termSec). \
                The import is all or nothing: a file with an error names the line and stores nothing.
                """)

        @OptionGroup var memory: MemoryOptions
        @OptionGroup var pair: PairOptions

        @Argument(help: "The glossary file.")
        var file: String

        @Option(help: "The file's format when its extension does not say (tsv, csv, tbx).")
        var format: String?

        @Option(help: "Who imports it (default: $TANDEM_TRANSLATOR, else the user's name).")
        var translator: String?

        func run() throws {
            let (sourceLanguage, targetLanguage) = try pair.tags()
            var chosen: GlossaryFormat?
            if let format {
                guard let known = GlossaryFormat(rawValue: format.lowercased()) else {
                    throw ValidationError("--format: “\(format)” is not tsv, csv or tbx")
                }
                chosen = known
            }
            guard FileManager.default.fileExists(atPath: file) else {
                throw CommandFailure(description: "\(file): no such file")
            }
            let options = GlossaryReadOptions(
                sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
                creator: GlossaryCommand.creator(translator), date: Date())
            let result: GlossaryReadResult
            do {
                result = try GlossaryReader.read(contentsOfFile: file, format: chosen, options: options)
            } catch {
                throw CommandFailure(description: "\(error) (nothing imported)")
            }
            let summary: TermImportSummary
            do {
                summary = try GlossaryCommand.openGlossary(memory, create: true).importTerms(result.terms)
            } catch let error as GlossaryStoreError {
                throw CommandFailure(description: "\(error) (nothing imported)")
            }
            var line = "\(file): \(result.terms.count) terms read, \(summary.added) added, \(summary.updated) updated"
            if result.skippedEntries > 0 {
                line += ", \(result.skippedEntries) entries skipped (no \(sourceLanguage) or no \(targetLanguage) term)"
            }
            print(line)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the glossary's terms.",
            discussion: "--format tsv prints a file `tandem glossary import` reads back.")

        @OptionGroup var memory: MemoryOptions
        @OptionGroup var pair: PairOptions

        @Option(help: "table, tsv or json.")
        var format = "table"

        @Option(help: "Only terms whose source or target contains this text (case-insensitive).")
        var search: String?

        func validate() throws {
            guard ["table", "tsv", "json"].contains(format) else { throw ValidationError("--format: “\(format)” is not table, tsv or json") }
        }

        func run() throws {
            let (sourceLanguage, targetLanguage) = try pair.tags()
            guard memory.exists else { throw CommandFailure(description: "no database at \(memory.displayName); add a term with `tandem glossary add`") }
            var terms = try GlossaryCommand.openGlossary(memory, create: false).terms(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
            if let search {
                terms = terms.filter { $0.source.localizedCaseInsensitiveContains(search) || $0.target.localizedCaseInsensitiveContains(search) }
            }
            switch format {
            case "tsv":
                print("\(sourceLanguage)\t\(targetLanguage)\tnote\tapproved")
                for term in terms {
                    print("\(term.source)\t\(term.target)\t\(term.note ?? "")\t\(term.isApproved ? "yes" : "no")")
                }
            case "json":
                let items = terms.map { term in
                    var fields = [
                        "\"source\": \(jsonString(term.source))", "\"target\": \(jsonString(term.target))",
                        "\"sourceLanguage\": \(jsonString(term.sourceLanguage.identifier))",
                        "\"targetLanguage\": \(jsonString(term.targetLanguage.identifier))",
                        "\"approved\": \(term.isApproved)", "\"origin\": \(jsonString(term.provenance.origin.rawValue))",
                    ]
                    if let note = term.note { fields.append("\"note\": \(jsonString(note))") }
                    if let creator = term.provenance.creator { fields.append("\"creator\": \(jsonString(creator))") }
                    if let file = term.provenance.file { fields.append("\"file\": \(jsonString(file))") }
                    if let line = term.provenance.line { fields.append("\"line\": \(line)") }
                    return "  {" + fields.joined(separator: ", ") + "}"
                }
                print(items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n]")
            default:
                guard !terms.isEmpty else {
                    print("no \(sourceLanguage) → \(targetLanguage) terms")
                    return
                }
                let width = min(40, terms.map(\.source.count).max() ?? 0)
                for term in terms {
                    var line = term.source.padding(toLength: max(width, term.source.count), withPad: " ", startingAt: 0)
                    line += "  →  " + term.target
                    if !term.isApproved { line += "  (unapproved)" }
                    if let note = term.note { line += "  — " + note }
                    print(line)
                }
                print("\(terms.count) term\(terms.count == 1 ? "" : "s") \(sourceLanguage) → \(targetLanguage)")
            }
        }
    }
}
