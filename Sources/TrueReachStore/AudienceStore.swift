import Foundation
public import TrueReachCore

/// A store of audiences, their accounts, audit history, posts, interactions and count series.
///
/// Two conformers share these semantics, checked by one conformance suite: ``SQLiteStore`` (one
/// file, or in memory) and `PostgresStore` (module `TrueReachPostgres`). Jobs are written against
/// this protocol, so the `--database` value (see ``StoreLocation``) picks the store.
///
/// The requirements are what every store must do itself; conveniences (single-account streams,
/// arrays, default arguments and ``fetchAudienceProfiles(account:batchSize:)``) are built once on top
/// of them in protocol extensions, so both stores behave identically there.
///
/// ```swift
/// func audit(_ store: some AudienceStore, name: String) async throws {
///     for try await batch in store.fetchAudienceProfiles(account: name) { … }
/// }
/// ```
public protocol AudienceStore: Sendable {
    /// How many accounts the convenience imports hand to the store at a time.
    ///
    /// ``saveAudience(account:platform:accounts:options:createdAt:)-(_,_,[Profile],_,_)`` and the
    /// single-account stream variant batch their input by this size.
    var importBatchSize: Int { get }

    /// Whether the batches of ``saveAudience(account:platform:batches:options:createdAt:)`` may read
    /// this store while the import writes (a SQLite file and PostgreSQL: yes; SQLite in memory, one
    /// connection: no, the read would wait for the write).
    var readsWhileImporting: Bool { get }

    /// Stores `batches` as the audience of `account`, in one transaction.
    ///
    /// Re-importing an existing name **replaces** that audience atomically (audit history, kept by
    /// name, stays). If the sequence throws, the task is cancelled, or (with
    /// ``AudienceImportOptions/strict``) an account is invalid or repeated, everything is rolled
    /// back and the store is exactly as before. Without `strict`, invalid accounts and repeats of an
    /// account already seen in this import (same platform and id; the first is kept) are skipped,
    /// counted and listed in the summary. A reader never sees a half-done import.
    ///
    /// - Parameters:
    ///   - name: The audience name, unique in the store.
    ///   - platform: The platform of the account whose audience this is.
    ///   - batches: Profiles in batches (about 10,000 each works well), in the order to keep.
    ///   - options: Strictness.
    ///   - createdAt: The import time to record.
    /// - Returns: What was stored and skipped.
    /// - Throws: ``StoreError`` (`.invalidRecord`, `.duplicateProfile`, `.databaseFailed`), the
    ///   error the sequence threw, or `CancellationError`.
    /// - Complexity: O(*n* log *n*) in the number of accounts, with memory bounded by a few batches.
    @discardableResult
    func saveAudience<Batches: AsyncSequence>(
        account name: String,
        platform: Platform,
        batches: Batches,
        options: AudienceImportOptions,
        createdAt: Date
    ) async throws -> AudienceImportSummary where Batches.Element == [Profile]

    /// The names of all stored audiences, sorted by their UTF-8 bytes.
    ///
    /// - Throws: ``StoreError``.
    func fetchAudienceAccounts() async throws -> [String]

    /// The stored audience of `account`, or `nil` when there is none.
    ///
    /// - Throws: ``StoreError``.
    func fetchAudience(account name: String) async throws -> AudienceInfo?

    /// How many followers are stored for the audience of `account` (0 when there is no such audience).
    ///
    /// - Complexity: O(1): the count is recorded at import.
    /// - Throws: ``StoreError``.
    func fetchCount(audience name: String) async throws -> Int

    /// Deletes the audience of `account` and its profiles (audit history is kept).
    ///
    /// - Returns: Whether there was such an audience.
    /// - Throws: ``StoreError``.
    @discardableResult
    func deleteAudience(account name: String) async throws -> Bool

    /// One page of the profiles of the audience of `account`, in import order.
    ///
    /// The building block of ``fetchAudienceProfiles(account:batchSize:)``; call that instead. The page
    /// is read from one consistent snapshot. Pass `nil` for the first page, then the previous page's
    /// ``AudienceProfilePage/cursor``. When `cursor` belongs to another audience than the one now
    /// stored for `name` (it was re-imported or deleted and imported again), the page is empty and its
    /// cursor names the current audience, so the caller can tell.
    ///
    /// - Parameters:
    ///   - name: The audience.
    ///   - cursor: Where the previous page ended, or `nil` to start.
    ///   - limit: The most accounts to return (positive).
    /// - Returns: The page, or `nil` when there is no audience stored for `name`.
    /// - Throws: ``StoreError``.
    /// - Complexity: O(`limit` + log *n*).
    func fetchProfilePage(
        audience name: String,
        after cursor: AudienceProfileCursor?,
        limit: Int
    ) async throws -> AudienceProfilePage?

