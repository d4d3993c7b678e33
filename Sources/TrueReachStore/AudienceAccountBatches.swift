public import TrueReachCore

/// Where a page of an audience's accounts ended: the audience read and the last row's key.
///
/// Opaque to callers: pass it back to ``AudienceStore/fetchAccountPage(audience:after:limit:)``.
/// Because it carries the audience's id (never reused within a store), a page read after the
/// name was re-imported or deleted can be told apart from the rest of the same import.
public struct AudienceAccountCursor: Sendable, Hashable {
    /// The store's id of the audience the page was read from.
    package var audienceID: Int64
    /// The `row_key` of the page's last account (or the audience's first key minus one).
    package var rowKey: Int64

    /// Creates a cursor (stores only).
    package init(audienceID: Int64, rowKey: Int64) {
        self.audienceID = audienceID
        self.rowKey = rowKey
    }
}

/// One page of an audience's accounts, in import order, with where it ended.
public struct AudienceAccountPage: Sendable {
    /// The accounts, in import order (empty at the end, or when the audience changed).
    public var accounts: [Account]
    /// Where the page ended; names the audience it was read from.
    public var cursor: AudienceAccountCursor

    /// Creates a page.
    public init(accounts: [Account], cursor: AudienceAccountCursor) {
        self.accounts = accounts
        self.cursor = cursor
    }
}

/// The accounts of one stored audience, in batches; see ``AudienceStore/fetchAudienceAccounts(name:batchSize:)``.
///
/// Built once for every store on ``AudienceStore/fetchAccountPage(audience:after:limit:)``, so
/// the concurrent-modification check is the same everywhere: the first page fixes the audience
/// (by id), and a later page from another audience, or none, throws `.concurrentModification`.
public struct AudienceAccountBatches: AsyncSequence, Sendable {
    /// A batch of accounts, in import order.
    public typealias Element = [Account]

    let store: any AudienceStore
    let name: String
    let batchSize: Int

    /// Creates an iterator that starts at the first account.
    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, name: name, batchSize: batchSize)
    }

    /// Reads one batch (one page) per `next()`.
    public struct Iterator: AsyncIteratorProtocol {
        let store: any AudienceStore
        let name: String
        let batchSize: Int
        private var cursor: AudienceAccountCursor?
        private var done = false

        init(store: any AudienceStore, name: String, batchSize: Int) {
            self.store = store
            self.name = name
            self.batchSize = batchSize
        }

        /// The next batch, or `nil` after the last.
        ///
        /// - Throws: ``StoreError`` `.notFound` or `.concurrentModification`, `CancellationError`.
        public mutating func next() async throws -> [Account]? {
            if done { return nil }
            try Task.checkCancellation()
            let previous = cursor
            guard let page = try await store.fetchAccountPage(audience: name, after: previous, limit: batchSize) else {
                done = true
                if previous == nil {
                    throw StoreError(code: .notFound, message: "There is no stored audience with that name.")
                }
                throw StoreError(
                    code: .concurrentModification,
                    message: "The audience was deleted while it was being read; read it again."
                )
            }
            if let previous, previous.audienceID != page.cursor.audienceID {
                done = true
                throw StoreError(
                    code: .concurrentModification,
                    message: "The audience was re-imported while it was being read; read it again."
                )
            }
            cursor = page.cursor
            if page.accounts.count < batchSize { done = true }
            return page.accounts.isEmpty ? nil : page.accounts
        }
    }
}
