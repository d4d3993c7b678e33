import Foundation
import Testing
import TrueReachCore

@Suite struct EngagementMetricsTests {
    let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    func post(
        _ id: String, likes: Int?, replies: Int? = 0, reposts: Int? = 0, followers: Int? = nil, day: Int = 0,
        reach: Int? = nil, impressions: Int? = nil, saves: Int? = nil, kind: PostKind = .original
    ) -> Post {
        Post(
            platform: .instagram, id: PostID(id), author: "a", createdAt: t0.addingTimeInterval(Double(day) * 86_400),
            kind: kind, likes: likes, replies: replies, reposts: reposts, saves: saves, impressions: impressions,
            reach: reach, followersAtPosting: followers)
    }

    @Test func rateByFollowersUsesFollowersAtPosting() throws {
        // Given a post with 90 likes, 10 comments at 1,000 followers (current count 2,000)
        let p = post("1", likes: 90, replies: 10, followers: 1_000, reach: 400, impressions: 800)
        // When
        let m = try #require(EngagementMetrics.measure(p, followersNow: 2_000))
        // Then
        #expect(m.engagements == 100)
        #expect(m.rateByFollowers == 0.1)
        #expect(m.followerBasis == .atPosting)
        #expect(m.rateByReach == 0.25)
        #expect(m.rateByImpressions == 0.125)
    }

    @Test func fallsBackToCurrentFollowersAndSaysSo() throws {
        let m = try #require(EngagementMetrics.measure(post("1", likes: 50, followers: nil), followersNow: 500))
        #expect(m.followerBasis == .current)
        #expect(m.rateByFollowers == 0.1)
    }

    @Test func weightedEngagementUsesSocialCascadeDefaults() {
        // like 1, save 2, comment 3, share 4
        let p = post("1", likes: 10, replies: 2, reposts: 1, saves: 3)
        #expect(EngagementMetrics.weightedEngagements(of: p) == 10 + 6 + 4 + 6)
        let custom = EngagementWeights(like: 0, comment: 1)
        #expect(EngagementMetrics.weightedEngagements(of: p, weights: custom) == 2 + 4 + 6)
    }

    @Test func postWithoutCountsIsNotMeasured() {
        #expect(EngagementMetrics.measure(post("1", likes: nil, replies: nil, reposts: nil)) == nil)
    }

    @Test func summaryTakesTheNewestPostsAndSkipsReposts() {
        let posts =
            (0..<20).map { post("\($0)", likes: $0, followers: 100, day: $0) }
            + [post("r", likes: 1_000, followers: 100, day: 30, kind: .repost)]
        let measured = EngagementMetrics.measure(posts)
        #expect(measured.count == 20)
        let s = EngagementMetrics.summary(measured, lastPosts: 12)
        #expect(s.posts == 12)
        // newest 12 have likes 8...19: mean 13.5 → 13.5%
        #expect(abs((s.meanRateByFollowers ?? 0) - 0.135) < 1e-12)
    }

    @Test func overTimeGroupsByIsoWeek() {
        // 2023-11-14 is a Tuesday; days 0..13 span 3 ISO weeks (Mon 13, Mon 20, Mon 27)
        let measured = EngagementMetrics.measure((0..<14).map { post("\($0)", likes: 1, followers: 10, day: $0) })
        let weeks = EngagementMetrics.overTime(measured, period: .week)
        #expect(weeks.map(\.start.description) == ["2023-11-13", "2023-11-20", "2023-11-27"])
        #expect(weeks.map(\.summary.posts) == [6, 7, 1])
    }

    @Test func likeSpreadVerdicts() {
        #expect(LikeSpread.measure(likes: [100, 101, 99, 100, 100]).verdict == .suspiciouslyUniform)
        #expect(LikeSpread.measure(likes: [50, 150, 100, 30, 170]).verdict == .normal)
        #expect(LikeSpread.measure(likes: [10, 10, 10, 10, 500]).verdict == .outliers)
        #expect(LikeSpread.measure(likes: [1, 2]).verdict == .insufficientData)
    }

    @Test func benchmarkPicksTheSameSizeTier() {
        let r = EngagementBenchmark.compare(rate: 0.0456, followers: 12_000, platform: .instagram)
        #expect(r.tierAverage?.rate == 0.0228)
        #expect(abs((r.ratioToTierAverage ?? 0) - 2) < 1e-9)
        #expect(r.platformMedian?.rate == 0.0047)
    }
}

@Suite struct EngagerAnalysisTests {
    func i(_ post: String, _ account: String, _ kind: InteractionKind = .like, _ text: String? = nil) -> Interaction {
        Interaction(platform: .instagram, post: PostID(post), profile: ProfileID(account), kind: kind, text: text)
    }

    @Test func authenticShareLeavesUnscoredOut() {
        let interactions = [i("p", "human"), i("p", "bot"), i("p", "bot", .reply), i("p", "unknown")]
        let a = EngagerAnalysis.authenticEngagement(
            interactions, probabilities: ["human": 0.1, "bot": 0.9], threshold: 0.5)
        #expect(a.scored == 3)
        #expect(a.unscored == 1)
        #expect(a.share == 1.0 / 3)
        // weights: human like 1; bot like 1 + comment 3
        #expect(a.weightedShare == 1.0 / 5)
    }

    @Test func followShareCountsDistinctEngagers() {
        let s = EngagerAnalysis.followShare([i("p", "a"), i("q", "a"), i("p", "b")], followers: ["a"])
        #expect(s.engagers == 2 && s.followers == 1 && s.share == 0.5)
    }

    @Test func communityCoreRanksRepeatEngagers() {
        let interactions =
            ["p1", "p2", "p3"].map { i($0, "loyal") } + ["p1", "p2", "p3", "p4"].map { i($0, "fan", .reply) }
            + [i("p1", "once")]
        let core = EngagerAnalysis.communityCore(interactions)
        #expect(core.map(\.profile) == ["fan", "loyal"])
        #expect(core.first?.posts == 4)
    }
}

@Suite struct CommentAuthenticityTests {
    @Test(arguments: [
        ("🔥🔥🔥", CommentSignal.emojiOnly),
        ("😍 ❤️", .emojiOnly),
        ("Nice pic!", .genericPraise),
        ("amazing", .genericPraise),
        ("@friend1 @friend2", .tagOnly),
    ])
    func lowEffortSignals(text: String, signal: CommentSignal) {
        #expect(CommentAuthenticity.textSignals(text).contains(signal))
    }

    @Test func realCommentsCarryNoSignal() {
        #expect(CommentAuthenticity.textSignals("Where did you buy that lamp? It would suit our hallway").isEmpty)
        #expect(CommentAuthenticity.textSignals("so it goes").isEmpty)
    }

    @Test func postWithHalfInauthenticCommentsIsFlagged() {
        let c = [
            Interaction(
                platform: .instagram, post: "p", profile: "bot", kind: .reply, text: "Great question about soil"),
            Interaction(platform: .instagram, post: "p", profile: "anon", kind: .reply, text: "🔥🔥"),
            Interaction(platform: .instagram, post: "p", profile: "human", kind: .reply, text: "😍"),
            Interaction(
                platform: .instagram, post: "p", profile: "human2", kind: .reply, text: "Which variety is this?"),
        ]
        let r = CommentAuthenticity.assess(
            c, probabilities: ["bot": 0.95, "human": 0.05, "human2": 0.1], threshold: 0.5)
        // bot (suspicious author) and anon (emoji, unscored) are inauthentic; human's emoji is not held against the post.
        #expect(r.first?.inauthentic == 2)
        #expect(r.first?.flagged == true)
    }
}
