/// The one category each follower falls in, decided in this precedence order.
///
/// 0. ``unknown``: no follower, following or post count at all (a bare id or username from an export):
///    the data cannot tell what the follower is, so it is neither counted real nor fake.
/// 1. ``suspicious``: bot / fake probability at or above the operating threshold.
/// 2. ``massFollower``: follows more than ``AudienceConfiguration/massFollowingCutoff`` accounts.
/// 3. ``inactive``: no post within ``AudienceConfiguration/inactiveDays`` where that is known, or no post ever.
/// 4. ``influencer``: more than ``AudienceConfiguration/influencerFollowersCutoff`` followers.
/// 5. ``real``: everyone else.
///
/// The cut-offs are HypeAuditor's published ones and are configurable.
public enum AudienceCategory: String, Sendable, Hashable, Codable, CaseIterable {
    case suspicious
    case massFollower = "mass_follower"
    case inactive
    case influencer
    case real
    /// No follower, following or post count: what the follower is cannot be told.
    case unknown

    /// Authentic followers are people, whatever their reach: everyone but the suspicious.
    public var isAuthentic: Bool { self != .suspicious && self != .unknown }
}

/// The cut-offs that sort followers into ``AudienceCategory`` values.
public struct AudienceConfiguration: Sendable, Hashable, Codable {
    /// Following more than this makes a mass follower (HypeAuditor: 1,500).
    public var massFollowingCutoff: Int
    /// No post for more than this many days makes an inactive follower (Socialbakers: 3 months).
    public var inactiveDays: Int
    /// More than this many followers makes an influencer (HypeAuditor: 5,000).
    public var influencerFollowersCutoff: Int
    /// How many entries the report's ranked lists keep.
    public var topListSize: Int

    public init(
        massFollowingCutoff: Int = 1_500,
        inactiveDays: Int = 90,
        influencerFollowersCutoff: Int = 5_000,
        topListSize: Int = 25
    ) {
        self.massFollowingCutoff = massFollowingCutoff
        self.inactiveDays = inactiveDays
        self.influencerFollowersCutoff = influencerFollowersCutoff
        self.topListSize = topListSize
    }
}
