public import Foundation
import Synchronization
public import TrueReachCore
import TrueReachIngest
public import TrueReachStore

/// Fetches an account's followers and recent posts from a platform's API into the store, as one
/// snapshot of the account, ready for `audit --account`.
///
/// Every page of followers is staged in the store with the cursor of the next page, in one
/// transaction (``AudienceStore/stageFetchPage(_:profiles:)``). A fetch stopped at any point (a
/// network error, Ctrl-C, `kill -9`) continues from its last staged page when run again, and a
/// follower a shifted page repeats is staged once. When the list is complete the job stores, each
/// step safe to repeat:
/// 1. the followers as the account's audience (replacing the one before);
/// 2. the follower list as a snapshot taken when the fetch began, beside the earlier ones, so the
///    audit shows who joined and who left since;
/// 3. a point of the account's follower-count series for that day (the count the profile shows,
///    else the followers listed), and the recent posts with their counts;
///
/// and then forgets the staged fetch.
///
/// ```swift
/// let summary = try await FetchJob().run(MastodonSource(...), into: store)
/// print(summary.followers, summary.joined ?? 0, summary.left ?? 0)
/// ```
public struct FetchJob: Sendable {
    /// The most recent posts to fetch (0: none).
    public var postLimit: Int
    /// Discard a staged fetch of the account and start again.
    public var restart: Bool
    /// The time now (a parameter so tests can fix it).
    public var now: @Sendable () -> Date

    /// Creates a job.
    public init(postLimit: Int = 40, restart: Bool = false, now: @escaping @Sendable () -> Date = { Date() }) {
        self.postLimit = postLimit
        self.restart = restart
        self.now = now
    }

    /// What a fetch stored.
    public struct Summary: Sendable, Hashable {
        /// The audience's name.
        public var account: String
        /// The platform.
        public var platform: Platform
        /// Followers stored (distinct).
        public var followers: Int
        /// Followers the account's profile counts, when it shows them.
        public var reportedFollowers: Int?
        /// Followers not in the previous snapshot, and followers in it but not in this one; `nil`
        /// for a first snapshot.
        public var joined: Int?
        public var left: Int?
        /// Posts stored.
        public var posts: Int
        /// Whether this run continued a fetch an earlier run began.
        public var resumed: Bool
        /// Pages of followers read over every run of this fetch.
        public var pages: Int
        /// The snapshot's name and time (when the fetch began).
        public var snapshot: String
        public var takenAt: Date
        /// Records of the follower pages that could not be read (skipped, and sent as events).
        public var skipped: Int
    }

    /// What the job keeps in the checkpoint between pages.
    struct State: Codable {
        var source: SourceAccount
        var next: String?
        var done: Bool
        var pages: Int
        var skipped: Int
    }

    /// Runs the fetch to the end, continuing a staged one.
    ///
    /// - Throws: The source's errors (the staged pages stay, so a rerun continues); ``AppError``
    ///   `.badInput` when the account's followers are hidden or the list is empty though the profile
    ///   counts followers; `StoreError`; `CancellationError` (staged pages stay).
    public func run(_ source: any FollowerSource, into store: any AudienceStore, events: JobEvents? = nil)
        async throws -> Summary
    {
        let account = source.account
        if restart { try await store.discardFetch(account: account) }
        var checkpoint: FetchCheckpoint
        var state: State
        let resumed: Bool
        if let stored = try await store.fetchCheckpoint(account: account) {
            guard stored.platform == source.platform, let decoded = try? Self.decode(stored.state) else {
                throw AppError(
                    .badInput,
                    "\(account): a staged fetch from \(stored.platform.rawValue) cannot be continued; "
                        + "run again with --restart to start over")
            }
            checkpoint = stored
            state = decoded
            resumed = true
            events?(
                .notice(
                    "Continuing the fetch of \(account) begun \(Self.timestamp(stored.startedAt)): "
                        + "\(stored.stagedCount) followers staged over \(decoded.pages) pages."))
        } else {
            let described = try await source.lookUp()
            state = State(source: described, next: nil, done: false, pages: 0, skipped: 0)
            let started = now()
            checkpoint = try await store.stageFetchPage(
                FetchCheckpoint(
                    account: account, platform: source.platform, startedAt: started, updatedAt: started,
                    state: try Self.encode(state)),
                profiles: [])
            resumed = false
        }

        let runStart = now()
        var pagesThisRun = 0
        while !state.done {
            try Task.checkCancellation()
            let page = try await source.followers(of: state.source, after: state.next)
            if state.pages == 0, page.profiles.isEmpty, let count = state.source.followersCount, count > 0 {
                throw AppError(
                    .badInput,
                    "\(account): the profile counts \(count) followers but the list came back empty: the account "
                        + "hides its followers, or the instance shows them only to its users. Nothing was stored.")
            }
            if !page.issues.isEmpty { events?(.skipped(page.issues)) }
            state.pages += 1
            state.skipped += page.issues.count
            // A page with nothing, no next page, or the same cursor again ends the list.
            state.done = page.profiles.isEmpty || page.next == nil || page.next == state.next
            state.next = page.next
            checkpoint.state = try Self.encode(state)
            checkpoint.updatedAt = now()
            checkpoint = try await store.stageFetchPage(checkpoint, profiles: page.profiles)
            pagesThisRun += 1
            events?(
                .fetch(
                    await progress(
                        source: source, state: state, staged: checkpoint.stagedCount, pagesThisRun: pagesThisRun,
                        since: runStart)))
        }
        return try await finish(
            source: source, state: state, checkpoint: checkpoint, resumed: resumed, store: store, events: events)
    }

