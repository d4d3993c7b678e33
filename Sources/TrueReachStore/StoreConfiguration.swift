/// How a ``SQLiteStore`` opens its database.
///
/// Every field has a default, so `StoreConfiguration()` is a sensible setup.
public struct StoreConfiguration: Sendable, Hashable {
    /// How long a write waits for another process's lock before failing, in seconds.
    ///
    /// An import holds the write lock for its whole transaction (a million followers take a minute or
    /// more), so a second writer waits that long rather than failing.
    public var busyTimeoutSeconds: Double
    /// Called once each time a write has to wait for another connection's lock (so a caller can say
    /// that it is waiting); not part of equality.
    public var onWait: (@Sendable () -> Void)?
    /// How many accounts an import hands to the database at a time (memory stays about this big).
    public var importBatchSize: Int
    /// The largest number of concurrent readers of a file database (WAL mode).
    public var maximumReaderCount: Int
    /// SQLite's page cache per connection, in MiB (large imports update a big index).
    public var pageCacheMiB: Int
    /// Whether the write-ahead log is checkpointed by the store's owner rather than inside commits.
    ///
    /// SQLite checkpoints automatically in the commit that grows the log past 1,000 pages, and that
    /// commit then waits for the log and the database to be synced to disk. A long-running writer
    /// whose commits must return quickly (the server's click writer) turns that off
    /// (`wal_autocheckpoint = 0`) and calls ``SQLiteStore/checkpoint()`` from a background task, which
    /// syncs on a connection of its own while commits go on. Off by default: a command's imports and
    /// audits checkpoint as SQLite does.
    public var checkpointsInBackground: Bool

    /// Creates a configuration; every field defaults.
    public init(
        busyTimeoutSeconds: Double = 900,
        importBatchSize: Int = 10_000,
        maximumReaderCount: Int = 4,
        pageCacheMiB: Int = 32,
        checkpointsInBackground: Bool = false,
        onWait: (@Sendable () -> Void)? = nil
    ) {
        self.onWait = onWait
        self.checkpointsInBackground = checkpointsInBackground
        self.busyTimeoutSeconds = busyTimeoutSeconds
        self.importBatchSize = importBatchSize
        self.maximumReaderCount = maximumReaderCount
        self.pageCacheMiB = pageCacheMiB
    }

    public static func == (a: StoreConfiguration, b: StoreConfiguration) -> Bool {
        (a.busyTimeoutSeconds, a.importBatchSize, a.maximumReaderCount, a.pageCacheMiB, a.checkpointsInBackground)
            == (
                b.busyTimeoutSeconds, b.importBatchSize, b.maximumReaderCount, b.pageCacheMiB, b.checkpointsInBackground
            )
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(busyTimeoutSeconds)
        hasher.combine(importBatchSize)
        hasher.combine(maximumReaderCount)
        hasher.combine(pageCacheMiB)
        hasher.combine(checkpointsInBackground)
    }
}
