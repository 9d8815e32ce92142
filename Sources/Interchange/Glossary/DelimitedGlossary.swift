import Foundation
import TranslationMemory

/// TSV and CSV glossaries (see ``GlossaryReader``).
enum DelimitedGlossary {
    /// One line or record of a file: its first line and its fields.
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    /// Tab-separated lines; blank lines and lines starting with `#` skipped.
    static func tsvRecords(_ text: String) -> [Record] {
        var records: [Record] = []
        var number = 0
        // "\r\n" is one Character in Swift: both line ends are separators.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) || line.hasPrefix("#") { continue }
            records.append(Record(line: number, fields: line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)))
        }
        return records
    }

    /// RFC 4180 records: fields separated by commas (or semicolons, when the first
    /// line has semicolons and no comma), optionally quoted with `"`, a quote in a quoted
    /// field doubled, line breaks allowed inside quotes; CRLF or LF line ends. Blank
    /// lines are skipped.
    static func csvRecords(_ text: String, file: String) throws(GlossaryFileError) -> (records: [Record], separator: Unicode.Scalar) {
        let scalars = Array(text.unicodeScalars)
        let firstLine = scalars.prefix { $0 != "\n" }
        let separator: Unicode.Scalar = firstLine.contains(";") && !firstLine.contains(",") ? ";" : ","
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1, quoteLine = 0, quoteColumn = 0, column = 0
        var inQuotes = false, wasQuoted = false
        var i = 0
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        while i < scalars.count {
            let scalar = scalars[i]
            column += 1
            if inQuotes {
                if scalar == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 2
                        column += 1
                        continue
                    }
                    inQuotes = false
                } else {
                    if scalar == "\n" { line += 1; column = 0 }
                    field.append(scalar)
                }
                i += 1
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty, !wasQuoted else {
                    throw GlossaryFileError(file: file, line: line, column: column, message: "a quote inside an unquoted field (quote the whole field and double the quote: \"\"\"\")")
                }
                inQuotes = true
                wasQuoted = true
                quoteLine = line
                quoteColumn = column
            case separator:
                endField()
            case "\r" where i + 1 < scalars.count && scalars[i + 1] == "\n":
                break
            case "\n":
                endRecord()
                line += 1
                column = 0
                recordLine = line
            default:
                if wasQuoted {
                    throw GlossaryFileError(file: file, line: line, column: column, message: "text after the closing quote of a field (expected “\(separator)” or the end of the line)")
                }
                field.append(scalar)
            }
            i += 1
        }
        if inQuotes {
            throw GlossaryFileError(file: file, line: quoteLine, column: quoteColumn, message: "a quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return (records, separator)
    }

    enum Column: Equatable {
        case source, target, note, approved
    }

    /// The columns a header names, with the languages it gives, or `nil` when the
    /// record is not a header: every cell must be a column name or a language tag, and
    /// at least one a column name or a tag of the pair being read (so that a term row
    /// such as `UE<TAB>EU` is not taken for a header).
    static func header(_ record: Record, options: GlossaryReadOptions) -> (columns: [Column], source: LanguageTag?, target: LanguageTag?)? {
        var columns: [Column] = []
        var languages: [LanguageTag] = []
        var recognised = false
        for cell in record.fields {
            let name = cell.trimmingCharacters(in: .whitespaces).lowercased()
            switch name {
            case "source", "source term", "src", "term": columns.append(.source); recognised = true
            case "target", "target term", "tgt", "translation": columns.append(.target); recognised = true
            case "note", "notes", "comment", "comments", "description": columns.append(.note); recognised = true
            case "approved", "status", "approval": columns.append(.approved); recognised = true
            default:
                guard name.count <= 8, let tag = LanguageTag(name), languages.count < 2 else { return nil }
                if tag.matches(options.sourceLanguage) || tag.matches(options.targetLanguage) { recognised = true }
                languages.append(tag)
                columns.append(languages.count == 1 ? .source : .target)
            }
        }
        guard recognised, columns.filter({ $0 == .source }).count == 1, columns.filter({ $0 == .target }).count == 1,
              Set(columns.map { "\($0)" }).count == columns.count
        else { return nil }
        return (columns, languages.first, languages.count == 2 ? languages[1] : nil)
    }

    /// - Parameter separator: how the file separates fields, for messages (`a tab`).
    static func terms(from records: [Record], separator: String, file: String, options: GlossaryReadOptions) throws(GlossaryFileError) -> GlossaryReadResult {
        var records = records[...]
        var columns: [Column] = [.source, .target, .note, .approved]
        var hasHeader = false
        if let first = records.first, let found = header(first, options: options) {
            hasHeader = true
            columns = found.columns
            if let source = found.source, !source.matches(options.sourceLanguage) {
                throw GlossaryFileError(file: file, line: first.line, message: "the header names \(source) as the source language, but \(options.sourceLanguage) is being imported")
            }
            if let target = found.target, !target.matches(options.targetLanguage) {
                throw GlossaryFileError(file: file, line: first.line, message: "the header names \(target) as the target language, but \(options.targetLanguage) is being imported")
            }
            records = records.dropFirst()
        }
        var terms: [Term] = []
        for record in records {
            if record.fields.count < 2 {
                throw GlossaryFileError(file: file, line: record.line, message: "expected a source and a target term, found one column (are fields separated by \(separator)?)")
            }
            if record.fields.count > columns.count, record.fields[columns.count...].contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
                throw GlossaryFileError(file: file, line: record.line, message: "\(record.fields.count) columns, at most \(columns.count) expected (\(hasHeader ? "as the header names" : "source, target, note, approved"))")
            }
            var term = Term(
                sourceLanguage: options.sourceLanguage, targetLanguage: options.targetLanguage, source: "", target: "",
                provenance: TermProvenance(origin: .imported, creator: options.creator, createdAt: options.date, file: file, line: record.line))
            for (column, value) in zip(columns, record.fields) {
                let value = value.trimmingCharacters(in: .whitespaces)
                switch column {
                case .source: term.source = value
                case .target: term.target = value
                case .note: term.note = value.isEmpty ? nil : value
                case .approved:
                    guard let approved = approval(value) else {
                        throw GlossaryFileError(file: file, line: record.line, message: "“\(value)” is not an approval (yes, no, true, false, 1, 0, approved, proposed)")
                    }
                    term.isApproved = approved
                }
            }
            // A quoted CSV field may hold a line break: white space is collapsed first.
            term = term.tidied
            do {
                try term.validate()
            } catch {
                throw GlossaryFileError(file: file, line: record.line, message: error.description)
            }
            terms.append(term)
        }
        return GlossaryReadResult(terms: terms)
    }

    static func approval(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "", "yes", "y", "true", "1", "oui", "approved", "approuvé", "preferred": true
        case "no", "n", "false", "0", "non", "proposed", "proposé", "unapproved", "deprecated": false
        default: nil
        }
    }
}
