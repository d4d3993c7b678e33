public import FoundationEssentials

/// The audit of one audience: composition, shares, true reach and quality score.
///
/// Produced by ``AudienceAnalyzer``; rendered by the reports module as a table,
/// JSON, CSV or HTML. All shares are fractions in [0, 1].
public struct AudienceReport: Sendable, Hashable, Codable {
    /// The audited account's name, when the audience was stored under one.
    public var account: String?
    /// The reference date of the audit.
    public var asOf: Date
    /// The scorer's name and operating threshold.
    public var scorer: String
    public var threshold: Double
    /// Followers in the input.
    public var followersTotal: Int
    /// Followers actually scored (all of them in a census).
    public var followersAnalysed: Int
    /// Present when the audit scored a sample rather than the whole audience.
    public var sample: SampleInfo?
    /// Count, share and (for a sample) 95% interval for each category, in precedence order.
    public var categories: [CategoryBreakdown]
    /// Share of followers who are not suspicious.
    public var authenticShare: Estimate
    /// Share of followers who follow at most the mass-follower cut-off (can see posts).
    public var reachableShare: Estimate
    /// Share of followers known to have posted within the inactivity window.
    public var activeShare: Estimate
    /// Followers who are authentic, reachable and active (estimated for the whole audience).
    public var trueReach: Estimate
    /// The Audience Quality Score (0 to 100) and its parts.
    public var quality: QualityScore
    /// Plain-language problems and strengths shown beside the score.
    public var problems: [String]
    public var strengths: [String]
    /// The most-followed followers who are not suspicious.
    public var topInfluential: [FollowerSummary]
    /// The followers with the highest bot probability, with their signals.
    public var mostSuspicious: [FollowerSummary]
    /// How often each signal appears among suspicious followers.
    public var signalFrequencies: [SignalFrequency]
    /// A deterministic subsample of (followers, following, category) for the scatter chart.
    public var scatter: [ScatterPoint]
    /// Histogram of bot probabilities in ten bins of 0.1.
    public var probabilityHistogram: [Int]
    /// The cut-offs used.
    public var configuration: AudienceConfiguration

    public init(
        account: String?, asOf: Date, scorer: String, threshold: Double, followersTotal: Int,
        followersAnalysed: Int, sample: SampleInfo?, categories: [CategoryBreakdown],
        authenticShare: Estimate, reachableShare: Estimate, activeShare: Estimate, trueReach: Estimate,
        quality: QualityScore, problems: [String], strengths: [String], topInfluential: [FollowerSummary],
        mostSuspicious: [FollowerSummary], signalFrequencies: [SignalFrequency], scatter: [ScatterPoint],
        probabilityHistogram: [Int], configuration: AudienceConfiguration
    ) {
        self.account = account
        self.asOf = asOf
        self.scorer = scorer
        self.threshold = threshold
        self.followersTotal = followersTotal
        self.followersAnalysed = followersAnalysed
        self.sample = sample
        self.categories = categories
        self.authenticShare = authenticShare
        self.reachableShare = reachableShare
        self.activeShare = activeShare
        self.trueReach = trueReach
        self.quality = quality
        self.problems = problems
        self.strengths = strengths
        self.topInfluential = topInfluential
        self.mostSuspicious = mostSuspicious
        self.signalFrequencies = signalFrequencies
        self.scatter = scatter
        self.probabilityHistogram = probabilityHistogram
        self.configuration = configuration
    }
}

/// How a sample was drawn.
public struct SampleInfo: Sendable, Hashable, Codable {
    public var size: Int
    public var seed: UInt64
    public init(size: Int, seed: UInt64) {
        self.size = size
        self.seed = seed
    }
}

/// A value with an optional 95% interval (present only when the audit used a sample).
public struct Estimate: Sendable, Hashable, Codable {
    public var value: Double
    public var lower: Double?
    public var upper: Double?
    public init(value: Double, lower: Double? = nil, upper: Double? = nil) {
        self.value = value
        self.lower = lower
        self.upper = upper
    }
}

