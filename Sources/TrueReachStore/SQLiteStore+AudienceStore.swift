import GRDB
extension SQLiteStore: AudienceStore {
    /// How many accounts the convenience imports hand to the database at a time
    /// (``StoreConfiguration/importBatchSize``).
    public var importBatchSize: Int { configuration.importBatchSize }

    /// Yes for a file (a WAL pool reads beside the writer); no in memory (one connection).
    public var readsWhileImporting: Bool { writer is DatabasePool }

    /// Does nothing: the connections close when the last copy of the store is dropped.
    public func close() async throws {}
}
