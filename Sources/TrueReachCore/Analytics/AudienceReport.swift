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
    /// The audience-level estimate of the fake or automated share, with its 95% interval.
    ///
    /// The headline figure. Nil when there are no followers or authenticity cannot be measured
    /// (see ``coverage``).
    public var estimatedFakeShare: FakeShareEstimate?
    /// 1 − ``estimatedFakeShare``, interval 1 − high … 1 − low; nil when the estimate is unknown.
    public var authenticShare: Estimate?
    /// Share of the followers whose following count is known who follow at most the mass-follower
    /// cut-off (can see posts); nil when no following count is known.
    public var reachableShare: Estimate?
    /// Share of the followers whose activity is known who posted within the inactivity window; nil when
    /// no follower's activity is known.
    public var activeShare: Estimate?
    /// Expected followers who are authentic, reachable and active, for the whole audience.
    ///
    /// Nil when the fake share is unknown. The interval follows from the fake-share interval.
    public var trueReach: Estimate?
    /// ``trueReach`` as a share of the audience.
    public var trueReachShare: Estimate?
    /// What the data could not tell, and what was left out because of it.
    public var coverage: AudienceCoverage
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
    /// Top languages and countries with the unknown share; nil when the audit did not tell them (or
    /// the report was stored by an earlier build).
    public var origins: AudienceOrigins?

    public init(
        account: String?, asOf: Date, scorer: String, threshold: Double, followersTotal: Int,
        followersAnalysed: Int, sample: SampleInfo?, categories: [CategoryBreakdown],
        estimatedFakeShare: FakeShareEstimate?, authenticShare: Estimate?, reachableShare: Estimate?,
        activeShare: Estimate?, trueReach: Estimate?, trueReachShare: Estimate?, coverage: AudienceCoverage,
        quality: QualityScore, problems: [String], strengths: [String], topInfluential: [FollowerSummary],
        mostSuspicious: [FollowerSummary], signalFrequencies: [SignalFrequency], scatter: [ScatterPoint],
        probabilityHistogram: [Int], configuration: AudienceConfiguration, origins: AudienceOrigins? = nil
    ) {
        self.account = account
        self.asOf = asOf
        self.scorer = scorer
        self.threshold = threshold
        self.followersTotal = followersTotal
        self.followersAnalysed = followersAnalysed
        self.sample = sample
        self.categories = categories
        self.estimatedFakeShare = estimatedFakeShare
        self.authenticShare = authenticShare
        self.reachableShare = reachableShare
        self.activeShare = activeShare
        self.trueReach = trueReach
        self.trueReachShare = trueReachShare
        self.coverage = coverage
        self.quality = quality
        self.problems = problems
        self.strengths = strengths
        self.topInfluential = topInfluential
        self.mostSuspicious = mostSuspicious
        self.signalFrequencies = signalFrequencies
        self.scatter = scatter
        self.probabilityHistogram = probabilityHistogram
        self.configuration = configuration
        self.origins = origins
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

/// A value with an optional 95% interval.
///
/// Category, reachable and active shares carry one only for a sample; the authentic share and true
/// reach always do (they follow from the fake-share estimate).
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
    /// The score, 0 to 100, rounded to a whole number; nil when authenticity could not be measured.
    public var score: Int?
    /// Each measured component's value in [0, 1] and its weight.
    public var components: [QualityComponent]
    /// The names of the components the score rests on (empty when there is no score).
    public var restsOn: [String]
    /// The names of the components the data could not measure, left out of the score.
    public var unmeasured: [String]

    /// Creates a score.
    public init(score: Int?, components: [QualityComponent], restsOn: [String]? = nil, unmeasured: [String] = []) {
        self.score = score
        self.components = components
        self.restsOn = restsOn ?? (score == nil ? [] : components.map(\.name))
        self.unmeasured = unmeasured
    }
}

/// What the data could not tell about an audience, and what the report left out because of it.
public struct AudienceCoverage: Sendable, Hashable, Codable {
    /// Share of followers with no follower, following or post count at all (a bare list of handles).
    public var countsUnknownShare: Double
    /// Share of followers whose following count is unknown.
    public var reachabilityUnknownShare: Double
    /// Share of followers whose activity is unknown: posted (or unknown) with no known last-post time.
    public var activityUnknownShare: Double
    /// The measures the report could not make (`authenticity`, `reachability`, `activity`), with reasons.
    public var unmeasured: [UnmeasuredMeasure]
    /// How true reach counts followers whose reachability or activity is unknown, in words (one sentence
    /// per measure).
    public var trueReachBasis: String

    /// Creates a coverage record; every field defaults to "everything known".
    public init(
        countsUnknownShare: Double = 0, reachabilityUnknownShare: Double = 0, activityUnknownShare: Double = 0,
        unmeasured: [UnmeasuredMeasure] = [], trueReachBasis: String = AudienceCoverage.allKnown
    ) {
        self.countsUnknownShare = countsUnknownShare
        self.reachabilityUnknownShare = reachabilityUnknownShare
        self.activityUnknownShare = activityUnknownShare
        self.unmeasured = unmeasured
        self.trueReachBasis = trueReachBasis
    }

