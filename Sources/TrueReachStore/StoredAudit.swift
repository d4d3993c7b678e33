import Foundation

/// One past audit, as listed in an account's history (the full report is fetched separately).
public struct StoredAudit: Sendable, Hashable {
    /// The audit's id in the store.
    public var id: Int64
    /// The audited account (audience) name, or `nil` for an audit of unnamed input.
    public var account: String?
    /// The audit's reference date.
    public var asOf: Date
    /// When the audit was saved.
    public var createdAt: Date
    /// The scorer's name and operating threshold.
    public var scorer: String
    /// The operating threshold.
    public var threshold: Double
    /// Followers in the audited audience.
    public var followersTotal: Int
    /// Followers actually scored.
    public var followersAnalysed: Int
    /// Whether the audit scored a sample rather than everyone.
    public var sampled: Bool
    /// Authentic, reachable and active followers (estimated for the whole audience); nil when unknown.
    public var trueReach: Double?
    /// The Audience Quality Score, 0 to 100; nil when authenticity could not be measured.
    public var audienceQualityScore: Int?

    /// Creates a history entry.
    public init(
        id: Int64,
        account: String?,
        asOf: Date,
        createdAt: Date,
        scorer: String,
        threshold: Double,
        followersTotal: Int,
        followersAnalysed: Int,
        sampled: Bool,
        trueReach: Double?,
        audienceQualityScore: Int?
    ) {
        self.id = id
        self.account = account
        self.asOf = asOf
        self.createdAt = createdAt
        self.scorer = scorer
        self.threshold = threshold
        self.followersTotal = followersTotal
        self.followersAnalysed = followersAnalysed
        self.sampled = sampled
        self.trueReach = trueReach
        self.audienceQualityScore = audienceQualityScore
    }
}
