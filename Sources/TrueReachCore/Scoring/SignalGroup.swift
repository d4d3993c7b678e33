/// A reader-facing reason behind a score: several related features explained as one sentence.
///
/// Path attribution gives one contribution per feature; features that describe the same
/// thing (followers, following, their ratio and growth rates) are summed into one group, and
/// the group is rendered with the account's own values ("follows 4,800, followed by 12").
public enum SignalGroup: String, Sendable, CaseIterable {
    case followBalance = "follow_balance"
    case activity
    case likes
    case lists
    case accountAge = "account_age"
    case handle
    case displayName = "display_name"
    case bio
    case profileDefaults = "profile_defaults"
    case verified
    case url
    case location
    case `private`
    case declaredBot = "declared_bot"

    /// The group a feature belongs to.
    public static func of(_ feature: ProfileFeature) -> SignalGroup {
        switch feature {
        case .followersCount, .followingCount, .followersFollowingRatio, .followingFollowersRatio,
            .followersPerHour, .followingPerHour:
            .followBalance
        case .postsCount, .postsPerHour: .activity
        case .likesCount, .likesPerHour, .likesPerPost: .likes
        case .listsCount, .listsPerHour: .lists
        case .accountAgeDays: .accountAge
        case .handleLength, .handleDigits, .handleDigitShare, .handleEntropy, .handleLikelihood: .handle
        case .displayNameLength, .displayNameDigits, .nameHandleSimilarity: .displayName
        case .bioLength, .bioPresent: .bio
        case .defaultProfile, .backgroundImage, .defaultAvatar: .profileDefaults
        case .verified: .verified
        case .urlPresent: .url
        case .locationPresent: .location
        case .private: .private
        case .selfDeclaredBot, .botWord: .declaredBot
        }
    }

    /// Group index of every schema column, in column order.
    static let columnGroups: [Int] = ProfileFeature.allCases.map { groupIndex[of($0)] ?? 0 }
    static let groupIndex: [SignalGroup: Int] = Dictionary(
        uniqueKeysWithValues: SignalGroup.allCases.enumerated().map { ($1, $0) }
    )

    /// The signal code, `model.<group>`.
    public var code: String { "model.\(rawValue)" }

    /// Plain words for this group, using the account's values.
    ///
    /// - Parameters:
    ///   - account: The account.
    ///   - row: Its features (row-major, schema order) starting at `offset`.
    ///   - offset: Where the row starts.
    /// - Returns: A short phrase such as "follows 4,800, followed by 12".
    public func text(account: Profile, row: [Float], at offset: Int) -> String {
        func f(_ feature: ProfileFeature) -> Float { row[offset + feature.rawValue] }
        func count(_ v: Int?) -> String { v.map(CountText.grouped) ?? "an unknown number of" }
        switch self {
        case .followBalance:
            switch (account.followingCount, account.followersCount) {
            case let (following?, followers?):
                return "follows \(CountText.grouped(following)), followed by \(CountText.grouped(followers))"
            case let (nil, followers?): return "followed by \(CountText.grouped(followers))"
            case let (following?, nil): return "follows \(CountText.grouped(following))"
            case (nil, nil): return "follower counts unknown"
            }
        case .activity:
            guard let posts = account.postsCount else { return "number of posts unknown" }
            if posts == 0 { return "has never posted" }
            let perDay = f(.postsPerHour) * 24
            if perDay.isFinite && perDay >= 1 {
                return "\(CountText.grouped(posts)) posts, about \(CountText.grouped(Int(perDay.rounded()))) a day"
            }
            return posts == 1 ? "1 post" : "\(CountText.grouped(posts)) posts"
        case .likes:
            guard let likes = account.likesCount else { return "likes not reported" }
            return likes == 0 ? "has never liked a post" : "has liked \(count(likes)) posts"
        case .lists:
            guard let lists = account.listsCount else { return "list memberships not reported" }
            return lists == 0 ? "on no public lists" : "on \(count(lists)) public lists"
        case .accountAge:
            let days = f(.accountAgeDays)
            guard days.isFinite else { return "account age unknown" }
            if days < 1 { return "account is less than a day old" }
            if days < 61 { return "account is \(Int(days)) day\(Int(days) == 1 ? "" : "s") old" }
            if days < 730 { return "account is \(Int(days / 30.44)) months old" }
            return "account is \(Int(days / 365.25)) years old"
        case .handle:
            let length = f(.handleLength)
            let digits = f(.handleDigits)
            guard length.isFinite else { return "handle unknown" }
            let l = Int(length)
            if digits.isFinite && digits > 0 {
                let d = Int(digits)
                return digits * 2 >= length
                    ? "handle is mostly digits (\(d) of \(l))" : "handle has \(d) digit\(d == 1 ? "" : "s") (of \(l))"
            }
            let likelihood = f(.handleLikelihood)
            if likelihood.isFinite && likelihood < 0.0005 { return "handle looks random (\(l) characters)" }
            return "handle looks ordinary (\(l) characters)"
        case .displayName:
            let length = f(.displayNameLength)
            guard length.isFinite else { return "display name unknown" }
            if length == 0 { return "no display name" }
            let digits = f(.displayNameDigits)
            if digits.isFinite && digits > 0 { return "display name contains \(Int(digits)) digits" }
            let similarity = f(.nameHandleSimilarity)
            if similarity.isFinite {
                return similarity >= 0.5 ? "display name matches the handle" : "display name unlike the handle"
            }
            return "display name of \(Int(length)) characters"
        case .bio:
            let length = f(.bioLength)
            guard length.isFinite else { return "bio unknown" }
            let present = f(.bioPresent)
            if length == 0 || present == 0 { return "no bio" }
            return "bio of \(Int(length)) characters"
        case .profileDefaults:
            if account.defaultAvatar == true { return "default profile picture" }
            if account.defaultProfile == true { return "default profile theme" }
            if account.defaultAvatar == false || account.defaultProfile == false { return "customised profile" }
            return "profile appearance unknown"
        case .verified:
            switch account.verified {
            case true?: return "verified account"
            case false?: return "not verified"
            case nil: return "verification unknown"
            }
        case .url:
            let v = f(.urlPresent)
            return v.isNaN ? "website unknown" : (v > 0 ? "links a website" : "no website")
        case .location:
            let v = f(.locationPresent)
            return v.isNaN ? "location unknown" : (v > 0 ? "gives a location" : "no location")
        case .private:
            switch account.private {
            case true?: return "private account"
            case false?: return "public account"
            case nil: return "privacy unknown"
            }
        case .declaredBot:
            if account.bot == true { return "declares itself a bot" }
            return f(.botWord) == 1 ? "calls itself a bot" : "does not call itself a bot"
        }
    }
}
