public import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Sorts followers into categories and builds the audience report.
///
/// The analyzer is a pure value: give it accounts with their scores and it returns
/// the same report for the same input on every run. Large audiences stream through
/// ``AudienceAccumulator`` values, one per batch, merged in any order.
///
/// ```swift
/// let analyzer = AudienceAnalyzer(threshold: scorer.threshold)
/// var totals = analyzer.makeAccumulator()
/// totals.add(accounts, scores: scorer.score(accounts, asOf: now), asOf: now)
/// let report = analyzer.report(from: totals, account: "acme", asOf: now, scorer: scorer.name)
/// ```
public struct AudienceAnalyzer: Sendable {
    /// The probability at or above which a follower is suspicious.
    public var threshold: Double
    /// The category cut-offs.
    public var configuration: AudienceConfiguration
    /// The scorer's out-of-fold histograms, for the audience-level fake share.
    public var quantification: QuantificationProfile?

    /// Creates an analyzer.
    public init(
        threshold: Double, configuration: AudienceConfiguration = .init(),
        quantification: QuantificationProfile? = nil
    ) {
        self.threshold = threshold
        self.configuration = configuration
        self.quantification = quantification
    }

    // MARK: - Per follower

    /// The follower's category, by the precedence in ``AudienceCategory``.
    public func category(of account: Account, probability: Double, asOf now: Date) -> AudienceCategory {
        if probability >= threshold { return .suspicious }
        if !isReachable(account) { return .massFollower }
        if !isActive(account, asOf: now) { return .inactive }
        if let followers = account.followersCount, followers > configuration.influencerFollowersCutoff {
            return .influencer
        }
        return .real
    }

    /// Whether the follower follows few enough accounts to see a given post.
    ///
    /// An unknown following count counts as reachable: the report does not guess against a follower.
    public func isReachable(_ account: Account) -> Bool {
        guard let following = account.followingCount else { return true }
        return following <= configuration.massFollowingCutoff
    }

    /// Whether the follower is active: not known to be silent.
    ///
    /// Inactive means no post ever (`posts_count` 0), or a last post more than
    /// ``AudienceConfiguration/inactiveDays`` before the snapshot (`captured_at`, else `now`).
    /// A follower whose recency is unknown but who has posted counts as active.
    public func isActive(_ account: Account, asOf now: Date) -> Bool {
        if let posts = account.postsCount, posts == 0 { return false }
        if let last = account.lastPostAt {
            let reference = account.capturedAt ?? now
            let window = Double(configuration.inactiveDays) * 86_400
            return reference.timeIntervalSince(last) <= window
        }
        return true
    }

    /// An empty accumulator for this analyzer.
    public func makeAccumulator() -> AudienceAccumulator {
        AudienceAccumulator(analyzer: self)
    }

    // MARK: - Report

