import PostgresNIO

/// Creating and dropping databases on a server (tests, and setting up a team's memory
/// from a maintenance database such as `postgres`).
public enum PostgresMaintenance {
    /// Creates database `name` (owned by the connecting user) on the server of `location`.
    public static func createDatabase(_ name: String, on location: PostgresLocation) throws {
        let connections = try PostgresConnections(location)
        defer { connections.shutDown() }
        try connections.withSession { try $0.execute("CREATE DATABASE \(quotedIdentifier(name))") }
    }

    /// Drops database `name` if it exists, closing its other connections.
    public static func dropDatabase(_ name: String, on location: PostgresLocation) throws {
        let connections = try PostgresConnections(location)
        defer { connections.shutDown() }
        try connections.withSession { try $0.execute("DROP DATABASE IF EXISTS \(quotedIdentifier(name)) WITH (FORCE)") }
    }

    /// `name` as an SQL identifier.
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