    /// Saves an audit so it appears in its account's history.
    ///
    /// The headline numbers get their own columns; the whole report is kept as JSON (keys sorted)
    /// for ``fetchAuditReport(id:)``.
    ///
    /// - Parameters:
    ///   - report: The audit; its `account` is the history key (`nil` for unnamed input).
    ///   - createdAt: When the audit ran.
    /// - Returns: The new audit's summary, with its id.
    /// - Throws: ``StoreError``.
    @discardableResult
    func saveAudit(_ report: AudienceReport, createdAt: Date) async throws -> StoredAudit

    /// The audit history of `account`, newest first (by `createdAt`, then by id).
    ///
    /// - Parameters:
    ///   - account: The audited account name; `nil` lists audits of unnamed input.
    ///   - limit: The most entries to return.
    /// - Returns: The history entries, newest first.
    /// - Throws: ``StoreError``.
    func fetchAudits(account: String?, limit: Int) async throws -> [StoredAudit]

    /// The full report of audit `id`, or `nil` when there is none.
    ///
    /// - Throws: ``StoreError`` (`.corruptData` when the stored JSON cannot be decoded).
    func fetchAuditReport(id: Int64) async throws -> AudienceReport?

    // MARK: Audit followers

    /// Stores each follower's result of audit `id` (``AuditFollower``), replacing any list stored for it.
    ///
    /// Readers never see part of a list: the list is published only once the whole sequence is stored
    /// (until then they see no list, or in PostgreSQL the previous one). `batches` may read this store:
    /// the SQLite store writes batch by batch and publishes at the end, PostgreSQL writes in one
    /// transaction. If the sequence throws or the task is cancelled, no list is published for `id`.
    /// Publishing removes the lists of the same account's older audits past the newest
    /// ``AuditFollower/listsKeptPerAccount``, so the database does not grow by an audience each audit.
    ///
    /// - Parameters:
    ///   - id: The audit (``StoredAudit/id``).
    ///   - batches: The followers in increasing ``AuditFollower/position`` order (1-based, at most
    ///     2³² − 1), about 10,000 a batch.
    /// - Returns: How many followers were stored.
    /// - Throws: ``StoreError`` `.notFound` (no audit `id`), `.invalidRecord` (a position out of range or
    ///   not above the previous one), `.databaseFailed`; the sequence's error; `CancellationError`.
    /// - Complexity: O(*n* log *n*), memory bounded by one batch.
    @discardableResult
    func saveAuditFollowers<Batches: AsyncSequence>(
        audit id: Int64,
        batches: Batches
    ) async throws -> Int where Batches.Element == [AuditFollower]

    /// One keyset page of the followers of a stored audit, filtered, searched and sorted as `query` asks.
    ///
    /// Filtering by category and both sorts are served by an index each (`audit_followers_by_…`), so a
    /// page costs O(`limit` + log *n*) however deep it is. A search is a case-insensitive substring
    /// match on the handle and display name (their first 256 characters), which no index can seek to: the
    /// page walks the order's index, which holds the lowercased text, until `limit` followers match, so a
    /// rare match costs up to one pass over the audit's index entries (O(*n*); measured on SQLite at
    /// 1,000,000 followers: about 0.15 s, against under 1 ms for any page without a search).
    ///
    /// - Parameter query: The audit, filters, order, cursor and limit.
    /// - Returns: The page, or `nil` when the audit has no stored follower list (no such audit, a sampled
    ///   audit, or an audit of files).
    /// - Throws: ``StoreError``.
    func fetchAuditFollowerPage(_ query: AuditFollowerQuery) async throws -> AuditFollowerPage?

    /// The stored results of an audit for the followers with these ids (engagers the overview
    /// names), by index `(audit_id, profile)`; ids not among the audit's followers are left out.
    ///
    /// - Parameters:
    ///   - audit: The audit (``StoredAudit/id``).
    ///   - profiles: Follower ids; order and repeats do not matter.
    /// - Returns: The followers found, in no particular order.
    /// - Throws: ``StoreError``.
    /// - Complexity: O(*k* log *n*) for *k* ids.
    func fetchAuditFollowers(audit: Int64, profiles: [ProfileID]) async throws -> [AuditFollower]

    /// Saves posts, replacing any with the same platform and id (the last one given wins), in one
    /// transaction.
    ///
    /// - Throws: ``StoreError``, or `CancellationError` (nothing is written).
    func savePosts(_ posts: [Post]) async throws

    /// The posts of one author, oldest first (undated last, ties by id).
    ///
    /// - Throws: ``StoreError``.
    func fetchPosts(platform: Platform, author: ProfileID) async throws -> [Post]

