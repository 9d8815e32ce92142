import Foundation

/// What can go wrong with the SQLite file that holds annotations, as opposed to what
/// is wrong with the annotations themselves (``AnnotationError``).
public enum AnnotationDatabaseError: Error, Hashable, Sendable, CustomStringConvertible, LocalizedError {
    /// The file could not be opened or its annotation tables could not be created or
    /// upgraded (not an SQLite database, no permission, disk full…).
    case cannotOpen(path: String, reason: String)
    /// The database holds annotation migrations this version of Tandem does not know:
    /// a newer Tandem wrote it.
    case newerSchema(path: String, unknownMigrations: [String])
    /// A shared connection pool was configured without foreign keys, which the
    /// cascading deletes rely on.
    case foreignKeysDisabled(path: String)
    /// A stored value cannot be read back as what its column holds (edited by hand, or
    /// written by another program).
    case invalidValue(table: String, id: String, column: String, value: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "cannot open the annotation store \(path): \(reason)"
        case let .newerSchema(path, migrations):
            return "the annotation store \(path) was written by a newer version of Tandem (unknown migrations: "
                + migrations.joined(separator: ", ") + "); upgrade Tandem to use it"
        case let .foreignKeysDisabled(path):
            return "the database \(path) is opened with foreign keys disabled; annotations need them (GRDB Configuration.foreignKeysEnabled)"
        case let .invalidValue(table, id, column, value, reason):
            return "\(table) \(id): column \(column) holds «\(value)», \(reason)"
        }
    }

    public var errorDescription: String? { description }
}
