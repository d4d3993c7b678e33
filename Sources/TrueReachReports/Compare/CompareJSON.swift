import FoundationEssentials
import TrueReachCore

/// Renders a ``CompareReport`` as JSON (`truereach compare --format json`).
///
/// The JSON dialect of every TrueReach document (``JSONOutput``): keys sorted, shares rounded to six
/// decimals, unknown values `null`. Shape (abridged):
///
/// ```json
/// {
///   "schema" : "truereach.compare.v1",
///   "accounts" : [ { "account" : "a", "followers" : 1000, "real_followers" : 880,
///                    "estimated_fake_share" : { "value" : 0.1, "low" : 0.08, "high" : 0.12, "method" : "em" },
///                    "true_reach" : 610, "audience_quality_score" : 72,
///                    "engagement" : null, "growth_anomalies" : null,
///                    "outcomes" : { "clicks_per_1000_real_followers" : null, "not_measured" : "…" }, … } ],
///   "overlap" : [ { "a" : "a", "b" : "b", "shared" : 250, "share_of_smaller" : 0.3125,
///                   "method" : "exact", "error" : { "standard_error" : 0, "low" : 250, "high" : 250, … } } ],
///   "unique_real_followers" : { "value" : 1430, "method" : "exact", "error" : { … } },
///   "ranking" : null
/// }
/// ```
///
/// `method` is `exact`, `hyperloglog` or `unknown`; `error` gives one standard error and the 95% interval
/// (in followers, and for pairs as a share of the smaller audience too), zero-width when exact, `null`
/// when unknown, with `reason` saying why. `ranking` is the shortlist of `--rank` (`CompareJSON+Ranking.swift`), `null`
/// when not asked.
public enum CompareJSON {
    /// The schema name.
    static let schema = "truereach.compare.v1"

    /// The comparison as pretty-printed JSON text, ending with a newline.
    ///
    /// - Parameter report: The comparison.
    /// - Returns: The JSON text.
    /// - Throws: `EncodingError` only if a value cannot be represented (not expected).
    public static func render(_ report: CompareReport) throws -> String {
        try JSONOutput.document(Document(report))
    }

    typealias Nullable<Wrapped: Encodable> = AuditJSON.Nullable<Wrapped>

    struct Document: Encodable {
        var schema = CompareJSON.schema
        var exactUpTo: Int
        var accounts: [Account]
        var overlap: [Pair]
        var uniqueRealFollowers: Union
        var ranking: Nullable<Ranking>

        enum CodingKeys: String, CodingKey {
            case schema, accounts, overlap
            case ranking
            case exactUpTo = "exact_up_to"
            case uniqueRealFollowers = "unique_real_followers"
        }

        init(_ report: CompareReport) {
            exactUpTo = report.exactUpTo
            accounts = report.accounts.map(Account.init)
            overlap = report.overlap.pairs.map(Pair.init)
            uniqueRealFollowers = Union(report.overlap)
            ranking = Nullable(report.ranking.map(Ranking.init))
        }
    }

    struct Account: Encodable {
        var account: String
        var platform: String?
        var asOf: String
        var census: Bool
        var followers: Int
        var realFollowers: Nullable<Int>
        var estimatedFakeShare: Nullable<AuditJSON.FakeShare>
        var trueReach: Nullable<Int>
        var trueReachInterval: Nullable<AuditJSON.Interval>
        var trueReachShare: Nullable<Double>
        var audienceQualityScore: Nullable<Int>
        var engagement: Nullable<Engagement>
        var growthAnomalies: Nullable<Int>
        var outcomes = Outcomes()
        var languages: Nullable<AuditJSON.Origins>
        var countries: Nullable<AuditJSON.Origins>

        enum CodingKeys: String, CodingKey {
            case account, platform, census, followers, engagement, outcomes, languages, countries
            case asOf = "as_of"
            case realFollowers = "real_followers"
            case estimatedFakeShare = "estimated_fake_share"
            case trueReach = "true_reach"
            case trueReachInterval = "true_reach_interval"
            case trueReachShare = "true_reach_share"
            case audienceQualityScore = "audience_quality_score"
            case growthAnomalies = "growth_anomalies"
        }

