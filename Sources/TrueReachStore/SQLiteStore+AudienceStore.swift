extension SQLiteStore: AudienceStore {
    /// How many accounts the convenience imports hand to the database at a time
    /// (``StoreConfiguration/importBatchSize``).
    public var importBatchSize: Int { configuration.importBatchSize }

    /// Does nothing: the connections close when the last copy of the store is dropped.
    public func close() async throws {}
}