    /// Appends interactions in one transaction.
    ///
    /// - Throws: ``StoreError``, or `CancellationError` (nothing is written).
    func saveInteractions(_ interactions: [Interaction]) async throws

    /// The interactions with one post, in insertion order.
    ///
    /// - Throws: ``StoreError``.
    func fetchInteractions(platform: Platform, post: PostID) async throws -> [Interaction]

    /// Saves a count series, replacing the days it holds and keeping the others.
    ///
    /// - Throws: ``StoreError``, or `CancellationError` (nothing is written).
    func saveCountSeries(_ series: CountSeries) async throws

    /// A stored count series by name, or `nil` when none is stored.
    ///
    /// - Throws: ``StoreError``.
    func fetchCountSeries(name: String) async throws -> CountSeries?

    // MARK: Account records

    /// Stores what the audited account `account` holds besides its followers, in one transaction.
    ///
    /// Each kind that `records` holds (posts, interactions, authors, series, snapshots) replaces the
    /// stored records of that kind; kinds it leaves empty are kept, so followers, posts and snapshots
    /// can be imported at different times. Records are kept by the account's name, not by its audience,
    /// so re-importing the followers keeps them.
    ///
    /// - Throws: ``StoreError``; on any error nothing is changed.
    func saveAccountRecords(_ records: AccountRecords, account: String) async throws

    /// Everything stored for `account` by ``saveAccountRecords(_:account:)``, each kind in the order saved;
    /// empty when nothing was.
    ///
    /// - Throws: ``StoreError``.
    func fetchAccountRecords(account: String) async throws -> AccountRecords

    // MARK: Fetches in progress

    /// The unfinished fetch of `account`, or `nil` when none is staged.
    ///
    /// - Throws: ``StoreError``.
    func fetchCheckpoint(account: String) async throws -> FetchCheckpoint?

    /// Stages one page of a fetch, in one transaction: adds the profiles not staged yet (same platform
    /// id: the first is kept) and records `checkpoint`'s state, so the fetch continues after this page.
    ///
    /// The first page creates the fetch; later pages keep its `startedAt` and must name the same
    /// platform. `checkpoint.stagedCount` is ignored: the store counts.
    ///
    /// - Returns: The checkpoint as stored, with the distinct followers staged so far.
    /// - Throws: ``StoreError`` (`.invalidRecord` when the staged fetch is of another platform); on any
    ///   error nothing is changed.
    @discardableResult
    func stageFetchPage(_ checkpoint: FetchCheckpoint, profiles: [Profile]) async throws -> FetchCheckpoint

    /// Up to `limit` staged followers of the fetch of `account` whose position is after `position`,
    /// in order (pass -1 to start).
    ///
    /// - Throws: ``StoreError`` (`.corruptData` when a staged profile cannot be decoded).
    func fetchStagedProfiles(account: String, after position: Int, limit: Int) async throws -> [StagedProfile]

    /// Forgets the fetch of `account` and everything it staged.
    ///
    /// - Returns: Whether there was one.
    /// - Throws: ``StoreError``.
    @discardableResult
    func discardFetch(account: String) async throws -> Bool

    /// Ends the store's connections; the store must not be used afterwards.
    ///
    /// A no-op for ``SQLiteStore`` (its connections close when the last copy is dropped). Calling
    /// it twice is harmless.
    ///
    /// - Throws: ``StoreError`` when the connections cannot be closed cleanly.
    func close() async throws
}

// MARK: - Conveniences

extension AudienceStore {
    /// Stores `batches` as the audience of `account`, strict off, recorded as imported now.
    ///
    /// See ``saveAudience(account:platform:batches:options:createdAt:)``.
    @discardableResult
    public func saveAudience<Batches: AsyncSequence>(
        account name: String,
        platform: Platform,
        batches: Batches
    ) async throws -> AudienceImportSummary where Batches.Element == [Profile] {
        try await saveAudience(
            account: name,
            platform: platform,
            batches: batches,
            options: AudienceImportOptions(),
            createdAt: Date()
        )
    }

    /// Stores `batches` as the audience of `account` with `options`, recorded as imported now.
    ///
    /// See ``saveAudience(account:platform:batches:options:createdAt:)``.
    @discardableResult
    public func saveAudience<Batches: AsyncSequence>(
        account name: String,
        platform: Platform,
        batches: Batches,
        options: AudienceImportOptions
    ) async throws -> AudienceImportSummary where Batches.Element == [Profile] {
        try await saveAudience(account: name, platform: platform, batches: batches, options: options, createdAt: Date())
    }

