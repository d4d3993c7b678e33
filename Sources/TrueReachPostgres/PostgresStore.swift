import Foundation
import Logging
import PostgresNIO
import Synchronization
import TrueReachStore

/// The PostgreSQL store: the same audiences, accounts, audits and engagement tables as
/// `SQLiteStore`, with the same semantics (one conformance suite checks both).
///
/// A `Sendable` value around a PostgresNIO `PostgresClient` (a connection pool). ``connect(url:configuration:logger:)``
/// checks the server with one connection, applies pending migrations on it, then starts the pool;
/// ``close()`` stops the pool, so a command exits promptly. PostgresNIO types never appear in this API.
///
/// Schema: the column names are SQLite's. Dates are `double precision` seconds since 1970-01-01 UTC,
/// like SQLite's REAL, so a `Date` round-trips bit for bit (finer than PostgreSQL's microsecond
/// `timestamptz`). Text goes through a reversible encoding because PostgreSQL text cannot hold
/// U+0000 (see `PostgresText`). Text order (names, post ids) is bytewise (`COLLATE "C"`), as in SQLite.
///
/// ```swift
/// guard case .postgres(let url) = try StoreLocation(parsing: "postgres://truereach@localhost/truereach") else { … }
/// let store = try await PostgresStore.connect(url: url, logger: logger)
/// defer { Task { try await store.close() } }   // or close() at the end of the run
/// try await store.saveAudience(account: "acme", platform: .twitter, batches: batches)
/// ```
public struct PostgresStore: AudienceStore {
    /// The server and database (its `description` redacts the password).
    public let url: PostgresURL
    /// How many accounts the convenience imports send per batch (one `INSERT … unnest` each).
    public let importBatchSize: Int
    /// Yes: an import's transaction holds one pooled connection, a read takes another.
    public var readsWhileImporting: Bool { true }
    let client: PostgresClient
    let logger: Logger
    private let runTask: Task<Void, Never>
    /// Whether ``close()`` was called (shared by copies), so later calls fail clearly.
    private let closed = SharedFlag()

    /// Called when an import has to wait for another's lock on the same audience.
    let onWait: (@Sendable () -> Void)?

    private init(
        url: PostgresURL, importBatchSize: Int, client: PostgresClient, logger: Logger,
        onWait: (@Sendable () -> Void)?
    ) {
        self.onWait = onWait
        self.url = url
        self.importBatchSize = importBatchSize
        self.client = client
        self.logger = logger
        // The one unstructured task, a documented bridge: the pool's `run()` must outlive this call
        // (the store is a value handed to the caller), and `close()` cancels and awaits it.
        self.runTask = Task { await client.run() }
    }

