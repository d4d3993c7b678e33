public import FoundationEssentials

/// Where the follower count used as a post's denominator came from.
public enum FollowerBasis: String, Sendable, Hashable, Codable {
    /// The author's count when the post was published (the Rival IQ convention).
    case atPosting = "at_posting"
    /// The author's count when the data was captured, used when the count at posting is unknown.
    case current
}

/// The engagement measures of one post.
public struct PostEngagement: Sendable, Hashable, Codable {
    public var post: PostID
    public var author: ProfileID
    public var createdAt: Date?
    public var kind: PostKind
    public var format: PostFormat?
    public var tags: [String]
    /// Likes (reactions) + replies (comments) + reposts (shares) + quotes, over the counts the source gives.
    public var engagements: Int
    /// Σ weight × count over likes, saves, clicks, comments, shares and quotes.
    public var weightedEngagements: Double
    /// The follower count used as denominator, and where it came from.
    public var followers: Int?
    public var followerBasis: FollowerBasis?
    /// engagements ÷ followers.
    public var rateByFollowers: Double?
    /// engagements ÷ reach (unique accounts reached).
    public var rateByReach: Double?
    /// engagements ÷ impressions.
    public var rateByImpressions: Double?
    /// weighted engagements ÷ reach (SocialCascade's WERR), or ÷ followers when reach is unknown.
    public var weightedRate: Double?
    public var likes: Int?
    public var comments: Int?

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case post, author
        case createdAt = "created_at"
        case kind, format, tags, engagements
        case weightedEngagements = "weighted_engagements"
        case followers
        case followerBasis = "follower_basis"
        case rateByFollowers = "rate_by_followers"
        case rateByReach = "rate_by_reach"
        case rateByImpressions = "rate_by_impressions"
        case weightedRate = "weighted_rate"
        case likes, comments
    }
}

/// Engagement over a set of posts (the last N posts, or one period).
public struct EngagementSummary: Sendable, Hashable, Codable {
    /// Posts measured.
    public var posts: Int
    /// Posts that had a follower count (the denominator of the follower rates).
    public var postsWithFollowers: Int
    public var meanRateByFollowers: Double?
    public var medianRateByFollowers: Double?
    public var meanRateByReach: Double?
    public var meanRateByImpressions: Double?
    public var meanWeightedRate: Double?
    public var meanEngagements: Double?
    public var meanLikes: Double?
    public var meanComments: Double?

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case posts
        case postsWithFollowers = "posts_with_followers"
        case meanRateByFollowers = "mean_rate_by_followers"
        case medianRateByFollowers = "median_rate_by_followers"
        case meanRateByReach = "mean_rate_by_reach"
        case meanRateByImpressions = "mean_rate_by_impressions"
        case meanWeightedRate = "mean_weighted_rate"
        case meanEngagements = "mean_engagements"
        case meanLikes = "mean_likes"
        case meanComments = "mean_comments"
    }
}

/// A calendar period for engagement over time.
public enum EngagementPeriod: String, Sendable, Hashable, Codable, CaseIterable {
    /// ISO weeks starting on Monday (UTC).
    case week
    /// Calendar months (UTC).
    case month

    /// The first day of the period that contains `day`.
    public func start(of day: CalendarDay) -> CalendarDay {
        switch self {
        case .week: day.weekStart
        case .month: day.monthStart
        }
    }
}

/// Engagement of the posts published in one period.
public struct PeriodEngagement: Sendable, Hashable, Codable {
    /// First day of the period.
    public var start: CalendarDay
    public var summary: EngagementSummary
}

/// Engagement-rate measures (pure functions; formulas in `docs/metrics.md`, "## Engagement").
public enum EngagementMetrics {
    /// Total engagements of a post: likes + replies + reposts + quotes, over the counts known.
    ///
    /// Rival IQ counts likes/reactions, comments and shares/retweets (help.rivaliq.com/en/articles/2043672);
    /// quotes are retweets with text. Saves and clicks are private metrics and count only in weighted engagement.
    /// - Returns: nil when the source gives none of these counts.
    public static func engagements(of post: Post) -> Int? {
        let counts = [post.likes, post.replies, post.reposts, post.quotes].compactMap { $0 }
        return counts.isEmpty ? nil : counts.reduce(0, +)
    }

    /// Weighted engagements: Σ weight × count over the actions the post reports.
    public static func weightedEngagements(of post: Post, weights: EngagementWeights = .socialCascade) -> Double {
        var total = 0.0
        total += Double(post.likes ?? 0) * weights.like
        total += Double(post.saves ?? 0) * weights.save
        total += Double(post.clicks ?? 0) * weights.click
        total += Double(post.replies ?? 0) * weights.comment
        total += Double(post.reposts ?? 0) * weights.share
        total += Double(post.quotes ?? 0) * weights.quote
        return total
    }

