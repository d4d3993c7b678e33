import Foundation
import Synchronization
import Testing
import TrueReachApp
import TrueReachConnectors
import TrueReachCore
import TrueReachStore

/// A SQLite file in a fresh temporary folder, removed afterwards.
func withStoreFile<T>(_ body: (SQLiteStore, String) async throws -> T) async throws -> T {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("truereach-fetch-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("store.sqlite").path
    return try await body(try SQLiteStore(path: path), path)
}

/// Limits for fetches against the test server: timeouts long enough that a machine busy with other
/// suites never times out a prompt answer (a spurious retry would change the counts tests check);
/// tests of timeouts set their own.
func testLimits(attempts: Int = 6) -> HTTPLimits {
    var limits = HTTPLimits()
    limits.readTimeout = 30
    limits.requestTimeout = 60
    limits.connectTimeout = 10
    limits.maxAttempts = attempts
    return limits
}

func mastodon(_ server: TestHTTPServer, clock: VirtualClock, limits: HTTPLimits = testLimits(), token: String? = nil)
    throws -> MastodonSource
{
    try MastodonSource(
        account: "@alice@social.example", baseURL: server.baseURL, token: token, limits: limits, clock: clock)
}

/// Runs a fetch and shuts the source's client down.
func fetch(
    _ source: MastodonSource, into store: any AudienceStore, job: FetchJob = FetchJob(),
    events: JobEvents? = nil
) async throws -> FetchJob.Summary {
    do {
        let summary = try await job.run(source, into: store, events: events)
        await source.shutdown()
        return summary
    } catch {
        await source.shutdown()
        throw error
    }
}

func storedIDs(_ store: any AudienceStore, _ account: String) async throws -> [String] {
    var ids: [String] = []
    for try await batch in store.fetchAudienceProfiles(account: account) { ids += batch.map(\.id.rawValue) }
    return ids
}

@Suite("Mastodon fetch against a local server")
struct MastodonFetchTests {
    @Test func fetchesEveryFollowerPageByPageWithPostsSnapshotAndCountPoint() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 250, clock: clock)
        try await withServer(fake.handler) { server in
            try await withStoreFile { store, _ in
                let summary = try await fetch(try mastodon(server, clock: clock), into: store)
                #expect(summary.account == "@alice@social.example")
                #expect(summary.followers == 250)
                #expect(summary.pages == 5)  // 80 + 80 + 80 + 10, then the empty page that ends the list
                #expect(summary.joined == nil)
                #expect(summary.posts == 3)
                let ids = try await storedIDs(store, "@alice@social.example")
                #expect(ids == (0..<250).map { String(100_000 + $0) })
                let profiles = try await store.fetchAudienceProfiles(account: "@alice@social.example").first { _ in true
                }
                let first = try #require(profiles?.first)
                #expect(first.handle == "u100000@remote.example")
                #expect(first.followersCount == 12)
                #expect(first.bio == "Notes of 100000")
                let records = try await store.fetchAccountRecords(account: "@alice@social.example")
                #expect(records.snapshots.count == 1)
                #expect(records.snapshots[0].entries.count == 250)
                #expect(records.series.first?.points.map(\.followers) == [250])
                #expect(records.series.first?.points.map(\.following) == [7])
                #expect(records.posts.map(\.likes).sorted { ($0 ?? 0) < ($1 ?? 0) } == [0, 3, 6])
                #expect(try await store.fetchCheckpoint(account: "@alice@social.example") == nil)
                // Every followers request asked for the most the API gives.
                let pages = server.requests.filter { $0.path.hasSuffix("/followers") }
                #expect(pages.allSatisfy { $0.parameter("limit") == "80" })
            }
        }
    }

    @Test func injectedFailuresEndWithCompleteDuplicateFreeData() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 400, clock: clock)
        let page = "[" + FakeMastodon.account("1") + ","  // cut mid-array
        fake.update {
            $0.faults = [
                2: .status(503, error: "Service Unavailable"),
                3: .truncated(body: page, declared: 90_000),
                4: .json(#"[{"id": "1", "acct": broken"#),
                5: .reset,
                6: .slow(seconds: 30, .json("[]")),  // past the read timeout below
                8: .status(429, headers: [("Retry-After", "30")], error: "Too many requests"),
                10: .status(502, error: "Bad Gateway"),
            ]
        }
        try await withServer(fake.handler) { server in
            try await withStoreFile { store, _ in
                // A spurious timeout on a loaded machine is one more retry: the data must still be whole.
                // The timeouts are well under the slow reply's 30 s, yet long enough that a machine busy
                // building elsewhere does not time out the 429 itself (seen at 1 s and 2 s).
                var limits = testLimits(attempts: 10)
                limits.readTimeout = 4
                limits.requestTimeout = 8
                let summary = try await fetch(try mastodon(server, clock: clock, limits: limits), into: store)
                #expect(summary.followers == 400)
                let ids = try await storedIDs(store, "@alice@social.example")
                #expect(ids == (0..<400).map { String(100_000 + $0) })
                #expect(Set(ids).count == ids.count)
                // The 429's Retry-After was waited (plus under a second of jitter).
                #expect(clock.sleeps.contains { $0 >= 30 && $0 < 31 })
            }
        }
    }

    @Test func waitsForTheWindowWhenTheHeadersSayNothingIsLeft() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 500, clock: clock)
        fake.update { $0.rateLimit = (limit: 3, window: 300) }
        try await withServer(fake.handler) { server in
            try await withStoreFile { store, _ in
                var progress: [FetchProgress] = []
                let seen = Mutex<[FetchProgress]>([])
                let summary = try await fetch(
                    try mastodon(server, clock: clock), into: store,
                    events: { event in if case .fetch(let p) = event { seen.withLock { $0.append(p) } } })
                progress = seen.withLock { $0 }
                #expect(summary.followers == 500)
                // Lookup + 7 pages + the empty page + statuses = 10 requests at 3 per window: never a
                // 429, and three waits of about a window each.
                #expect(server.requests.count == 10)
                #expect(clock.sleeps.filter { $0 >= 290 }.count == 3)
                // The ETA counts the windows still needed: after the first page (6 pages left, 1 request
                // left in this window) it is at least a window.
                let first = try #require(progress.first)
                #expect(first.staged == 80)
                #expect(first.expected == 500)
                #expect((first.etaSeconds ?? 0) >= 290)
                #expect(progress.last?.etaSeconds == 0)
            }
        }
    }

    @Test func aStoppedFetchContinuesWhereItStoppedWithNoFollowerLostOrTwice() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 330, clock: clock)
        fake.update { $0.failFollowersAfter = 2 }
        try await withServer(fake.handler) { server in
            try await withStoreFile { store, path in
                await #expect(throws: ConnectorError.self) {
                    _ = try await fetch(
                        try mastodon(server, clock: clock, limits: testLimits(attempts: 3)), into: store)
                }
                let checkpoint = try #require(try await store.fetchCheckpoint(account: "@alice@social.example"))
                #expect(checkpoint.stagedCount == 160)
                #expect(try await store.fetchAudience(account: "@alice@social.example") == nil)

                // A new process: the same file opened again, the server healthy.
                fake.update {
                    $0.failFollowersAfter = nil
                    $0.followersRequests = 0
                }
                let before = server.requests.count
                let reopened = try SQLiteStore(path: path)
                var notices: [String] = []
                let seen = Mutex<[String]>([])
                let summary = try await fetch(
                    try mastodon(server, clock: clock), into: reopened,
                    events: { if case .notice(let text) = $0 { seen.withLock { $0.append(text) } } })
                notices = seen.withLock { $0 }
                #expect(summary.resumed)
                #expect(summary.followers == 330)
                #expect(notices.contains { $0.contains("160 followers staged") })
                let ids = try await storedIDs(reopened, "@alice@social.example")
                #expect(ids == (0..<330).map { String(100_000 + $0) })
                // It did not look the account up again nor re-read the first pages.
                let again = server.requests.dropFirst(before)
                #expect(!again.contains { $0.path.hasSuffix("/lookup") })
                #expect(again.first?.parameter("max_id") == String(1_000_000 - 159))
            }
        }
    }

    @Test func cancellingMidFetchKeepsStagedPagesForTheNextRun() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 300, clock: clock)
        // The third page hangs until the fetch is cancelled (the read timeout is longer).
        fake.update { $0.faults = [4: .slow(seconds: 30, .json("[]"))] }
        var limits = testLimits()
        limits.readTimeout = 60
        limits.requestTimeout = 60
        try await withServer(fake.handler) { server in
            try await withStoreFile { store, _ in
                let source = try mastodon(server, clock: clock, limits: limits)
                let task = Task { try await fetch(source, into: store) }
                while server.requests.count < 4 { try await Task.sleep(nanoseconds: 10_000_000) }
                task.cancel()
                _ = await task.result
                let staged = try await store.fetchCheckpoint(account: "@alice@social.example")?.stagedCount
                #expect(staged == 160)
                let summary = try await fetch(try mastodon(server, clock: clock), into: store)
                #expect(summary.followers == 300)
                #expect(try await storedIDs(store, "@alice@social.example").count == 300)
            }
        }
    }

    @Test func aFollowerRepeatedAcrossShiftedPagesIsStoredOnce() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 200, clock: clock)
        fake.update { $0.repeatLastOfPreviousPage = true }
        try await withServer(fake.handler) { server in
            try await withStoreFile { store, _ in
                let summary = try await fetch(try mastodon(server, clock: clock), into: store)
                #expect(summary.followers == 200)
                let ids = try await storedIDs(store, "@alice@social.example")
                #expect(ids == (0..<200).map { String(100_000 + $0) })
            }
        }
    }

    @Test func aSecondFetchShowsWhoJoinedAndWhoLeftAndExtendsTheCountSeries() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 120, clock: clock)
        try await withServer(fake.handler) { server in
            try await withStoreFile { store, _ in
                let day1 = clock.now
                _ = try await fetch(try mastodon(server, clock: clock), into: store, job: FetchJob(now: { day1 }))
                fake.update { state in
                    state.followers.removeAll { Int($0.id)! % 10 == 0 }  // 12 leave
                    state.followers.insert(
                        contentsOf: (0..<5).map { FakeFollower(id: String(900 + $0), followID: 2_000_000 - $0) }, at: 0)
                }
                let day2 = day1.addingTimeInterval(86_400)
                let second = try await fetch(
                    try mastodon(server, clock: clock), into: store, job: FetchJob(now: { day2 }))
                #expect(second.joined == 5)
                #expect(second.left == 12)
                #expect(second.followers == 113)
                let records = try await store.fetchAccountRecords(account: "@alice@social.example")
                #expect(records.snapshots.map(\.entries.count) == [120, 113])
                #expect(records.series.first?.points.map(\.followers) == [120, 113])
            }
        }
    }

    @Test func hiddenFollowerListsEndWithAPlainMessageAndStoreNothing() async throws {
        let clock = VirtualClock()
        let hidden = FakeMastodon(followers: 50, clock: clock)
        hidden.update { $0.hideCollections = true }
        try await withServer(hidden.handler) { server in
            try await withStoreFile { store, _ in
                let error = await #expect(throws: ConnectorError.self) {
                    _ = try await fetch(try mastodon(server, clock: clock), into: store)
                }
                #expect(error?.code == .hidden)
                #expect(error?.message.contains("hides its followers") == true)
                let accounts = try await store.fetchAudienceAccounts()
                #expect(accounts.isEmpty)
            }
        }
        // Profile counts followers, list comes back empty (an older server that hides without saying).
        let silent = FakeMastodon(followers: 0, clock: clock)
        silent.update { $0.followersCount = 37 }
        try await withServer(silent.handler) { server in
            try await withStoreFile { store, _ in
                let error = await #expect(throws: AppError.self) {
                    _ = try await fetch(try mastodon(server, clock: clock), into: store)
                }
                #expect(error?.message.contains("counts 37 followers but the list came back empty") == true)
                let accounts = try await store.fetchAudienceAccounts()
                #expect(accounts.isEmpty)
            }
        }
        // Counts of -1: the instance hides them.
        let glitch = FakeMastodon(followers: 5, clock: clock)
        glitch.update { $0.followersCount = -1 }
        try await withServer(glitch.handler) { server in
            try await withStoreFile { store, _ in
                let error = await #expect(throws: ConnectorError.self) {
                    _ = try await fetch(try mastodon(server, clock: clock), into: store)
                }
                #expect(error?.code == .hidden)
            }
        }
        // An instance that answers only its users.
        let closed = FakeMastodon(followers: 5, clock: clock)
        closed.update { $0.followersReply = .status(401, error: "This API requires an authenticated user") }
        try await withServer(closed.handler) { server in
            try await withStoreFile { store, _ in
                let error = await #expect(throws: ConnectorError.self) {
                    _ = try await fetch(try mastodon(server, clock: clock), into: store)
                }
                #expect(error?.code == .hidden)
                #expect(error?.message.contains("requires an authenticated user") == true)
            }
        }
    }

    @Test func anUnknownAccountIsNotFound() async throws {
        let clock = VirtualClock()
        let fake = FakeMastodon(followers: 5, clock: clock)
        try await withServer(fake.handler) { server in
            let source = try MastodonSource(account: "@nobody@social.example", baseURL: server.baseURL, clock: clock)
            let error = await #expect(throws: ConnectorError.self) {
                _ = try await fetch(source, into: try SQLiteStore.inMemory())
            }
            #expect(error?.code == .notFound)
        }
    }
}
