public import FoundationEssentials

/// The platform's identifier of a post, kept as text.
public struct PostID: RawRepresentable, Sendable, Hashable, Codable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public var rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }

    public static func < (lhs: PostID, rhs: PostID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// What kind of post this is.
public enum PostKind: String, Sendable, Hashable, Codable, CaseIterable {
    case original
    case reply
    case repost
    case quote
}

/// The main media form of a post, where the source says (used to compare content types).
public enum PostFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// Text only (Facebook "Status").
    case text
    case photo
    case video
    /// A link preview or external card.
    case link
    /// Several media items, or a mix (a carousel, an embed with media).
    case mixed
}

/// One post by an account, with the engagement counts the source reports.
///
/// Counts are optional: a source that does not report saves leaves `saves` nil,
/// which is not the same as zero saves.
public struct Post: Sendable, Hashable, Codable {
    public var platform: Platform
    public var id: PostID
    /// The account that published it.
    public var author: ProfileID
    /// When it was published.
    public var createdAt: Date?
    public var kind: PostKind
    public var text: String?
    /// Links in the post (expanded where the source gives them).
    public var links: [String]
    /// Number of attached media items.
    public var mediaCount: Int
    /// User-defined tags such as `personal` or `curated`, for content comparison.
    public var tags: [String]
    public var likes: Int?
    public var replies: Int?
    public var reposts: Int?
    public var quotes: Int?
    public var saves: Int?
    public var clicks: Int?
    /// Times shown (impressions / views).
    public var impressions: Int?
    /// Unique accounts reached.
    public var reach: Int?
    /// The author's follower count when the post was published, where known.
    public var followersAtPosting: Int?
    /// The media form (photo, video, link, text), where the source says.
    public var format: PostFormat?
    /// Profiles that engaged at all (Facebook "Lifetime Engaged Users"), where known.
    public var engagedUsers: Int?

    /// Creates a post; every count defaults to unknown.
    public init(
        platform: Platform,
        id: PostID,
        author: ProfileID,
        createdAt: Date? = nil,
        kind: PostKind = .original,
        text: String? = nil,
        links: [String] = [],
        mediaCount: Int = 0,
        tags: [String] = [],
        likes: Int? = nil,
        replies: Int? = nil,
        reposts: Int? = nil,
        quotes: Int? = nil,
        saves: Int? = nil,
        clicks: Int? = nil,
        impressions: Int? = nil,
        reach: Int? = nil,
        followersAtPosting: Int? = nil,
        format: PostFormat? = nil,
        engagedUsers: Int? = nil
    ) {
        self.platform = platform
        self.id = id
        self.author = author
        self.createdAt = createdAt
        self.kind = kind
        self.text = text
        self.links = links
        self.mediaCount = mediaCount
        self.tags = tags
        self.likes = likes
        self.replies = replies
        self.reposts = reposts
        self.quotes = quotes
        self.saves = saves
        self.clicks = clicks
        self.impressions = impressions
        self.reach = reach
        self.followersAtPosting = followersAtPosting
        self.format = format
        self.engagedUsers = engagedUsers
    }

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case platform, id, author
        case createdAt = "created_at"
        case kind, text, links
        case mediaCount = "media_count"
        case tags, likes, replies, reposts, quotes, saves, clicks, impressions, reach
        case followersAtPosting = "followers_at_posting"
        case format
        case engagedUsers = "engaged_users"
    }

    /// Decodes a post; only `platform`, `id` and `author` are required, the rest default as in ``init(platform:id:author:createdAt:kind:text:links:mediaCount:tags:likes:replies:reposts:quotes:saves:clicks:impressions:reach:followersAtPosting:format:engagedUsers:)``.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        platform = try c.decode(Platform.self, forKey: .platform)
        id = try c.decode(PostID.self, forKey: .id)
        author = try c.decode(ProfileID.self, forKey: .author)
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        kind = try c.decodeIfPresent(PostKind.self, forKey: .kind) ?? .original
        text = try c.decodeIfPresent(String.self, forKey: .text)
        links = try c.decodeIfPresent([String].self, forKey: .links) ?? []
        mediaCount = try c.decodeIfPresent(Int.self, forKey: .mediaCount) ?? 0
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        likes = try c.decodeIfPresent(Int.self, forKey: .likes)
        replies = try c.decodeIfPresent(Int.self, forKey: .replies)
        reposts = try c.decodeIfPresent(Int.self, forKey: .reposts)
        quotes = try c.decodeIfPresent(Int.self, forKey: .quotes)
        saves = try c.decodeIfPresent(Int.self, forKey: .saves)
        clicks = try c.decodeIfPresent(Int.self, forKey: .clicks)
        impressions = try c.decodeIfPresent(Int.self, forKey: .impressions)
        reach = try c.decodeIfPresent(Int.self, forKey: .reach)
        followersAtPosting = try c.decodeIfPresent(Int.self, forKey: .followersAtPosting)
        format = try c.decodeIfPresent(PostFormat.self, forKey: .format)
        engagedUsers = try c.decodeIfPresent(Int.self, forKey: .engagedUsers)
    }
}

/// What an account did to a post.
public enum InteractionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case like
    case reply
    case repost
    case quote
    case save
    case click
}

/// One account's action on one post (who did what to which post).
public struct Interaction: Sendable, Hashable, Codable {
    public var platform: Platform
    public var post: PostID
    /// The profile that acted.
    public var profile: ProfileID
    public var kind: InteractionKind
    public var createdAt: Date?
    /// The text of a reply or quote, where known (written by strangers: escape it).
    public var text: String?

    /// Creates an interaction.
    public init(
        platform: Platform,
        post: PostID,
        profile: ProfileID,
        kind: InteractionKind,
        createdAt: Date? = nil,
        text: String? = nil
    ) {
        self.platform = platform
        self.post = post
        self.profile = profile
        self.kind = kind
        self.createdAt = createdAt
        self.text = text
    }

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case platform, post, profile, kind
        case createdAt = "created_at"
        case text
    }

    private enum LegacyKeys: String, CodingKey {
        /// What `profile` was called before store.v4.
        case account
    }

    /// Decodes an interaction; `profile` is also read under its earlier key `account`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        platform = try c.decode(Platform.self, forKey: .platform)
        post = try c.decode(PostID.self, forKey: .post)
        if let profile = try c.decodeIfPresent(ProfileID.self, forKey: .profile) {
            self.profile = profile
        } else {
            profile = try decoder.container(keyedBy: LegacyKeys.self).decode(ProfileID.self, forKey: .account)
        }
        kind = try c.decode(InteractionKind.self, forKey: .kind)
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt)
        text = try c.decodeIfPresent(String.self, forKey: .text)
    }
}

extension Interaction {
    /// Whether this interaction is a comment (a reply to the post, with or without text).
    public var isComment: Bool { kind == .reply }
}
