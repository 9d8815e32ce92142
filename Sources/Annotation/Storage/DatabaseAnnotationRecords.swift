import Foundation
import GRDB

// The record access of ``SQLiteAnnotationRepository``: rows to records and back, inside
// the transaction GRDB gives. Reads order rows as ``AnnotationReader`` documents.

/// Reads records from a database connection inside a read transaction.
struct DatabaseAnnotationReader: DatabaseAnnotationAccess {
    let db: Database
}

/// Reads and writes records from a database connection inside a write transaction.
struct DatabaseAnnotationWriter: DatabaseAnnotationAccess, AnnotationWriter {
    let db: Database

    func save(_ article: Article) throws {
        try db.execute(
            sql: """
                INSERT INTO article (id, language, title, publisher, date, url, text, segments)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET
                    language = excluded.language, title = excluded.title, publisher = excluded.publisher,
                    date = excluded.date, url = excluded.url, text = excluded.text, segments = excluded.segments
                """,
            arguments: [
                article.id.rawValue, article.language, article.title, article.publisher,
                article.date?.description, article.url?.absoluteString, article.text,
                try SegmentsColumn.encode(article.segments),
            ]
        )
    }

    func save(_ claim: Claim) throws {
        guard try exists("article", claim.articleID.rawValue) else { throw AnnotationError.unknownArticle(claim.articleID) }
        // An upsert, not INSERT OR REPLACE: a replace deletes the row first, and the
        // delete would cascade to the claim's citations.
        try db.execute(
            sql: """
                INSERT INTO claim (id, article_id, kind, start, "end", exact, prefix, suffix, anchor_status, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET
                    article_id = excluded.article_id, kind = excluded.kind, start = excluded.start,
                    "end" = excluded."end", exact = excluded.exact, prefix = excluded.prefix,
                    suffix = excluded.suffix, anchor_status = excluded.anchor_status, note = excluded.note
                """,
            arguments: [
                claim.id.rawValue, claim.articleID.rawValue, claim.kind.rawValue,
                claim.span.lowerBound, claim.span.upperBound,
                claim.selector.exact, claim.selector.prefix, claim.selector.suffix,
                claim.anchorStatus.rawValue, claim.note,
            ]
        )
    }

    func save(_ source: Source) throws {
        try db.execute(
            sql: """
                INSERT INTO source (id, kind, url, title, publisher, date, language, article_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET
                    kind = excluded.kind, url = excluded.url, title = excluded.title, publisher = excluded.publisher,
                    date = excluded.date, language = excluded.language, article_id = excluded.article_id
                """,
            arguments: [
                source.id.rawValue, source.kind.rawValue, source.url?.absoluteString, source.title,
                source.publisher, source.date?.description, source.language, source.articleID?.rawValue,
            ]
        )
    }

    func save(_ citation: Citation) throws {
        guard try exists("claim", citation.claimID.rawValue) else { throw AnnotationError.unknownClaim(citation.claimID) }
        guard try exists("source", citation.sourceID.rawValue) else { throw AnnotationError.unknownSource(citation.sourceID) }
        try db.execute(
            sql: """
                INSERT INTO citation (id, claim_id, source_id, status, promised_language, note)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET
                    claim_id = excluded.claim_id, source_id = excluded.source_id, status = excluded.status,
                    promised_language = excluded.promised_language, note = excluded.note
                """,
            arguments: [
                citation.id.rawValue, citation.claimID.rawValue, citation.sourceID.rawValue,
                citation.status.rawValue, citation.promisedLanguage, citation.note,
            ]
        )
    }

    func save(_ link: TranslationLink) throws {
        for side in [link.original, link.translation] {
            if case let .article(id) = side, try !exists("article", id.rawValue) { throw AnnotationError.unknownArticle(id) }
        }
        let original = DocumentColumns(link.original), translation = DocumentColumns(link.translation)
        try db.execute(
            sql: """
                INSERT INTO translation_link
                    (id, original_article_id, original_url, translation_article_id, translation_url, language)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET
                    original_article_id = excluded.original_article_id, original_url = excluded.original_url,
                    translation_article_id = excluded.translation_article_id,
                    translation_url = excluded.translation_url, language = excluded.language
                """,
            arguments: [
                link.id.rawValue, original.articleID, original.url,
                translation.articleID, translation.url, link.language,
            ]
        )
    }

    func deleteArticle(_ id: ArticleID) throws -> Bool {
        // Claims, their citations and the translation links naming the article go by
        // ON DELETE CASCADE.
        try db.execute(sql: "DELETE FROM article WHERE id = ?", arguments: [id.rawValue])
        guard db.changesCount > 0 else { return false }
        try db.execute(sql: "UPDATE source SET article_id = NULL WHERE article_id = ?", arguments: [id.rawValue])
        return true
    }

