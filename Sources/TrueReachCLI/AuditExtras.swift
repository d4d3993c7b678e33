import Foundation
import TrueReachCore
import TrueReachIngest
import TrueReachReports
import TrueReachStore

extension EngagementReport {
    /// Measures posts as the `engagement` command does: a post without a follower count at posting uses the
    /// author's current count from the source, else `followerCount`.
    ///
    /// Shared by `engagement` (`--follower-count`) and `audit --posts` (the audited audience's size).
    static func measure(
        _ batch: PostBatch, followerCount: Int?, weights: EngagementWeights, includeReposts: Bool
    ) -> [PostEngagement] {
        var followersNow = batch.followersNow
        if let followerCount {
            for p in batch.posts where followersNow[p.author] == nil { followersNow[p.author] = followerCount }
        }
        return EngagementMetrics.measure(
            batch.posts, followersNow: followersNow, weights: weights, includeReposts: includeReposts)
    }
}

/// Posts, count series and follower snapshots given to `truereach audit`, read before the audit runs so
/// bad input fails fast.
struct AuditExtraInputs {
    var posts: PostBatch?
    var series: [CountSeries] = []
    var snapshots: [FollowerSnapshot] = []

    var isEmpty: Bool { posts == nil && series.isEmpty && snapshots.isEmpty }

    /// Reads every file; unreadable records are reported as the analytics commands do.
    static func read(posts: [String], series: [String], snapshots: [String], maxErrors: Int) throws -> AuditExtraInputs
    {
        var inputs = AuditExtraInputs()
        if !posts.isEmpty {
            let batch = try PostReader.read(paths: posts)
            try AnalyticsIO.checkIssues(batch.issues, records: batch.records, maxErrors: maxErrors)
            inputs.posts = batch
        }
        var issues: [IngestIssue] = []
        var records = 0
        for path in series {
            let batch = try CountSeriesReader.read(path: path)
            inputs.series += batch.series
            issues += batch.issues
            records += batch.records
        }
        if !series.isEmpty {
            try AnalyticsIO.checkIssues(issues, records: records, maxErrors: maxErrors)
            guard !inputs.series.isEmpty else {
                throw CLIError(message: "--series: no count series found", exitCode: TrueReachExit.badInput)
            }
        }
        issues = []
        for path in snapshots {
            let (snapshot, bad) = try FollowerSnapshotReader.read(path: path)
            inputs.snapshots.append(snapshot)
            issues += bad
        }
        if !snapshots.isEmpty {
            let entries = inputs.snapshots.reduce(0) { $0 + $1.entries.count }
            try AnalyticsIO.checkIssues(issues, records: entries, maxErrors: maxErrors)
            guard entries > 0 else {
                throw CLIError(
                    message: "--snapshots: the snapshots hold no followers", exitCode: TrueReachExit.badInput)
            }
        }
        return inputs
    }

    /// Accounts the extras name (engagers, snapshot members): their audit scores are looked up.
    var namedAccounts: Set<AccountID> {
        var ids = Set(posts?.interactions.map(\.account) ?? [])
        for s in snapshots { for e in s.entries { ids.insert(e.account) } }
        return ids
    }
}

/// The `engagement` object of `audit --format json` when posts are given.
struct AuditEngagementJSON: Encodable, Sendable {
    /// Posts measured (reposts left out).
    var posts: Int
    var lastN: Int
    /// Mean ER by followers over the newest `lastN` posts (HypeAuditor's account ER).
    var rateLastN: Double?
    var medianRateLastN: Double?
    /// The follower count the benchmark tier was chosen by: the audited audience's size.
    var benchmarkFollowers: Int
    /// The same-size benchmark (HypeAuditor 2018 tier average).
    var benchmark: EngagementReference?
    /// rateLastN ÷ benchmark: the `engagement` component's r.
    var ratioToBenchmark: Double?
    var platformMedian: EngagementReference?
    var ratioToPlatformMedian: Double?
    /// Share of scored interactions by engagers in the audited audience who are not suspicious.
    var authenticEngagement: AuthenticEngagement?
    var followShare: EngagerFollowShare?

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
struct AuditExtras {
    /// Posts in the "last N posts" ER (HypeAuditor's 12).
    static let lastPosts = 12
    /// Seed of the content comparison's bootstrap (as the `engagement` command's default).
    static let seed: UInt64 = 42

    var engagementRatio: Double?
    var engagement: AuditEngagementJSON?
    var sections: [ReportSection] = []

