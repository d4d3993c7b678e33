import Foundation
import Testing
import TrueReachCore
import TrueReachStore

/// Posts, interactions and count series: what is saved is fetched back equal, and a save either
/// happens whole or leaves the store as it was.
@Suite struct SQLiteStorePostsTests {
    static let when = Date(timeIntervalSince1970: 1_717_000_000.5)

    static let full = Post(
        platform: .instagram, id: "p1\u{202E}", author: "shop", createdAt: when, kind: .quote,
        text: "<script>alert(1)</script>\n=cmd|calc, \"quoted\" 🔥 \u{1B}[31m",
        links: ["https://example.com/a?b=c&d", "javascript:alert(1)"], mediaCount: 3, tags: ["personal", "curated,x"],
        likes: 120, replies: 8, reposts: 3, quotes: 1, saves: 9, clicks: 4, impressions: 5_000, reach: 4_100,
        followersAtPosting: 2_000, format: .photo, engagedUsers: 130)

    static func posts(_ count: Int, author: AccountID = "bulk") -> [Post] {
        (0..<count).map { i in
            Post(
                platform: .instagram, id: PostID("b\(i)"), author: author,
                createdAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(i)), likes: i)
        }
    }

    @Test func postsRoundTripWithEveryFieldAndUnknownsStayUnknown() async throws {
        let store = try SQLiteStore.inMemory()
        let bare = Post(platform: .instagram, id: "p0", author: "shop")
        let other = Post(platform: .twitter, id: "p1\u{202E}", author: "shop", likes: 1)
        try await store.savePosts([Self.full, bare, other])
        let fetched = try await store.fetchPosts(platform: .instagram, author: "shop")
        // Oldest first, undated last
        #expect(fetched == [Self.full, bare])
        #expect(fetched.last?.likes == nil)
        #expect(try await store.fetchPosts(platform: .twitter, author: "shop") == [other])
        // Saving the same id again replaces it
        var edited = Self.full
        edited.likes = 121
        try await store.savePosts([edited])
        #expect(try await store.fetchPosts(platform: .instagram, author: "shop") == [edited, bare])
    }

    @Test func interactionsRoundTripInOrder() async throws {
        let store = try SQLiteStore.inMemory()
        let list = [
            Interaction(
                platform: .instagram, post: "p1", account: "fan", kind: .reply, createdAt: Self.when, text: "<b>hi</b>"),
            Interaction(platform: .instagram, post: "p1", account: "bot\u{202E}", kind: .like),
            Interaction(platform: .instagram, post: "p2", account: "fan", kind: .repost, createdAt: Self.when),
            Interaction(platform: .twitter, post: "p1", account: "fan", kind: .quote, text: "=1+1"),
        ]
        try await store.saveInteractions(list)
        #expect(try await store.fetchInteractions(platform: .instagram, post: "p1") == Array(list[0...1]))
        #expect(try await store.fetchInteractions(platform: .instagram, post: "p2") == [list[2]])
        #expect(try await store.fetchInteractions(platform: .twitter, post: "p1") == [list[3]])
        #expect(try await store.fetchInteractions(platform: .twitter, post: "none").isEmpty)
    }

    @Test func countSeriesRoundTripsAndMerges() async throws {
        let store = try SQLiteStore.inMemory()
        let day = CalendarDay(daysSinceEpoch: 19_800)
        let series = CountSeries(
            name: "shop \u{202E}<i>", platform: .instagram,
            points: [
                CountPoint(day: day, followers: 1_000, following: 200, estimated: false),
                CountPoint(day: CalendarDay(daysSinceEpoch: 19_801), followers: 1_010, following: nil, estimated: true),
                CountPoint(day: CalendarDay(daysSinceEpoch: 19_803), followers: nil, following: 190, estimated: false),
            ])
        try await store.saveCountSeries(series)
        #expect(try await store.fetchCountSeries(name: series.name) == series)
        #expect(try await store.fetchCountSeries(name: "unknown") == nil)
        // A later save replaces the days it holds and keeps the others
        let update = CountSeries(
            name: series.name, platform: .instagram,
            points: [
                CountPoint(day: CalendarDay(daysSinceEpoch: 19_801), followers: 1_011, following: 201, estimated: false)
            ])
        try await store.saveCountSeries(update)
        var expected = series
        expected.points[1] = update.points[0]
        #expect(try await store.fetchCountSeries(name: series.name) == expected)
    }

    @Test func cancelledSaveLeavesTheStoreUnchanged() async throws {
        let store = try SQLiteStore.inMemory()
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
    }

    @Test func saveCancelledMidwayIsAllOrNothing() async throws {
        // A large save cancelled while it runs is rolled back whole, or had already committed whole.
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.databasePath)
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
