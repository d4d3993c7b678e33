import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@testable import TrueReachIngest

/// Reads every account file in `../shared/data` and checks the row counts its PROVENANCE.md states.
///
/// Skipped (and reported as skipped) when the shared data is absent.
@Suite(.enabled(if: SharedData.isAvailable, "../shared/data is not present"))
struct SharedDataWalkTests {
    struct Expectation: Sendable, CustomTestStringConvertible {
        var path: String
        var format: ProfileFormat
        var rows: Int
        /// Some real files repeat an account (overlapping API pages, a follower labelled twice).
        var uniqueIDs = true
        var testDescription: String { path }
    }

    static let expectations: [Expectation] = [
        .init(path: "botrepo-verified-2019/verified-2019_tweets.json", format: .twitterV1BotRepository, rows: 1_063),
        .init(
            path: "botrepo-cresci-stock-2018/cresci-stock-2018_tweets.json",
            format: .twitterV1BotRepository,
            rows: 13_276
        ),
        .init(path: "botrepo-botwiki-2019/botwiki-2019_tweets.json", format: .twitterV1BotRepository, rows: 698),
        .init(
            path: "botrepo-political-bots-2019/political-bots-2019_tweets.json",
            format: .twitterV1BotRepository,
            rows: 62
        ),
        .init(path: "botrepo-pronbots-2019/pronbots-2019_tweets.json", format: .twitterV1BotRepository, rows: 17_882),
        .init(path: "cresci-2015-fame-for-sale/E13_users.csv", format: .twitterUsersCSV, rows: 1_481),
        .init(path: "cresci-2015-fame-for-sale/INT_fusers.csv", format: .twitterUsersCSV, rows: 1_337),
        .init(path: "tweetbotornot-kearney/botornot_train.csv", format: .tweetbotornotCSV, rows: 3_208),
        .init(path: "tweetbotornot-kearney/botornot_test.csv", format: .tweetbotornotCSV, rows: 3_225),
        .init(path: "twibot-annotation-study/Twibot20-anno_study.json", format: .twitterV2, rows: 500),
        .init(path: "twibot-annotation-study/Twibot22-anno_study.json", format: .twitterV2, rows: 500),
        .init(path: "twibot20-sample/TwiBot-20_sample.json", format: .twitterV1, rows: 100),
        .init(path: "instafake/fake-v1.0/fakeAccountData.json", format: .instafakeJSON, rows: 200),
        .init(path: "instafake/fake-v1.0/realAccountData.json", format: .instafakeJSON, rows: 994),
        .init(path: "instafake/automated-v1.0/nonautomatedAccountData.json", format: .instafakeJSON, rows: 700),
        .init(path: "kaggle-instagram-fake-spammer-genuine/train.csv", format: .instagramKaggleCSV, rows: 576),
        .init(path: "kaggle-instagram-fake-spammer-genuine/test.csv", format: .instagramKaggleCSV, rows: 120),
        .init(
            path: "instagram-seraphim-labeled-followers/labeled_data.csv",
            format: .instagramSeraphimCSV,
            rows: 269,
            uniqueIDs: false
        ),
        .init(
            path: "instagram-seraphim-labeled-followers/data_ready_for_analysis.csv",
            format: .instagramSeraphimCSV,
            rows: 9_923
        ),
        .init(
            path: "top-instagram-influencers/top_insta_influencers_data.csv",
            format: .instagramInfluencersCSV,
            rows: 200
        ),
        .init(path: "formats/mastodon/mastodon.social_api_v1_accounts_23972.json", format: .mastodonAccount, rows: 1),
        .init(
            path: "formats/mastodon/fosstodon.org_api_v1_accounts_109302436954721982.json",
            format: .mastodonAccount,
            rows: 1
        ),
        .init(
            path: "formats/mastodon/fosstodon.org_api_v1_accounts_109302436954721982_followers_limit3.json",
            format: .mastodonAccount,
            rows: 3
        ),
        .init(
            path: "formats/mastodon/fosstodon.org_api_v1_accounts_109302436954721982_following_limit3.json",
            format: .mastodonAccount,
            rows: 3
        ),
        .init(
            path: "formats/mastodon/mastodon.social_api_v1_statuses_109294719267373593_favourited_by.json",
            format: .mastodonAccount,
            rows: 40
        ),
        .init(path: "formats/bluesky/app.bsky.actor.getProfiles_chriskenny.json", format: .blueskyProfile, rows: 1),
        .init(path: "formats/bluesky/app.bsky.graph.getFollowers_chriskenny.json", format: .blueskyProfile, rows: 48),
        .init(path: "formats/bluesky/app.bsky.graph.getFollows_chriskenny.json", format: .blueskyProfile, rows: 48),
        .init(path: "formats/x-api/v1.1/users_lookup_twitterapi_twitter.json", format: .twitterV1, rows: 2),
        .init(path: "formats/x-api/v1.1/followers_list_TweepyDev.json", format: .twitterV1, rows: 2),
        .init(path: "formats/x-api/v2/users.jsonl", format: .twitterV2, rows: 96, uniqueIDs: false),
    ]

    @Test(arguments: expectations)
    func readsEveryRowItsProvenanceStates(_ expectation: Expectation) async throws {
        // Given a real file, read as it is, format detected from content
        let path = SharedData.url(expectation.path).path
        var format: ProfileFormat?
        var profiles: [Profile] = []
        var issues: [IngestIssue] = []
        for try await batch in ProfileFileReader().batches(path: path) {
            format = batch.format
            profiles += batch.profiles
            issues += batch.issues
        }
        // Then every row is read, none is reported bad, and ids are unique
        #expect(format == expectation.format)
        #expect(issues.map(\.description) == [])
        #expect(profiles.count == expectation.rows)
        if expectation.uniqueIDs {
            #expect(Set(profiles.map(\.id)).count == profiles.count)
        }
    }
}
