public import Logging
public import TrueReachStore
import TrueReachPostgres

/// Opens the store at `location`: a SQLite file (created when missing) or a PostgreSQL database.
///
/// Either way the schema is migrated on open. Close the store when done (`close()`): for PostgreSQL
/// that ends the connection pool, so a one-shot run exits promptly.
///
/// - Parameters:
///   - location: Where the data lives (``StoreLocation/init(parsing:)`` reads `--database` values).
///   - configuration: Open options; `onWait` is called when a write waits for another process.
///   - logger: Where the PostgreSQL driver logs.
/// - Returns: The store.
/// - Throws: `StoreError` `.openFailed`, `.connectionFailed`, `.migrationFailed`.
public func openStore(
    _ location: StoreLocation, configuration: StoreConfiguration = StoreConfiguration(),
    logger: Logger = Logger(label: "truereach.store")
) async throws -> any AudienceStore & AccessStore {
    switch location {
    case .sqlite(let path): try SQLiteStore(path: path, configuration: configuration)
    case .postgres(let url): try await PostgresStore.connect(url: url, configuration: configuration, logger: logger)
    }
}
