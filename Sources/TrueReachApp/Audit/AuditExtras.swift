import Foundation
public import TrueReachCore
public import TrueReachIngest
public import TrueReachReports
public import TrueReachStore

/// Posts, count series and follower snapshots given to `truereach audit`, read before the audit runs so
/// bad input fails fast.
public struct AuditExtraInputs: Sendable {
    /// The audited account's posts and interactions.
    public var posts: PostBatch?
    /// Follower count series.
    public var series: [CountSeries] = []
    /// Follower snapshots, oldest first.
    public var snapshots: [FollowerSnapshot] = []

    /// Creates inputs from values already read.
    public init(posts: PostBatch? = nil, series: [CountSeries] = [], snapshots: [FollowerSnapshot] = []) {
        self.posts = posts
        self.series = series
        self.snapshots = snapshots
    }

    /// The inputs as the store keeps them with the account (``AudienceStore/saveAccountRecords(_:account:)``).
    public var records: AccountRecords {
        AccountRecords(
            posts: posts?.posts ?? [], interactions: posts?.interactions ?? [], authors: posts?.authors ?? [],
            series: series, snapshots: snapshots)
    }

    /// The inputs stored with an account: what `audit --account` uses when no files are given.
    public init(_ records: AccountRecords) {
        let hasPosts = !records.posts.isEmpty || !records.interactions.isEmpty
        self.init(
            posts: hasPosts
                ? PostBatch(
                    posts: records.posts, interactions: records.interactions, authors: records.authors,
                    records: records.posts.count + records.interactions.count)
                : nil,
            series: records.series, snapshots: records.snapshots)
    }

    /// Whether nothing besides the followers was given.
    public var isEmpty: Bool { posts == nil && series.isEmpty && snapshots.isEmpty }

    /// Reads every file; unreadable records go to `events` and are held to `policy`.
    ///
    /// - Throws: `IngestError` when a file cannot be read; ``AppError`` `.badInput` when more records are
    ///   unreadable than the policy allows, or series or snapshots hold nothing.
    public static func read(
        posts: [String], series: [String], snapshots: [String], policy: IssuePolicy, events: JobEvents? = nil
    ) throws -> AuditExtraInputs {
        var inputs = AuditExtraInputs()
        if !posts.isEmpty {
            let batch = try PostReader.read(paths: posts, configuration: policy.configuration)
            try policy.check(batch.issues, records: batch.records, events: events)
            inputs.posts = batch
        }
        var issues: [IngestIssue] = []
        var records = 0
        for path in series {
            let batch = try CountSeriesReader.read(path: path, configuration: policy.configuration)
            inputs.series += batch.series
            issues += batch.issues
            records += batch.records
        }
        if !series.isEmpty {
            try policy.check(issues, records: records, events: events)
            guard !inputs.series.isEmpty else { throw AppError(.badInput, "--series: no count series found") }
        }
        issues = []
        for path in snapshots {
            let (snapshot, bad) = try FollowerSnapshotReader.read(path: path, configuration: policy.configuration)
            inputs.snapshots.append(snapshot)
            issues += bad
        }
        if !snapshots.isEmpty {
            let entries = inputs.snapshots.reduce(0) { $0 + $1.entries.count }
            try policy.check(issues, records: entries, events: events)
            guard entries > 0 else { throw AppError(.badInput, "--snapshots: the snapshots hold no followers") }
        }
        return inputs
    }

    /// Profiles the extras name (engagers, snapshot members): their audit scores are looked up.
    public var namedAccounts: Set<ProfileID> {
        var ids = Set(posts?.interactions.map(\.profile) ?? [])
        for s in snapshots { for e in s.entries { ids.insert(e.profile) } }
        return ids
    }
}

/// The `engagement` object of `audit --format json` when posts are given.
public struct AuditEngagementJSON: Encodable, Sendable {
    /// Posts measured (reposts left out).
    public var posts: Int
    public var lastN: Int
    /// Mean ER by followers over the newest `lastN` posts (HypeAuditor's account ER).
    public var rateLastN: Double?
    public var medianRateLastN: Double?
    /// The follower count the benchmark tier was chosen by: the audited audience's size.
    public var benchmarkFollowers: Int
    /// The same-size benchmark (HypeAuditor 2018 tier average).
    public var benchmark: EngagementReference?
    /// rateLastN ÷ benchmark: the `engagement` component's r.
    public var ratioToBenchmark: Double?
    public var platformMedian: EngagementReference?
    public var ratioToPlatformMedian: Double?
    /// Share of scored interactions by engagers in the audited audience who are not suspicious.
    public var authenticEngagement: AuthenticEngagement?
    public var followShare: EngagerFollowShare?

