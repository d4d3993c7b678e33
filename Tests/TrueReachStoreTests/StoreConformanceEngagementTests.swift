import Foundation
import Testing
import TrueReachCore
import TrueReachStore
import TrueReachTestSupport

/// Audits, posts, interactions and count series: what is saved is fetched back equal, on every store,
/// and a save either happens whole or leaves the store as it was.
@Suite(.timeLimit(.minutes(10))) struct StoreConformanceEngagementTests {
    static let when = Date(timeIntervalSince1970: 1_717_000_000.5)

    static let full = Post(
        platform: .instagram, id: "p1\u{202E}", author: "shop", createdAt: when, kind: .quote,
        text: "<script>alert(1)</script>\n=cmd|calc, \"quoted\" 🔥 \u{1B}[31m \u{0} after NUL",
        links: ["https://example.com/a?b=c&d", "javascript:alert(1)", "nul\u{0}"], mediaCount: 3,
        tags: ["personal", "curated,x"],
        likes: 120, replies: 8, reposts: 3, quotes: 1, saves: 9, clicks: 4, impressions: 5_000, reach: 4_100,
        followersAtPosting: 2_000, format: .photo, engagedUsers: 130)

    static func posts(_ count: Int, author: ProfileID = "bulk") -> [Post] {
        (0..<count).map { i in
            Post(
                platform: .instagram, id: PostID("b\(i)"), author: author,
                createdAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(i)), likes: i)
        }
    }

    // MARK: - Audits

    @Test(arguments: StoreKind.available)
    func auditHistoryIsNewestFirstPerAccount(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            // Given three audits of acme and others, saved out of order
            let day: TimeInterval = 86_400
            let t0 = Date(timeIntervalSince1970: 1_790_000_000)
            try await store.saveAudit(.fixture(qualityScore: 50), createdAt: t0 + day)
            try await store.saveAudit(.fixture(qualityScore: 40), createdAt: t0)
            try await store.saveAudit(.fixture(account: "other"), createdAt: t0)
            try await store.saveAudit(.fixture(qualityScore: 70), createdAt: t0 + 2 * day)
            try await store.saveAudit(.fixture(account: nil, qualityScore: 10), createdAt: t0)
            // When fetching acme's history
            let history = try await store.fetchAudits(account: "acme_coffee")
            // Then it is acme's, newest first
            #expect(history.map(\.audienceQualityScore) == [70, 50, 40])
            #expect(history.allSatisfy { $0.account == "acme_coffee" && $0.followersTotal == 1_000 })
            #expect(history.first?.createdAt == t0 + 2 * day)
            #expect(try await store.fetchAudits(account: nil).map(\.audienceQualityScore) == [10])
            #expect(try await store.fetchAudits(account: "acme_coffee", limit: 1).count == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func fullAuditReportRoundTrips(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let report = AudienceReport.fixture(account: "acme\u{0}'🦊", sample: SampleInfo(size: 400, seed: 7))
            let saved = try await store.saveAudit(report, createdAt: Date(timeIntervalSince1970: 1_790_000_000))
            #expect(saved.sampled)
            #expect(saved.trueReach == report.trueReach?.value)
            #expect(try await store.fetchAudits(account: report.account) == [saved])
            #expect(try await store.fetchAuditReport(id: saved.id) == report)
            #expect(try await store.fetchAuditReport(id: saved.id + 100) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func anUnmeasuredAuditKeepsItsUnknownHeadline(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            // Given an audit whose fake share could not be measured (no true reach, no score)
            let store = fixture.store
            let report = AudienceReport.fixture(estimatedFakeShare: nil, qualityScore: nil)
            #expect(report.trueReach == nil)
            // When saved and listed
            let saved = try await store.saveAudit(report, createdAt: Date(timeIntervalSince1970: 1_790_000_000))
            let history = try await store.fetchAudits(account: "acme_coffee")
            // Then the history says unknown rather than a number, and the report round-trips
            #expect(saved.audienceQualityScore == nil)
            #expect(history.map(\.audienceQualityScore) == [nil])
            #expect(history.map(\.trueReach) == [nil])
            #expect(try await store.fetchAuditReport(id: saved.id) == report)
        }
    }

    // MARK: - Posts, interactions, series

    @Test(arguments: StoreKind.available)
    func postsRoundTripWithEveryFieldAndUnknownsStayUnknown(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let bare = Post(platform: .instagram, id: "p0", author: "shop")
            let other = Post(platform: .twitter, id: "p1\u{202E}", author: "shop", likes: 1)
            let sameTime = Post(platform: .instagram, id: "B", author: "shop", createdAt: Self.when)
            try await store.savePosts([Self.full, bare, other, sameTime])
            let fetched = try await store.fetchPosts(platform: .instagram, author: "shop")
            // Oldest first, ties by id bytewise ("B" before "p1…"), undated last
            #expect(fetched == [sameTime, Self.full, bare])
            #expect(fetched.last?.likes == nil)
            #expect(try await store.fetchPosts(platform: .twitter, author: "shop") == [other])
            // Saving the same id again replaces it; within one save the last copy wins
            var edited = Self.full
            edited.likes = 121
            var again = edited
            again.likes = 122
            try await store.savePosts([edited, again])
            #expect(try await store.fetchPosts(platform: .instagram, author: "shop") == [sameTime, again, bare])
        }
    }

    @Test(arguments: StoreKind.available)
    func interactionsRoundTripInOrder(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let list = [
                Interaction(
                    platform: .instagram, post: "p1", profile: "fan", kind: .reply, createdAt: Self.when,
                    text: "<b>hi</b> \u{0}"),
                Interaction(platform: .instagram, post: "p1", profile: "bot\u{202E}", kind: .like),
                Interaction(platform: .instagram, post: "p2", profile: "fan", kind: .repost, createdAt: Self.when),
                Interaction(platform: .twitter, post: "p1", profile: "fan", kind: .quote, text: "=1+1"),
                Interaction(platform: .instagram, post: "p1", profile: "aaa", kind: .like),
            ]
            try await store.saveInteractions(list)
            #expect(try await store.fetchInteractions(platform: .instagram, post: "p1") == [list[0], list[1], list[4]])
            #expect(try await store.fetchInteractions(platform: .instagram, post: "p2") == [list[2]])
            #expect(try await store.fetchInteractions(platform: .twitter, post: "p1") == [list[3]])
            #expect(try await store.fetchInteractions(platform: .twitter, post: "none").isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func countSeriesRoundTripsAndMerges(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let series = CountSeries(
                name: "shop \u{202E}<i> \u{0}", platform: .instagram,
                points: [
                    CountPoint(day: CalendarDay(daysSinceEpoch: 19_800), followers: 1_000, following: 200),
                    CountPoint(day: CalendarDay(daysSinceEpoch: 19_801), followers: 1_010, estimated: true),
                    CountPoint(day: CalendarDay(daysSinceEpoch: 19_803), followers: nil, following: 190),
                ])
            try await store.saveCountSeries(series)
            #expect(try await store.fetchCountSeries(name: series.name) == series)
            #expect(try await store.fetchCountSeries(name: "unknown") == nil)
            // A later save replaces the days it holds and keeps the others
            let update = CountSeries(
                name: series.name, platform: .instagram,
                points: [CountPoint(day: CalendarDay(daysSinceEpoch: 19_801), followers: 1_011, following: 201)])
            try await store.saveCountSeries(update)
            var expected = series
            expected.points[1] = update.points[0]
            #expect(try await store.fetchCountSeries(name: series.name) == expected)
        }
    }

    @Test(arguments: StoreKind.available)
    func cancelledSaveLeavesTheStoreUnchanged(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            try await store.savePosts([Self.full])
            let before = try await store.fetchPosts(platform: .instagram, author: "shop")
            // A save whose task is already cancelled fails and writes nothing
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await store.savePosts(Self.posts(10, author: "shop"))
            }
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(try await store.fetchPosts(platform: .instagram, author: "shop") == before)
            let failedSeries = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await store.saveCountSeries(
                    CountSeries(name: "s", points: [CountPoint(day: CalendarDay(daysSinceEpoch: 1), followers: 1)]))
            }
            await #expect(throws: CancellationError.self) { try await failedSeries.value }
            #expect(try await store.fetchCountSeries(name: "s") == nil)
            let failedInteractions = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                try await store.saveInteractions([Interaction(platform: .twitter, post: "p", profile: "a", kind: .like)]
                )
            }
            await #expect(throws: CancellationError.self) { try await failedInteractions.value }
            #expect(try await store.fetchInteractions(platform: .twitter, post: "p").isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func saveCancelledMidwayIsAllOrNothing(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            // A large save cancelled while it runs is rolled back whole, or had already committed whole.
            let store = fixture.store
            let batch = Self.posts(50_000)
            let task = Task { try await store.savePosts(batch) }
            try await Task.sleep(for: .milliseconds(20))
            task.cancel()
            let result = await task.result
            let stored = try await store.fetchPosts(platform: .instagram, author: "bulk")
            switch result {
            case .success: #expect(stored.count == batch.count)
            case .failure: #expect(stored.isEmpty)
            }
        }
    }
}