    /// Builds the report from everything accumulated.
    ///
    /// - Parameters:
    ///   - totals: The merged accumulator.
    ///   - account: The audited account's name, if any.
    ///   - asOf: The audit's reference date.
    ///   - scorer: The scorer's name.
    ///   - sample: How the followers were sampled, or nil for a census.
    ///   - populationCount: The audience size when `totals` holds a sample of it.
    ///   - engagementRatio: Engagement rate divided by the same-size benchmark, when posts are known.
    /// - Returns: The report; shares carry 95% intervals only for a sample.
    public func report(
        from totals: AudienceAccumulator,
        account: String?,
        asOf: Date,
        scorer: String,
        sample: SampleInfo? = nil,
        populationCount: Int? = nil,
        engagementRatio: Double? = nil
    ) -> AudienceReport {
        let n = totals.count
        let population = max(populationCount ?? n, n)
        let isSample = sample != nil && n < population

        func estimate(_ count: Int) -> Estimate {
            guard n > 0 else { return Estimate(value: 0) }
            let share = Double(count) / Double(n)
            guard isSample else { return Estimate(value: share) }
            let (lower, upper) = Self.wilsonInterval(successes: count, trials: n, population: population)
            return Estimate(value: share, lower: lower, upper: upper)
        }

        let categories = AudienceCategory.allCases.map { category in
            CategoryBreakdown(
                category: category, count: totals.categoryCounts[category.index],
                share: estimate(totals.categoryCounts[category.index]))
        }
        let suspicious = totals.categoryCounts[AudienceCategory.suspicious.index]
        let authentic = estimate(n - suspicious)
        let reachable = estimate(totals.reachableCount)
        let active = estimate(totals.activeCount)
        let trueReachCount =
            totals.categoryCounts[AudienceCategory.real.index]
            + totals.categoryCounts[AudienceCategory.influencer.index]
        let trueReachShare = estimate(trueReachCount)
        let scale = Double(population)
        let trueReach = Estimate(
            value: isSample ? (trueReachShare.value * scale).rounded() : Double(trueReachCount),
            lower: trueReachShare.lower.map { ($0 * scale).rounded() },
            upper: trueReachShare.upper.map { ($0 * scale).rounded() })

        let quality = Self.qualityScore(
            trueReachShare: trueReachShare.value, authenticShare: authentic.value,
            reachableShare: reachable.value, activeShare: active.value, engagementRatio: engagementRatio)
        let shares = Dictionary(uniqueKeysWithValues: categories.map { ($0.category, $0.share.value) })
        let (problems, strengths) = Self.findings(
            shares: shares, authentic: authentic.value, trueReach: trueReachShare.value,
            engagementRatio: engagementRatio, configuration: configuration, analysed: n)

        let frequencies = totals.signalCounts
            .map { SignalFrequency(code: $0.key, label: Self.label(forSignal: $0.key), count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }

        return AudienceReport(
            account: account, asOf: asOf, scorer: scorer, threshold: threshold,
            followersTotal: population, followersAnalysed: n, sample: isSample ? sample : nil,
            categories: categories, authenticShare: authentic, reachableShare: reachable, activeShare: active,
            trueReach: trueReach, quality: quality, problems: problems, strengths: strengths,
            topInfluential: totals.influential.elements.map(\.summary),
            mostSuspicious: totals.suspicious.elements.map(\.summary),
            signalFrequencies: Array(frequencies.prefix(12)),
            scatter: totals.scatter.elements.map(\.point),
            probabilityHistogram: totals.histogram, configuration: configuration)
    }

    // MARK: - Formulas

    /// The Audience Quality Score: a weighted mean of shares, times 100 (see docs/metrics.md).
    ///
    /// Components and weights: quality audience (true reach share) 0.40, authenticity 0.30,
    /// reachability 0.15, activity 0.15 and, when posts are known, engagement 0.25 with value
    /// r / (1 + r) for r = engagement rate / same-size benchmark (0.5 at the benchmark).
    /// Weights are renormalised over the components present.
    public static func qualityScore(
        trueReachShare: Double, authenticShare: Double, reachableShare: Double, activeShare: Double,
        engagementRatio: Double?
    ) -> QualityScore {
        var components = [
            QualityComponent(name: "quality_audience", value: trueReachShare, weight: 0.40),
            QualityComponent(name: "authenticity", value: authenticShare, weight: 0.30),
            QualityComponent(name: "reachability", value: reachableShare, weight: 0.15),
            QualityComponent(name: "activity", value: activeShare, weight: 0.15),
        ]
        if let ratio = engagementRatio, ratio.isFinite, ratio >= 0 {
            components.append(QualityComponent(name: "engagement", value: ratio / (1 + ratio), weight: 0.25))
        }
        let totalWeight = components.reduce(0) { $0 + $1.weight }
        let weighted = components.reduce(0) { $0 + $1.weight * $1.value }
        let score = Int((100 * weighted / totalWeight).rounded())
        return QualityScore(score: min(100, max(0, score)), components: components)
    }

    /// The Wilson score interval at 95% for a share, with the finite-population correction.
    ///
    /// The correction enters as an effective sample size n_eff = n · (N − 1) / (N − n), the usual
    /// way to apply it to the Wilson interval; for N much larger than n it changes nothing.
    ///
    /// - Returns: (lower, upper), both in [0, 1]. With `trials >= population` (a census) the
    ///   interval collapses to the observed share.
    public static func wilsonInterval(successes: Int, trials: Int, population: Int) -> (Double, Double) {
        guard trials > 0 else { return (0, 1) }
        let p = Double(successes) / Double(trials)
        guard trials < population else { return (p, p) }
        let z = 1.959_963_984_540_054
        let n = Double(trials) * Double(population - 1) / Double(population - trials)
        let denominator = 1 + z * z / n
        let center = (p + z * z / (2 * n)) / denominator
        let half = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
        return (max(0, center - half), min(1, center + half))
    }

    /// A readable label for a signal code (`rule.never_posted` becomes "never posted").
    public static func label(forSignal code: String) -> String {
        let base = code.split(separator: ".").last.map(String.init) ?? code
        return base.replacingUnderscores()
    }

    static func findings(
        shares: [AudienceCategory: Double], authentic: Double, trueReach: Double, engagementRatio: Double?,
        configuration: AudienceConfiguration, analysed: Int
    ) -> (problems: [String], strengths: [String]) {
        guard analysed > 0 else { return (["No followers to analyse."], []) }
        var problems: [String] = []
        var strengths: [String] = []
        let suspicious = shares[.suspicious] ?? 0
        let mass = shares[.massFollower] ?? 0
        let inactive = shares[.inactive] ?? 0
        let influencers = shares[.influencer] ?? 0
        if suspicious >= 0.10 {
            problems.append(
                "\(CountText.percent(suspicious)) of followers look like bots or bought accounts.")
        } else if suspicious < 0.05 {
            strengths.append("Only \(CountText.percent(suspicious)) of followers look like bots or bought accounts.")
        }
        if authentic < 0.60 {
            problems.append(
                "Fewer than 60% of followers are authentic, the level below which IG Audit suggested fraud.")
        } else if authentic < 0.75 {
            problems.append(
                "Fewer than 75% of followers are authentic, which Modash calls often a sign of fraud.")
        }
        if mass >= 0.15 {
            problems.append(
                "\(CountText.percent(mass)) of followers follow more than \(CountText.grouped(configuration.massFollowingCutoff)) accounts and rarely see any one post."
            )
        } else if mass < 0.05 {
            strengths.append("Few mass followers (\(CountText.percent(mass))): most followers can see posts.")
        }
        if inactive >= 0.30 {
            problems.append(
                "\(CountText.percent(inactive)) of followers have not posted in \(configuration.inactiveDays) days; they are quiet people, not fakes, but they rarely engage."
            )
        }
        if trueReach >= 0.60 {
            strengths.append("True reach is \(CountText.percent(trueReach)) of the audience.")
        } else if trueReach < 0.40 {
            problems.append("True reach is only \(CountText.percent(trueReach)) of the audience.")
        }
        if influencers >= 0.05 {
            strengths.append(
                "\(CountText.percent(influencers)) of followers are influencers with more than \(CountText.grouped(configuration.influencerFollowersCutoff)) followers."
            )
        }
        if let ratio = engagementRatio {
            if ratio < 0.5 {
                problems.append("Engagement is under half the benchmark for accounts of this size.")
            } else if ratio >= 1.5 {
                strengths.append("Engagement is well above the benchmark for accounts of this size.")
            }
        }
        return (problems, strengths)
    }
}

extension AudienceCategory {
    /// The category's position in precedence order, for array-backed counters.
    var index: Int {
        switch self {
        case .suspicious: 0
        case .massFollower: 1
        case .inactive: 2
        case .influencer: 3
        case .real: 4
        }
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
