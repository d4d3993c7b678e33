public import FoundationEssentials
public import TrueReachCore

/// Several stored accounts side by side, with their audience overlap: what `truereach compare` renders
/// (``CompareJSON``, ``CompareTable``, ``CompareCSV``).
///
/// Every figure of an account comes from its latest stored audit (and the posts and count series
/// stored with it); a figure the data does not give is `nil`, shown as unknown, never as a made-up value.
public struct CompareReport: Sendable, Hashable {
    /// One compared account.
    public struct Account: Sendable, Hashable {
        /// The account's name (untrusted text: escape it wherever it is shown).
        public var account: String
        /// The audience's platform, when known.
        public var platform: Platform?
        /// The latest audit's reference date.
        public var asOf: Date
        /// Whether that audit scored every follower (false: a sample).
        public var census: Bool
        /// Followers in the audited audience.
        public var followers: Int
        /// The estimated share of fake or automated followers, with its 95% interval.
        public var estimatedFakeShare: FakeShareEstimate?
        /// Expected authentic, reachable and active followers, with its interval.
        public var trueReach: Estimate?
        /// ``trueReach`` as a share of the audience.
        public var trueReachShare: Estimate?
        /// The Audience Quality Score, 0 to 100.
        public var audienceQualityScore: Int?
        /// Mean engagement rate by followers over the last posts, from the stored posts.
        public var engagementRate: Double?
        /// The same-size benchmark the rate is compared with.
        public var engagementBenchmark: EngagementReference?
        /// ``engagementRate`` ÷ the benchmark's rate.
        public var engagementRatio: Double?
        /// Growth anomalies in the stored follower-count series; nil when no series is stored.
        public var growthAnomalies: Int?
        /// Followers the audit did not flag as suspicious (from its per-follower results); nil when
        /// those are not stored.
        public var realFollowers: Int?
        /// What the account's tracked links brought in (`truereach outcomes`); nil when it has none.
        public var outcomes: OutcomeFigures?
        /// Top languages and countries from the latest audit; nil when that audit did not tell them.
        public var origins: AudienceOrigins?

        /// Human clicks per 1,000 real followers, when the account has tracked links and an audit that
        /// gives its true reach.
        public var humanClicksPerThousandRealFollowers: Double? { outcomes?.humanClicksPerThousandRealFollowers }

        /// Why ``humanClicksPerThousandRealFollowers`` is unknown, or nil when it is known.
        public var outcomesReason: String? {
            guard let outcomes else { return CompareReport.outcomesNotMeasured }
            return outcomes.humanClicksPerThousandRealFollowers == nil
                ? "The latest audit gives no true reach to count real followers by." : nil
        }

        /// Creates an account's row.
        ///
        /// - Parameters:
        ///   - account: The name.
        ///   - platform: The platform.
        ///   - asOf: The audit's reference date.
        ///   - census: Whether the audit was a census.
        ///   - followers: The audience's size.
        ///   - estimatedFakeShare: The fake-share estimate.
        ///   - trueReach: True reach.
        ///   - trueReachShare: True reach as a share.
        ///   - audienceQualityScore: The score.
        ///   - engagementRate: The engagement rate.
        ///   - engagementBenchmark: Its benchmark.
        ///   - engagementRatio: Rate ÷ benchmark.
        ///   - growthAnomalies: Growth anomalies.
        ///   - realFollowers: Followers not flagged as suspicious.
        public init(
            account: String, platform: Platform?, asOf: Date, census: Bool, followers: Int,
            estimatedFakeShare: FakeShareEstimate?, trueReach: Estimate?, trueReachShare: Estimate?,
            audienceQualityScore: Int?, engagementRate: Double? = nil, engagementBenchmark: EngagementReference? = nil,
            engagementRatio: Double? = nil, growthAnomalies: Int? = nil, realFollowers: Int? = nil
        ) {
            self.account = account
            self.platform = platform
            self.asOf = asOf
            self.census = census
            self.followers = followers
            self.estimatedFakeShare = estimatedFakeShare
            self.trueReach = trueReach
            self.trueReachShare = trueReachShare
            self.audienceQualityScore = audienceQualityScore
            self.engagementRate = engagementRate
            self.engagementBenchmark = engagementBenchmark
            self.engagementRatio = engagementRatio
            self.growthAnomalies = growthAnomalies
            self.realFollowers = realFollowers
        }
    }

    /// The accounts, in the order asked.
    public var accounts: [Account]
    /// Their overlap, pair by pair, and the union.
    public var overlap: AudienceOverlap
    /// The total followers up to which overlap is counted exactly.
    public var exactUpTo: Int
    /// The accounts ranked as a shortlist (`compare --rank`); `nil` when not asked.
    public var ranking: ShortlistRanking? = nil

    /// Why an account's outcomes (human clicks per 1,000 real followers) are unknown: it has no tracked links.
    public static let outcomesNotMeasured =
        "No tracked links: create one with `truereach link create URL --account NAME` to count clicks."

    /// Creates a comparison.
    ///
    /// - Parameters:
    ///   - accounts: The accounts.
    ///   - overlap: Their overlap.
    ///   - exactUpTo: The exact-overlap threshold used.
    public init(accounts: [Account], overlap: AudienceOverlap, exactUpTo: Int) {
        self.accounts = accounts
        self.overlap = overlap
        self.exactUpTo = exactUpTo
    }
}
