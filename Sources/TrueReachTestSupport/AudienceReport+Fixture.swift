import Foundation
import TrueReachCore

extension AudienceReport {
    /// A small, fixed, realistic-looking report for renderer and store tests.
    ///
    /// 1,000 followers in a census: 120 suspicious, 80 mass followers, 300 inactive, 50 influencers
    /// and 450 real; an estimated fake share of 15% (11–19%), true reach 500 (476–524).
    /// Pass only what a test cares about (a hostile follower list, a sample, an unknown estimate, …).
    public static func fixture(
        account: String? = "acme_coffee",
        asOf: Date = Date(timeIntervalSince1970: 1_779_408_000),  // 2026-05-22T00:00:00Z
        scorer: String = "rules-v1",
        threshold: Double = 0.5,
        followersTotal: Int = 1_000,
        sample: SampleInfo? = nil,
        counts: [AudienceCategory: Int] = [
            .suspicious: 120, .massFollower: 80, .inactive: 300, .influencer: 50, .real: 450,
        ],
        estimatedFakeShare: FakeShareEstimate? = FakeShareEstimate(value: 0.15, low: 0.11, high: 0.19, method: "em"),
        coverage: AudienceCoverage = AudienceCoverage(),
        qualityScore: Int? = 64,
        problems: [String] = ["12% of followers look suspicious", "30% have not posted in 90 days"],
        strengths: [String] = ["Most followers are real people who can see posts"],
        topInfluential: [FollowerSummary]? = nil,
        mostSuspicious: [FollowerSummary]? = nil,
        signalFrequencies: [SignalFrequency]? = nil,
        origins: AudienceOrigins? = nil
    ) -> AudienceReport {
        let analysed = sample?.size ?? followersTotal
        func estimate(_ value: Double) -> Estimate {
            guard sample != nil else { return Estimate(value: value) }
            let n = Double(max(analysed, 1))
            let half = 1.96 * (value * (1 - value) / n).squareRoot()
            return Estimate(value: value, lower: max(0, value - half), upper: min(1, value + half))
        }
        // `counts` describe the whole audience; a sample sees them scaled to its size.
        let countTotal = max(1, counts.values.reduce(0, +))
        let categories = AudienceCategory.allCases.map { category in
            let count = counts[category] ?? 0
            let seen = sample == nil ? count : Int((Double(count) * Double(analysed) / Double(countTotal)).rounded())
            return CategoryBreakdown(
                category: category,
                count: seen,
                share: estimate(Double(count) / Double(countTotal))
            )
        }
        func share(_ included: (AudienceCategory) -> Bool) -> Double {
            let count = AudienceCategory.allCases.filter(included).reduce(0) { $0 + (counts[$1] ?? 0) }
            return Double(count) / Double(countTotal)
        }
        let authentic = estimatedFakeShare.map { 1 - $0.value } ?? 0
        let reachable = share { $0 != .suspicious && $0 != .massFollower }
        let active = share { $0 == .real || $0 == .influencer }
        let trueReachShare = estimatedFakeShare.map { fake in
            Estimate(
                value: active,
                lower: active * (1 - fake.high) / (1 - fake.value),
                upper: active * (1 - fake.low) / (1 - fake.value)
            )
        }
        let total = Double(followersTotal)
        let trueReach = trueReachShare.map {
            Estimate(
                value: ($0.value * total).rounded(),
                lower: $0.lower.map { ($0 * total).rounded() },
                upper: $0.upper.map { ($0 * total).rounded() }
            )
        }
        return AudienceReport(
            account: account,
            asOf: asOf,
            scorer: scorer,
            threshold: threshold,
            followersTotal: followersTotal,
            followersAnalysed: analysed,
            sample: sample,
            categories: categories,
            estimatedFakeShare: estimatedFakeShare,
            authenticShare: estimatedFakeShare.map {
                Estimate(value: 1 - $0.value, lower: 1 - $0.high, upper: 1 - $0.low)
            },
            reachableShare: estimate(reachable),
            activeShare: estimate(active),
            trueReach: trueReach,
            trueReachShare: trueReachShare,
            coverage: coverage,
            quality: QualityScore(
                score: qualityScore,
                components: [
                    QualityComponent(name: "quality_audience", value: active, weight: 0.4),
                    QualityComponent(name: "authenticity", value: authentic, weight: 0.3),
                    QualityComponent(name: "reachability", value: reachable, weight: 0.15),
                    QualityComponent(name: "activity", value: active, weight: 0.15),
                ],
                unmeasured: coverage.unmeasured.map(\.name)
            ),
            problems: problems,
            strengths: strengths,
            topInfluential: topInfluential ?? [
                FollowerSummary.fixture(
                    id: "501",
                    handle: "daily_grind",
                    displayName: "Daily Grind Magazine",
                    followers: 48_200,
                    following: 610,
                    probability: 0.04,
                    category: .influencer
                ),
                FollowerSummary.fixture(
                    id: "502",
                    handle: "latte_lena",
                    displayName: "Lena Ortiz",
                    followers: 12_900,
                    following: 880,
                    probability: 0.08,
                    category: .influencer
                ),
                FollowerSummary.fixture(
                    id: "503",
                    handle: "beanstats",
                    displayName: "Bean Stats",
                    followers: 7_450,
                    following: 120,
                    probability: 0.11,
                    category: .influencer
                ),
            ],
            mostSuspicious: mostSuspicious ?? [
                FollowerSummary.fixture(
                    id: "901",
                    handle: "user84736251",
                    displayName: nil,
                    followers: 3,
                    following: 4_812,
                    probability: 0.97,
                    category: .suspicious,
                    signals: [
                        Signal(
                            code: "following_followers_ratio",
                            contribution: 0.4,
                            text: "follows 4,812, followed by 3"
                        ),
                        Signal(code: "handle_digits", contribution: 0.3, text: "handle is mostly digits"),
                        Signal(code: "default_avatar", contribution: 0.2, text: "default avatar"),
                    ]
                ),
                FollowerSummary.fixture(
                    id: "902",
                    handle: "promo_bot_22",
                    displayName: "Best Deals",
                    followers: 15,
                    following: 2_100,
                    probability: 0.91,
                    category: .suspicious,
                    signals: [
                        Signal(code: "no_bio", contribution: 0.3, text: "no bio"),
                        Signal(code: "never_posted", contribution: 0.25, text: "has never posted"),
                    ]
                ),
            ],
            signalFrequencies: signalFrequencies ?? [
                SignalFrequency(
                    code: "following_followers_ratio",
                    label: "follows far more than follow back",
                    count: 96
                ),
                SignalFrequency(code: "default_avatar", label: "default avatar", count: 81),
                SignalFrequency(code: "handle_digits", label: "handle is mostly digits", count: 54),
                SignalFrequency(code: "no_bio", label: "no bio", count: 40),
            ],
            scatter: fixtureScatter(counts: counts),
            probabilityHistogram: [310, 220, 140, 90, 60, 60, 40, 30, 25, 25],
            configuration: AudienceConfiguration(),
            origins: origins
        )
    }