    /// Connects to the database at `url`, brings its schema up to date and starts the pool.
    ///
    /// Two processes opening at once do not both migrate: migrations run in one transaction
    /// holding an advisory lock.
    ///
    /// - Parameters:
    ///   - url: The server, credentials and database.
    ///   - configuration: Only ``StoreConfiguration/importBatchSize`` and ``StoreConfiguration/onWait`` apply here.
    ///   - logger: Where the driver logs (at debug and below for normal operation).
    /// - Returns: The open store; call ``close()`` when done.
    /// - Throws: ``StoreError`` `.connectionFailed` (naming host and port, never the password) or
    ///   `.migrationFailed`.
    public static func connect(
        url: PostgresURL,
        configuration: StoreConfiguration = StoreConfiguration(),
        logger: Logger
    ) async throws -> PostgresStore {
        let tls: PostgresConnection.Configuration.TLS
        let clientTLS: PostgresClient.Configuration.TLS
        do {
            switch url.tlsMode {
            case .disable:
                tls = .disable
                clientTLS = .disable
            case .prefer:
                tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                clientTLS = .prefer(.makeClientConfiguration())
            case .require:
                tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                clientTLS = .require(.makeClientConfiguration())
            }
        } catch {
            throw StoreError(code: .connectionFailed, message: "Cannot set up TLS for PostgreSQL.", underlying: error)
        }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: PostgresConnection.Configuration(
                    host: url.host,
                    port: url.port,
                    username: url.username,
                    password: url.password,
                    database: url.database,
                    tls: tls
                ),
                id: 0,
                logger: logger
            )
        } catch {
            throw translate(error, url: url)
        }
        do {
            try await migrate(connection, logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            let translated = translate(error, url: url)
            if let storeError = translated as? StoreError, storeError.code == .connectionFailed { throw storeError }
            throw StoreError(
                code: .migrationFailed,
                message: "Cannot bring the PostgreSQL schema up to date; the database may be from a newer TrueReach.",
                underlying: error,
                path: url.description
            )
        }
        var clientConfiguration = PostgresClient.Configuration(
            host: url.host,
            port: url.port,
            username: url.username,
            password: url.password,
            database: url.database,
            tls: clientTLS
        )
        clientConfiguration.options.maximumConnections = 8
        let client = PostgresClient(configuration: clientConfiguration, backgroundLogger: logger)
        return PostgresStore(
            url: url,
            importBatchSize: max(1, configuration.importBatchSize),
            client: client,
            logger: logger,
            onWait: configuration.onWait
        )
    }

    /// Stops the connection pool and waits until it has shut down.
    ///
    /// Queries still running fail; later calls on this store (or a copy) throw `.connectionFailed`.
    /// Calling it twice is harmless.
    public func close() async throws {
        closed.set()
        runTask.cancel()
        await runTask.value
    }

    // MARK: - Access

    /// Runs one statement on a pooled connection and returns all its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try checkOpen()
        do {
            return try await client.query(query, logger: logger).collect()
        } catch {
            throw Self.translate(error, url: url)
        }
    }

    /// Runs `body` in one transaction on one pooled connection: committed if it returns, rolled
    /// back if it throws (or the task is cancelled before the commit).
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try checkOpen()
        do {
            return try await client.withConnection { connection in
                try await Self.transaction(on: connection, logger: logger, body)
            }
        } catch {
            throw Self.translate(error, url: url)
        }
    }

    static func transaction<T>(
        on connection: PostgresConnection,
        logger: Logger,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try Task.checkCancellation()
        _ = try await connection.query("BEGIN", logger: logger).collect()
        let value: T
        do {
            value = try await body(connection)
            try Task.checkCancellation()
        } catch {
            do {
                _ = try await connection.query("ROLLBACK", logger: logger).collect()
            } catch {
                // A connection that cannot roll back must not go back to the pool mid-transaction;
                // closing it makes the server roll back.
                try? await connection.close()
            }
            throw error
        }
        _ = try await connection.query("COMMIT", logger: logger).collect()
        return value
    }

    private func checkOpen() throws {
        if closed.isSet {
            throw StoreError(
                code: .connectionFailed,
                message: "The PostgreSQL store at \(url.host):\(url.port) is closed.",
                path: url.description
            )
        }
    }

    // MARK: - Errors

    /// Maps driver errors to ``StoreError``; cancellation and callers' errors pass through.
    static func translate(_ error: any Error, url: PostgresURL) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case is CancellationError:
            return error
        case let error as PSQLError:
            return translate(error, url: url)
        default:
            return error
        }
    }

    private static func translate(_ error: PSQLError, url: PostgresURL) -> any Error {
        let server = "\(url.host):\(url.port)"
        switch error.code {
        case .queryCancelled:
            return CancellationError()
        case .connectionError, .serverClosedConnection, .uncleanShutdown:
            let cause = error.underlying.map { String(describing: $0) } ?? ""
            let reason =
                cause.lowercased().contains("refused")
                ? "the connection was refused; is the server running and listening on that host and port?"
                : "the server could not be reached or closed the connection."
            return StoreError(
                code: .connectionFailed,
                message: "Cannot connect to PostgreSQL at \(server): \(reason)",
                underlying: error,
                path: url.description
            )
        case .poolClosed:
            return StoreError(
                code: .connectionFailed,
                message: "The PostgreSQL store at \(server) is closed.",
                underlying: error,
                path: url.description
            )
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "?"
            if state.hasPrefix("28") {
                return StoreError(
                    code: .connectionFailed,
                    message:
                        "PostgreSQL at \(server) refused the login (SQLSTATE \(state)); check the user and password.",
                    underlying: error,
                    path: url.description
                )
            }
            if state == "3D000" {
                return StoreError(
                    code: .connectionFailed,
                    message:
                        "PostgreSQL at \(server) has no database of that name (SQLSTATE \(state)); create it first.",
                    underlying: error,
                    path: url.description
                )
            }
            if state == "57014" { return CancellationError() }
            return StoreError(
                code: .databaseFailed,
                message: "A PostgreSQL operation failed (SQLSTATE \(state)).",
                underlying: error,
                path: url.description
            )
        default:
            return StoreError(
                code: .databaseFailed,
                message: "A PostgreSQL operation failed; see the underlying error.",
                underlying: error,
                path: url.description
            )
        }
    }
}

/// A flag that, once set, stays set; shared by the copies of a store.
final class SharedFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func set() { value.withLock { $0 = true } }
}
