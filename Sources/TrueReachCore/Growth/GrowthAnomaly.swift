/// One dated anomaly on a count series.
public struct GrowthAnomaly: Sendable, Hashable, Codable {
    /// What kind of anomaly.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Far more gained than the baseline expects (bought followers, also giveaways or press).
        case spike
        /// Far more lost than expected (a purge of fakes, or mass unfollows).
        case drop
        /// A spike or drop whose size is close to a round number (1,000, 5,000): a buying signal.
        case roundJump = "round_jump"
        /// Large gains and losses alternating within days (follow/unfollow tactics).
        case seeSaw = "see_saw"
    }

    /// The first day of the anomaly.
    public var date: CalendarDay
    public var kind: Kind
    public var metric: CountMetric
    /// The change beyond the baseline, in accounts (positive for a gain).
    public var size: Int
    /// The observed change over the anomaly's days.
    public var change: Int
    /// The change the baseline expected over those days.
    public var expected: Double
    /// Robust z-score: |change − expected| ÷ scale (see ``GrowthDetector``), the largest over the anomaly's days.
    public var score: Double
    /// How many days the anomaly spans.
    public var days: Int
    /// A day of the anomaly is marked estimated by the source.
    public var estimated: Bool
    /// For a follower spike with posts given: engagement rate fell after it (mean ER after ÷ before).
    public var engagementRatio: Double?
    /// Why this was flagged, in words.
    public var reason: String

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case date, kind, metric, size, change, expected, score, days, estimated
        case engagementRatio = "engagement_ratio"
        case reason
    }
}

/// The tuning of growth-anomaly detection; every field has a default.
public struct GrowthParameters: Sendable, Hashable, Codable {
    /// Days on each side of a day used for its baseline (the day and its neighbours are left out).
    public var halfWindow: Int
    /// Days on each side used to estimate the weekday effect.
    public var weekdayHalfWindow: Int
    /// Minimum changes in the window before a day is scored.
    public var minimumHistory: Int
    /// Robust z-score at or above which a change is a spike or drop.
    public var threshold: Double
    /// Smallest size worth flagging, as a fraction of the count (0.0005 = 0.05%).
    public var minimumRelativeSize: Double
    /// Smallest size worth flagging, in accounts.
    public var minimumAbsoluteSize: Int
    /// Round units for round jumps; a size within `roundTolerance` of a multiple of one is round.
    public var roundUnits: [Int]
    /// Tolerance for round jumps, as a fraction of the unit.
    public var roundTolerance: Double
    /// See-saw: changes at or above this robust z-score count as large.
    public var seeSawScore: Double
    /// See-saw: large changes of alternating sign needed within `seeSawWindow` days.
    public var seeSawAlternations: Int
    public var seeSawWindow: Int
    /// Falling engagement: days before and after a spike compared.
    public var engagementWindow: Int
    /// Falling engagement: flagged when ER after ÷ ER before is below this.
    public var engagementDropRatio: Double

    /// Creates parameters; defaults are the ones measured in `scripts/bench-growth`.
    public init(
        halfWindow: Int = 14,
        weekdayHalfWindow: Int = 28,
        minimumHistory: Int = 5,
        threshold: Double = 6,
        minimumRelativeSize: Double = 0.0005,
        minimumAbsoluteSize: Int = 10,
        roundUnits: [Int] = [1_000, 500],
        roundTolerance: Double = 0.02,
        seeSawScore: Double = 4,
        seeSawAlternations: Int = 4,
        seeSawWindow: Int = 14,
        engagementWindow: Int = 14,
        engagementDropRatio: Double = 0.8
    ) {
        self.halfWindow = halfWindow
        self.weekdayHalfWindow = weekdayHalfWindow
        self.minimumHistory = minimumHistory
        self.threshold = threshold
        self.minimumRelativeSize = minimumRelativeSize
        self.minimumAbsoluteSize = minimumAbsoluteSize
        self.roundUnits = roundUnits
        self.roundTolerance = roundTolerance
        self.seeSawScore = seeSawScore
        self.seeSawAlternations = seeSawAlternations
        self.seeSawWindow = seeSawWindow
        self.engagementWindow = engagementWindow
        self.engagementDropRatio = engagementDropRatio
    }
}

/// The growth analysis of one series.
public struct GrowthReport: Sendable, Hashable, Codable {
    public var name: String
    public var platform: Platform?
    public var firstDay: CalendarDay?
    public var lastDay: CalendarDay?
    public var days: Int
    public var estimatedDays: Int
    public var firstFollowers: Int?
    public var lastFollowers: Int?
    /// Anomalies in date order.
    public var anomalies: [GrowthAnomaly]

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case name, platform
        case firstDay = "first_day"
        case lastDay = "last_day"
        case days
        case estimatedDays = "estimated_days"
        case firstFollowers = "first_followers"
        case lastFollowers = "last_followers"
        case anomalies
    }
}
