import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@testable import TrueReachIngest

/// The post, series and snapshot readers give the same records and issues from a path and from a
/// stream of chunks, under one issue policy.
@Suite struct ReaderStreamTests {
    static let sizes = [1, 7, 4096]

    /// `bytes` as a stream of `size`-byte chunks, so record boundaries (and the X archive prefix, and
    /// the detection window) fall mid-chunk.
    static func chunks(_ bytes: [UInt8], size: Int) -> AsyncThrowingStream<[UInt8], any Error> {
        StreamInputTests.chunks(bytes, size: size)
    }

    static func stream(_ path: String, size: Int) throws -> IngestInput {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        return .chunks(chunks(bytes, size: size), name: path)
    }

    /// Everything a post read gives, to compare.
    struct PostResult: Equatable {
        var posts: [Post]
        var interactions: [Interaction]
        var authors: [Profile]
        var issues: [IngestIssue]
        var records: Int

        init(_ batch: PostBatch) {
            posts = batch.posts
            interactions = batch.interactions
            authors = batch.authors
            issues = batch.issues
            records = batch.records
        }
    }

    // MARK: - Posts

    static let postFixtures = [
        "posts/tweets.js", "posts/facebook-page.csv", "posts/Live.csv", "posts/posts.jsonl",
        "posts/interactions.csv",
    ]

    static let sharedPosts = [
        "formats/x-archive/andreruffert-2022-11/data/tweets.js",
        "formats/x-archive/rtiatmla-2021-11/data/tweet.js",
        "formats/x-api/v1.1/statuses_user_timeline_screen_name_Twitter.json",
        "formats/x-api/v1.1/statuses_show_266367358078169089.json",
        "formats/mastodon/fosstodon.org_api_v1_accounts_109302436954721982_statuses_limit20.json",
        "formats/mastodon/fosstodon.org_api_v1_statuses_114620457512351116.json",
        "formats/bluesky/app.bsky.feed.getAuthorFeed_chriskenny.json",
    ]

    /// Reads `path` from the path and as chunks of `size` bytes and expects identical results.
    func expectSamePosts(_ path: String, size: Int) async throws {
        // Given the file read from its path (an archive's owner found in account.js beside it)
        let fromPath = PostResult(try PostReader.read(path: path))
        // When the same bytes arrive as chunks; a stream has no folder, so the owner is passed
        let owner = PostReader.archiveOwner(besides: path).map { ProfileID($0) }
        let fromStream = PostResult(
            try await PostReader.read(try Self.stream(path, size: size), archiveOwner: owner))
        // Then records and issues are identical
        #expect(fromStream == fromPath, "\(path) in \(size)-byte chunks")
        #expect(fromPath.records > 0, "\(path)")
    }

    @Test(arguments: postFixtures, sizes)
    func postFixturesReadTheSameFromAPathAndAStream(_ fixture: String, _ size: Int) async throws {
        try await expectSamePosts(try fixturePath(fixture), size: size)
    }

    @Test(.enabled(if: SharedData.isAvailable, "../shared/data is not present"), arguments: sharedPosts, sizes)
    func realPostSamplesReadTheSameFromAPathAndAStream(_ sample: String, _ size: Int) async throws {
        try await expectSamePosts(SharedData.url(sample).path, size: size)
    }

