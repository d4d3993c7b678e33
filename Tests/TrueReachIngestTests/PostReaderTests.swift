import Foundation
import Testing
import TrueReachCore
import TrueReachIngest
import TrueReachTestSupport

@Suite struct PostReaderTests {
    func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: "Fixtures/posts/\(name)", withExtension: nil)).path
    }

    @Test func xArchiveReadsStringCountsOwnerAndKinds() throws {
        let path = try fixture("tweets.js")
        #expect(try PostReader.detectFormat(path: path) == .xArchive)
        let batch = try PostReader.read(path: path)
        #expect(batch.posts.count == 2)
        let first = try #require(batch.posts.first)
        #expect(first.author == "4242")
        #expect(first.likes == 5 && first.reposts == 1)
        #expect(first.links == ["https://example.org/a"])
        #expect(batch.posts[1].kind == .repost)
        // The reply with "many" likes is reported with its line and field.
        let issue = try #require(batch.issues.first)
        #expect(issue.line == 21)
        #expect(issue.field == "favorite_count")
    }

    @Test func facebookPageTableMapsReachImpressionsAndFollowersAtPosting() throws {
        let batch = try PostReader.read(path: try fixture("facebook-page.csv"))
        #expect(batch.posts.count == 2)
        let p = try #require(batch.posts.first)
        #expect(p.followersAtPosting == 1_000 && p.reach == 500 && p.impressions == 900)
        #expect(p.likes == 79 && p.replies == 4 && p.reposts == 17)
        #expect(p.format == .photo && p.tags == ["organic", "category-2"])
        #expect(batch.posts[1].likes == nil)  // empty cell stays unknown, not zero
        #expect(batch.issues.map(\.field) == ["comment"])
        #expect(batch.issues.first?.line == 4)
    }

    @Test func liveSellersParseUSDatesAndPageIDs() throws {
        let batch = try PostReader.read(path: try fixture("Live.csv"))
        #expect(batch.posts.count == 2)
        #expect(batch.posts[0].author == "111")
        #expect(batch.posts[0].likes == 529 && batch.posts[0].replies == 512 && batch.posts[0].reposts == 262)
        #expect(
            batch.posts[0].createdAt == CalendarDay(year: 2018, month: 4, day: 22)!.date.addingTimeInterval(6 * 3600))
        #expect(batch.issues.first?.field == "status_published")
    }

    @Test func canonicalPostsAndInteractions() throws {
        let posts = try PostReader.read(path: try fixture("posts.jsonl"))
        #expect(posts.posts.count == 2)
        #expect(posts.posts[0].saves == 5 && posts.posts[0].tags == ["personal"])
        #expect(posts.issues.first?.line == 3)
        #expect(posts.issues.first?.field == "likes")
        let interactions = try PostReader.read(path: try fixture("interactions.csv"))
        #expect(interactions.interactions.count == 3)
        #expect(interactions.interactions[2].text == "🔥🔥")
        #expect(interactions.issues.first?.field == "kind")
    }

    @Test func missingFileThrowsFileNotFound() {
        #expect(throws: IngestError.self) { try PostReader.read(path: "/nonexistent/posts.jsonl") }
    }

    @Test(.enabled(if: SharedData.isAvailable))
    func readsEveryRealPostSample() throws {
        let cases: [(String, PostSourceFormat, Int)] = [
            ("uci-facebook-page-metrics/dataset_Facebook.csv", .facebookPageMetrics, 495),
            ("uci-facebook-live-sellers-thailand/Live.csv", .facebookLiveSellers, 7_050),
            ("formats/x-archive/andreruffert-2022-11/data/tweets.js", .xArchive, 250),
            ("formats/x-archive/rtiatmla-2021-11/data/tweet.js", .xArchive, 70),
            ("formats/x-api/v1.1/statuses_user_timeline_screen_name_Twitter.json", .xAPI, 20),
            ("formats/mastodon/fosstodon.org_api_v1_accounts_109302436954721982_statuses_limit20.json", .mastodon, 20),
            ("formats/bluesky/app.bsky.feed.getAuthorFeed_chriskenny.json", .blueskyFeed, 50),
        ]
        for (path, format, minimum) in cases {
            let full = SharedData.url(path).path
            #expect(try PostReader.detectFormat(path: full) == format, "\(path)")
            let batch = try PostReader.read(path: full)
            #expect(batch.posts.count >= minimum, "\(path): \(batch.posts.count) posts, \(batch.issues.count) issues")
        }
        let archive = try PostReader.read(
            path: SharedData.url("formats/x-archive/andreruffert-2022-11/data/tweets.js").path)
        #expect(archive.posts.allSatisfy { $0.author == "112769581" })
        let insta = try PostReader.read(
            path: SharedData.url("instafake/automated-v1.0/nonautomatedAccountData.json").path)
        #expect(insta.authors.count == 700)
        #expect(insta.issues.isEmpty)
    }
}

