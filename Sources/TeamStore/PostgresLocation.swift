import Foundation

/// Where a PostgreSQL memory lives: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`
/// (also `postgresql://`), optionally with `?sslmode=…&sslrootcert=FILE` as libpq reads
/// them. The password may instead come from `$PGPASSWORD`, the TLS settings from
/// `$PGSSLMODE` and `$PGSSLROOTCERT`.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// Whether the connection is encrypted, and how the server's certificate is checked.
    public var security: TransportSecurity
    /// The certificates (PEM) a server's certificate must chain to; `nil`: the system's.
    public var rootCertificates: String?

    /// How a connection is protected, with libpq's `sslmode` names.
    public enum TransportSecurity: String, Sendable, Hashable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it, else plain; the certificate is not checked (libpq's default).
        case prefer
        /// TLS or nothing; the certificate is not checked.
        case require
        /// TLS with a certificate that chains to a trusted root, whatever name it carries.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate issued for the host named in the address.
        case verifyFull = "verify-full"

        /// Reads an `sslmode` value (`allow` is taken as `prefer`).
        init?(sslmode: String) {
            if sslmode == "allow" { self = .prefer } else { self.init(rawValue: sslmode) }
        }
    }

    public init(
        user: String, password: String? = nil, host: String = "127.0.0.1", port: Int = 5432, database: String,
        security: TransportSecurity = .prefer, rootCertificates: String? = nil
    ) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.security = security
        self.rootCertificates = rootCertificates
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
        var parameters: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard let value = item.value, !value.isEmpty else {
                throw PostgresStoreError.badAddress(text, reason: "no value for “\(item.name)”")
            }
            guard item.name == "sslmode" || item.name == "sslrootcert" else {
                throw PostgresStoreError.badAddress(text, reason: "unknown parameter “\(item.name)” (known: sslmode, sslrootcert)")
            }
            parameters[item.name] = value
        }
        let mode = parameters["sslmode"] ?? environment["PGSSLMODE"].flatMap { $0.isEmpty ? nil : $0 } ?? "prefer"
        guard let security = TransportSecurity(sslmode: mode) else {
            let known = TransportSecurity.allCases.map(\.rawValue).joined(separator: ", ")
            throw PostgresStoreError.badAddress(text, reason: "sslmode “\(mode)” is not one of \(known)")
        }
        self.security = security
        rootCertificates = parameters["sslrootcert"] ?? environment["PGSSLROOTCERT"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The address without the password (with its `sslmode` unless it is the default).
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (security == .prefer ? "" : "?sslmode=\(security.rawValue)")
    }
}
