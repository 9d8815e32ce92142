import Foundation
import NIOCore
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
            case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
                return connectionLost(location)
            case .connectionError:
                return serverUnreachable(location, detail: error.underlying.map(shortDescription) ?? "connection error")
            default:
                return server(location, message: message ?? "\(error.code)")
            }
        }
        if error is ChannelError { return connectionLost(location) }
        if error is IOError || error is NIOConnectionError || "\(type(of: error))".contains("Connect") {
            return serverUnreachable(location, detail: shortDescription(error))
        }
        return error
    }

    private static func shortDescription(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)).lowercased() }
        if let error = error as? NIOConnectionError {
            return error.connectionErrors.first.map { shortDescription($0.error) } ?? "no address to connect to"
        }
        return "\(error)"
    }
}
