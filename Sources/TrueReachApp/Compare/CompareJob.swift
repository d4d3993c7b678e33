public import TrueReachCore
public import TrueReachReports
public import TrueReachStore

/// `truereach compare`: stored accounts side by side, from each one's latest audit, with their audience
/// overlap.
///
/// Each account's figures are its latest audit's (followers, estimated fake share, true reach, Audience
/// Quality Score), its engagement rate against the same-size benchmark from the posts stored with it
/// (as `audit --account` computes it, for the audited audience's size), and the growth anomalies in its
/// stored follower-count series, and outcomes from its tracked links; what is not stored stays unknown.
///
/// Overlap is over real followers: the latest audit's per-follower results, suspicious ones left out,
/// read in keyset pages. When the audited audiences hold at most ``exactUpTo`` followers in all, each
/// account's ids are kept in a set and counted exactly; past that, each is sketched (``HyperLogLog`` at
/// ``precision``, 16 KiB) and counted exactly, so memory stays flat. An account whose latest audit has no
/// per-follower results (a sample, or an audit of files) has an unknown overlap, with the reason.
public struct CompareJob: Sendable {
    /// The most accounts one comparison takes.
    public static let maximumAccounts = 10
    /// The default of ``exactUpTo``.
    public static let defaultExactUpTo = 2_000_000

    /// The total followers up to which overlap is counted exactly.
    public var exactUpTo: Int
    /// The sketches' precision past ``exactUpTo``.
    public var precision: Int
    /// Followers read per page of an audit's results.
    public var pageSize: Int
    /// Rank the accounts as a shortlist with these weights (``CompareReport/ranking``); `nil`: no ranking.
    public var ranking: ShortlistWeights? = nil

    /// Creates the job.
    ///
    /// - Parameters:
    ///   - exactUpTo: The total followers up to which overlap is exact (0: always sketches).
    ///   - precision: The sketches' precision (``HyperLogLog/precisions``).
    ///   - pageSize: Followers per page read.
    public init(
        exactUpTo: Int = CompareJob.defaultExactUpTo, precision: Int = HyperLogLog.defaultPrecision,
        pageSize: Int = 10_000
    ) {
        self.exactUpTo = exactUpTo
        self.precision = precision
        self.pageSize = pageSize
    }

    /// Compares `accounts`.
    ///
    /// - Parameters:
    ///   - accounts: 2 to ``maximumAccounts`` distinct stored account names, in the order to show.
    ///   - store: The store.
    /// - Returns: The comparison.
    /// - Throws: ``AppError`` `.badInput` (too few or too many accounts, one given twice), `.notFound` (an
    ///   account with no audience or no audit); `StoreError` when the store cannot be read;
    ///   `CancellationError`.
    public func run(accounts: [String], store: any AudienceStore) async throws -> CompareReport {
        guard (2...Self.maximumAccounts).contains(accounts.count) else {
            throw AppError(.badInput, "Compare 2 to \(Self.maximumAccounts) accounts (\(accounts.count) given).")
        }
        guard Set(accounts).count == accounts.count else {
            throw AppError(.badInput, "An account is given twice; name each once.")
        }
        var audits: [(StoredAudit, AudienceReport)] = []
        for account in accounts {
            guard let latest = try await store.fetchAudits(account: account, limit: 1).first else {
                if try await store.fetchAudience(account: account) == nil {
                    throw AppError(.notFound, "There is no account named \(account).")
                }
                throw AppError(
                    .notFound, "\(account) has no audit yet; run `truereach audit --account \(account)` first.")
            }
            guard let report = try await store.fetchAuditReport(id: latest.id) else {
                throw AppError(.notFound, "The latest audit of \(account) is missing from the store.")
            }
            audits.append((latest, report))
        }
        var rows: [CompareReport.Account] = []
        for (account, (_, report)) in zip(accounts, audits) {
            let records = try await store.fetchAccountRecords(account: account)
            let platform = try await store.fetchAudience(account: account)?.platform
            rows.append(row(account, report: report, records: records, platform: platform))
        }
        // Outcomes where the store keeps tracked links and the account has some.
        if let outcomeStore = store as? any OutcomeStore & AudienceStore {
            for index in rows.indices {
                let outcomes = try await Outcomes(store: outcomeStore).report(account: accounts[index])
                if !outcomes.links.isEmpty { rows[index].outcomes = outcomes.total }
            }
        }
        let exact = audits.reduce(0) { $0 + $1.0.followersTotal } <= exactUpTo
        var audiences: [OverlapAudience] = []
        for (index, account) in accounts.enumerated() {
            let audience = try await overlapAudience(account, audit: audits[index].0, exact: exact, store: store)
            if case .exact(let keys) = audience.members {
                rows[index].realFollowers = keys.count
            } else if case .sketch(let count, _) = audience.members {
                rows[index].realFollowers = count
            }
            audiences.append(audience)
        }
        var report = CompareReport(accounts: rows, overlap: AudienceOverlap.measure(audiences), exactUpTo: exactUpTo)
        report.ranking = ranking.map { Self.rank(report.accounts, audiences: audiences, weights: $0) }
        return report
    }

    /// One account's figures.
    func row(
        _ account: String, report: AudienceReport, records: AccountRecords, platform: Platform?
    ) -> CompareReport.Account {
        var row = CompareReport.Account(
            account: account, platform: platform, asOf: report.asOf, census: report.sample == nil,
            followers: report.followersTotal, estimatedFakeShare: report.estimatedFakeShare,
            trueReach: report.trueReach, trueReachShare: report.trueReachShare,
            audienceQualityScore: report.quality.score)
        row.origins = report.origins
        let inputs = AuditExtraInputs(records)
        var measured: [PostEngagement] = []
        if let batch = inputs.posts {
            let rated = AuditExtras.rate(batch, followersTotal: report.followersTotal)
            measured = rated.measured
            row.engagementRate = rated.summary.meanRateByFollowers
            row.engagementBenchmark = rated.benchmark?.tierAverage
            row.engagementRatio = rated.benchmark?.ratioToTierAverage
        }
        if !inputs.series.isEmpty {
            row.growthAnomalies = inputs.series.reduce(0) {
                $0 + GrowthDetector.analyze($1, engagement: measured).anomalies.count
            }
        }
        return row
    }

    /// The account's real followers from its latest audit's per-follower results.
    func overlapAudience(
        _ account: String, audit: StoredAudit, exact: Bool, store: any AudienceStore
    ) async throws -> OverlapAudience {
        if audit.sampled {
            return .unknown(
                account: account,
                reason:
                    "The latest audit of \(account) is a sample, which stores no per-follower results; audit it without --sample."
            )
        }
        var keys = Set<FollowerKey>()
        var sketch = HyperLogLog(precision: precision)
        var count = 0
        var query = AuditFollowerQuery(audit: audit.id, limit: pageSize)
        while true {
            try Task.checkCancellation()
            guard let page = try await store.fetchAuditFollowerPage(query) else {
                return .unknown(
                    account: account,
                    reason:
                        "The latest audit of \(account) has no per-follower results (an audit of files); run `truereach audit --account \(account)`."
                )
            }
            for follower in page.followers where follower.category != .suspicious {
                let key = FollowerKey(platform: follower.platform, id: follower.profile)
                if exact {
                    keys.insert(key)
                } else {
                    sketch.insert(key)
                    count += 1
                }
            }
            guard let next = page.next else { break }
            query.after = next
        }
        return exact
            ? .exact(account: account, followers: keys)
            : .sketched(account: account, realFollowers: count, sketch: sketch)
    }
}
