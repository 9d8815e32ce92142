import Foundation
import NIOCore
import NIOSSL
import PostgresNIO

/// What can go wrong with a memory on a PostgreSQL server, each told in one line.
public enum PostgresStoreError: Error, CustomStringConvertible, Sendable {
    /// The address cannot be used.
    case badAddress(String, reason: String)
    /// No server answered at the address (down, wrong host or port).
    case serverUnreachable(PostgresLocation, detail: String)
    /// The server refused the user or password.
    case authenticationFailed(PostgresLocation, detail: String)
    /// The database named does not exist on the server.
    case noDatabase(PostgresLocation)
    /// The connection was lost in the middle of the work; what was not committed was not stored.
    case connectionLost(PostgresLocation)
    /// The server refused a statement.
    case server(PostgresLocation, message: String)
    /// The database holds a schema newer than this Tandem knows.
    case newerSchema(PostgresLocation, migration: String)
    /// The encrypted connection could not be set up (no TLS on the server, a certificate not trusted...).
    case tlsFailed(PostgresLocation, detail: String)

    public var description: String {
        switch self {
        case .badAddress(let text, let reason):
            "“\(text)” is not a PostgreSQL memory address: \(reason)"
        case .serverUnreachable(let location, let detail):
            "cannot reach the PostgreSQL server at \(location.host):\(location.port) (\(detail)); is it running?"
        case .authenticationFailed(let location, let detail):
            "the PostgreSQL server at \(location.host):\(location.port) refused user “\(location.user)”: \(detail)"
        case .noDatabase(let location):
            "the PostgreSQL server at \(location.host):\(location.port) has no database “\(location.database)”"
        case .connectionLost(let location):
            "lost the connection to the PostgreSQL server at \(location.host):\(location.port); the last change was not stored"
        case .server(let location, let message):
            "PostgreSQL (\(location)): \(message)"
        case .newerSchema(let location, let migration):
            "the memory at \(location) has schema migration “\(migration)”, unknown to this Tandem: update Tandem"
        case .tlsFailed(let location, let detail):
            "no secure connection to the PostgreSQL server at \(location.host):\(location.port) (sslmode=\(location.security.rawValue)): \(detail)"
        }
    }

    /// Translates postgres-nio's and NIO's errors into one of these.
    static func wrap(_ error: any Error, at location: PostgresLocation) -> any Error {
        if error is PostgresStoreError { return error }
        if let error = error as? PSQLError {
            let message = error.serverInfo?[.message]
            let sqlState = error.serverInfo?[.sqlState]
            switch error.code {
            case .server:
                switch sqlState {
                case "28P01", "28000": return authenticationFailed(location, detail: message ?? "authentication failed")
                case "3D000": return noDatabase(location)
                case "57P01", "57P02", "57P03": return connectionLost(location)
                default: return server(location, message: message ?? "\(error.code)")
                }
            case .authMechanismRequiresPassword:
                return authenticationFailed(location, detail: "the server asks for a password (postgres://USER:PASSWORD@… or $PGPASSWORD)")
            case .unsupportedAuthMechanism, .saslError:
                return authenticationFailed(location, detail: message ?? "\(error.code)")
            case .sslUnsupported:
                return tlsFailed(location, detail: "the server does not accept TLS (use sslmode=prefer or disable, or turn ssl on in the server)")
            case .failedToAddSSLHandler:
                return tlsFailed(location, detail: error.underlying.map(shortDescription) ?? "TLS could not start")
            case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
                if let underlying = error.underlying, underlying is NIOSSLError || underlying is BoringSSLError || underlying is NIOSSLExtraError {
                    return tlsFailed(location, detail: shortDescription(underlying))
                }
                return connectionLost(location)
            case .connectionError:
                if let underlying = error.underlying, underlying is NIOSSLError || underlying is BoringSSLError || underlying is NIOSSLExtraError {
                    return tlsFailed(location, detail: shortDescription(underlying))
                }
                return serverUnreachable(location, detail: error.underlying.map(shortDescription) ?? "connection error")
            default:
                return server(location, message: message ?? "\(error.code)")
            }
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError { return tlsFailed(location, detail: shortDescription(error)) }
        if error is ChannelError { return connectionLost(location) }
        if error is IOError || error is NIOConnectionError || "\(type(of: error))".contains("Connect") {
            return serverUnreachable(location, detail: shortDescription(error))
        }
        return error
    }

    private static func shortDescription(_ error: any Error) -> String {
        if let error = error as? NIOSSLError, case .handshakeFailed(let reason) = error {
            let text = "\(reason)"
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                return "the server's certificate is not trusted (name the certificate it chains to with sslrootcert=FILE)"
            }
            // BoringSSL's reason, e.g. "OPENSSL_internal:WRONG_VERSION_NUMBER".
            if let range = text.range(of: "OPENSSL_internal:[A-Z_]+", options: .regularExpression) {
                let reason = text[range].dropFirst("OPENSSL_internal:".count)
                return "TLS handshake failed: " + reason.lowercased().replacingOccurrences(of: "_", with: " ")
            }
            return "TLS handshake failed"
        }
        if let error = error as? NIOSSLExtraError, error == .failedToValidateHostname {
            return "the server's certificate was not issued for this host name"
        }
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        if let error = error as? NIOConnectionError {
            return error.connectionErrors.first.map { shortDescription($0.error) } ?? "no address to connect to"
        }
        return "\(error)"
    }
}
