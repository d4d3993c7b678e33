import Foundation
import Testing
import TrueReachCore
import TrueReachStore
import TrueReachTestSupport

/// What an audited account holds besides its followers: saved and fetched back equal on every store,
/// replaced kind by kind, and kept when the followers are re-imported.
@Suite(.timeLimit(.minutes(10))) struct StoreConformanceRecordsTests {
    static let when = Date(timeIntervalSince1970: 1_717_000_000.25)

    static var records: AccountRecords {
        AccountRecords(
            posts: [
                StoreConformanceEngagementTests.full,
                Post(platform: .instagram, id: "p2", author: "shop", createdAt: when, likes: 3),
            ],
            interactions: [
                Interaction(
                    platform: .instagram, post: "p1\u{202E}", profile: "fan\u{0}1", kind: .reply, createdAt: when,
                    text: "<b>hi</b> 🔥"),
                Interaction(platform: .instagram, post: "p2", profile: "fan2", kind: .like),
            ],
            authors: [
                Profile(platform: .instagram, id: ProfileID("shop"), handle: "shop", followersCount: 2_000)
            ],
            series: [
                CountSeries(
                    name: "shop followers", platform: .instagram,
                    points: [
                        CountPoint(day: CalendarDay(daysSinceEpoch: 19_800), followers: 1_000),
                        CountPoint(day: CalendarDay(daysSinceEpoch: 19_801), followers: 1_900, estimated: true),
                    ])
            ],
            snapshots: [
                FollowerSnapshot(
                    name: "2024-05", takenAt: when,
                    entries: [FollowerEntry(profile: "ann", followedAt: when), FollowerEntry(profile: "bob")]),
                FollowerSnapshot(name: "2024-06", entries: [FollowerEntry(profile: "ann")]),
            ])
    }

    @Test(arguments: StoreKind.available)
    func recordsRoundTripAndAreReplacedKindByKind(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            // Nothing stored: empty, not an error
            #expect(try await store.fetchAccountRecords(account: "shop").isEmpty)
            // Given everything stored for shop, and posts for another account
            try await store.saveAccountRecords(Self.records, account: "shop")
            try await store.saveAccountRecords(AccountRecords(posts: [Self.records.posts[1]]), account: "other")
            // Then it comes back equal, in order
            #expect(try await store.fetchAccountRecords(account: "shop") == Self.records)
            // When only new posts are saved, the posts are replaced and the other kinds kept
            let newer = Post(platform: .instagram, id: "p3", author: "shop", likes: 9)
            try await store.saveAccountRecords(AccountRecords(posts: [newer]), account: "shop")
            var expected = Self.records
            expected.posts = [newer]
            #expect(try await store.fetchAccountRecords(account: "shop") == expected)
            #expect(try await store.fetchAccountRecords(account: "other").posts == [Self.records.posts[1]])
            // And re-importing shop's followers keeps its records
            try await store.saveAudience(
                account: "shop", platform: .instagram, profiles: [Profile(platform: .instagram, id: ProfileID("ann"))])
            try await store.saveAudience(
                account: "shop", platform: .instagram, profiles: [Profile(platform: .instagram, id: ProfileID("bob"))])
            #expect(try await store.fetchAccountRecords(account: "shop") == expected)
        }
    }

    @Test(arguments: StoreKind.persistent)
    func recordsSurviveReopening(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            try await fixture.store.saveAccountRecords(Self.records, account: "shop\u{0}'🦊")
            let reopen = try #require(fixture.reopen)
            let reopened = try await reopen()
            #expect(try await reopened.fetchAccountRecords(account: "shop\u{0}'🦊") == Self.records)
            #expect(try await reopened.fetchAccountRecords(account: "shop").isEmpty)
            try await reopened.close()
        }
    }
}
