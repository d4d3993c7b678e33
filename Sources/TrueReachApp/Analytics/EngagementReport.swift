public import TrueReachCore
public import TrueReachIngest

/// The engagement job's result, encoded as the `engagement` command's JSON output.
public struct EngagementReport: Encodable, Sendable {
    /// One author's engagement.
    public struct Author: Encodable, Sendable {
        public var author: ProfileID
        public var posts: Int
        public var followers: Int?
        public var lastPosts: EngagementSummary
        public var allPosts: EngagementSummary
        public var overTime: [PeriodEngagement]
        public var likeSpread: LikeSpread
        public var benchmark: EngagementBenchmarkResult?

        enum CodingKeys: String, CodingKey {
            case author, posts, followers
            case lastPosts = "last_posts"
            case allPosts = "all_posts"
            case overTime = "over_time"
            case likeSpread = "like_spread"
            case benchmark
        }
    }

    public var posts: Int
    public var interactions: Int
    public var issues: Int
    public var lastN: Int
    public var period: EngagementPeriod
    public var weights: EngagementWeights
    public var authors: [Author]
    public var content: ContentComparison?
    public var authenticEngagement: AuthenticEngagement?
    public var followShare: EngagerFollowShare?
    public var communityCore: [CoreMember]
    public var comments: [PostCommentAuthenticity]

    enum CodingKeys: String, CodingKey {
        case posts, interactions, issues
        case lastN = "last_n"
        case period, weights, authors, content
        case authenticEngagement = "authentic_engagement"
        case followShare = "engagers_who_follow"
        case communityCore = "community_core"
        case comments
    }

    /// Builds the report from measured posts (see ``EngagementJob`` for reading them).
    public static func build<G: RandomNumberGenerator>(
        measured: [PostEngagement], tagFilter: Set<String>?, posts: [Post], interactions: [Interaction],
        followers: Set<ProfileID>?,
        probabilities: [ProfileID: Double], threshold: Double, last: Int, period: EngagementPeriod,
        grouping: ContentComparison.Grouping, baseline: String?, resamples: Int, weights: EngagementWeights,
        rng: inout G, issues: Int
    ) -> EngagementReport {
        var byAuthor: [ProfileID: [PostEngagement]] = [:]
        for row in measured { byAuthor[row.author, default: []].append(row) }
        var platforms: [ProfileID: Platform] = [:]
        for p in posts { platforms[p.author] = p.platform }
        let authors = byAuthor.keys.sorted().map { id -> Author in
            let rows = byAuthor[id] ?? []
            let lastSummary = EngagementMetrics.summary(rows, lastPosts: last)
            let followers = rows.sorted(by: EngagementMetrics.newestFirst).first(where: { $0.followers != nil })?
                .followers
            let benchmark = lastSummary.meanRateByFollowers.map {
                EngagementBenchmark.compare(rate: $0, followers: followers, platform: platforms[id])
            }
            return Author(
                author: id, posts: rows.count, followers: followers, lastPosts: lastSummary,
                allPosts: EngagementMetrics.summary(rows), overTime: EngagementMetrics.overTime(rows, period: period),
                likeSpread: LikeSpread.measure(likes: rows.compactMap(\.likes)), benchmark: benchmark)
        }
        var compared = measured
        if let tagFilter, grouping == .tag {
            compared = measured.compactMap { row in
                var r = row
                r.tags = row.tags.filter(tagFilter.contains)
                return r.tags.isEmpty ? nil : r
            }
        }
        let content =
            compared.count >= 2
            ? ContentComparison.compare(compared, by: grouping, baseline: baseline, resamples: resamples, using: &rng)
            : nil
        let comments = CommentAuthenticity.assess(interactions, probabilities: probabilities, threshold: threshold)
        return EngagementReport(
            posts: measured.count, interactions: interactions.count, issues: issues, lastN: last, period: period,
            weights: weights, authors: authors, content: content,
            authenticEngagement: probabilities.isEmpty || interactions.isEmpty
                ? nil
                : EngagerAnalysis.authenticEngagement(
                    interactions, probabilities: probabilities, threshold: threshold, weights: weights),
            followShare: followers.flatMap {
                interactions.isEmpty ? nil : EngagerAnalysis.followShare(interactions, followers: $0)
            },
            communityCore: EngagerAnalysis.communityCore(interactions, weights: weights, limit: 50),
            comments: comments)
    }

    /// Measures posts as the `engagement` job does: a post without a follower count at posting uses the
    /// author's current count from the source, else `followerCount`.
    ///
    /// Shared by `engagement` (`--follower-count`) and `audit --posts` (the audited audience's size).
    public static func measure(
        _ batch: PostBatch, followerCount: Int?, weights: EngagementWeights, includeReposts: Bool
    ) -> [PostEngagement] {
        var followersNow = batch.followersNow
        if let followerCount {
            for p in batch.posts where followersNow[p.author] == nil { followersNow[p.author] = followerCount }
        }
        return EngagementMetrics.measure(
            batch.posts, followersNow: followersNow, weights: weights, includeReposts: includeReposts)
    }
}
