import TrueReachCore

/// An input format for account profiles; raw values are the `--input-format` names.
///
/// Detection (``ProfileFileReader`` with ``IngestConfiguration/format`` `nil`) looks at the
/// content only: the first non-space byte decides JSON (`[` or `{`) or CSV; JSON formats are told
/// apart by the keys of the first object (after unwrapping `user`, `profile`, `users`, `data`,
/// `profiles`, `followers`, `follows`), CSV formats by their header. See `docs/formats.md`.
public enum ProfileFormat: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// X API v1.1 user objects: a JSON array, JSON lines, a `{"users": [...]}` page, or
    /// TwiBot-20 `{"ID", "profile"}` records.
    case twitterV1 = "twitter-v1"
    /// Bot Repository `{"created_at", "user"}` records; the outer `created_at` is the capture time.
    case twitterV1BotRepository = "twitter-v1-botrepo"
    /// X API v2 user objects (`username`, `public_metrics`), bare or in `{"data": [...]}` pages.
    case twitterV2 = "twitter-v2"
    /// The classic MIB `users.csv` layout (cresci-2015): `NULL` for missing, `1`/empty booleans.
    case twitterUsersCSV = "twitter-users-csv"
    /// The tweetbotornot (rtweet) user table.
    case tweetbotornotCSV = "tweetbotornot-csv"
    /// InstaFake JSON arrays of numeric profile facts.
    case instafakeJSON = "instafake-json"
    /// The Kaggle "instagram fake spammer genuine" table.
    case instagramKaggleCSV = "instagram-kaggle-csv"
    /// The Seraphim Instagram follower table (`ID, Followers, Following, Posts, ...`).
    case instagramSeraphimCSV = "instagram-seraphim-csv"
    /// A "top influencers" table with abbreviated counts (`475.8m`).
    case instagramInfluencersCSV = "instagram-influencers-csv"
    /// Mastodon REST API Account entities (one object or an array).
    case mastodonAccount = "mastodon-account"
    /// Bluesky `profileView(Detailed)` objects, bare or in `getProfiles`/`getFollowers`/`getFollows` pages.
    case blueskyProfile = "bluesky-profile"
    /// Canonical JSON lines (keys are ``Profile/CodingKeys`` raw values, plus optional `label`, `dataset`).
    case canonicalJSONL = "canonical-jsonl"
    /// Canonical CSV (header = ``Profile/CodingKeys`` raw values, plus optional `label`, `dataset`).
    case canonicalCSV = "canonical-csv"

    /// The `--input-format` name.
    public var description: String { rawValue }

    /// The platform the format's accounts belong to (`nil` for canonical formats, which say per row).
    public var platform: Platform? {
        switch self {
        case .twitterV1, .twitterV1BotRepository, .twitterV2, .twitterUsersCSV, .tweetbotornotCSV: .twitter
        case .instafakeJSON, .instagramKaggleCSV, .instagramSeraphimCSV, .instagramInfluencersCSV: .instagram
        case .mastodonAccount: .mastodon
        case .blueskyProfile: .bluesky
        case .canonicalJSONL, .canonicalCSV: nil
        }
    }

    /// Whether the format is a delimited table (CSV) rather than JSON.
    public var isTabular: Bool {
        switch self {
        case .twitterUsersCSV, .tweetbotornotCSV, .instagramKaggleCSV, .instagramSeraphimCSV,
            .instagramInfluencersCSV, .canonicalCSV:
            true
        default: false
        }
    }
}
