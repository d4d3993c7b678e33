public import TrueReachCore
public import TrueReachIngest

/// The `engagement` job: rates, weighted and authentic engagement, like spread, comments, content comparison.
public struct EngagementJob: Sendable {
    /// Follower count for posts whose source gives none.
    public var followerCount: Int?
    /// Posts in the "last N posts" summary.
    public var last: Int = 12
    /// Period of engagement over time.
    public var period: EngagementPeriod = .month
    /// How posts are grouped for the content comparison.
    public var grouping: ContentComparison.Grouping = .format
    /// With tag grouping, only these tags form groups.
    public var tagFilter: Set<String>?
    /// The content comparison's baseline group (default: the largest).
    public var baseline: String?
    /// Seed of the bootstrap.
    public var seed: UInt64 = 42
    /// Bootstrap resamples.
    public var resamples: Int = 2_000
    /// Action weights.
    public var weights: EngagementWeights = .socialCascade
    /// Count reposts.
    public var includeReposts = false
    /// A score at or above it is suspicious (``AnalyticsInputs/suspicionThreshold(explicit:modelPath:)``).
    public var threshold: Double

    /// Creates the job with the given threshold and default options.
    public init(threshold: Double) { self.threshold = threshold }

    /// Measures `batch`.
    ///
    /// - Parameters:
    ///   - batch: Posts and interactions.
    ///   - followers: Profiles that follow the author (for the share of engagers who follow).
    ///   - probabilities: Bot / fake scores of engagers.
    /// - Returns: The report and the per-post rows.
    /// - Throws: ``AppError`` `.badInput` when no post has engagement counts and there are no interactions.
    public func run(
        _ batch: PostBatch, followers: Set<ProfileID>?, probabilities: [ProfileID: Double]
    ) throws -> (report: EngagementReport, measured: [PostEngagement]) {
        let measured = EngagementReport.measure(
            batch, followerCount: followerCount, weights: weights, includeReposts: includeReposts)
        guard !measured.isEmpty || !batch.interactions.isEmpty else {
            throw AppError(.badInput, "no posts with engagement counts were found")
        }
        var rng = SeededGenerator(seed: seed)
        let report = EngagementReport.build(
            measured: measured, tagFilter: tagFilter, posts: batch.posts, interactions: batch.interactions,
            followers: followers, probabilities: probabilities, threshold: threshold, last: last, period: period,
            grouping: grouping, baseline: baseline, resamples: resamples, weights: weights, rng: &rng,
            issues: batch.issues.count)
        return (report, measured)
    }
}

/// The `growth` job: anomalies in count series, or the detector's benchmark on them.
public struct GrowthJob: Sendable {
    /// The detector's parameters.
    public var parameters: GrowthParameters

    /// Creates the job.
    public init(parameters: GrowthParameters = GrowthParameters()) { self.parameters = parameters }

    /// The anomalies of each series; `posts`, when given, flags spikes followed by falling engagement.
    public func run(_ series: [CountSeries], posts: PostBatch?) -> [GrowthReport] {
        let engagement = posts.map { EngagementMetrics.measure($0.posts, followersNow: $0.followersNow) } ?? []
        return series.map { GrowthDetector.analyze($0, parameters: parameters, engagement: engagement) }
    }

    /// Injects spikes and drops of known date and size and measures precision and recall.
    public func benchmark(_ series: [CountSeries], trials: Int, seed: UInt64) -> GrowthBenchmark.Result {
        var rng = SeededGenerator(seed: seed)
        return GrowthBenchmark.run(series, trials: trials, parameters: parameters, using: &rng)
    }
}

/// The `cohorts` job: followers grouped by follow date or snapshot difference.
public struct CohortsJob: Sendable {
    /// Period of follow-date cohorts.
    public var period: EngagementPeriod
    /// A score at or above it is suspicious (``AnalyticsInputs/suspicionThreshold(explicit:modelPath:)``).
    public var threshold: Double

    /// Creates the job.
    public init(period: EngagementPeriod = .month, threshold: Double) {
        self.period = period
        self.threshold = threshold
    }

    /// Groups the followers of `snapshots` (oldest first).
    public func run(
        _ snapshots: [FollowerSnapshot], probabilities: [ProfileID: Double], interactions: [Interaction]?
    ) -> CohortReport {
        FollowerCohorts.analyze(
            snapshots, period: period, probabilities: probabilities, threshold: threshold, interactions: interactions)
    }
}
