public import TrueReachCore

/// Where a page of an audience's accounts ended: the audience read and the last row's key.
///
/// Opaque to callers: pass it back to ``AudienceStore/fetchProfilePage(audience:after:limit:)``.
/// Because it carries the audience's id (never reused within a store), a page read after the
/// name was re-imported or deleted can be told apart from the rest of the same import.
public struct AudienceProfileCursor: Sendable, Hashable {
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
public struct AudienceProfilePage: Sendable {
    /// The accounts, in import order (empty at the end, or when the audience changed).
    public var profiles: [Profile]
    /// Where the page ended; names the audience it was read from.
    public var cursor: AudienceProfileCursor

    /// Creates a page.
    public init(profiles: [Profile], cursor: AudienceProfileCursor) {
        self.profiles = profiles
        self.cursor = cursor
    }
}

/// The accounts of one stored audience, in batches; see ``AudienceStore/fetchAudienceProfiles(account:batchSize:)``.
///
/// Built once for every store on ``AudienceStore/fetchProfilePage(audience:after:limit:)``, so
/// the concurrent-modification check is the same everywhere: the first page fixes the audience
/// (by id), and a later page from another audience, or none, throws `.concurrentModification`.
public struct AudienceProfileBatches: AsyncSequence, Sendable {
    /// A batch of accounts, in import order.
    public typealias Element = [Profile]

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
        private var cursor: AudienceProfileCursor?
        private var done = false

        init(store: any AudienceStore, name: String, batchSize: Int) {
            self.store = store
            self.name = name
            self.batchSize = batchSize
        }

        /// The next batch, or `nil` after the last.
        ///
        /// - Throws: ``StoreError`` `.notFound` or `.concurrentModification`, `CancellationError`.
        public mutating func next() async throws -> [Profile]? {
            if done { return nil }
            try Task.checkCancellation()
            let previous = cursor
            guard let page = try await store.fetchProfilePage(audience: name, after: previous, limit: batchSize) else {
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
            if page.profiles.count < batchSize { done = true }
            return page.profiles.isEmpty ? nil : page.profiles
        }
    }
}
