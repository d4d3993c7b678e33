import FoundationEssentials
public import TrueReachCore

/// Renders an ``AudienceReport`` as JSON.
///
/// Keys are snake_case and sorted, numbers are plain JSON numbers (shares in [0, 1] rounded to six
/// decimals), dates are ISO 8601 UTC, so the same report always gives the same bytes. Intervals
/// appear only for a sample. Shape (abridged):
///
/// ```json
/// {
///   "account" : "acme_coffee",
///   "as_of" : "2026-05-22T00:00:00Z",
///   "audience_quality_score" : 64,
///   "authentic_share" : 0.88,
///   "categories" : {
///     "inactive" : { "count" : 300, "share" : 0.3 },
///     "suspicious" : { "count" : 120, "share" : 0.12 }, …
///   },
///   "census" : true,
///   "followers_total" : 1000,
///   "problems" : [ "12% of followers look suspicious" ],
///   "schema" : "truereach.audit.v1",
///   "scorer" : "rules-v1",
///   "threshold" : 0.5,
///   "true_reach" : 500, …
/// }
/// ```
public enum AuditJSON {
    /// The report as pretty-printed JSON text, ending with a newline.
    ///
    /// - Parameters:
    ///   - report: The audit.
    ///   - extra: Additional top-level objects supplied by a caller (e.g. `engagement` when posts were
    ///     given), encoded with the same encoder; a key the report already uses is ignored.
    /// - Returns: The JSON text.
    /// - Throws: `EncodingError` only if a value cannot be represented (not expected).
    public static func render(
        _ report: AudienceReport,
        extra: [String: any Encodable & Sendable] = [:]
    ) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf",
            negativeInfinity: "-inf",
            nan: "nan"
        )
        let data = try encoder.encode(Extended(document: Document(report), extra: extra))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func share(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return (value * 1_000_000).rounded() / 1_000_000
    }

    struct Document: Encodable {
        var schema = "truereach.audit.v1"
        var account: String?
        var asOf: String
        var scorer: String
        var threshold: Double
        var census: Bool
        var sample: Sample?
        var followersTotal: Int
        var followersAnalysed: Int
        var categories: [String: Category]
        var authenticShare: Double
        var reachableShare: Double
        var activeShare: Double
        var trueReach: Int
        var trueReachShare: Double
        var audienceQualityScore: Int
        var qualityComponents: [Component]
        var intervals: [String: Interval]?
        var problems: [String]
        var strengths: [String]
        var topInfluential: [Follower]
        var mostSuspicious: [Follower]
        var signalFrequencies: [Frequency]
        var probabilityHistogram: [Int]
        var configuration: Configuration

        enum CodingKeys: String, CodingKey {
            case schema, account, scorer, threshold, census, sample, categories, intervals, problems, strengths
            case configuration
            case asOf = "as_of"
            case followersTotal = "followers_total"
            case followersAnalysed = "followers_analysed"
            case authenticShare = "authentic_share"
            case reachableShare = "reachable_share"
            case activeShare = "active_share"
            case trueReach = "true_reach"
            case trueReachShare = "true_reach_share"
            case audienceQualityScore = "audience_quality_score"
            case qualityComponents = "quality_components"
            case topInfluential = "top_influential"
            case mostSuspicious = "most_suspicious"
            case signalFrequencies = "signal_frequencies"
            case probabilityHistogram = "probability_histogram"
        }

        init(_ r: AudienceReport) {
            account = r.account
            asOf = NumberText.timestamp(r.asOf)
            scorer = r.scorer
            threshold = r.threshold
            census = r.sample == nil
            sample = r.sample.map { Sample(size: $0.size, seed: $0.seed) }
            followersTotal = r.followersTotal
            followersAnalysed = r.followersAnalysed
            var categories: [String: Category] = [:]
            for category in AudienceCategory.allCases {
                let b = r.breakdown(category)
                categories[category.rawValue] = Category(
                    count: b.count,
                    share: AuditJSON.share(b.share.value),
                    shareLower: b.share.lower.map(AuditJSON.share),
                    shareUpper: b.share.upper.map(AuditJSON.share)
                )
            }
            self.categories = categories
            authenticShare = AuditJSON.share(r.authenticShare.value)
            reachableShare = AuditJSON.share(r.reachableShare.value)
            activeShare = AuditJSON.share(r.activeShare.value)
            trueReach = r.trueReach.value.isFinite ? Int(r.trueReach.value.rounded()) : 0
            trueReachShare = AuditJSON.share(r.followersTotal > 0 ? r.trueReach.value / Double(r.followersTotal) : 0)
            audienceQualityScore = r.quality.score
            qualityComponents = r.quality.components.map {
                Component(name: $0.name, value: AuditJSON.share($0.value), weight: $0.weight)
            }
            if r.sample != nil {
                var intervals: [String: Interval] = [:]
                let shares = [
                    ("authentic_share", r.authenticShare), ("reachable_share", r.reachableShare),
                    ("active_share", r.activeShare),
                ]
                for (key, estimate) in shares {
                    if let lower = estimate.lower, let upper = estimate.upper {
                        intervals[key] = Interval(lower: AuditJSON.share(lower), upper: AuditJSON.share(upper))
                    }
                }
                if let lower = r.trueReach.lower, let upper = r.trueReach.upper {
                    intervals["true_reach"] = Interval(lower: lower.rounded(), upper: upper.rounded())
                }
                self.intervals = intervals
            }
            problems = r.problems
            strengths = r.strengths
            topInfluential = r.topInfluential.map(Follower.init)
            mostSuspicious = r.mostSuspicious.map(Follower.init)
            signalFrequencies = r.signalFrequencies.map { Frequency(code: $0.code, label: $0.label, count: $0.count) }
            probabilityHistogram = r.probabilityHistogram
            configuration = Configuration(
                massFollowingCutoff: r.configuration.massFollowingCutoff,
                inactiveDays: r.configuration.inactiveDays,
                influencerFollowersCutoff: r.configuration.influencerFollowersCutoff
            )
        }
    }

    /// The document plus caller-supplied top-level keys.
    struct Extended: Encodable {
        var document: Document
        var extra: [String: any Encodable & Sendable]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            try document.encode(to: encoder)
            guard !extra.isEmpty else { return }
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in extra where Document.CodingKeys(stringValue: key) == nil {
                try container.encode(value, forKey: Key(stringValue: key))
            }
        }
    }

    struct Sample: Encodable {
        var size: Int
        var seed: UInt64
    }

    struct Category: Encodable {
        var count: Int
        var share: Double
        var shareLower: Double?
        var shareUpper: Double?
        enum CodingKeys: String, CodingKey {
            case count, share
            case shareLower = "share_lower"
            case shareUpper = "share_upper"
        }
    }

    struct Interval: Encodable {
        var lower: Double
        var upper: Double
    }

    struct Component: Encodable {
        var name: String
        var value: Double
        var weight: Double
    }

    struct Follower: Encodable {
        var platform: String
        var id: String
        var handle: String?
        var displayName: String?
        var followersCount: Int?
        var followingCount: Int?
        var botProbability: Double
        var category: String
        var signals: [SignalText]
        enum CodingKeys: String, CodingKey {
            case platform, id, handle, category, signals
            case displayName = "display_name"
            case followersCount = "followers_count"
            case followingCount = "following_count"
            case botProbability = "bot_probability"
        }
        init(_ f: FollowerSummary) {
            platform = f.platform.rawValue
            id = f.id.rawValue
            handle = f.handle
            displayName = f.displayName
            followersCount = f.followersCount
            followingCount = f.followingCount
            botProbability = (f.probability * 10_000).rounded() / 10_000
            category = f.category.rawValue
            signals = f.signals.map { SignalText(code: $0.code, text: $0.text, contribution: $0.contribution) }
        }
    }

    struct SignalText: Encodable {
        var code: String
        var text: String
        var contribution: Double
    }

    struct Frequency: Encodable {
        var code: String
        var label: String
        var count: Int
    }

    struct Configuration: Encodable {
        var massFollowingCutoff: Int
        var inactiveDays: Int
        var influencerFollowersCutoff: Int
        enum CodingKeys: String, CodingKey {
            case massFollowingCutoff = "mass_following_cutoff"
            case inactiveDays = "inactive_days"
            case influencerFollowersCutoff = "influencer_followers_cutoff"
        }
    }
}