    /// Measures one post.
    ///
    /// - Parameters:
    ///   - post: the post.
    ///   - followersNow: the author's current follower count, used only when `post.followersAtPosting` is nil.
    ///   - weights: weights for weighted engagement.
    /// - Returns: nil when the post carries no engagement counts at all.
    public static func measure(
        _ post: Post,
        followersNow: Int? = nil,
        weights: EngagementWeights = .socialCascade
    ) -> PostEngagement? {
        guard let total = engagements(of: post) else { return nil }
        let weighted = weightedEngagements(of: post, weights: weights)
        var followers: Int?
        var basis: FollowerBasis?
        if let f = post.followersAtPosting {
            followers = f
            basis = .atPosting
        } else if let f = followersNow {
            followers = f
            basis = .current
        }
        func ratio(_ n: Double, _ d: Int?) -> Double? {
            guard let d, d > 0 else { return nil }
            return n / Double(d)
        }
        return PostEngagement(
            post: post.id,
            author: post.author,
            createdAt: post.createdAt,
            kind: post.kind,
            format: post.format,
            tags: post.tags,
            engagements: total,
            weightedEngagements: weighted,
            followers: followers,
            followerBasis: basis,
            rateByFollowers: ratio(Double(total), followers),
            rateByReach: ratio(Double(total), post.reach),
            rateByImpressions: ratio(Double(total), post.impressions),
            weightedRate: ratio(weighted, post.reach) ?? ratio(weighted, followers),
            likes: post.likes,
            comments: post.replies
        )
    }

    /// Measures every post, newest first; reposts (whose counts belong to someone else) are skipped unless asked for.
    ///
    /// - Parameters:
    ///   - posts: the posts.
    ///   - followersNow: current follower counts by author, for posts without a count at posting.
    ///   - weights: weights for weighted engagement.
    ///   - includeReposts: whether reposts are measured too.
    /// - Returns: the measured posts sorted by ``newestFirst(_:_:)``; posts with no engagement counts at all
    ///   are left out.
    /// - Complexity: O(n log n).
    public static func measure(
        _ posts: [Post],
        followersNow: [ProfileID: Int] = [:],
        weights: EngagementWeights = .socialCascade,
        includeReposts: Bool = false
    ) -> [PostEngagement] {
        let measured = posts.compactMap { post -> PostEngagement? in
            if post.kind == .repost && !includeReposts { return nil }
            return measure(post, followersNow: followersNow[post.author], weights: weights)
        }
        return measured.sorted(by: newestFirst)
    }

    /// Summarises the newest `lastPosts` posts (all when nil); the mean ER by followers over the latest 12
    /// posts is HypeAuditor's account ER (help.hypeauditor.com/en/articles/2771955).
    public static func summary(_ measured: [PostEngagement], lastPosts: Int? = nil) -> EngagementSummary {
        var rows = measured.sorted(by: newestFirst)
        if let n = lastPosts, n >= 0, rows.count > n { rows = Array(rows.prefix(n)) }
        let byFollowers = rows.compactMap(\.rateByFollowers)
        return EngagementSummary(
            posts: rows.count,
            postsWithFollowers: byFollowers.count,
            meanRateByFollowers: EngagementMath.mean(byFollowers),
            medianRateByFollowers: EngagementMath.median(byFollowers),
            meanRateByReach: EngagementMath.mean(rows.compactMap(\.rateByReach)),
            meanRateByImpressions: EngagementMath.mean(rows.compactMap(\.rateByImpressions)),
            meanWeightedRate: EngagementMath.mean(rows.compactMap(\.weightedRate)),
            meanEngagements: EngagementMath.mean(rows.map { Double($0.engagements) }),
            meanLikes: EngagementMath.mean(rows.compactMap { $0.likes.map(Double.init) }),
            meanComments: EngagementMath.mean(rows.compactMap { $0.comments.map(Double.init) })
        )
    }

    /// Engagement per week or month, oldest period first; posts without a date are left out.
    ///
    /// - Complexity: O(n log n).
    public static func overTime(_ measured: [PostEngagement], period: EngagementPeriod) -> [PeriodEngagement] {
        var groups: [CalendarDay: [PostEngagement]] = [:]
        for row in measured {
            guard let date = row.createdAt else { continue }
            groups[period.start(of: CalendarDay(date)), default: []].append(row)
        }
        return groups.keys.sorted().map { start in
            PeriodEngagement(start: start, summary: summary(groups[start] ?? []))
        }
    }

    /// Orders measured posts newest first; undated last; ties by post id.
    ///
    /// Breaking ties by post id makes the order deterministic.
    public static func newestFirst(_ a: PostEngagement, _ b: PostEngagement) -> Bool {
        switch (a.createdAt, b.createdAt) {
        case let (x?, y?) where x != y: return x > y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.post < b.post
        }
    }
}