    @Test func anArchiveFromAStreamWithoutItsOwnerHasNoReadablePost() async throws {
        // The tweets of an archive do not name their author: without account.js or an owner, none is readable.
        let path = try fixturePath("posts/tweets.js")
        let error = await #expect(throws: IngestError.self) {
            try await PostReader.read(try Self.stream(path, size: 4096))
        }
        #expect(error?.code == .noReadableRecords)
        #expect(error?.issue?.field == "user")
    }

    @Test func blueskyFeedIsFramedInsideItsPageWithLineNumbers() async throws {
        // Given a feed page whose cursor comes first and whose second item has no uri
        let page = """
            {"cursor": "abc", "other": {"feed": [1]},
             "feed": [
              {"post": {"uri": "at://x/1", "author": {"did": "did:plc:a"}, "likeCount": 2,
                        "record": {"createdAt": "2024-05-01T10:00:00Z", "text": "hi"}}},
              {"post": {"author": {"did": "did:plc:a"}}}
             ]}
            """
        let path = try temporaryFile(page, name: "feed.json")
        for size in Self.sizes {
            // When read as a stream
            let batch = try await PostReader.read(try Self.stream(path, size: size), format: .blueskyFeed)
            // Then the post is read and the bad item is reported at its own line with its index
            #expect(batch.posts.map(\.id) == ["at://x/1"])
            #expect(batch.issues.map(\.description) == ["\(path):5: feed[1].post.uri: missing post or uri"])
        }
    }

    // MARK: - Series and snapshots

    static let seriesFixtures = ["series/iconosquare.csv", "series/canonical.csv", "series/socialblade.csv"]
    static let sharedSeries = [
        "growth-instagram-iconosquare-daily/followers_history.csv",
        "growth-twitch-socialblade-2019/socialblade.csv",
        "growth-thai-idols-multiplatform/follower_history.csv",
    ]

    func expectSameSeries(_ path: String, size: Int) async throws {
        let fromPath = try CountSeriesReader.read(path: path)
        let fromStream = try await CountSeriesReader.read(try Self.stream(path, size: size))
        #expect(fromStream.series == fromPath.series, "\(path) in \(size)-byte chunks")
        #expect(fromStream.issues == fromPath.issues)
        #expect(fromStream.format == fromPath.format && fromStream.records == fromPath.records)
        #expect(fromPath.records > 0)
    }

    @Test(arguments: seriesFixtures, sizes)
    func seriesFixturesReadTheSameFromAPathAndAStream(_ fixture: String, _ size: Int) async throws {
        try await expectSameSeries(try fixturePath(fixture), size: size)
    }

    @Test(.enabled(if: SharedData.isAvailable, "../shared/data is not present"), arguments: sharedSeries, sizes)
    func realSeriesReadTheSameFromAPathAndAStream(_ sample: String, _ size: Int) async throws {
        try await expectSameSeries(SharedData.url(sample).path, size: size)
    }

    static let snapshotFixtures = ["snapshots/followers_1.json", "snapshots/followers_wrapped.json"]
    static let sharedSnapshots = [
        "formats/instagram/export-2023-01_relationships-wrapper/followers_and_following/followers.json",
        "formats/instagram/export-2023-07_bare-list/followers_and_following/followers.json",
        "formats/instagram/export-2024-12/connections/followers_and_following/followers_1.json",
        "formats/instagram/export-2024-12/connections/followers_and_following/following.json",
        "formats/instagram/export-2026-05/connections/followers_and_following/following.json",
        "formats/x-archive/andreruffert-2022-11/data/follower.js",
        "formats/bluesky/app.bsky.graph.getFollowers_chriskenny.json",
        "formats/mastodon/fosstodon.org_api_v1_accounts_109302436954721982_followers_limit3.json",
    ]

    func expectSameSnapshot(_ path: String, size: Int) async throws {
        let fromPath = try FollowerSnapshotReader.read(path: path)
        let fromStream = try await FollowerSnapshotReader.read(try Self.stream(path, size: size))
        #expect(fromStream.snapshot == fromPath.snapshot, "\(path) in \(size)-byte chunks")
        #expect(fromStream.issues == fromPath.issues)
        #expect(!fromPath.snapshot.entries.isEmpty)
    }

    @Test(arguments: snapshotFixtures, sizes)
    func snapshotFixturesReadTheSameFromAPathAndAStream(_ fixture: String, _ size: Int) async throws {
        try await expectSameSnapshot(try fixturePath(fixture), size: size)
    }

    @Test(.enabled(if: SharedData.isAvailable, "../shared/data is not present"), arguments: sharedSnapshots, sizes)
    func realSnapshotsReadTheSameFromAPathAndAStream(_ sample: String, _ size: Int) async throws {
        try await expectSameSnapshot(SharedData.url(sample).path, size: size)
    }

    @Test func aWrapperObjectWithoutAFollowerListIsAnUnknownFormat() async throws {
        let path = try temporaryFile(#"{"relationships_following": 3, "likes": [{"title": "a"}]}"#, name: "x.json")
        let error = await #expect(throws: IngestError.self) {
            try await FollowerSnapshotReader.read(try Self.stream(path, size: 7))
        }
        #expect(error?.code == .unknownFormat)
    }
}
