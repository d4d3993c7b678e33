import FoundationEssentials
public import TrueReachCore

/// Renders an ``AudienceReport`` as JSON.
///
/// Keys are snake_case and sorted, numbers are plain JSON numbers (shares in [0, 1] rounded to six
/// decimals), dates are ISO 8601 UTC, so the same report always gives the same bytes. The headline is
/// `estimated_fake_share` (null when authenticity cannot be measured, and then so are the authentic share,
/// true reach and the score). `intervals` holds the authentic share's and true reach's intervals always,
/// the other shares' only for a sample. Shape (abridged):
///
/// ```json
/// {
///   "account" : "acme_coffee",
///   "activity_unknown_share" : 0.1,
///   "as_of" : "2026-05-22T00:00:00Z",
///   "audience_quality_score" : 64,
///   "authentic_share" : 0.85,
///   "estimated_fake_share" : { "high" : 0.19, "low" : 0.11, "method" : "em", "value" : 0.15 },
///   "not_measured" : [ { "name" : "activity", "reason" : "…" } ],
///   "quality" : { "rests_on" : [ "quality_audience", "authenticity", "reachability" ],
///                 "score" : 64, "unmeasured" : [ "activity" ] },
///   "categories" : {
///     "inactive" : { "count" : 300, "share" : 0.3 },
///     "suspicious" : { "count" : 120, "share" : 0.12 }, …
///   },
///   "census" : true,
///   "followers_total" : 1000,
///   "problems" : [ "12% of followers look suspicious" ],
///   "schema" : "truereach.audit.v2",
///   "scorer" : "rules-v1",
///   "threshold" : 0.5,
///   "true_reach" : 500,
///   "languages" : { "followers" : 1000,
///                   "top" : [ { "code" : "en", "count" : 610, "name" : "English", "share" : 0.61 } ],
///                   "other_count" : 40, "other_share" : 0.04, "unknown_count" : 350, "unknown_share" : 0.35 },
///   "countries" : { … the same shape, ISO 3166-1 alpha-2 codes … }, …
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
        let data = try JSONOutput.encoder().encode(Extended(document: Document(report), extra: extra))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func share(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return (value * 1_000_000).rounded() / 1_000_000
    }

    /// The schema name; v2 made the authentic share, true reach and the score follow from the
    /// fake-share estimate (and allowed them to be null).
    static let schema = "truereach.audit.v2"

    struct Document: Encodable {
        var schema = AuditJSON.schema
        var account: String?
        var asOf: String
        var scorer: String
        var threshold: Double
        var census: Bool
        var sample: Sample?
        var followersTotal: Int
        var followersAnalysed: Int
        var categories: [String: Category]
        var estimatedFakeShare: Nullable<FakeShare>
        var authenticShare: Nullable<Double>
        var reachableShare: Nullable<Double>
        var activeShare: Nullable<Double>
        var countsUnknownShare: Double
        var reachabilityUnknownShare: Double
        var activityUnknownShare: Double
        var notMeasured: [NotMeasured]
        var trueReach: Nullable<Int>
        var trueReachShare: Nullable<Double>
        var trueReachBasis: String
        var audienceQualityScore: Nullable<Int>
        var quality: Quality
        var qualityComponents: [Component]
        var intervals: [String: Interval]?
        var problems: [String]
        var strengths: [String]
        var topInfluential: [Follower]
        var mostSuspicious: [Follower]
        var signalFrequencies: [Frequency]
        var probabilityHistogram: [Int]
        var configuration: Configuration
        var languages: Nullable<Origins>
        var countries: Nullable<Origins>

        enum CodingKeys: String, CodingKey {
            case schema, account, scorer, threshold, census, sample, categories, intervals, problems, strengths
            case configuration, quality, languages, countries
            case estimatedFakeShare = "estimated_fake_share"
            case countsUnknownShare = "counts_unknown_share"
            case reachabilityUnknownShare = "reachability_unknown_share"
            case activityUnknownShare = "activity_unknown_share"
            case notMeasured = "not_measured"
            case trueReachBasis = "true_reach_basis"
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
            estimatedFakeShare = Nullable(
                r.estimatedFakeShare.map {
                    FakeShare(
                        value: AuditJSON.share($0.value), low: AuditJSON.share($0.low),
                        high: AuditJSON.share($0.high), method: $0.method)
                })
            authenticShare = Nullable(r.authenticShare.map { AuditJSON.share($0.value) })
            reachableShare = Nullable(r.reachableShare.map { AuditJSON.share($0.value) })
            activeShare = Nullable(r.activeShare.map { AuditJSON.share($0.value) })
            countsUnknownShare = AuditJSON.share(r.coverage.countsUnknownShare)
            reachabilityUnknownShare = AuditJSON.share(r.coverage.reachabilityUnknownShare)
            activityUnknownShare = AuditJSON.share(r.coverage.activityUnknownShare)
            notMeasured = r.coverage.unmeasured.map { NotMeasured(name: $0.name, reason: $0.reason) }
            trueReach = Nullable(r.trueReach.flatMap { $0.value.isFinite ? Int($0.value.rounded()) : nil })
            trueReachShare = Nullable(r.trueReachShare.map { AuditJSON.share($0.value) })
            trueReachBasis = r.coverage.trueReachBasis
            audienceQualityScore = Nullable(r.quality.score)
            quality = Quality(
                score: Nullable(r.quality.score), restsOn: r.quality.restsOn, unmeasured: r.quality.unmeasured)
            qualityComponents = r.quality.components.map {
                Component(name: $0.name, value: AuditJSON.share($0.value), weight: $0.weight)
            }
            var intervals: [String: Interval] = [:]
            let shares = [
                ("authentic_share", r.authenticShare), ("reachable_share", r.reachableShare),
                ("active_share", r.activeShare), ("true_reach_share", r.trueReachShare),
            ]
            for (key, estimate) in shares {
                if let lower = estimate?.lower, let upper = estimate?.upper {
                    intervals[key] = Interval(lower: AuditJSON.share(lower), upper: AuditJSON.share(upper))
                }
            }
            if let lower = r.trueReach?.lower, let upper = r.trueReach?.upper {
                intervals["true_reach"] = Interval(lower: lower.rounded(), upper: upper.rounded())
            }
            self.intervals = intervals.isEmpty ? nil : intervals
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
            languages = Nullable(r.origins.map { Origins($0.languages) })
            countries = Nullable(r.origins.map { Origins($0.countries) })
        }
    }

    /// Top languages or countries: `{"followers", "top": [{"code", "name", "count", "share"}], "other_count",
    /// "other_share", "unknown_count", "unknown_share"}`.
    struct Origins: Encodable {
        var followers: Int
        var top: [Share]
        var otherCount: Int
        var otherShare: Double
        var unknownCount: Int
        var unknownShare: Double

        struct Share: Encodable {
            var code: String
            var name: Nullable<String>
            var count: Int
            var share: Double
        }

        enum CodingKeys: String, CodingKey {
            case followers, top
            case otherCount = "other_count"
            case otherShare = "other_share"
            case unknownCount = "unknown_count"
            case unknownShare = "unknown_share"
        }

        init(_ b: OriginBreakdown) {
            followers = b.followers
            top = b.top.map {
                Share(code: $0.code, name: Nullable($0.name), count: $0.count, share: AuditJSON.share($0.share))
            }
            otherCount = b.otherCount
            otherShare = AuditJSON.share(b.otherShare)
            unknownCount = b.unknownCount
            unknownShare = AuditJSON.share(b.unknownShare)
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

    /// A value written as JSON `null` when absent (a synthesized optional would drop the key).
    struct Nullable<Wrapped: Encodable>: Encodable {
        var value: Wrapped?
        init(_ value: Wrapped?) { self.value = value }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if let value { try container.encode(value) } else { try container.encodeNil() }
        }
    }

    struct FakeShare: Encodable {
        var value: Double
        var low: Double
        var high: Double
        var method: String
    }

    struct Quality: Encodable {
        var score: Nullable<Int>
        var restsOn: [String]
        var unmeasured: [String]
        enum CodingKeys: String, CodingKey {
            case score, unmeasured
            case restsOn = "rests_on"
        }
    }

    struct NotMeasured: Encodable {
        var name: String
        var reason: String
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
