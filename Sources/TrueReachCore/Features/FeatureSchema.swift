/// The ordered list of features a ``FeatureExtractor`` produces, with a version.
///
/// A saved model records the schema it was trained on; loading it against a different
/// schema throws ``ModelError/Code/featureSchemaMismatch``. Bump ``version`` whenever a
/// feature is added, removed, reordered or its definition changes.
public struct FeatureSchema: Sendable, Hashable, Codable {
    /// The schema version, such as `"profile-2"`.
    public var version: String
    /// Feature names in column order.
    public var names: [String]

    /// Creates a schema.
    public init(version: String, names: [String]) {
        self.version = version
        self.names = names
    }

    /// The number of features (columns).
    public var count: Int { names.count }

    /// The column of a named feature, if the schema has it.
    public func index(of name: String) -> Int? { names.firstIndex(of: name) }
}

/// The profile features, in column order.
///
/// The first twenty are BotometerLite's (Yang et al., AAAI 2020), in the order of
/// `../shared/peers/features.py`; the rest are additions measured to generalise
/// across datasets (see `docs/decisions/0002-authenticity-model.md`).
public enum ProfileFeature: Int, Sendable, CaseIterable {
    case postsCount
    case followersCount
    case followingCount
    case likesCount
    case listsCount
    case defaultProfile
    case backgroundImage
    case verified
    case postsPerHour
    case followersPerHour
    case followingPerHour
    case likesPerHour
    case listsPerHour
    case followersFollowingRatio
    case handleLength
    case handleDigits
    case displayNameLength
    case displayNameDigits
    case bioLength
    case handleLikelihood
    // Additions beyond BotometerLite.
    case followingFollowersRatio
    case accountAgeDays
    case bioPresent
    case urlPresent
    case locationPresent
    case defaultAvatar
    case handleDigitShare
    case handleEntropy
    case nameHandleSimilarity
    case `private`
    case selfDeclaredBot
    case likesPerPost
    case botWord

    /// The stable feature name used in schemas, model files and signal codes.
    public var name: String {
        switch self {
        case .postsCount: "posts_count"
        case .followersCount: "followers_count"
        case .followingCount: "following_count"
        case .likesCount: "likes_count"
        case .listsCount: "lists_count"
        case .defaultProfile: "default_profile"
        case .backgroundImage: "background_image"
        case .verified: "verified"
        case .postsPerHour: "posts_per_hour"
        case .followersPerHour: "followers_per_hour"
        case .followingPerHour: "following_per_hour"
        case .likesPerHour: "likes_per_hour"
        case .listsPerHour: "lists_per_hour"
        case .followersFollowingRatio: "followers_following_ratio"
        case .handleLength: "handle_length"
        case .handleDigits: "handle_digits"
        case .displayNameLength: "display_name_length"
        case .displayNameDigits: "display_name_digits"
        case .bioLength: "bio_length"
        case .handleLikelihood: "handle_likelihood"
        case .followingFollowersRatio: "following_followers_ratio"
        case .accountAgeDays: "account_age_days"
        case .bioPresent: "bio_present"
        case .urlPresent: "url_present"
        case .locationPresent: "location_present"
        case .defaultAvatar: "default_avatar"
        case .handleDigitShare: "handle_digit_share"
        case .handleEntropy: "handle_entropy"
        case .nameHandleSimilarity: "name_handle_similarity"
        case .private: "private"
        case .selfDeclaredBot: "self_declared_bot"
        case .likesPerPost: "likes_per_post"
        case .botWord: "bot_word"
        }
    }

    /// Whether the feature is one of BotometerLite's twenty.
    public var isBotometerLite: Bool { rawValue < 20 }
}
