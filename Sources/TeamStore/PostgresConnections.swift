import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// A few connections to one PostgreSQL database, used synchronously: each call takes
/// an idle connection (or opens one), runs its statements by waiting on postgres-nio's
/// futures from the caller's thread — never on the event loop — and gives it back. A
/// connection that failed is dropped, and the next call opens a new one.
final class PostgresConnections: @unchecked Sendable {
    let location: PostgresLocation
    private let group: MultiThreadedEventLoopGroup
    private let logger: Logger
    private let tls: PostgresConnection.Configuration.TLS
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var nextID = 0
    private var isShutDown = false

    /// Connects once, so that a wrong address or password is reported at once.
    init(_ location: PostgresLocation) throws {
        self.location = location
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var logger = Logger(label: "tandem.postgres")
        logger.logLevel = .critical
        self.logger = logger
        do {
            tls = try Self.tls(for: location)
            idle.append(try connect())
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    deinit { shutDown() }

    /// Closes every connection and stops the event loop.
    func shutDown() {
        lock.lock()
        let connections = idle
        idle = []
        let wasShutDown = isShutDown
        isShutDown = true
        lock.unlock()
        guard !wasShutDown else { return }
        for connection in connections { try? connection.close().wait() }
        try? group.syncShutdownGracefully()
    }

    private func connect() throws -> PostgresConnection {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user,
            password: location.password, database: location.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        lock.lock()
        nextID += 1
        let id = nextID
        lock.unlock()
        do {
            return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
        } catch {
            throw PostgresStoreError.wrap(error, at: location)
        }
    }

    /// The TLS settings for the location's `sslmode`, made once (a context loads the trust roots).
    private static func tls(for location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch location.security {
        case .disable: return .disable
        case .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let roots = location.rootCertificates {
            guard FileManager.default.isReadableFile(atPath: roots) else {
                throw PostgresStoreError.tlsFailed(location, detail: "cannot read the root certificates \(roots)")
            }
            configuration.trustRoots = .file(roots)
        }
        do {
            let context = try NIOSSLContext(configuration: configuration)
            return location.security == .prefer ? .prefer(context) : .require(context)
        } catch {
            throw PostgresStoreError.tlsFailed(location, detail: "\(error)")
        }
    }

    /// Runs `body` with a connection of its own.
    func withSession<T>(_ body: (Session) throws -> T) throws -> T {
        lock.lock()
        var reused = idle.popLast()
        lock.unlock()
        if let stale = reused, stale.isClosed {
            reused = nil
            let _: EventLoopFuture<Void> = stale.close()
        }
        let connection = try reused ?? connect()
        let session = Session(connection: connection, location: location, logger: logger)
        // A connection the server dropped while it was idle may never answer.
        session.firstAnswerDeadline = reused == nil ? nil : 10
        do {
            let result = try body(session)
            giveBack(connection)
            return result
        } catch {
            if connection.isClosed || session.failedConnection {
                try? connection.close().wait()
            } else {
                giveBack(connection)
            }
            throw error
        }
    }

    /// Runs `body` in one transaction (committed when it returns, rolled back when it throws).
    func transaction<T>(isolation: String = "READ COMMITTED", _ body: (Session) throws -> T) throws -> T {
        try withSession { session in
            try session.execute("BEGIN ISOLATION LEVEL \(isolation)")
            do {
                let result = try body(session)
                try session.execute("COMMIT")
                return result
            } catch {
                if !session.failedConnection { try? session.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// Like ``transaction(isolation:_:)``, tried once more on a new connection when the
    /// connection was lost: for work that may safely run twice (adding a unit merges an
    /// identical one).
    func retryingTransaction<T>(_ body: (Session) throws -> T) throws -> T {
        do {
            return try transaction(body)
        } catch PostgresStoreError.connectionLost {
            return try transaction(body)
        }
    }

    private func giveBack(_ connection: PostgresConnection) {
        lock.lock()
        if isShutDown || idle.count >= 4 {
            lock.unlock()
            try? connection.close().wait()
            return
        }
        idle.append(connection)
        lock.unlock()
    }

    /// One connection lent to a caller.
    final class Session {
        let connection: PostgresConnection
        let location: PostgresLocation
        let logger: Logger
        /// Whether a statement failed because the connection did.
        private(set) var failedConnection = false
        /// Seconds the first statement may wait for an answer (a reused connection).
        var firstAnswerDeadline: Double?

        init(connection: PostgresConnection, location: PostgresLocation, logger: Logger) {
            self.connection = connection
            self.location = location
            self.logger = logger
        }

        /// Runs a statement and returns its rows.
        @discardableResult
        func query(_ query: PostgresQuery) throws -> [PostgresRow] {
            do {
                let future = connection.query(query, logger: logger)
                guard let deadline = firstAnswerDeadline else { return try future.wait().rows }
                firstAnswerDeadline = nil
                let answer = Answer()
                future.whenComplete { answer.set($0) }
                guard answer.wait(seconds: deadline), let result = answer.result else {
                    failedConnection = true
                    let _: EventLoopFuture<Void> = connection.close()
                    throw PostgresStoreError.connectionLost(location)
                }
                return try result.get().rows
            } catch {
                let wrapped = PostgresStoreError.wrap(error, at: location)
                if case PostgresStoreError.connectionLost = wrapped { failedConnection = true }
                if case PostgresStoreError.serverUnreachable = wrapped { failedConnection = true }
                throw wrapped
            }
        }

        /// Runs SQL without parameters (several statements allowed when `simple`).
        func execute(_ sql: String) throws {
            try query(PostgresQuery(unsafeSQL: sql))
        }
    }
}

/// The result of a query, handed from the event loop to the waiting thread.
private final class Answer: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stored: Result<PostgresQueryResult, any Error>?

    var result: Result<PostgresQueryResult, any Error>? {
        lock.lock(); defer { lock.unlock() }
        return stored
    }

    func set(_ result: Result<PostgresQueryResult, any Error>) {
        lock.lock()
        stored = result
        lock.unlock()
        semaphore.signal()
    }

    /// Whether the answer came within `seconds`.
    func wait(seconds: Double) -> Bool {
        semaphore.wait(timeout: .now() + seconds) == .success
    }
}
