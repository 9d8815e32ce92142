import Foundation

/// Where a PostgreSQL memory lives: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`
/// (also `postgresql://`). The password may instead come from `$PGPASSWORD`.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    public init(user: String, password: String? = nil, host: String = "127.0.0.1", port: Int = 5432, database: String) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
    }

    /// Whether `text` names a PostgreSQL memory rather than a file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a `postgres://` address.
    /// - Throws: ``PostgresStoreError/badAddress(_:reason:)`` saying what is missing.
    public init(parsing text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw PostgresStoreError.badAddress(text, reason: "expected postgres://USER@HOST:PORT/DATABASE")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresStoreError.badAddress(text, reason: "no user name (postgres://USER@HOST/DATABASE)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresStoreError.badAddress(text, reason: "no host")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresStoreError.badAddress(text, reason: "no database name after the host (…/DATABASE)")
        }
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.host = host
        port = components.port ?? 5432
        self.database = database
    }

    /// The address without the password.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