    private func progress(
        source: any FollowerSource, state: State, staged: Int, pagesThisRun: Int, since start: Date
    ) async -> FetchProgress {
        let expected = state.source.followersCount
        var eta: Double?
        if state.done {
            eta = 0
        } else if let expected {
            let pagesLeft = max(
                1, Int((Double(max(0, expected - staged)) / Double(max(1, source.pageSize))).rounded(.up)))
            let requests = pagesLeft * max(1, source.requestsPerPage)
            let pace = now().timeIntervalSince(start) / Double(max(1, pagesThisRun * max(1, source.requestsPerPage)))
            let budget = await source.budget()
            eta = budget?.secondsFor(requests: requests, secondsPerRequest: pace, now: now()) ?? Double(requests) * pace
        }
        return FetchProgress(staged: staged, expected: expected, pages: state.pages, etaSeconds: eta)
    }

    private func finish(
        source: any FollowerSource, state: State, checkpoint: FetchCheckpoint, resumed: Bool, store: any AudienceStore,
        events: JobEvents?
    ) async throws -> Summary {
        let account = source.account
        let posts = postLimit > 0 ? try await source.posts(of: state.source, limit: postLimit) : nil
        if let posts, !posts.issues.isEmpty { events?(.skipped(posts.issues)) }

        // Followers, read back in the order staged, streamed into the import where the store can read
        // while it writes; an in-memory SQLite store (one connection) gets them collected first.
        // The staged followers are read once: streamed into the import where the store can read while
        // it writes (an in-memory SQLite store, one connection, gets them collected first), their ids
        // kept on the way for the snapshot.
        let seen = StagedIDs()
        let staged = store.fetchStagedProfiles(account: account).map { batch in
            seen.add(batch)
            return batch
        }
        let saved: AudienceImportSummary
        if store.readsWhileImporting {
            saved = try await store.saveAudience(
                account: account, platform: source.platform, batches: staged, createdAt: checkpoint.startedAt)
        } else {
            var followers: [Profile] = []
            for try await batch in staged { followers += batch }
            saved = try await store.saveAudience(
                account: account, platform: source.platform, profiles: followers, createdAt: checkpoint.startedAt)
        }
        let entries = seen.ids.map { FollowerEntry(profile: $0) }

        let name = "\(source.platform.rawValue) fetch \(Self.timestamp(checkpoint.startedAt))"
        let snapshot = FollowerSnapshot(name: name, takenAt: checkpoint.startedAt, entries: entries)
        let stored = try await store.fetchAccountRecords(account: account)
        var snapshots = stored.snapshots.filter { $0.name != name }
        let previous = snapshots.filter { ($0.effectiveDate ?? .distantPast) <= checkpoint.startedAt }
            .max { ($0.effectiveDate ?? .distantPast) < ($1.effectiveDate ?? .distantPast) }
        snapshots.append(snapshot)
        snapshots.sort { ($0.effectiveDate ?? .distantPast) < ($1.effectiveDate ?? .distantPast) }

        var series =
            stored.series.first { $0.name == account }
            ?? CountSeries(name: account, platform: source.platform, points: [])
        let point = CountPoint(
            day: CalendarDay(checkpoint.startedAt), followers: state.source.followersCount ?? saved.followersSaved,
            following: state.source.followingCount)
        series = CountSeries(name: account, platform: source.platform, points: series.points + [point])
        var records = AccountRecords(
            series: stored.series.filter { $0.name != account } + [series], snapshots: snapshots)
        if let posts, !posts.posts.isEmpty {
            records.posts = posts.posts
            records.interactions = posts.interactions
            records.authors = posts.authors
        }
        try await store.saveAccountRecords(records, account: account)
        try await store.discardFetch(account: account)

        var joined: Int?
        var left: Int?
        if let previous {
            let before = Set(previous.entries.map(\.profile))
            let now = Set(snapshot.entries.map(\.profile))
            joined = now.subtracting(before).count
            left = before.subtracting(now).count
        }
        return Summary(
            account: account, platform: source.platform, followers: saved.followersSaved,
            reportedFollowers: state.source.followersCount, joined: joined, left: left,
            posts: records.posts.count, resumed: resumed, pages: state.pages, snapshot: name,
            takenAt: checkpoint.startedAt, skipped: state.skipped)
    }

    static func encode(_ state: State) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(state), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> State {
        try JSONDecoder().decode(State.self, from: Data(text.utf8))
    }

    /// The time to the millisecond: two fetches of one account are two snapshots, however close.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}

/// The ids of the staged followers as the final import reads them (from the import's reading task).
private final class StagedIDs: Sendable {
    private let list = Mutex<[ProfileID]>([])

    func add(_ batch: [Profile]) { list.withLock { $0 += batch.map(\.id) } }

    var ids: [ProfileID] { list.withLock { $0 } }
}
