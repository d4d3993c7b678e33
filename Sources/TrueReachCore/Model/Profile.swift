public import FoundationEssentials

/// One account on one platform, as a profile snapshot.
///
/// Every field but `platform` and `id` is optional, because platforms and exports
/// differ: Instagram exports carry no likes or lists, Bluesky has no list count,
/// the X archive lists follower ids only. A missing value is `nil`, never zero:
/// features and rules treat "unknown" explicitly.
///
/// Some tables carry only derived facts about text they do not include (InstaFake
/// gives a username's length and digit count, not the username). Those facts go in
/// ``handleLength``, ``handleDigits``, ``bioLength`` and friends; feature extraction
/// prefers the text when it is present and falls back to the stored facts.
public struct Profile: Sendable, Hashable, Codable {
    /// The network the account is on.
    public var platform: Platform
    /// The platform's identifier (or the handle when the source has no id).
    public var id: ProfileID
    /// The user name without `@` (`screen_name`, `username`, `acct`, Bluesky handle).
    public var handle: String?
    /// The display name.
    public var displayName: String?
    /// The profile description, as plain text.
    public var bio: String?
    /// Profiles following this one.
    public var followersCount: Int?
    /// Profiles this one follows (`friends_count` on X).
    public var followingCount: Int?
    /// Posts published (`statuses_count`, `media_count`, `postsCount`).
    public var postsCount: Int?
    /// Posts this account has liked (`favourites_count` on X).
    public var likesCount: Int?
    /// Public lists the account is on (`listed_count` on X).
    public var listsCount: Int?
    /// When the account was created.
    public var createdAt: Date?
    /// When this snapshot of the profile was taken (rates are measured up to here).
    public var capturedAt: Date?
    /// When the account last posted, where known.
    public var lastPostAt: Date?
    /// The platform's verified badge.
    public var verified: Bool?
    /// The avatar is the platform default (or there is none).
    public var defaultAvatar: Bool?
    /// The profile theme was never changed (X `default_profile`).
    public var defaultProfile: Bool?
    /// The profile uses a background image (X `profile_use_background_image`).
    public var backgroundImage: Bool?
    /// The account is private or protected.
    public var `private`: Bool?
    /// The account declares itself automated (Mastodon `bot`, X automated label).
    public var bot: Bool?
    /// The profile's website link.
    public var url: String?
    /// The free-text location.
    public var location: String?
    /// The profile or interface language.
    public var language: String?

    /// Length of the handle in Unicode scalars, when only the length is known.
    public var handleLength: Int?
    /// Count of ASCII digits in the handle, when only the count is known.
    public var handleDigits: Int?
    /// Length of the display name, when only the length is known.
    public var displayNameLength: Int?
    /// Count of ASCII digits in the display name, when only the count is known.
    public var displayNameDigits: Int?
    /// Length of the bio, when only the length is known.
    public var bioLength: Int?
    /// Whether the profile has a website link, when only that is known.
    public var hasURL: Bool?

    /// Creates an account; every profile field defaults to unknown.
    public init(
        platform: Platform,
        id: ProfileID,
        handle: String? = nil,
        displayName: String? = nil,
        bio: String? = nil,
        followersCount: Int? = nil,
        followingCount: Int? = nil,
        postsCount: Int? = nil,
        likesCount: Int? = nil,
        listsCount: Int? = nil,
        createdAt: Date? = nil,
        capturedAt: Date? = nil,
        lastPostAt: Date? = nil,
        verified: Bool? = nil,
        defaultAvatar: Bool? = nil,
        defaultProfile: Bool? = nil,
        backgroundImage: Bool? = nil,
        private: Bool? = nil,
        bot: Bool? = nil,
        url: String? = nil,
        location: String? = nil,
        language: String? = nil,
        handleLength: Int? = nil,
        handleDigits: Int? = nil,
        displayNameLength: Int? = nil,
        displayNameDigits: Int? = nil,
        bioLength: Int? = nil,
        hasURL: Bool? = nil
    ) {
        self.platform = platform
        self.id = id
        self.handle = handle
        self.displayName = displayName
        self.bio = bio
        self.followersCount = followersCount
        self.followingCount = followingCount
        self.postsCount = postsCount
        self.likesCount = likesCount
        self.listsCount = listsCount
        self.createdAt = createdAt
        self.capturedAt = capturedAt
        self.lastPostAt = lastPostAt
        self.verified = verified
        self.defaultAvatar = defaultAvatar
        self.defaultProfile = defaultProfile
        self.backgroundImage = backgroundImage
        self.private = `private`
        self.bot = bot
        self.url = url
        self.location = location
        self.language = language
        self.handleLength = handleLength
        self.handleDigits = handleDigits
        self.displayNameLength = displayNameLength
        self.displayNameDigits = displayNameDigits
        self.bioLength = bioLength
        self.hasURL = hasURL
    }

    /// The canonical JSON keys (snake_case), shared by JSON lines, CSV headers and database columns.
    public enum CodingKeys: String, CodingKey, CaseIterable {
        case platform, id, handle
        case displayName = "display_name"
        case bio
        case followersCount = "followers_count"
        case followingCount = "following_count"
        case postsCount = "posts_count"
        case likesCount = "likes_count"
        case listsCount = "lists_count"
        case createdAt = "created_at"
        case capturedAt = "captured_at"
        case lastPostAt = "last_post_at"
        case verified
        case defaultAvatar = "default_avatar"
        case defaultProfile = "default_profile"
        case backgroundImage = "background_image"
        case `private`
        case bot
        case url, location, language
        case handleLength = "handle_length"
        case handleDigits = "handle_digits"
        case displayNameLength = "display_name_length"
        case displayNameDigits = "display_name_digits"
        case bioLength = "bio_length"
        case hasURL = "has_url"
    }
}