    /// The true-reach basis when every follower's reachability and activity is known.
    public static let allKnown = "Every follower's reachability and activity is known."

    /// Whether `name` was measured.
    public func isMeasured(_ name: String) -> Bool { !unmeasured.contains { $0.name == name } }
}

/// A measure the report could not make, and why.
public struct UnmeasuredMeasure: Sendable, Hashable, Codable {
    /// `authenticity`, `reachability` or `activity` (the quality component it would feed).
    public var name: String
    /// Why, in words.
    public var reason: String

    /// Creates the record.
    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
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
    public var id: ProfileID
    public var handle: String?
    public var displayName: String?
    public var followersCount: Int?
    public var followingCount: Int?
    public var probability: Double
    public var category: AudienceCategory
    public var signals: [Signal]
    public init(
        platform: Platform, id: ProfileID, handle: String?, displayName: String?, followersCount: Int?,
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
    /// ``followersTotal``). `nil` gives the score without the engagement component. The report itself is
    /// built through this function, so the two cannot drift apart.
    /// - Parameter ratio: Engagement rate divided by the same-size benchmark.
    /// - Returns: A copy with ``quality``, ``problems`` and ``strengths`` recomputed; everything else unchanged.
    public func withEngagementRatio(_ ratio: Double?) -> AudienceReport {
        var copy = self
        copy.quality = AudienceAnalyzer.qualityScore(
            trueReachShare: trueReachShare?.value,
            authenticShare: authenticShare?.value,
            reachableShare: coverage.isMeasured("reachability") ? reachableShare?.value : nil,
            activeShare: coverage.isMeasured("activity") ? activeShare?.value : nil,
            engagementRatio: ratio)
        (copy.problems, copy.strengths) = AudienceAnalyzer.findings(for: copy, engagementRatio: ratio)
        return copy
    }
}

// MARK: - Reports stored by earlier builds

// Audit history in the database may hold reports from before the audience-level estimate; they decode
// with the new fields absent or marked as from an earlier build, so no stored history is lost to an upgrade.

extension AudienceReport {
    /// The true-reach basis of a report stored before coverage was recorded.
    public static let earlierBuildBasis =
        "Stored by an earlier TrueReach, which counted unknown reachability and activity as known and "
        + "derived the headline from the followers flagged one by one."

    /// Decodes a report, including one stored by an earlier build.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        account = try c.decodeIfPresent(String.self, forKey: .account)
        asOf = try c.decode(Date.self, forKey: .asOf)
        scorer = try c.decode(String.self, forKey: .scorer)
        threshold = try c.decode(Double.self, forKey: .threshold)
        followersTotal = try c.decode(Int.self, forKey: .followersTotal)
        followersAnalysed = try c.decode(Int.self, forKey: .followersAnalysed)
        sample = try c.decodeIfPresent(SampleInfo.self, forKey: .sample)
        categories = try c.decode([CategoryBreakdown].self, forKey: .categories)
        estimatedFakeShare = try c.decodeIfPresent(FakeShareEstimate.self, forKey: .estimatedFakeShare)
        authenticShare = try c.decodeIfPresent(Estimate.self, forKey: .authenticShare)
        reachableShare = try c.decodeIfPresent(Estimate.self, forKey: .reachableShare)
        activeShare = try c.decodeIfPresent(Estimate.self, forKey: .activeShare)
        trueReach = try c.decodeIfPresent(Estimate.self, forKey: .trueReach)
        trueReachShare = try c.decodeIfPresent(Estimate.self, forKey: .trueReachShare)
        coverage =
            try c.decodeIfPresent(AudienceCoverage.self, forKey: .coverage)
            ?? AudienceCoverage(trueReachBasis: Self.earlierBuildBasis)
        quality = try c.decode(QualityScore.self, forKey: .quality)
        problems = try c.decode([String].self, forKey: .problems)
        strengths = try c.decode([String].self, forKey: .strengths)
        topInfluential = try c.decode([FollowerSummary].self, forKey: .topInfluential)
        mostSuspicious = try c.decode([FollowerSummary].self, forKey: .mostSuspicious)
        signalFrequencies = try c.decode([SignalFrequency].self, forKey: .signalFrequencies)
        scatter = try c.decode([ScatterPoint].self, forKey: .scatter)
        probabilityHistogram = try c.decode([Int].self, forKey: .probabilityHistogram)
        configuration = try c.decode(AudienceConfiguration.self, forKey: .configuration)
        origins = try c.decodeIfPresent(AudienceOrigins.self, forKey: .origins)
    }
}

extension QualityScore {
    /// Decodes a score, including one stored before `restsOn` and `unmeasured` existed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let score = try c.decodeIfPresent(Int.self, forKey: .score)
        let components = try c.decode([QualityComponent].self, forKey: .components)
        self.init(
            score: score, components: components, restsOn: try c.decodeIfPresent([String].self, forKey: .restsOn),
            unmeasured: try c.decodeIfPresent([String].self, forKey: .unmeasured) ?? [])
    }
}