        init(_ a: CompareReport.Account) {
            account = a.account
            platform = a.platform?.rawValue
            asOf = NumberText.timestamp(a.asOf)
            census = a.census
            followers = a.followers
            realFollowers = Nullable(a.realFollowers)
            estimatedFakeShare = Nullable(
                a.estimatedFakeShare.map {
                    AuditJSON.FakeShare(
                        value: AuditJSON.share($0.value), low: AuditJSON.share($0.low),
                        high: AuditJSON.share($0.high), method: $0.method)
                })
            trueReach = Nullable(a.trueReach.flatMap { $0.value.isFinite ? Int($0.value.rounded()) : nil })
            trueReachInterval = Nullable(
                a.trueReach.flatMap { reach in
                    guard let lower = reach.lower, let upper = reach.upper else { return nil }
                    return AuditJSON.Interval(lower: lower.rounded(), upper: upper.rounded())
                })
            trueReachShare = Nullable(a.trueReachShare.map { AuditJSON.share($0.value) })
            audienceQualityScore = Nullable(a.audienceQualityScore)
            engagement = Nullable(
                a.engagementRate.map {
                    Engagement(
                        rate: AuditJSON.share($0), benchmark: Nullable(a.engagementBenchmark),
                        ratioToBenchmark: Nullable(a.engagementRatio.map(AuditJSON.share)))
                })
            growthAnomalies = Nullable(a.growthAnomalies)
            outcomes = Outcomes(
                clicksPerThousand: Nullable(a.humanClicksPerThousandRealFollowers), notMeasured: a.outcomesReason)
            languages = Nullable(a.origins.map { AuditJSON.Origins($0.languages) })
            countries = Nullable(a.origins.map { AuditJSON.Origins($0.countries) })
        }
    }

    struct Engagement: Encodable {
        var rate: Double
        var benchmark: Nullable<EngagementReference>
        var ratioToBenchmark: Nullable<Double>
        enum CodingKeys: String, CodingKey {
            case rate, benchmark
            case ratioToBenchmark = "ratio_to_benchmark"
        }
    }

    struct Outcomes: Encodable {
        var clicksPerThousand = Nullable<Double>(nil)
        var notMeasured: String? = CompareReport.outcomesNotMeasured
        enum CodingKeys: String, CodingKey {
            case clicksPerThousand = "clicks_per_1000_real_followers"
            case notMeasured = "not_measured"
        }
    }

    struct Pair: Encodable {
        var a: String
        var b: String
        var shared: Nullable<Int>
        var shareOfSmaller: Nullable<Double>
        var method: String
        var error: Nullable<PairError>
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case a, b, shared, method, error, reason
            case shareOfSmaller = "share_of_smaller"
        }

        init(_ p: PairOverlap) {
            a = p.a
            b = p.b
            shared = Nullable(p.shared.map { Int($0.value.rounded()) })
            shareOfSmaller = Nullable(p.shareOfSmaller.map { AuditJSON.share($0.value) })
            method = p.method.rawValue
            error = Nullable(
                p.shared.map { s in
                    PairError(
                        standardError: CompareJSON.count(s.standardError), low: Int(s.low.rounded()),
                        high: Int(s.high.rounded()),
                        shareLow: Nullable(p.shareOfSmaller.map { AuditJSON.share($0.low) }),
                        shareHigh: Nullable(p.shareOfSmaller.map { AuditJSON.share($0.high) }))
                })
            reason = p.reason
        }
    }

    struct PairError: Encodable {
        var standardError: Double
        var low: Int
        var high: Int
        var shareLow: Nullable<Double>
        var shareHigh: Nullable<Double>
        var confidence = 0.95
        enum CodingKeys: String, CodingKey {
            case low, high, confidence
            case standardError = "standard_error"
            case shareLow = "share_of_smaller_low"
            case shareHigh = "share_of_smaller_high"
        }
    }

    struct Union: Encodable {
        var value: Nullable<Int>
        var method: String
        var error: Nullable<UnionError>
        var reason: String?

        init(_ overlap: AudienceOverlap) {
            value = Nullable(overlap.uniqueRealFollowers.map { Int($0.value.rounded()) })
            method = overlap.uniqueMethod.rawValue
            error = Nullable(
                overlap.uniqueRealFollowers.map {
                    UnionError(
                        standardError: CompareJSON.count($0.standardError), low: Int($0.low.rounded()),
                        high: Int($0.high.rounded()))
                })
            reason = overlap.uniqueReason
        }
    }

    struct UnionError: Encodable {
        var standardError: Double
        var low: Int
        var high: Int
        var confidence = 0.95
        enum CodingKeys: String, CodingKey {
            case low, high, confidence
            case standardError = "standard_error"
        }
    }

    /// A standard error in followers, to one decimal.
    static func count(_ value: Double) -> Double { (value * 10).rounded() / 10 }
}
