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

    /// The server's version and how this client's connection to it is protected.
    public static func connectionInfo(at location: PostgresLocation) throws -> PostgresConnectionInfo {
        let connections = try PostgresConnections(location)
        defer { connections.shutDown() }
        return try connections.withSession { session in
            let row = try session.query("""
                SELECT current_setting('server_version'), s.ssl, s.version, s.cipher
                FROM pg_stat_ssl s WHERE s.pid = pg_backend_pid()
                """).first
            guard let row else { throw PostgresStoreError.server(location, message: "no pg_stat_ssl row for this connection") }
            let (version, ssl, tlsVersion, cipher) = try row.decode((String, Bool, String?, String?).self)
            return PostgresConnectionInfo(
                serverVersion: version,
                encryption: ssl ? [tlsVersion, cipher].compactMap { $0 }.joined(separator: " ") : nil)
        }
    }

    /// `name` as an SQL identifier.
    static func quotedIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// What a client knows of its connection to a server.
public struct PostgresConnectionInfo: Sendable, Hashable, CustomStringConvertible {
    /// The server's version (`server_version`).
    public var serverVersion: String
    /// The TLS version and cipher, `nil` when the connection is not encrypted.
    public var encryption: String?

    public var description: String {
        "PostgreSQL \(serverVersion), " + (encryption.map { "encrypted (\($0))" } ?? "not encrypted")
    }
}