    enum CodingKeys: String, CodingKey {
        case posts, benchmark
        case lastN = "last_n"
        case rateLastN = "er_last_n"
        case medianRateLastN = "median_er_last_n"
        case benchmarkFollowers = "benchmark_followers"
        case ratioToBenchmark = "ratio_to_benchmark"
        case platformMedian = "platform_median"
        case ratioToPlatformMedian = "ratio_to_platform_median"
        case authenticEngagement = "authentic_engagement"
        case followShare = "engagers_who_follow"
    }
}

/// What posts, series and snapshots add to an audit: the engagement ratio for the Audience Quality Score,
/// HTML sections and the JSON `engagement` object.
public struct AuditExtras: Sendable {
    /// Posts in the "last N posts" ER (HypeAuditor's 12).
    static let lastPosts = 12
    /// Seed of the content comparison's bootstrap (as the `engagement` command's default).
    static let seed: UInt64 = 42

    /// The engagement ratio for the Audience Quality Score (with posts and a benchmark).
    public var engagementRatio: Double?
    /// The audit JSON's `engagement` object (with posts).
    public var engagement: AuditEngagementJSON?
    /// HTML sections for the report: engagement, growth integrity, follower cohorts.
    public var sections: [ReportSection] = []

    /// No extras.
    public init() {}

    /// JSON keys to add to the audit document.
    public var json: [String: any Encodable & Sendable] {
        engagement.map { ["engagement": $0] } ?? [:]
    }

    /// Computes the extras for an audit.
    ///
    /// - Parameters:
    ///   - inputs: What was given besides the followers.
    ///   - report: The audit (its `followersTotal` picks the benchmark tier and stands in for posts' follower
    ///     counts when the post source gives none).
    ///   - probabilities: Audit scores of the accounts ``AuditExtraInputs/namedAccounts`` found in the audience.
    ///   - audienceMembers: Those accounts (for the share of engagers who follow); nil when not looked up.
    ///   - threshold: The scorer's operating threshold.
    /// - Returns: The extras: with posts, the engagement ratio, the JSON `engagement` object and an Engagement
    ///   section; with series, a Growth integrity section; with snapshots, a Follower cohorts section.
    /// - Throws: ``AppError`` `.badInput` when posts were given but none has engagement counts and there are
    ///   no interactions.
    public static func build(
        _ inputs: AuditExtraInputs, report: AudienceReport, probabilities: [ProfileID: Double],
        audienceMembers: Set<ProfileID>?, threshold: Double
    ) throws -> AuditExtras {
        var extras = AuditExtras()
        var measured: [PostEngagement] = []
        if let batch = inputs.posts {
            let weights = EngagementWeights.socialCascade
            let rated = rate(batch, followersTotal: report.followersTotal)
            measured = rated.measured
            guard !measured.isEmpty || !batch.interactions.isEmpty else {
                throw AppError(.badInput, "--posts: no posts with engagement counts were found")
            }
            var rng = SeededGenerator(seed: seed)
            let engagement = EngagementReport.build(
                measured: measured, tagFilter: nil, posts: batch.posts, interactions: batch.interactions,
                followers: batch.interactions.isEmpty ? nil : audienceMembers, probabilities: probabilities,
                threshold: threshold, last: lastPosts, period: .month, grouping: .format, baseline: nil,
                resamples: 2_000, weights: weights, rng: &rng, issues: batch.issues.count)
            let (summary, benchmark) = (rated.summary, rated.benchmark)
            extras.engagementRatio = benchmark?.ratioToTierAverage
            extras.engagement = AuditEngagementJSON(
                posts: measured.count, lastN: lastPosts, rateLastN: summary.meanRateByFollowers.map(rounded),
                medianRateLastN: summary.medianRateByFollowers.map(rounded), benchmarkFollowers: report.followersTotal,
                benchmark: benchmark?.tierAverage, ratioToBenchmark: benchmark?.ratioToTierAverage.map(rounded),
                platformMedian: benchmark?.platformMedian,
                ratioToPlatformMedian: benchmark?.ratioToPlatformMedian.map(rounded),
                authenticEngagement: engagement.authenticEngagement, followShare: engagement.followShare)
            let input = EngagementSections.Input(
                overTime: EngagementMetrics.overTime(measured, period: .month), period: .month,
                content: engagement.content, likeSpread: LikeSpread.measure(likes: measured.compactMap(\.likes)),
                flaggedComments: engagement.comments.filter(\.flagged))
            extras.sections.append(
                ReportSection(
                    title: "Engagement",
                    html: summaryHTML(extras.engagement, authentic: engagement.authenticEngagement)
                        + EngagementSections.render(input)))
        }
        if !inputs.series.isEmpty {
            let reports = inputs.series.map { GrowthDetector.analyze($0, engagement: measured) }
            extras.sections.append(
                ReportSection(
                    title: "Growth integrity", html: GrowthSections.render(series: inputs.series, reports: reports)))
        }
        if !inputs.snapshots.isEmpty {
            let cohorts = FollowerCohorts.analyze(
                inputs.snapshots, period: .month, probabilities: probabilities, threshold: threshold,
                interactions: inputs.posts.flatMap { $0.interactions.isEmpty ? nil : $0.interactions })
            extras.sections.append(ReportSection(title: "Follower cohorts", html: CohortSections.render(cohorts)))
        }
        return extras
    }