    /// JSON keys to add to the audit document.
    var json: [String: any Encodable & Sendable] {
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
    /// - Throws: ``CLIError`` with ``TrueReachExit/badInput`` when posts were given but none has engagement
    ///   counts and there are no interactions.
    static func build(
        _ inputs: AuditExtraInputs, report: AudienceReport, probabilities: [AccountID: Double],
        audienceMembers: Set<AccountID>?, threshold: Double
    ) throws -> AuditExtras {
        var extras = AuditExtras()
        var measured: [PostEngagement] = []
        if let batch = inputs.posts {
            let weights = EngagementWeights.socialCascade
            measured = EngagementReport.measure(
                batch, followerCount: report.followersTotal, weights: weights, includeReposts: false)
            guard !measured.isEmpty || !batch.interactions.isEmpty else {
                throw CLIError(
                    message: "--posts: no posts with engagement counts were found", exitCode: TrueReachExit.badInput)
            }
            var rng = SeededGenerator(seed: seed)
            let engagement = EngagementReport.build(
                measured: measured, tagFilter: nil, posts: batch.posts, interactions: batch.interactions,
                followers: batch.interactions.isEmpty ? nil : audienceMembers, probabilities: probabilities,
                threshold: threshold, last: lastPosts, period: .month, grouping: .format, baseline: nil,
                resamples: 2_000, weights: weights, rng: &rng, issues: batch.issues.count)
            // The audit is of one account: its posts are pooled (the same as the author's when there is one).
            let summary = EngagementMetrics.summary(measured, lastPosts: lastPosts)
            let platforms = Set(batch.posts.map(\.platform))
            let benchmark = summary.meanRateByFollowers.map {
                EngagementBenchmark.compare(
                    rate: $0, followers: report.followersTotal, platform: platforms.count == 1 ? platforms.first : nil)
            }
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

    /// The engagement inputs of the quality score, in words.
    static func summaryHTML(_ e: AuditEngagementJSON?, authentic: AuthenticEngagement?) -> HTML {
        guard let e else { return .empty }
        let rate = AnalyticsIO.percent(e.rateLastN)
        var out: HTML = "<p>Engagement rate by followers over the last \(e.lastN) posts: <strong>\(rate)</strong>"
        if let benchmark = e.benchmark, let ratio = e.ratioToBenchmark {
            let times = AnalyticsIO.number(ratio, digits: 2)
            out += "; the same-size benchmark (\(benchmark.label), \(AnalyticsIO.percent(benchmark.rate)), "
            out += "\(benchmark.source)) gives a ratio of \(times), which enters the quality score as r / (1 + r)."
        } else {
            out += "; no benchmark applies, so the quality score leaves engagement out."
        }
        out += "</p>"
        if let authentic, authentic.scored > 0 {
            out +=
                "<p>Authentic engagement: \(AnalyticsIO.percent(authentic.share)) of \(authentic.scored) interactions "
            out += "by engagers scored in this audit (\(authentic.unscored) by others, not counted).</p>"
        }
        return out
    }

    static func rounded(_ value: Double) -> Double {
        guard value.isFinite else { return value }
        return (value * 1_000_000).rounded() / 1_000_000
    }

    /// Audit scores of the accounts in `wanted` (matched by id or handle), read again from the audience.
    ///
    /// A second pass that scores only the named accounts, so it costs a read, not a re-audit. Standard input
    /// cannot be read twice: then nothing is returned.
    /// - Returns: probability by the name used in `wanted`.
    static func scores(
        of wanted: Set<AccountID>, source: AudienceSource, scorer: any Scorer, now: Date
    ) async throws -> [AccountID: Double] {
        guard !wanted.isEmpty else { return [:] }
        var out: [AccountID: Double] = [:]
        func take(_ accounts: [Account]) {
            let named = accounts.filter {
                wanted.contains($0.id) || $0.handle.map { wanted.contains(AccountID($0)) } == true
            }
            guard !named.isEmpty else { return }
            for (account, score) in zip(named, scorer.score(named, asOf: now)) {
                if wanted.contains(account.id) { out[account.id] = score.probability }
                if let handle = account.handle, wanted.contains(AccountID(handle)) {
                    out[AccountID(handle)] = score.probability
                }
            }
        }
        switch source {
        case .files(let files, let reader):
            guard !files.contains("-") else {
                FileHandle.standardError.write(
                    Data(
                        "truereach: followers read from standard input cannot be matched to engagers or snapshots\n"
                            .utf8))
                return [:]
            }
            for file in files {
                for try await batch in reader.batches(path: file) { take(batch.accounts) }
            }
        case .stored(let store, let name):
            for try await accounts in store.fetchAudienceAccounts(name: name, batchSize: 8_192) { take(accounts) }
        }
        return out
    }
}