/// One category's count and share.
public struct CategoryBreakdown: Sendable, Hashable, Codable {
    public var category: AudienceCategory
    /// Followers in this category among those analysed.
    public var count: Int
    public var share: Estimate
    public init(category: AudienceCategory, count: Int, share: Estimate) {
        self.category = category
        self.count = count
        self.share = share
    }
}

/// The Audience Quality Score and the parts it is built from (see docs/metrics.md).
public struct QualityScore: Sendable, Hashable, Codable {
    /// The score, 0 to 100, rounded to a whole number.
    public var score: Int
    /// Each component's value in [0, 1] and its weight.
    public var components: [QualityComponent]
    public init(score: Int, components: [QualityComponent]) {
        self.score = score
        self.components = components
    }
}

/// One named part of the quality score.
public struct QualityComponent: Sendable, Hashable, Codable {
    public var name: String
    public var value: Double
    public var weight: Double
    public init(name: String, value: Double, weight: Double) {
        self.name = name
        self.value = value
        self.weight = weight
    }
}

/// A follower in one of the report's ranked lists.
public struct FollowerSummary: Sendable, Hashable, Codable {
    public var platform: Platform
    public var id: AccountID
    public var handle: String?
    public var displayName: String?
    public var followersCount: Int?
    public var followingCount: Int?
    public var probability: Double
    public var category: AudienceCategory
    public var signals: [Signal]
    public init(
        platform: Platform, id: AccountID, handle: String?, displayName: String?, followersCount: Int?,
        followingCount: Int?, probability: Double, category: AudienceCategory, signals: [Signal]
    ) {
        self.platform = platform
        self.id = id
        self.handle = handle
        self.displayName = displayName
        self.followersCount = followersCount
        self.followingCount = followingCount
        self.probability = probability
        self.category = category
        self.signals = signals
    }
}

/// How many suspicious followers carry a given signal.
public struct SignalFrequency: Sendable, Hashable, Codable {
    public var code: String
    /// A representative plain-language description.
    public var label: String
    public var count: Int
    public init(code: String, label: String, count: Int) {
        self.code = code
        self.label = label
        self.count = count
    }
}

/// One point of the followers-vs-following scatter chart.
public struct ScatterPoint: Sendable, Hashable, Codable {
    public var followers: Int
    public var following: Int
    public var category: AudienceCategory
    public init(followers: Int, following: Int, category: AudienceCategory) {
        self.followers = followers
        self.following = following
        self.category = category
    }
}

extension AudienceReport {
    /// This report with the quality score and findings recomputed for an engagement ratio, exactly as
    /// ``AudienceAnalyzer/report(from:account:asOf:scorer:sample:populationCount:engagementRatio:)`` gives them.
    ///
    /// For callers that learn the ratio only after the audience is counted (the benchmark tier depends on
    /// ``followersTotal``). `nil` gives the score without the engagement component.
    /// - Parameter ratio: Engagement rate divided by the same-size benchmark.
    /// - Returns: A copy with ``quality``, ``problems`` and ``strengths`` recomputed; everything else unchanged.
    public func withEngagementRatio(_ ratio: Double?) -> AudienceReport {
        var copy = self
        let n = followersAnalysed
        let count = { (c: AudienceCategory) in self.categories.first { $0.category == c }?.count ?? 0 }
        let trueReachShare = n > 0 ? Double(count(.real) + count(.influencer)) / Double(n) : 0
        copy.quality = AudienceAnalyzer.qualityScore(
            trueReachShare: trueReachShare, authenticShare: authenticShare.value,
            reachableShare: reachableShare.value, activeShare: activeShare.value, engagementRatio: ratio)
        let shares = Dictionary(categories.map { ($0.category, $0.share.value) }, uniquingKeysWith: { a, _ in a })
        (copy.problems, copy.strengths) = AudienceAnalyzer.findings(
            shares: shares, authentic: authenticShare.value, trueReach: trueReachShare, engagementRatio: ratio,
            configuration: configuration, analysed: n)
        return copy
    }
}
