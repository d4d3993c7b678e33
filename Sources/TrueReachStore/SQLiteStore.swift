import Foundation
import GRDB

/// The SQLite store: audiences, their accounts and audit history in one file.
///
/// A `Sendable` value around a GRDB `DatabasePool` in WAL mode (a file) or a `DatabaseQueue`
/// (in memory, for tests). Copies share the same connection pool. All access goes through
/// `read` / `write` closures, so a database handle never escapes; GRDB types never appear in
/// this API.
///
/// Opening a store applies every pending migration (see ``migrationNames``), so the schema is
/// always current.
///
/// ```swift
/// let store = try SQLiteStore(path: "/var/lib/truereach/truereach.sqlite")
/// try await store.saveAudience(account: "acme", platform: .twitter, accounts: batches)
/// for try await batch in store.fetchAudienceProfiles(account: "acme") { … }
/// ```
public struct SQLiteStore: Sendable {
    /// The database file, or `nil` for an in-memory store.
    public let path: String?
    /// The options the store was opened with.
    public let configuration: StoreConfiguration
    let writer: any DatabaseWriter
    /// The connection ``checkpoint()`` uses (file stores with `checkpointsInBackground` only).
    let checkpointer: DatabaseQueue?

    /// Opens (creating if needed) the database file at `path` and migrates it.
    ///
    /// The parent directory is created when missing.
    ///
    /// - Parameters:
    ///   - path: The SQLite file.
    ///   - configuration: Open options.
    /// - Throws: ``StoreError`` `.openFailed` or `.migrationFailed`.
    public init(path: String, configuration: StoreConfiguration = StoreConfiguration()) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            var grdb = Self.grdbConfiguration(configuration)
            grdb.maximumReaderCount = max(1, configuration.maximumReaderCount)
            let pool = try DatabasePool(path: path, configuration: grdb)
            var plain = Configuration()
            plain.label = "TrueReachStore.checkpoint"
            let checkpointer =
                configuration.checkpointsInBackground ? try DatabaseQueue(path: path, configuration: plain) : nil
            try self.init(writer: pool, path: path, configuration: configuration, checkpointer: checkpointer)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                code: .openFailed,
                message: "Cannot open the database; check that the path is writable and is a SQLite file.",
                underlying: error,
                path: path
            )
        }
    }

    /// Opens a fresh, empty in-memory store (for tests and one-off runs).
    ///
    /// - Throws: ``StoreError`` `.openFailed` or `.migrationFailed`.
    public static func inMemory(configuration: StoreConfiguration = StoreConfiguration()) throws -> SQLiteStore {
        do {
            let queue = try DatabaseQueue(configuration: grdbConfiguration(configuration))
            return try SQLiteStore(writer: queue, path: nil, configuration: configuration, checkpointer: nil)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(
                code: .openFailed,
                message: "Cannot open an in-memory database.",
                underlying: error
            )
        }
    }

    private init(
        writer: any DatabaseWriter, path: String?, configuration: StoreConfiguration, checkpointer: DatabaseQueue?
    ) throws {
        self.writer = writer
        self.checkpointer = checkpointer
        self.path = path
        self.configuration = configuration
        do {
            try Self.migrator().migrate(writer)
        } catch {
            throw StoreError(
                code: .migrationFailed,
                message: "Cannot bring the database schema up to date; the file may be from a newer TrueReach.",
                underlying: error,
                path: path
            )
        }
    }

    private static func grdbConfiguration(_ configuration: StoreConfiguration) -> Configuration {
        var grdb = Configuration()
        grdb.foreignKeysEnabled = true
        // SQLite's own timeout handler, plus one call of `onWait` when a wait begins: the handler is
        // asked again after each sleep, with the number of earlier calls for this lock.
        let timeout = max(0, configuration.busyTimeoutSeconds)
        let pause = 0.025
        let onWait = configuration.onWait
        grdb.busyMode = .callback { tries in
            if tries == 0 { onWait?() }
            guard Double(tries) * pause < timeout else { return false }
            usleep(UInt32(pause * 1_000_000))
            return true
        }
        grdb.label = "TrueReachStore"
        let cacheKiB = max(1, configuration.pageCacheMiB) * 1_024
        let autocheckpoint = configuration.checkpointsInBackground ? 0 : 1_000
        grdb.prepareDatabase { db in
            // A negative cache_size is in KiB.
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
            // 1,000 pages is SQLite's default; 0 leaves checkpoints to `checkpoint()`.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(autocheckpoint)")
        }
        return grdb
    }

    /// Copies the write-ahead log's committed pages into the database file without blocking writers
    /// (a passive checkpoint, on a connection of its own), for a store opened with
    /// ``StoreConfiguration/checkpointsInBackground``; does nothing for other stores.
    ///
    /// - Throws: ``StoreError`` `.databaseFailed`.
    public func checkpoint() async throws {
        guard let checkpointer else { return }
        do {
            try await checkpointer.writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
        } catch {
            throw translate(error)
        }
    }

    // MARK: - Access

    /// Runs `body` in a read transaction and translates errors to ``StoreError``.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw translate(error)
        }
    }

    /// Runs `body` in one write transaction (rolled back if it throws) and translates errors.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw translate(error)
        }
    }

    /// Maps database errors to ``StoreError``; other errors (a caller's, cancellation) pass through.
    func translate(_ error: any Error) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case is CancellationError:
            return error
        case let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT:
            return StoreError(
                code: .corruptData,
                message: "The database file is damaged.",
                underlying: error,
                path: path
            )
        case let error as DatabaseError:
            return StoreError(
                code: .databaseFailed,
                message: "A database operation failed; see the underlying error.",
                underlying: error,
                path: path
            )
        default:
            // Errors thrown by callers' sequences pass through unchanged.
            return error
        }
    }
}
