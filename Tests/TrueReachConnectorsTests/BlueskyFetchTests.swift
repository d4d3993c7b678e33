import Foundation
import Synchronization
import Testing
import TrueReachApp
import TrueReachConnectors
import TrueReachCore
import TrueReachStore

func bluesky(_ server: TestHTTPServer, clock: VirtualClock, limits: HTTPLimits = testLimits()) throws -> BlueskySource {
    try BlueskySource(handle: "@alice.test", baseURL: server.baseURL, limits: limits, clock: clock)
}

func fetch(_ source: BlueskySource, into store: any AudienceStore, job: FetchJob = FetchJob()) async throws
    -> FetchJob.Summary
{
    do {
        let summary = try await job.run(source, into: store)
        await source.shutdown()
        return summary
    } catch {
        await source.shutdown()
        throw error
    }
}

@Suite("Bluesky fetch against a local server")
struct BlueskyFetchTests {
    @Test func pagesByCursorAndFillsCountsFromProfilesTwentyFiveAtATime() async throws {
        let clock = VirtualClock()
        let fake = FakeBluesky(followers: 230, clock: clock)
        fake.update { $0.vanished = ["did:plc:f7"] }
        try await withServer(fake.handler) { server in
            try await withStoreFile { store, _ in
                let summary = try await fetch(try bluesky(server, clock: clock), into: store)
                #expect(summary.account == "alice.test")
                #expect(summary.followers == 230)
                #expect(summary.pages == 3)
                #expect(summary.posts == 2)
                let ids = try await storedIDs(store, "alice.test")
                #expect(ids == (0..<230).map { "did:plc:f\($0)" })
                var profiles: [Profile] = []
                for try await batch in store.fetchAudienceProfiles(account: "alice.test") { profiles += batch }
                // Counts come from getProfiles; the follower it no longer describes keeps the list's entry.
                #expect(profiles.filter { $0.followersCount == 21 }.count == 229)
                #expect(profiles[7].followersCount == nil)
                #expect(profiles[7].handle == "f7.bsky.social")
                #expect(profiles[0].bio == "About f0")
                let state = fake.state.withLock { ($0.profileRequests, $0.largestProfileBatch) }
                #expect(state.0 == 10)  // 4 + 4 + 2 batches for 100 + 100 + 30
                #expect(state.1 == 25)
                let records = try await store.fetchAccountRecords(account: "alice.test")
                #expect(records.posts.map(\.likes) == [2, 3])
                #expect(records.series.first?.points.first?.followers == 230)
            }
        }
    }

    @Test func honoursRateLimitHeadersAndRetryAfter() async throws {
        let clock = VirtualClock()
        let fake = FakeBluesky(followers: 150, clock: clock)
        fake.update { $0.rateLimit = (limit: 4, window: 60) }
        try await withServer(fake.handler) { server in
            try await withStoreFile { store, _ in
                let summary = try await fetch(try bluesky(server, clock: clock), into: store)
                #expect(summary.followers == 150)
                // Remaining reached 0 on every fourth request: the client waited for the reset each
                // time and never met a 429 (lookup, 2 pages, 4 + 2 profile batches, the feed: 10 requests).
                #expect(server.requests.count == 10)
                #expect(clock.sleeps.filter { $0 >= 55 }.count == 2)
            }
        }
        // A 429 with Retry-After (the remaining count not sent before it) is waited out.
        let clock2 = VirtualClock()
        let second = FakeBluesky(followers: 20, clock: clock2)
        second.update {
            $0.faults = [2: .status(429, headers: [("Retry-After", "45")], error: "RateLimitExceeded")]
        }
        try await withServer(second.handler) { server in
            try await withStoreFile { store, _ in
                let summary = try await fetch(try bluesky(server, clock: clock2), into: store)
                #expect(summary.followers == 20)
                #expect(clock2.sleeps.contains { $0 >= 45 && $0 < 46 })
            }
        }
    }

    @Test func anUnknownHandleIsNotFoundAndABadOneIsRefusedBeforeAnyRequest() async throws {
        let clock = VirtualClock()
        let fake = FakeBluesky(followers: 1, clock: clock)
        try await withServer(fake.handler) { server in
            let source = try BlueskySource(handle: "nobody.test", baseURL: server.baseURL, clock: clock)
            let error = await #expect(throws: ConnectorError.self) {
                _ = try await fetch(source, into: try SQLiteStore.inMemory())
            }
            #expect(error?.code == .notFound)
        }
        #expect(throws: ConnectorError.self) { _ = try BlueskySource(handle: "not a handle") }
        #expect(throws: ConnectorError.self) { _ = try BlueskySource(handle: "") }
    }
}
