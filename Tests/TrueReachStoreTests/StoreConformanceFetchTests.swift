import Foundation
import Testing
import TrueReachCore
import TrueReachStore
import TrueReachTestSupport

/// Fetches in progress: pages staged with their checkpoint, repeats kept once, read back in order,
/// forgotten on discard; the same on every store.
@Suite(.timeLimit(.minutes(10))) struct StoreConformanceFetchTests {
    static let started = Date(timeIntervalSince1970: 1_790_000_000.5)

    static func page(_ ids: [String]) -> [Profile] {
        ids.map { Profile(platform: .mastodon, id: ProfileID($0), handle: "h\($0)\u{0}\u{202E}", bio: "<b>\($0)</b>") }
    }

    static func checkpoint(_ state: String, at offset: TimeInterval = 0, platform: Platform = .mastodon)
        -> FetchCheckpoint
    {
        FetchCheckpoint(
            account: "@alice@social.example\u{0}", platform: platform, startedAt: started.addingTimeInterval(offset),
            updatedAt: started.addingTimeInterval(offset), state: state)
    }

    @Test(arguments: StoreKind.available)
    func pagesAreStagedWithTheirStateAndReadBackInOrderOnce(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let account = "@alice@social.example\u{0}"
            #expect(try await store.fetchCheckpoint(account: account) == nil)
            // The first page creates the fetch.
            let first = try await store.stageFetchPage(
                Self.checkpoint(#"{"next":"p2"}"#), profiles: Self.page(["1", "2", "3"]))
            #expect(first.stagedCount == 3)
            #expect(first.startedAt == Self.started)
            // A later page keeps the start time, adds only followers not staged (a shifted page
            // repeats "3"; "5" twice within the page), and records the new state.
            let second = try await store.stageFetchPage(
                Self.checkpoint(#"{"next":"p3"}"#, at: 60), profiles: Self.page(["3", "4", "5", "5"]))
            #expect(second.stagedCount == 5)
            #expect(second.startedAt == Self.started)
            let stored = try #require(try await store.fetchCheckpoint(account: account))
            #expect(stored.state == #"{"next":"p3"}"#)
            #expect(stored.stagedCount == 5)
            #expect(stored.updatedAt == Self.started.addingTimeInterval(60))
            #expect(stored.platform == .mastodon)
            // Read back in order, in pages of any size, each once, profiles intact.
            var ids: [String] = []
            var after = -1
            while true {
                let page = try await store.fetchStagedProfiles(account: account, after: after, limit: 2)
                guard let last = page.last else { break }
                ids += page.map(\.profile.id.rawValue)
                after = last.position
            }
            #expect(ids == ["1", "2", "3", "4", "5"])
            var streamed: [Profile] = []
            for try await batch in store.fetchStagedProfiles(account: account, batchSize: 3) { streamed += batch }
            #expect(streamed.map(\.id.rawValue) == ids)
            #expect(streamed[0] == Self.page(["1"])[0])
            // An empty page moves the state only.
            let third = try await store.stageFetchPage(Self.checkpoint(#"{"done":true}"#, at: 90), profiles: [])
            #expect(third.stagedCount == 5)
            let state = try await store.fetchCheckpoint(account: account)?.state
            #expect(state == #"{"done":true}"#)
            // Another account's fetch is separate.
            var other = Self.checkpoint("{}")
            other.account = "bob.test"
            other.platform = .bluesky
            try await store.stageFetchPage(other, profiles: Self.page(["1"]))
            let bob = try await store.fetchCheckpoint(account: "bob.test")?.stagedCount
            #expect(bob == 1)
            // Discard forgets the fetch and its profiles.
            #expect(try await store.discardFetch(account: account))
            #expect(try await store.fetchCheckpoint(account: account) == nil)
            #expect(try await store.fetchStagedProfiles(account: account, after: -1, limit: 10).isEmpty)
            #expect(try await !store.discardFetch(account: account))
            let bobAfter = try await store.fetchCheckpoint(account: "bob.test")?.stagedCount
            #expect(bobAfter == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func aPageOfAnotherPlatformIsRefusedAndChangesNothing(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            try await store.stageFetchPage(Self.checkpoint("a"), profiles: Self.page(["1"]))
            await #expect(throws: StoreError.self) {
                try await store.stageFetchPage(Self.checkpoint("b", platform: .bluesky), profiles: Self.page(["2"]))
            }
            let stored = try #require(try await store.fetchCheckpoint(account: "@alice@social.example\u{0}"))
            #expect(stored.state == "a")
            #expect(stored.stagedCount == 1)
        }
    }

    @Test(arguments: StoreKind.persistent)
    func stagedPagesOutliveTheProcessThatStagedThem(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            try await fixture.store.stageFetchPage(Self.checkpoint("s"), profiles: Self.page(["1", "2"]))
            let reopen = try #require(fixture.reopen)
            let reopened = try await reopen()
            let staged = try await reopened.fetchCheckpoint(account: "@alice@social.example\u{0}")?.stagedCount
            #expect(staged == 2)
            try await reopened.close()
        }
    }
}
