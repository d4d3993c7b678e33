public import FoundationEssentials

/// Sorts followers into categories and builds the audience report.
///
/// The analyzer is a pure value: give it accounts with their scores and it returns
/// the same report for the same input on every run. Large audiences stream through
/// ``AudienceAccumulator`` values, one per batch, merged in any order.
///
/// ```swift
/// let analyzer = AudienceAnalyzer(threshold: scorer.threshold, quantification: scorer.quantification)
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
    /// Tells each follower's language and country; nil leaves ``AudienceReport/origins`` out.
    public var origins: OriginGuesser?

    /// Creates an analyzer.
    public init(
        threshold: Double, configuration: AudienceConfiguration = .init(),
        quantification: QuantificationProfile? = nil, origins: OriginGuesser? = nil
    ) {
        self.threshold = threshold
        self.configuration = configuration
        self.quantification = quantification
        self.origins = origins
    }

    // MARK: - Per follower

    /// The follower's category, by the precedence in ``AudienceCategory``.
    ///
    /// An unknown following count or activity never counts against a follower here: the follower is
    /// not a mass follower or inactive unless known to be (the shares treat unknown as unknown).
    public func category(of account: Profile, probability: Double, asOf now: Date) -> AudienceCategory {
        category(
            probability: probability, reachable: reachability(of: account), active: activity(of: account, asOf: now),
            followers: account.followersCount, countsKnown: Self.hasCounts(account))
    }

    /// Whether the profile carries any follower, following or post count (else its category is unknown).
    @inline(__always)
    static func hasCounts(_ account: Profile) -> Bool {
        account.followersCount != nil || account.followingCount != nil || account.postsCount != nil
    }

    @inline(__always)
    func category(
        probability: Double, reachable: Bool?, active: Bool?, followers: Int?, countsKnown: Bool = true
    ) -> AudienceCategory {
        if !countsKnown { return .unknown }
        if probability >= threshold { return .suspicious }
        if reachable == false { return .massFollower }
        if active == false { return .inactive }
        if let followers, followers > configuration.influencerFollowersCutoff { return .influencer }
        return .real
    }

    /// Whether the follower follows few enough accounts to see a given post; nil when the following
    /// count is unknown.
    public func reachability(of account: Profile) -> Bool? {
        account.followingCount.map { $0 <= configuration.massFollowingCutoff }
    }

    /// Whether the follower is active; nil when that is unknown.
    ///
    /// Inactive means no post ever (`posts_count` 0), or a last post more than
    /// ``AudienceConfiguration/inactiveDays`` before the snapshot (`captured_at`, else `now`). A
    /// follower who has posted (or whose post count is unknown) with no known last-post time is unknown,
    /// not active.
    public func activity(of account: Profile, asOf now: Date) -> Bool? {
        if let posts = account.postsCount, posts == 0 { return false }
        guard let last = account.lastPostAt else { return nil }
        let reference = account.capturedAt ?? now
        let window = Double(configuration.inactiveDays) * 86_400
        return reference.timeIntervalSince(last) <= window
    }

    /// An empty accumulator for this analyzer.
    public func makeAccumulator() -> AudienceAccumulator {
        AudienceAccumulator(analyzer: self)
    }

    // MARK: - Report

    /// Above this share of followers with an unknown value, the measure is reported as not measured
    /// (and its component left out of the quality score).
    public static let unknownShareLimit = 0.5

    /// Builds the report from everything accumulated.
    ///
    /// The headline is the audience-level fake-share estimate (``FakeShareEstimator`` over the
    /// per-platform histograms, with this analyzer's ``quantification`` profile); the authentic share,
    /// true reach and quality score follow from it (see docs/metrics.md).
    ///
    /// - Parameters:
    ///   - totals: The merged accumulator.
    ///   - account: The audited account's name, if any.
    ///   - asOf: The audit's reference date.
    ///   - scorer: The scorer's name.
    ///   - sample: How the followers were sampled, or nil for a census.
    ///   - populationCount: The audience size when `totals` holds a sample of it.
    ///   - engagementRatio: Engagement rate divided by the same-size benchmark, when posts are known.
    /// - Returns: The report. Category, reachable and active shares carry 95% intervals only for a
    ///   sample; the fake share, authentic share and true reach always do.
    /// - Complexity: O(platforms × bins), independent of the number of followers.
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

        // A share over `trials` of the analysed followers; a sample's interval treats the known ones as
        // a sample of the same fraction of the population.
        func estimate(_ count: Int, of trials: Int) -> Estimate {
            guard trials > 0 else { return Estimate(value: 0) }
            let share = Double(count) / Double(trials)
            guard isSample else { return Estimate(value: share) }
            let scaled = Int((Double(trials) * Double(population) / Double(max(n, 1))).rounded())
            let (lower, upper) = Self.wilsonInterval(successes: count, trials: trials, population: max(scaled, trials))
            return Estimate(value: share, lower: lower, upper: upper)
        }
        func fraction(_ count: Int) -> Double { n > 0 ? Double(count) / Double(n) : 0 }

        let categories = AudienceCategory.allCases.map { category in
            CategoryBreakdown(
                category: category, count: totals.categoryCounts[category.index],
                share: estimate(totals.categoryCounts[category.index], of: n))
        }
        let reachKnown = totals.reachabilityCounts[0] + totals.reachabilityCounts[1]
        let activityKnown = totals.activityCounts[0] + totals.activityCounts[1] + totals.activityCounts[2]
        let lastPostKnown = totals.activityCounts[0] + totals.activityCounts[1]
        let reachable = reachKnown > 0 ? estimate(totals.reachabilityCounts[0], of: reachKnown) : nil
        let active = activityKnown > 0 ? estimate(totals.activityCounts[0], of: activityKnown) : nil

        // What cannot be measured.
        let countsUnknown = fraction(totals.countsUnknownCount)
        let reachUnknown = fraction(totals.reachabilityCounts[2])
        let activityUnknown = fraction(totals.activityCounts[3])
        var unmeasured: [UnmeasuredMeasure] = []
        if n > 0, countsUnknown > Self.unknownShareLimit {
            unmeasured.append(
                UnmeasuredMeasure(
                    name: "authenticity",
                    reason: "\(CountText.percent(countsUnknown)) of followers carry no follower, following or post "
                        + "counts, so an estimate would rest on their handles alone."))
        }
        if n > 0, reachUnknown > Self.unknownShareLimit {
            unmeasured.append(
                UnmeasuredMeasure(
                    name: "reachability",
                    reason: "\(CountText.percent(reachUnknown)) of followers have no known following count."))
        }
        if n > 0, activityUnknown > Self.unknownShareLimit {
            unmeasured.append(
                UnmeasuredMeasure(
                    name: "activity",
                    reason: "\(CountText.percent(activityUnknown)) of followers have no known last-post time."))
        }

        let estimator = FakeShareEstimator(profile: quantification, threshold: threshold)
        let fake =
            unmeasured.contains { $0.name == "authenticity" } ? nil : estimator.estimate(totals.audienceHistograms)
        let authentic = fake.map { Estimate(value: 1 - $0.value, lower: 1 - $0.high, upper: 1 - $0.low) }

        // True reach: authentic weight × P(reachable) × P(active), unknowns at the known rate. A follower
        // of unknown activity has (almost always) posted, so its rate is that of the followers whose
        // last post is known, not diluted by those known never to have posted.
        let reachRate = reachKnown > 0 ? Double(totals.reachabilityCounts[0]) / Double(reachKnown) : 1
        let activeRate = lastPostKnown > 0 ? Double(totals.activityCounts[0]) / Double(lastPostKnown) : 1
        let basis = Self.trueReachBasis(
            reachUnknown: totals.reachabilityCounts[2], reachKnown: reachKnown,
            activityUnknown: totals.activityCounts[3], activityKnown: lastPostKnown)
        let parts = totals.platforms.sorted { $0.platform.rawValue < $1.platform.rawValue }
        func expectedTrueReach(fakeShare: Double) -> Double {
            var total = 0.0
            for part in parts {
                let weights = FakeShareEstimator.authenticWeights(audience: part.audience, fakeShare: fakeShare)
                for cell in AudienceAccumulator.ReachCell.allCases {
                    let factor = (cell.reachKnown ? 1 : reachRate) * (cell.activityKnown ? 1 : activeRate)
                    guard factor > 0 else { continue }
                    let counts = part.cells[cell.rawValue].counts
                    var sum = 0.0
                    for b in counts.indices where counts[b] > 0 { sum += counts[b] * weights[b] }
                    total += factor * sum
                }
            }
            return total
        }
        var trueReachShare: Estimate?
        var trueReach: Estimate?
        if let fake, n > 0 {
            let share = { (f: Double) in min(1, max(0, expectedTrueReach(fakeShare: f) / Double(n))) }
            let value = share(fake.value)
            let lower = min(value, share(fake.high))
            let upper = max(value, share(fake.low))
            trueReachShare = Estimate(value: value, lower: lower, upper: upper)
            let scale = Double(population)
            trueReach = Estimate(
                value: (value * scale).rounded(), lower: (lower * scale).rounded(), upper: (upper * scale).rounded())
        }

        let frequencies = totals.signalCounts
            .map { SignalFrequency(code: $0.key, label: Self.label(forSignal: $0.key), count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.code < $1.code }

        let counted = AudienceReport(
            account: account, asOf: asOf, scorer: scorer, threshold: threshold,
            followersTotal: population, followersAnalysed: n, sample: isSample ? sample : nil,
            categories: categories, estimatedFakeShare: fake, authenticShare: authentic, reachableShare: reachable,
            activeShare: active, trueReach: trueReach, trueReachShare: trueReachShare,
            coverage: AudienceCoverage(
                countsUnknownShare: countsUnknown, reachabilityUnknownShare: reachUnknown,
                activityUnknownShare: activityUnknown, unmeasured: unmeasured, trueReachBasis: basis),
            quality: QualityScore(score: nil, components: []), problems: [], strengths: [],
            topInfluential: totals.influential.elements.map(\.summary),
            mostSuspicious: totals.suspicious.elements.map(\.summary),
            signalFrequencies: Array(frequencies.prefix(12)),
            scatter: totals.scatter.elements.map(\.point),
            probabilityHistogram: totals.histogram, configuration: configuration,
            origins: origins.map { guesser in
                AudienceOrigins(
                    languages: OriginBreakdown(
                        counts: totals.languageCounts, followers: n, name: guesser.names.language),
                    countries: OriginBreakdown(
                        counts: totals.countryCounts, followers: n, name: guesser.names.country))
            })
        return counted.withEngagementRatio(engagementRatio)
    }

    /// How true reach treats unknown reachability and activity, in words.
    static func trueReachBasis(reachUnknown: Int, reachKnown: Int, activityUnknown: Int, activityKnown: Int)
        -> String
    {
        var parts: [String] = []
        if reachUnknown > 0 {
            parts.append(
                reachKnown > 0
                    ? "Unknown following counts: at the known reachable rate."
                    : "No following count known: mass followers not excluded (an upper bound).")
        }
        if activityUnknown > 0 {
            parts.append(
                activityKnown > 0
                    ? "Unknown activity: at the active rate of followers with a known last post."
                    : "No last-post time known: unknown activity counted as active (an upper bound).")
        }
        guard !parts.isEmpty else { return AudienceCoverage.allKnown }
        return parts.joined(separator: " ")
    }

    // MARK: - Formulas

    /// Authentic shares at or above this leave the quality score ungated (Modash: below 75% authentic
    /// is "often a sign of fraud").
    public static let authenticityGate = 0.75

    /// The Audience Quality Score (see docs/metrics.md).
    ///
    /// A weighted mean of the measured components, times an authenticity gate, times 100:
    /// `AQS = round(100 × min(1, A / 0.75) × Σ wᵢvᵢ / Σ wᵢ)`. Components and weights: quality
    /// audience (true reach share) 0.40, authenticity A 0.30, reachability 0.15, activity 0.15 and,
    /// when posts are known, engagement 0.25 with value r / (1 + r) for r = engagement rate /
    /// same-size benchmark. A nil reachability or activity is left out (weights renormalised); a nil
    /// authenticity or true reach share gives no score at all.
    public static func qualityScore(
        trueReachShare: Double?, authenticShare: Double?, reachableShare: Double?, activeShare: Double?,
        engagementRatio: Double?
    ) -> QualityScore {
        var components: [QualityComponent] = []
        var unmeasured: [String] = []
        func add(_ name: String, _ value: Double?, _ weight: Double) {
            if let value {
                components.append(QualityComponent(name: name, value: value, weight: weight))
            } else {
                unmeasured.append(name)
            }
        }
        add("quality_audience", trueReachShare, 0.40)
        add("authenticity", authenticShare, 0.30)
        add("reachability", reachableShare, 0.15)
        add("activity", activeShare, 0.15)
        if let ratio = engagementRatio, ratio.isFinite, ratio >= 0 {
            components.append(QualityComponent(name: "engagement", value: ratio / (1 + ratio), weight: 0.25))
        }
        guard let authentic = authenticShare, trueReachShare != nil else {
            return QualityScore(score: nil, components: components, restsOn: [], unmeasured: unmeasured)
        }
        let totalWeight = components.reduce(0) { $0 + $1.weight }
        let weighted = components.reduce(0) { $0 + $1.weight * $1.value }
        let gate = min(1, max(0, authentic) / authenticityGate)
        let score = Int((100 * gate * weighted / totalWeight).rounded())
        return QualityScore(score: min(100, max(0, score)), components: components, unmeasured: unmeasured)
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
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        return (max(0, center - half), min(1, center + half))
    }

    /// A readable label for a signal code (`rule.never_posted` becomes "never posted").
    public static func label(forSignal code: String) -> String {
        let base = code.split(separator: ".").last.map(String.init) ?? code
        return base.replacingUnderscores()
    }

    /// "42.0% (95% interval 35.0–49.0%)".
    static func estimateText(_ e: FakeShareEstimate) -> String {
        let low = CountText.percent(e.low)
        return "\(CountText.percent(e.value)) (95% interval \(low.dropLast())–\(CountText.percent(e.high)))"
    }

    /// The problems and strengths shown beside the score (triggers in docs/metrics.md).
    static func findings(for report: AudienceReport, engagementRatio: Double?) -> (
        problems: [String], strengths: [String]
    ) {
        let analysed = report.followersAnalysed
        guard analysed > 0 else { return (["No followers to analyse."], []) }
        let configuration = report.configuration
        var problems: [String] = []
        var strengths: [String] = []
        func share(_ category: AudienceCategory) -> Double {
            report.categories.first { $0.category == category }?.share.value ?? 0
        }
        let flaggedCount = report.categories.first { $0.category == .suspicious }?.count ?? 0
        let flagged =
            "\(CountText.grouped(flaggedCount)) followers (\(CountText.percent(share(.suspicious)))) are individually "
            + "flagged as likely bots (probability ≥ \(CountText.fixed2(report.threshold)))."
        if let fake = report.estimatedFakeShare {
            let text = "An estimated \(estimateText(fake)) of followers are fake or automated"
            if fake.value >= 0.10 {
                problems.append(text + ".")
                problems.append(flagged)
            } else {
                strengths.append(
                    fake.value < 0.05
                        ? "Only " + text.prefix(1).lowercased() + text.dropFirst() + "."
                        : text + ", within the usual range (under 10%).")
                strengths.append(flagged)
            }
        } else {
            problems.append(
                "The fake share could not be estimated, so there is no Audience Quality Score.")
            problems.append(flagged)
        }
        for item in report.coverage.unmeasured {
            problems.append(
                "\(item.name.prefix(1).uppercased() + item.name.dropFirst()) is not measured: \(item.reason)")
        }
        if let authentic = report.authenticShare?.value {
            if authentic < 0.60 {
                problems.append(
                    "Fewer than 60% of followers are authentic, the level below which IG Audit suggested fraud.")
            } else if authentic < 0.75 {
                problems.append(
                    "Fewer than 75% of followers are authentic, which Modash calls often a sign of fraud.")
            }
        }
        let mass = share(.massFollower)
        if mass >= 0.15 {
            problems.append(
                "\(CountText.percent(mass)) of followers follow more than \(CountText.grouped(configuration.massFollowingCutoff)) accounts and rarely see any one post."
            )
        } else if mass < 0.05, report.coverage.isMeasured("reachability"), report.reachableShare != nil {
            strengths.append("Few mass followers (\(CountText.percent(mass))): most followers can see posts.")
        }
        let inactive = share(.inactive)
        if inactive >= 0.30 {
            problems.append(
                "\(CountText.percent(inactive)) of followers have not posted in \(configuration.inactiveDays) days; they are quiet people, not fakes, but they rarely engage."
            )
        }
        if let trueReach = report.trueReachShare?.value {
            if trueReach >= 0.60 {
                strengths.append("True reach is an estimated \(CountText.percent(trueReach)) of the audience.")
            } else if trueReach < 0.40 {
                problems.append("True reach is only an estimated \(CountText.percent(trueReach)) of the audience.")
            }
        }
        let influencers = share(.influencer)
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
        case .unknown: 5
        }
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