    func deleteClaim(_ id: ClaimID) throws -> Bool {
        try delete(from: "claim", id.rawValue)
    }

    func deleteSource(_ id: SourceID) throws -> Bool {
        let uses = try Int.fetchOne(db, sql: "SELECT count(*) FROM citation WHERE source_id = ?", arguments: [id.rawValue]) ?? 0
        guard uses == 0 else { throw AnnotationError.sourceInUse(id, citations: uses) }
        return try delete(from: "source", id.rawValue)
    }

    func deleteCitation(_ id: CitationID) throws -> Bool {
        try delete(from: "citation", id.rawValue)
    }

    func deleteTranslationLink(_ id: TranslationLinkID) throws -> Bool {
        try delete(from: "translation_link", id.rawValue)
    }

    private func exists(_ table: String, _ id: String) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ?)", arguments: [id]) ?? false
    }

    private func delete(from table: String, _ id: String) throws -> Bool {
        try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id])
        return db.changesCount > 0
    }
}

/// The read methods both transactions share.
protocol DatabaseAnnotationAccess: AnnotationReader {
    var db: Database { get }
}

extension DatabaseAnnotationAccess {
    func article(_ id: ArticleID) throws -> Article? {
        try Row.fetchOne(db, sql: "SELECT * FROM article WHERE id = ?", arguments: [id.rawValue]).map(Self.article(from:))
    }

    func articles() throws -> [Article] {
        try Row.fetchAll(db, sql: "SELECT * FROM article ORDER BY id").map(Self.article(from:))
    }

    func claim(_ id: ClaimID) throws -> Claim? {
        try Row.fetchOne(db, sql: "SELECT * FROM claim WHERE id = ?", arguments: [id.rawValue]).map(Self.claim(from:))
    }

    func claims(of article: ArticleID) throws -> [Claim] {
        try Row.fetchAll(
            db, sql: #"SELECT * FROM claim WHERE article_id = ? ORDER BY start, "end", id"#, arguments: [article.rawValue]
        ).map(Self.claim(from:))
    }

    func source(_ id: SourceID) throws -> Source? {
        try Row.fetchOne(db, sql: "SELECT * FROM source WHERE id = ?", arguments: [id.rawValue]).map(Self.source(from:))
    }

    func sources() throws -> [Source] {
        try Row.fetchAll(db, sql: "SELECT * FROM source ORDER BY id").map(Self.source(from:))
    }

    func citation(_ id: CitationID) throws -> Citation? {
        try Row.fetchOne(db, sql: "SELECT * FROM citation WHERE id = ?", arguments: [id.rawValue]).map(Self.citation(from:))
    }

    func citations(of claim: ClaimID) throws -> [Citation] {
        try Row.fetchAll(db, sql: "SELECT * FROM citation WHERE claim_id = ? ORDER BY id", arguments: [claim.rawValue])
            .map(Self.citation(from:))
    }

