/// The share of engagements that come from accounts not scored suspicious.
public struct AuthenticEngagement: Sendable, Hashable, Codable {
    /// Interactions whose author has a score.
    public var scored: Int
    /// Scored interactions by accounts below the threshold.
    public var authentic: Int
    /// Interactions whose author has no score (left out of the share).
    public var unscored: Int
    /// authentic ÷ scored; nil when nothing is scored.
    public var share: Double?
    /// Σ weight over authentic interactions ÷ Σ weight over scored interactions.
    public var weightedShare: Double?

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case scored, authentic, unscored, share
        case weightedShare = "weighted_share"
    }
}

/// Distinct engagers who follow the account, against all distinct engagers.
public struct EngagerFollowShare: Sendable, Hashable, Codable {
    public var engagers: Int
    public var followers: Int
    /// followers ÷ engagers; nil when there are no engagers.
    public var share: Double?
}

/// One member of the community core: an account that engaged with several distinct posts.
public struct CoreMember: Sendable, Hashable, Codable {
    public var profile: ProfileID
    /// Distinct posts the profile engaged with.
    public var posts: Int
    /// All its interactions.
    public var interactions: Int
    /// Σ weight over its interactions.
    public var weightedInteractions: Double

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case profile, posts, interactions
        case weightedInteractions = "weighted_interactions"
    }
}

/// Who engages: authentic engagement, engagers who follow, the community core.
public enum EngagerAnalysis {
    /// Authentic engagement (HypeAuditor: the share of likes and comments from real people).
    ///
    /// share = |{i : p(author of i) < threshold}| ÷ |{i : author of i is scored}|.
    /// - Parameters:
    ///   - interactions: who did what to which post.
    ///   - probabilities: bot / fake probability per engager (from the scorer).
    ///   - threshold: the operating threshold; at or above it an engager is suspicious.
    ///   - weights: weights for the weighted share.
    /// - Returns: the counts of scored, authentic and unscored interactions, with the authentic share and
    ///   the weighted authentic share (each nil when its denominator is zero).
    /// - Complexity: O(n).
    public static func authenticEngagement(
        _ interactions: [Interaction],
        probabilities: [ProfileID: Double],
        threshold: Double,
        weights: EngagementWeights = .socialCascade
    ) -> AuthenticEngagement {
        var scored = 0
        var authentic = 0
        var unscored = 0
        var weightScored = 0.0
        var weightAuthentic = 0.0
        for i in interactions {
            guard let p = probabilities[i.profile] else {
                unscored += 1
                continue
            }
            scored += 1
            let w = weights.weight(of: i.kind)
            weightScored += w
            if p < threshold {
                authentic += 1
                weightAuthentic += w
            }
        }
        return AuthenticEngagement(
            scored: scored,
            authentic: authentic,
            unscored: unscored,
            share: scored > 0 ? Double(authentic) / Double(scored) : nil,
            weightedShare: weightScored > 0 ? weightAuthentic / weightScored : nil
        )
    }

    /// The share of distinct engagers who are in `followers`.
    /// - Complexity: O(n).
    public static func followShare(_ interactions: [Interaction], followers: Set<ProfileID>) -> EngagerFollowShare {
        let engagers = Set(interactions.map(\.profile))
        let following = engagers.filter { followers.contains($0) }.count
        return EngagerFollowShare(
            engagers: engagers.count,
            followers: following,
            share: engagers.isEmpty ? nil : Double(following) / Double(engagers.count)
        )
    }

    /// Profiles that engaged with at least `minimumPosts` distinct posts, ranked by distinct posts,
    /// then weighted interactions, then account id.
    /// - Complexity: O(n log n).
    public static func communityCore(
        _ interactions: [Interaction],
        minimumPosts: Int = 3,
        weights: EngagementWeights = .socialCascade,
        limit: Int? = nil
    ) -> [CoreMember] {
        var posts: [ProfileID: Set<PostID>] = [:]
        var counts: [ProfileID: Int] = [:]
        var weighted: [ProfileID: Double] = [:]
        for i in interactions {
            posts[i.profile, default: []].insert(i.post)
            counts[i.profile, default: 0] += 1
            weighted[i.profile, default: 0] += weights.weight(of: i.kind)
        }
        var members = posts.compactMap { profile, set -> CoreMember? in
            guard set.count >= minimumPosts else { return nil }
            return CoreMember(
                profile: profile,
                posts: set.count,
                interactions: counts[profile] ?? 0,
                weightedInteractions: weighted[profile] ?? 0
            )
        }
        members.sort {
            if $0.posts != $1.posts { return $0.posts > $1.posts }
            if $0.weightedInteractions != $1.weightedInteractions {
                return $0.weightedInteractions > $1.weightedInteractions
            }
            return $0.profile < $1.profile
        }
        if let limit, members.count > limit { members = Array(members.prefix(limit)) }
        return members
    }
}
