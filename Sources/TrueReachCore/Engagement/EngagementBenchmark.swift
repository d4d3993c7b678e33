/// A published engagement-rate reference for comparison.
public struct EngagementReference: Sendable, Hashable, Codable {
    /// What the figure is ("HypeAuditor 2018, 5K–20K followers, average ER").
    public var label: String
    /// ER by followers, as a fraction (0.0228 = 2.28%).
    public var rate: Double
    /// Where it was published.
    public var source: String
}

/// An account's ER against the published references.
public struct EngagementBenchmarkResult: Sendable, Hashable, Codable {
    public var rate: Double
    public var tierAverage: EngagementReference?
    public var tierMedian: EngagementReference?
    public var platformMedian: EngagementReference?
    /// rate ÷ tier average.
    public var ratioToTierAverage: Double?
    /// rate ÷ platform median.
    public var ratioToPlatformMedian: Double?

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case rate
        case tierAverage = "tier_average"
        case tierMedian = "tier_median"
        case platformMedian = "platform_median"
        case ratioToTierAverage = "ratio_to_tier_average"
        case ratioToPlatformMedian = "ratio_to_platform_median"
    }
}

/// Published ER tables (REFERENCES.md §1.1 and §5).
public enum EngagementBenchmark {
    /// HypeAuditor's March 2018 Instagram ER table by follower tier.
    ///
    /// ~37,000 accounts over the last 90 days: follower tier upper bounds with average and printed median ER.
    /// Source: hypeauditor.com/blog/what-is-instagram-engagement-rate-and-how-to-calculate-it/.
    public static let hypeAuditor2018: [(tier: String, upTo: Int?, average: Double, median: Double)] = [
        ("0–1K", 1_000, 0.1058, 0.1699),
        ("1K–5K", 5_000, 0.0426, 0.0645),
        ("5K–20K", 20_000, 0.0228, 0.0376),
        ("20K–100K", 100_000, 0.0162, 0.0263),
        ("100K–1M", 1_000_000, 0.0155, 0.0257),
        (">1M", nil, 0.0154, 0.0256),
    ]

    /// Rival IQ's 2022 median ER by follower per post for brands.
    ///
    /// The sample is 14 industries × 150 brands.
    /// Source: Rival IQ 2022 Social Media Industry Benchmark Report, as quoted in REFERENCES.md §5.
    public static let rivalIQ2022: [Platform: Double] = [
        .tiktok: 0.0569,
        .instagram: 0.0047,
        .facebook: 0.0006,
        .twitter: 0.00035,
    ]

    /// Compares an ER by followers with the same-size tier and the platform median.
    ///
    /// The tier table is Instagram's; for other platforms it is shown but is a weaker reference.
    public static func compare(rate: Double, followers: Int?, platform: Platform?) -> EngagementBenchmarkResult {
        var result = EngagementBenchmarkResult(rate: rate)
        if let followers, let row = hypeAuditor2018.first(where: { $0.upTo.map { followers <= $0 } ?? true }) {
            let source = "HypeAuditor, Instagram, March 2018 (~37,000 accounts)"
            result.tierAverage = EngagementReference(
                label: "\(row.tier) followers, average ER", rate: row.average, source: source)
            result.tierMedian = EngagementReference(
                label: "\(row.tier) followers, median ER (as printed)", rate: row.median, source: source)
            result.ratioToTierAverage = rate / row.average
        }
        if let platform, let median = rivalIQ2022[platform] {
            result.platformMedian = EngagementReference(
                label: "\(platform.rawValue) brands, median ER by follower per post",
                rate: median, source: "Rival IQ 2022 Social Media Industry Benchmark Report")
            result.ratioToPlatformMedian = rate / median
        }
        return result
    }
}

extension EngagementBenchmarkResult {
    init(rate: Double) {
        self.init(
            rate: rate, tierAverage: nil, tierMedian: nil, platformMedian: nil, ratioToTierAverage: nil,
            ratioToPlatformMedian: nil)
    }
}
