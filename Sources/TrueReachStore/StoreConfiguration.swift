/// How a ``SQLiteStore`` opens its database.
///
/// Every field has a default, so `StoreConfiguration()` is a sensible setup.
public struct StoreConfiguration: Sendable, Hashable {
    /// How long a write waits for another process's lock before failing, in seconds.
    public var busyTimeoutSeconds: Double
    /// How many accounts an import hands to the database at a time (memory stays about this big).
    public var importBatchSize: Int
    /// The largest number of concurrent readers of a file database (WAL mode).
    public var maximumReaderCount: Int
    /// SQLite's page cache per connection, in MiB (large imports update a big index).
    public var pageCacheMiB: Int

    /// Creates a configuration; every field defaults.
    public init(
        busyTimeoutSeconds: Double = 10,
        importBatchSize: Int = 10_000,
        maximumReaderCount: Int = 4,
        pageCacheMiB: Int = 32
    ) {
        self.busyTimeoutSeconds = busyTimeoutSeconds
        self.importBatchSize = importBatchSize
        self.maximumReaderCount = maximumReaderCount
        self.pageCacheMiB = pageCacheMiB
    }
}
