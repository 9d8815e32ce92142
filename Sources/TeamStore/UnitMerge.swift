import Foundation
import PostgresNIO
import TranslationMemory

/// What merging an identical unit into a stored one may change, as the SQLite store
/// merges: the newer provenance wins, the earliest creation date stays, missing context
/// and location are filled in, properties and notes are unioned.
///
/// Merging is applied in order, one unit at a time, exactly as storing the units one
/// by one would (it is not associative: the creation date kept moves the stamp the next
/// unit is compared with).
struct UnitMerge: Equatable {
    /// The provenance stored: the winner's, with the earliest creation date.
    var provenance: Provenance
    var context: SegmentContext
    var location: SegmentLocation?
    var properties: [UnitProperty]
    var notes: [UnitNote]

    init(provenance: Provenance, context: SegmentContext, location: SegmentLocation?, properties: [UnitProperty], notes: [UnitNote]) {
        self.provenance = provenance
        self.context = context
        self.location = location
        self.properties = properties
        self.notes = notes
    }

    /// The fields of a unit as it is stored when nothing merged into it yet.
    init(_ unit: TranslationUnit) {
        self.init(provenance: unit.provenance, context: unit.context, location: unit.location,
                  properties: unit.properties, notes: unit.notes)
    }

    /// Merges `unit` into the stored fields.
    mutating func absorb(_ unit: TranslationUnit) {
        let p = unit.provenance
        let oldCreated = provenance.createdAt?.timeIntervalSince1970
        let oldStamp = (provenance.changedAt ?? provenance.createdAt)?.timeIntervalSince1970 ?? -.infinity
        let newStamp = (p.changedAt ?? p.createdAt)?.timeIntervalSince1970 ?? -.infinity
        var merged = newStamp >= oldStamp ? p : provenance
        merged.createdAt = [oldCreated, p.createdAt?.timeIntervalSince1970].compactMap { $0 }.min()
            .map(Date.init(timeIntervalSince1970:))
        provenance = merged
        for property in unit.properties where !properties.contains(property) { properties.append(property) }
        for note in unit.notes where !notes.contains(note) { notes.append(note) }
        if context == SegmentContext() { context = unit.context }
        if location == nil { location = unit.location }
    }

    /// The columns ``read(from:at:)`` expects, in order, of the table named `table`.
    static func columns(of table: String) -> String {
        ["origin", "creator", "created_at", "changed_by", "changed_at", "tool", "confidence",
         "context_previous", "context_next", "article", "segment", "properties", "notes"]
            .map { table + "." + $0 }.joined(separator: ", ")
    }

    /// Reads the stored fields from ``columns(of:)``, starting at cell `first` of `row`.
    static func read(from row: PostgresRow, at first: Int, id: Int64) throws -> UnitMerge {
        let cells = row.makeRandomAccess()
        func text(_ i: Int) throws -> String? { try cells[first + i].decode(String?.self) }
        func number(_ i: Int) throws -> Double? { try cells[first + i].decode(Double?.self) }
        let originName = try cells[first].decode(String.self)
        guard let origin = UnitOrigin(rawValue: originName) else {
            throw MemoryStoreError.corruptRow(id: id, reason: "unknown origin \(originName)")
        }
        let provenance = Provenance(
            origin: origin, creator: try text(1), createdAt: try number(2).map(Date.init(timeIntervalSince1970:)),
            changedBy: try text(3), changedAt: try number(4).map(Date.init(timeIntervalSince1970:)),
            tool: try text(5), confidence: try number(6))
        let article = try text(9)
        let segment = try cells[first + 10].decode(Int?.self)
        return UnitMerge(
            provenance: provenance,
            context: SegmentContext(previous: try text(7), next: try text(8)),
            location: article.map { SegmentLocation(article: $0, segment: segment ?? 0) },
            properties: try UnitRecord.properties(fromJSON: try text(11)),
            notes: try UnitRecord.notes(fromJSON: try text(12)))
    }
}