    /// The engagement rate over the last 12 posts and its same-size benchmark, as an audit of an audience
    /// of `followersTotal` computes them (the engagement component of its quality score).
    ///
    /// - Parameters:
    ///   - batch: The account's posts and interactions.
    ///   - followersTotal: The audited audience's size (picks the benchmark tier; stands in for posts'
    ///     follower counts when the source gives none).
    /// - Returns: Each post's engagement (reposts left out), the summary over the last posts, and the
    ///   benchmark comparison (nil when no post has a rate by followers).
    public static func rate(_ batch: PostBatch, followersTotal: Int) -> (
        measured: [PostEngagement], summary: EngagementSummary, benchmark: EngagementBenchmarkResult?
    ) {
        let measured = EngagementReport.measure(
            batch, followerCount: followersTotal, weights: .socialCascade, includeReposts: false)
        // The audit is of one account: its posts are pooled (the same as the author's when there is one).
        let summary = EngagementMetrics.summary(measured, lastPosts: lastPosts)
        let platforms = Set(batch.posts.map(\.platform))
        let benchmark = summary.meanRateByFollowers.map {
            EngagementBenchmark.compare(
                rate: $0, followers: followersTotal, platform: platforms.count == 1 ? platforms.first : nil)
        }
        return (measured, summary, benchmark)
    }

    /// The engagement inputs of the quality score, in words.
    static func summaryHTML(_ e: AuditEngagementJSON?, authentic: AuthenticEngagement?) -> HTML {
        guard let e else { return .empty }
        let rate = AnalyticsText.percent(e.rateLastN)
        var out: HTML = "<p>Engagement rate by followers over the last \(e.lastN) posts: <strong>\(rate)</strong>"
        if let benchmark = e.benchmark, let ratio = e.ratioToBenchmark {
            let times = AnalyticsText.number(ratio, digits: 2)
            out += "; the same-size benchmark (\(benchmark.label), \(AnalyticsText.percent(benchmark.rate)), "
            out += "\(benchmark.source)) gives a ratio of \(times), which enters the quality score as r / (1 + r)."
        } else {
            out += "; no benchmark applies, so the quality score leaves engagement out."
        }
        out += "</p>"
        if let authentic, authentic.scored > 0 {
            out +=
                "<p>Authentic engagement: \(AnalyticsText.percent(authentic.share)) of \(authentic.scored) interactions "
            out += "by engagers scored in this audit (\(authentic.unscored) by others, not counted).</p>"
        }
        return out
    }

    static func rounded(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return (value * 1_000_000).rounded() / 1_000_000
    }
}