    /// A deterministic scatter with a cluster per category.
    private static func fixtureScatter(counts: [AudienceCategory: Int]) -> [ScatterPoint] {
        var rng = SplitMix64(seed: 42)
        var points: [ScatterPoint] = []
        let centres: [AudienceCategory: (Double, Double)] = [
            .suspicious: (0.8, 3.4), .massFollower: (2.3, 3.5), .inactive: (1.8, 2.2),
            .influencer: (3.9, 2.8), .real: (2.4, 2.4),
        ]
        for category in AudienceCategory.allCases where (counts[category] ?? 0) > 0 {
            let (fx, fy) = centres[category] ?? (2, 2)
            for _ in 0..<12 {
                let dx = Double(rng.next() % 1000) / 1000 - 0.5
                let dy = Double(rng.next() % 1000) / 1000 - 0.5
                points.append(
                    ScatterPoint(
                        followers: Int(pow(10, fx + dx)),
                        following: Int(pow(10, fy + dy)),
                        category: category
                    )
                )
            }
        }
        return points
    }
}

extension FollowerSummary {
    /// A follower for the report's ranked lists; pass only what a test cares about.
    public static func fixture(
        platform: Platform = .twitter,
        id: ProfileID = "1",
        handle: String? = "jane_doe",
        displayName: String? = "Jane Doe",
        followers: Int? = 320,
        following: Int? = 280,
        probability: Double = 0.1,
        category: AudienceCategory = .real,
        signals: [Signal] = []
    ) -> FollowerSummary {
        FollowerSummary(
            platform: platform,
            id: id,
            handle: handle,
            displayName: displayName,
            followersCount: followers,
            followingCount: following,
            probability: probability,
            category: category,
            signals: signals
        )
    }
}