    func citations(ofArticle article: ArticleID) throws -> [Citation] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT citation.* FROM citation JOIN claim ON claim.id = citation.claim_id
                WHERE claim.article_id = ? ORDER BY citation.id
                """,
            arguments: [article.rawValue]
        ).map(Self.citation(from:))
    }

    func translationLink(_ id: TranslationLinkID) throws -> TranslationLink? {
        try Row.fetchOne(db, sql: "SELECT * FROM translation_link WHERE id = ?", arguments: [id.rawValue])
            .map(Self.translationLink(from:))
    }

    func translationLinks() throws -> [TranslationLink] {
        try Row.fetchAll(db, sql: "SELECT * FROM translation_link ORDER BY id").map(Self.translationLink(from:))
    }

    // MARK: Rows to records

    private static func article(from row: Row) throws -> Article {
        let columns = try StoredRow(row, table: "article")
        return Article(
            id: ArticleID(unchecked: columns.id),
            language: try columns.string("language"),
            title: try columns.optionalString("title"),
            publisher: try columns.optionalString("publisher"),
            date: try columns.date("date"),
            url: try columns.url("url"),
            text: try columns.string("text"),
            segments: try SegmentsColumn.decode(columns.string("segments"), in: columns)
        )
    }

    private static func claim(from row: Row) throws -> Claim {
        let columns = try StoredRow(row, table: "claim")
        let start: Int = try columns.value("start"), end: Int = try columns.value("end")
        guard start >= 0, start <= end else {
            throw columns.invalid("end", "\(end)", "which is before start (\(start))")
        }
        return Claim(
            id: ClaimID(unchecked: columns.id),
            articleID: ArticleID(unchecked: try columns.string("article_id")),
            kind: try columns.enumeration("kind"),
            span: start..<end,
            selector: TextQuoteSelector(
                exact: try columns.string("exact"),
                prefix: try columns.string("prefix"),
                suffix: try columns.string("suffix")
            ),
            anchorStatus: try columns.enumeration("anchor_status"),
            note: try columns.optionalString("note")
        )
    }

    private static func source(from row: Row) throws -> Source {
        let columns = try StoredRow(row, table: "source")
        return Source(
            id: SourceID(unchecked: columns.id),
            kind: try columns.enumeration("kind"),
            url: try columns.url("url"),
            title: try columns.optionalString("title"),
            publisher: try columns.optionalString("publisher"),
            date: try columns.date("date"),
            language: try columns.optionalString("language"),
            articleID: try columns.optionalString("article_id").map(ArticleID.init(unchecked:))
        )
    }

    private static func citation(from row: Row) throws -> Citation {
        let columns = try StoredRow(row, table: "citation")
        return Citation(
            id: CitationID(unchecked: columns.id),
            claimID: ClaimID(unchecked: try columns.string("claim_id")),
            sourceID: SourceID(unchecked: try columns.string("source_id")),
            status: try columns.enumeration("status"),
            promisedLanguage: try columns.optionalString("promised_language"),
            note: try columns.optionalString("note")
        )
    }

    private static func translationLink(from row: Row) throws -> TranslationLink {
        let columns = try StoredRow(row, table: "translation_link")
        return TranslationLink(
            id: TranslationLinkID(unchecked: columns.id),
            original: try columns.document(article: "original_article_id", url: "original_url"),
            translation: try columns.document(article: "translation_article_id", url: "translation_url"),
            language: try columns.string("language")
        )
    }
}

/// A ``DocumentReference`` as two columns, one of them NULL.
private struct DocumentColumns {
    var articleID: String?
    var url: String?

    init(_ reference: DocumentReference) {
        switch reference {
        case let .article(id): articleID = id.rawValue
        case let .url(url): self.url = url.absoluteString
        }
    }
}

/// The `segments` column: JSON of ``ArticleSegment``s.
private enum SegmentsColumn {
    static func encode(_ segments: [ArticleSegment]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(segments), as: UTF8.self)
    }

    static func decode(_ json: String, in row: StoredRow) throws -> [ArticleSegment] {
        do {
            return try JSONDecoder().decode([ArticleSegment].self, from: Data(json.utf8))
        } catch {
            throw row.invalid("segments", json, "which is not a JSON array of segments (\(error))")
        }
    }
}

/// A row being read into a record, with errors that name the table, the record and
/// the column.
private struct StoredRow {
    let row: Row
    let table: String
    let id: String

    init(_ row: Row, table: String) throws {
        self.row = row
        self.table = table
        self.id = try row.decode(String.self, forColumn: "id")
    }

    func value<Value: DatabaseValueConvertible>(_ column: String) throws -> Value {
        do {
            return try row.decode(Value.self, forColumn: column)
        } catch {
            throw invalid(column, "\(row[column] as DatabaseValue)", "which is not a \(Value.self)")
        }
    }

    func string(_ column: String) throws -> String { try value(column) }

    func optionalString(_ column: String) throws -> String? { try value(column) }

    func enumeration<Value: RawRepresentable & CaseIterable>(_ column: String) throws -> Value where Value.RawValue == String {
        let raw = try string(column)
        guard let value = Value(rawValue: raw) else {
            let expected = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw invalid(column, raw, "which is not one of \(expected)")
        }
        return value
    }

    func date(_ column: String) throws -> AnnotationDate? {
        guard let text = try optionalString(column) else { return nil }
        do {
            return try AnnotationDate(text)
        } catch {
            throw invalid(column, text, "which is not a date YYYY, YYYY-MM or YYYY-MM-DD")
        }
    }

    func url(_ column: String) throws -> URL? {
        guard let text = try optionalString(column) else { return nil }
        guard let url = URL(string: text) else { throw invalid(column, text, "which is not a URL") }
        return url
    }

    func document(article articleColumn: String, url urlColumn: String) throws -> DocumentReference {
        if let articleID = try optionalString(articleColumn) { return .article(ArticleID(unchecked: articleID)) }
        if let url = try url(urlColumn) { return .url(url) }
        throw invalid(urlColumn, "NULL", "and so is \(articleColumn): a side needs an article or a URL")
    }

    func invalid(_ column: String, _ value: String, _ reason: String) -> AnnotationDatabaseError {
        .invalidValue(table: table, id: id, column: column, value: value, reason: reason)
    }
}