    /// Stores `batches` as the audience of `account`, strict off, recorded as imported at `createdAt`.
    ///
    /// See ``saveAudience(account:platform:batches:options:createdAt:)``.
    @discardableResult
    public func saveAudience<Batches: AsyncSequence>(
        account name: String,
        platform: Platform,
        batches: Batches,
        createdAt: Date
    ) async throws -> AudienceImportSummary where Batches.Element == [Profile] {
        try await saveAudience(
            account: name,
            platform: platform,
            batches: batches,
            options: AudienceImportOptions(),
            createdAt: createdAt
        )
    }

    /// Stores `profiles`, a stream of single profiles, as the audience of `account`, in one transaction.
    ///
    /// Batches the stream by ``importBatchSize`` and otherwise behaves exactly like
    /// ``saveAudience(account:platform:batches:options:createdAt:)``.
    ///
    /// - Complexity: O(*n* log *n*), with memory bounded by a few batches.
    @discardableResult
    public func saveAudience<Profiles: AsyncSequence>(
        account name: String,
        platform: Platform,
        profiles: Profiles,
        options: AudienceImportOptions = AudienceImportOptions(),
        createdAt: Date = Date()
    ) async throws -> AudienceImportSummary where Profiles.Element == Profile {
        try await saveAudience(
            account: name,
            platform: platform,
            batches: ProfileBatching(profiles: profiles, batchSize: max(1, importBatchSize)),
            options: options,
            createdAt: createdAt
        )
    }

    /// Stores an in-memory array as the audience of `account` (small audiences and tests).
    ///
    /// Behaves like ``saveAudience(account:platform:batches:options:createdAt:)``, in batches of
    /// ``importBatchSize``.
    @discardableResult
    public func saveAudience(
        account name: String,
        platform: Platform,
        profiles: [Profile],
        options: AudienceImportOptions = AudienceImportOptions(),
        createdAt: Date = Date()
    ) async throws -> AudienceImportSummary {
        try await saveAudience(
            account: name,
            platform: platform,
            batches: ArrayBatches(profiles: profiles, batchSize: max(1, importBatchSize)),
            options: options,
            createdAt: createdAt
        )
    }

    /// The audit history of `account`, newest first, at most 1,000 entries.
    ///
    /// See ``fetchAudits(account:limit:)``.
    public func fetchAudits(account: String?) async throws -> [StoredAudit] {
        try await fetchAudits(account: account, limit: 1_000)
    }

    /// Streams the profiles of the audience of `account` in import order, `batchSize` at a time.
    ///
    /// Each batch is its own short read (one ``fetchProfilePage(audience:after:limit:)``), so memory
    /// stays flat and writers are never blocked for long. If the audience is replaced or deleted
    /// while it is being read, the next batch throws ``StoreError`` `.concurrentModification`
    /// rather than mixing two imports.
    ///
    /// ```swift
    /// for try await batch in store.fetchAudienceProfiles(account: "acme") {
    ///     accumulator.add(scorer.score(batch, asOf: now))
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - name: The audience.
    ///   - batchSize: Profiles per batch (must be positive).
    /// - Returns: A sequence of non-empty batches; iterating it throws ``StoreError`` `.notFound` when
    ///   there is no such audience.
    public func fetchAudienceProfiles(account name: String, batchSize: Int = 10_000) -> AudienceProfileBatches {
        precondition(batchSize > 0, "batchSize must be positive")
        return AudienceProfileBatches(store: self, name: name, batchSize: batchSize)
    }
}

// MARK: - Batching helpers

/// Groups a stream of single accounts into arrays of `batchSize`.
private struct ProfileBatching<Profiles: AsyncSequence>: AsyncSequence where Profiles.Element == Profile {
    typealias Element = [Profile]
    let profiles: Profiles
    let batchSize: Int

    func makeAsyncIterator() -> Iterator {
        Iterator(base: profiles.makeAsyncIterator(), batchSize: batchSize)
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: Profiles.AsyncIterator
        let batchSize: Int
        var finished = false

        mutating func next() async throws -> [Profile]? {
            if finished { return nil }
            var batch: [Profile] = []
            batch.reserveCapacity(batchSize)
            while batch.count < batchSize {
                guard let account = try await base.next() else {
                    finished = true
                    break
                }
                batch.append(account)
            }
            return batch.isEmpty ? nil : batch
        }
    }
}

/// An array of accounts, handed out as slices of `batchSize`.
private struct ArrayBatches: AsyncSequence {
    typealias Element = [Profile]
    let profiles: [Profile]
    let batchSize: Int

    func makeAsyncIterator() -> Iterator { Iterator(profiles: profiles, batchSize: batchSize) }

    struct Iterator: AsyncIteratorProtocol {
        let profiles: [Profile]
        let batchSize: Int
        var start = 0

        mutating func next() async -> [Profile]? {
            guard start < profiles.count else { return nil }
            let end = Swift.min(start + batchSize, profiles.count)
            defer { start = end }
            return Array(profiles[start..<end])
        }
    }
}