@Suite struct SeriesReaderTests {
    func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: "Fixtures/series/\(name)", withExtension: nil)).path
    }

    @Test func iconosquareWithBOMThousandsAndEstimatedDays() throws {
        let batch = try CountSeriesReader.read(path: try fixture("iconosquare.csv"))
        #expect(batch.format == .iconosquare)
        let s = try #require(batch.series.first)
        #expect(s.points.map(\.followers) == [198_282, 198_177, 198_300])
        #expect(s.points.map(\.estimated) == [false, false, true])
        #expect(s.points.first?.day == CalendarDay(year: 2023, month: 1, day: 1))
        #expect(batch.issues.first?.line == 5 && batch.issues.first?.field == "Date")
    }

    @Test func canonicalKeepsFollowingAndMissingValues() throws {
        let s = try #require(try CountSeriesReader.read(path: try fixture("canonical.csv")).series.first)
        #expect(s.points.map(\.following) == [50, 51, 52])
        #expect(s.points.last?.followers == nil)
    }

    @Test func socialBladeSplitsChannels() throws {
        let batch = try CountSeriesReader.read(path: try fixture("socialblade.csv"))
        #expect(batch.series.map(\.name) == ["alpha", "beta"])
        #expect(batch.series[0].points.count == 2)
    }

    @Test(.enabled(if: SharedData.isAvailable))
    func readsTheRealSeries() throws {
        let icono = try CountSeriesReader.read(
            path: SharedData.url("growth-instagram-iconosquare-daily/followers_history.csv").path)
        // PROVENANCE.md says 278 rows; the file holds 279 (01/01 to 06/10/2023 inclusive).
        #expect(icono.series.first?.points.count == 279)
        #expect(icono.series.first?.points.filter(\.estimated).count == 25)
        let blade = try CountSeriesReader.read(
            path: SharedData.url("growth-twitch-socialblade-2019/socialblade.csv").path)
        #expect(blade.series.count == 11)
        let idols = try CountSeriesReader.read(
            path: SharedData.url("growth-thai-idols-multiplatform/follower_history.csv").path)
        #expect(idols.series.count >= 147)
        #expect(icono.issues.isEmpty && blade.issues.isEmpty && idols.issues.isEmpty)
    }
}

@Suite struct SnapshotReaderTests {
    func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: "Fixtures/snapshots/\(name)", withExtension: nil)).path
    }

    @Test func instagramValueTitleAndTimestamps() throws {
        let (snapshot, issues) = try FollowerSnapshotReader.read(path: try fixture("followers_1.json"))
        #expect(snapshot.entries.map(\.profile) == ["user_a", "user_b"])
        #expect(snapshot.entries[0].followedAt == Date(timeIntervalSince1970: 1_709_251_200))
        #expect(issues.count == 1)
        let (wrapped, _) = try FollowerSnapshotReader.read(path: try fixture("followers_wrapped.json"))
        #expect(wrapped.entries.map(\.profile) == ["user_a"])
    }

    @Test(.enabled(if: SharedData.isAvailable))
    func readsEveryInstagramExportVariant() throws {
        let paths = [
            "formats/instagram/export-2023-01_relationships-wrapper/followers_and_following/followers.json",
            "formats/instagram/export-2023-07_bare-list/followers_and_following/followers.json",
            "formats/instagram/export-2024-12/connections/followers_and_following/followers_1.json",
            "formats/instagram/export-2026-05/connections/followers_and_following/followers_1.json",
            "formats/instagram/export-2026-05/connections/followers_and_following/following.json",
            "formats/x-archive/andreruffert-2022-11/data/follower.js",
        ]
        for path in paths {
            let (snapshot, issues) = try FollowerSnapshotReader.read(path: SharedData.url(path).path)
            #expect(!snapshot.entries.isEmpty && issues.isEmpty, "\(path)")
        }
    }
}
