public import TrueReachCore

/// The post and interaction formats the readers recognise.
public enum PostSourceFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// X account archive `data/tweets.js` / `tweet.js` (`window.YTD.tweets.part0 = [...]`, counts as strings).
    case xArchive = "x-archive"
    /// X API v1.1 tweet objects (a JSON array, one object, or JSON lines).
    case xAPI = "x-api"
    /// Mastodon `Status` entities (`GET /api/v1/accounts/:id/statuses`).
    case mastodon
    /// Bluesky `app.bsky.feed.getAuthorFeed` (`{"feed": [feedViewPost]}`).
    case blueskyFeed = "bluesky-feed"
    /// UCI "Facebook metrics" page post table (Moro et al. 2016).
    case facebookPageMetrics = "facebook-page-metrics"
    /// UCI "Facebook Live sellers in Thailand" `Live.csv` (Dehouche 2020).
    case facebookLiveSellers = "facebook-live-sellers"
    /// InstaFake `automated-v1.0` per-account arrays of per-post likes, comments and times.
    case instafakeAutomated = "instafake-automated"
    /// Canonical posts: JSON lines (or an array) with ``Post`` keys.
    case canonicalJSON = "posts-json"
    /// Canonical posts CSV with ``Post`` keys as headers (`links` and `tags` separated by `|`).
    case canonicalCSV = "posts-csv"
    /// Canonical interactions: JSON lines with ``Interaction`` keys.
    case interactionsJSON = "interactions-json"
    /// Canonical interactions CSV with ``Interaction`` keys as headers.
    case interactionsCSV = "interactions-csv"
}

/// What one or more post files held.
public struct PostBatch: Sendable {
    public var posts: [Post]
    public var interactions: [Interaction]
    /// Authors with the follower count the source gives at capture time (for posts without a count at posting).
    public var authors: [Profile]
    /// Records that could not be read.
    public var issues: [IngestIssue]
    /// Records read successfully (posts + interactions).
    public var records: Int

    /// Creates an empty batch.
    public init(
        posts: [Post] = [], interactions: [Interaction] = [], authors: [Profile] = [], issues: [IngestIssue] = [],
        records: Int = 0
    ) {
        self.posts = posts
        self.interactions = interactions
        self.authors = authors
        self.issues = issues
        self.records = records
    }

    /// Appends another batch.
    public mutating func append(_ other: PostBatch) {
        posts += other.posts
        interactions += other.interactions
        authors += other.authors
        issues += other.issues
        records += other.records
    }

    /// The latest follower count per author (the last one read wins).
    public var followersNow: [ProfileID: Int] {
        var out: [ProfileID: Int] = [:]
        for a in authors { if let f = a.followersCount { out[a.id] = f } }
        return out
    }
}

extension PostBatch {
    /// Keeps `post` (and the snapshot of its `author`, when given), or records an issue naming the
    /// field when one of their counts is negative: a negative count is not a count, and the record is
    /// skipped as every reader skips such records (`docs/formats.md`).
    mutating func add(_ post: Post, author: Profile? = nil, authorField: String = "user", file: String, line: Int) {
        if let field = Self.negativeCount(post)
            ?? author.flatMap({ Self.negativeCount($0).map { "\(authorField).\($0)" } })
        {
            issues.append(IngestIssue(file: file, line: line, field: field, reason: "negative count"))
            return
        }
        posts.append(post)
        records += 1
        if let author { authors.append(author) }
    }

    /// The canonical key of the first negative count of `post`, if any.
    static func negativeCount(_ post: Post) -> String? {
        let counts: [(Post.CodingKeys, Int?)] = [
            (.mediaCount, post.mediaCount), (.likes, post.likes), (.replies, post.replies), (.reposts, post.reposts),
            (.quotes, post.quotes), (.saves, post.saves), (.clicks, post.clicks), (.impressions, post.impressions),
            (.reach, post.reach), (.followersAtPosting, post.followersAtPosting), (.engagedUsers, post.engagedUsers),
        ]
        return counts.first { ($0.1 ?? 0) < 0 }?.0.rawValue
    }

    /// The key of the first negative count of an author snapshot, if any.
    static func negativeCount(_ account: Profile) -> String? {
        if (account.followersCount ?? 0) < 0 { return "followers_count" }
        if (account.followingCount ?? 0) < 0 { return "following_count" }
        if (account.postsCount ?? 0) < 0 { return "posts_count" }
        return nil
    }
}
