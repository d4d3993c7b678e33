import TrueReachCore

/// The built-in table mappings, one per tabular format. Column names are as the files spell them.
extension ColumnMapping {
    /// The mapping for a tabular format, `nil` for JSON formats that have their own wire types.
    static func builtIn(for format: ProfileFormat) -> ColumnMapping? {
        switch format {
        case .twitterUsersCSV: twitterUsers
        case .tweetbotornotCSV: tweetbotornot
        case .instafakeJSON: instafake
        case .instagramKaggleCSV: instagramKaggle
        case .instagramSeraphimCSV: instagramSeraphim
        case .instagramInfluencersCSV: instagramInfluencers
        case .canonicalCSV: canonical
        default: nil
        }
    }

    /// MIB / cresci-2015 `users.csv`: `NULL` missing, booleans `1` or empty, `updated` = capture time.
    static let twitterUsers = ColumnMapping(
        platform: .twitter,
        idColumns: ["id"],
        synthesizesIDs: false,
        rules: [
            Rule("screen_name", to: .handle), Rule("name", to: .displayName), Rule("description", to: .bio),
            Rule("followers_count", to: .followersCount, .count), Rule("friends_count", to: .followingCount, .count),
            Rule("statuses_count", to: .postsCount, .count), Rule("favourites_count", to: .likesCount, .count),
            Rule("listed_count", to: .listsCount, .count), Rule("created_at", to: .createdAt, .date),
            Rule("updated", to: .capturedAt, .date), Rule("verified", to: .verified, .flagEmptyIsFalse),
            Rule("default_profile_image", to: .defaultAvatar, .flagEmptyIsFalse),
            Rule("default_profile", to: .defaultProfile, .flagEmptyIsFalse),
            Rule("profile_use_background_image", to: .backgroundImage, .flagEmptyIsFalse),
            Rule("protected", to: .private, .flagEmptyIsFalse), Rule("url", to: .url),
            Rule("location", to: .location), Rule("lang", to: .language),
        ]
    )

    /// tweetbotornot (rtweet `users_data`): `False`/`True` flags, `account_created_at` in UTC.
    static let tweetbotornot = ColumnMapping(
        platform: .twitter,
        idColumns: ["user_id"],
        synthesizesIDs: false,
        rules: [
            Rule("screen_name", to: .handle), Rule("name", to: .displayName), Rule("description", to: .bio),
            Rule("followers_count", to: .followersCount, .count), Rule("friends_count", to: .followingCount, .count),
            Rule("statuses_count", to: .postsCount, .count), Rule("favourites_count", to: .likesCount, .count),
            Rule("listed_count", to: .listsCount, .count), Rule("account_created_at", to: .createdAt, .date),
            Rule("verified", to: .verified, .flag), Rule("protected", to: .private, .flag),
            Rule("profile_image_url", to: .defaultAvatar, .defaultAvatarURL),
            Rule("profile_expanded_url", "url", to: .url), Rule("location", to: .location),
            Rule("account_lang", to: .language),
        ]
    )

    /// InstaFake JSON objects: only numeric facts, no ids or names.
    static let instafake = ColumnMapping(
        platform: .instagram,
        idColumns: [],
        synthesizesIDs: true,
        rules: [
            Rule("userFollowerCount", to: .followersCount, .count),
            Rule("userFollowingCount", to: .followingCount, .count),
            Rule("userMediaCount", to: .postsCount, .count), Rule("userBiographyLength", to: .bioLength, .count),
            Rule("userHasProfilPic", to: .defaultAvatar, .invertedFlag), Rule("userIsPrivate", to: .private, .flag),
            Rule("usernameDigitCount", to: .handleDigits, .count), Rule("usernameLength", to: .handleLength, .count),
            Rule("userHasExternalUrl", to: .hasURL, .flag),
        ]
    )

    /// Kaggle "instagram fake spammer genuine": ratios for the name columns have no ``Profile`` field.
    static let instagramKaggle = ColumnMapping(
        platform: .instagram,
        idColumns: [],
        synthesizesIDs: true,
        rules: [
            Rule("#followers", to: .followersCount, .count), Rule("#follows", to: .followingCount, .count),
            Rule("#posts", to: .postsCount, .count), Rule("description length", to: .bioLength, .count),
            Rule("profile pic", to: .defaultAvatar, .invertedFlag), Rule("private", to: .private, .flag),
            Rule("external URL", to: .hasURL, .flag),
        ]
    )

    /// Seraphim follower tables: `ID` is the username (so it is both handle and id).
    static let instagramSeraphim = ColumnMapping(
        platform: .instagram,
        idColumns: [],
        synthesizesIDs: true,
        rules: [
            Rule("ID", to: .handle), Rule("Followers", to: .followersCount, .count),
            Rule("Following", to: .followingCount, .count), Rule("Posts", to: .postsCount, .count),
            Rule("Is private", to: .private, .flag),
        ]
    )

    /// "Top influencers" tables: `channel_info` is the username; counts are abbreviated.
    static let instagramInfluencers = ColumnMapping(
        platform: .instagram,
        idColumns: [],
        synthesizesIDs: true,
        rules: [
            Rule("channel_info", to: .handle), Rule("followers", to: .followersCount, .abbreviatedCount),
            Rule("posts", to: .postsCount, .abbreviatedCount), Rule("country", to: .location),
        ]
    )

    /// The canonical CSV: one column per ``Profile/CodingKeys`` raw value.
    static let canonical: ColumnMapping = {
        var rules: [Rule] = []
        for key in Profile.CodingKeys.allCases where key != .id {
            let transform: Transform
            switch key {
            case .platform: transform = .platform
            case .followersCount, .followingCount, .postsCount, .likesCount, .listsCount, .handleLength,
                .handleDigits, .displayNameLength, .displayNameDigits, .bioLength:
                transform = .count
            case .createdAt, .capturedAt, .lastPostAt: transform = .date
            case .verified, .defaultAvatar, .defaultProfile, .backgroundImage, .private, .bot, .hasURL:
                transform = .flag
            default: transform = .text
            }
            rules.append(Rule(key.rawValue, to: key, transform))
        }
        return ColumnMapping(
            platform: .other,
            idColumns: ["id"],
            synthesizesIDs: false,
            rules: rules,
            nullTokens: []
        )
    }()
}
