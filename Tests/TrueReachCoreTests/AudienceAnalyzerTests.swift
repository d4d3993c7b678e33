import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct AudienceAnalyzerTests {
    let analyzer = AudienceAnalyzer(threshold: 0.5)
    let now = Profile.fixtureNow

    @Test func categoriesFollowThePublishedPrecedence() {
        let lastWeek = now.addingTimeInterval(-7 * 86_400)
        let longAgo = now.addingTimeInterval(-200 * 86_400)
        // Suspicious wins over everything, even a mass follower with many followers.
        #expect(
            analyzer.category(of: .fixture(followers: 9_000, following: 3_000), probability: 0.9, asOf: now)
                == .suspicious)
        // Mass follower wins over influencer and inactive.
        #expect(
            analyzer.category(
                of: .fixture(followers: 9_000, following: 1_501, lastPostAt: longAgo), probability: 0.1, asOf: now)
                == .massFollower)
        #expect(
            analyzer.category(of: .fixture(following: 1_500, lastPostAt: lastWeek), probability: 0.1, asOf: now)
                == .real)
        // Inactive: an old last post, or no post ever, but not an unknown recency.
        #expect(analyzer.category(of: .fixture(lastPostAt: longAgo), probability: 0.1, asOf: now) == .inactive)
        #expect(analyzer.category(of: .fixture(posts: 0, lastPostAt: nil), probability: 0.1, asOf: now) == .inactive)
        #expect(analyzer.category(of: .fixture(lastPostAt: nil), probability: 0.1, asOf: now) == .real)
        // Influencer needs more than 5,000 followers.
        #expect(
            analyzer.category(of: .fixture(followers: 5_001, lastPostAt: lastWeek), probability: 0.1, asOf: now)
                == .influencer)
        #expect(
            analyzer.category(of: .fixture(followers: 5_000, lastPostAt: lastWeek), probability: 0.1, asOf: now)
                == .real)
        // The threshold itself is suspicious.
        #expect(analyzer.category(of: .fixture(), probability: 0.5, asOf: now) == .suspicious)
    }

    @Test func cutOffsAreConfigurable() {
        let strict = AudienceAnalyzer(
            threshold: 0.5, configuration: AudienceConfiguration(massFollowingCutoff: 200, inactiveDays: 5))
        #expect(strict.category(of: .fixture(following: 201), probability: 0, asOf: now) == .massFollower)
        #expect(
            strict.category(
                of: .fixture(following: 100, lastPostAt: now.addingTimeInterval(-6 * 86_400)), probability: 0, asOf: now
            ) == .inactive)
    }

    @Test func censusReportCountsSharesAndTrueReach() throws {
        // Given ten followers: 2 suspicious, 1 mass follower, 2 inactive, 1 influencer, 4 real
        let recent = now.addingTimeInterval(-86_400)
        var profiles: [Profile] = []
        var probabilities: [Double] = []
        func add(_ account: Profile, _ p: Double) {
            profiles.append(account)
            probabilities.append(p)
        }
        add(.fixture(id: "s1"), 0.9)
        add(.fixture(id: "s2"), 0.8)
        add(.fixture(id: "m1", following: 4_000), 0.1)
        add(.fixture(id: "i1", posts: 0), 0.1)
        add(.fixture(id: "i2", lastPostAt: now.addingTimeInterval(-100 * 86_400)), 0.1)
        add(.fixture(id: "f1", followers: 80_000, lastPostAt: recent), 0.1)
        for i in 1...4 { add(.fixture(id: ProfileID("r\(i)"), followers: 100 * i, lastPostAt: recent), 0.2) }
        let scores = probabilities.map {
            ProfileScore(probability: $0, signals: [Signal(code: "x", contribution: 1, text: "x")])
        }

        // When the audience is analysed in two batches merged
        var first = analyzer.makeAccumulator()
        first.add(Array(profiles[..<5]), scores: Array(scores[..<5]), asOf: now)
        var second = analyzer.makeAccumulator()
        second.add(Array(profiles[5...]), scores: Array(scores[5...]), asOf: now)
        first.merge(second)
        let report = analyzer.report(from: first, account: "acme", asOf: now, scorer: "test")

        // Then counts and shares match; without a profile the estimate is PCC, the mean probability
        #expect(report.followersTotal == 10)
        #expect(report.categories.map(\.count) == [2, 1, 2, 1, 4, 0])
        let fake = try #require(report.estimatedFakeShare)
        #expect(abs(fake.value - 0.29) < 1e-6)
        #expect(fake.method == "pcc")
        #expect(fake.low <= fake.value && fake.value <= fake.high && fake.low < fake.high)
        let authentic = try #require(report.authenticShare)
        #expect(abs(authentic.value - 0.71) < 1e-6)
        #expect(authentic.lower == 1 - fake.high && authentic.upper == 1 - fake.low)
        #expect(report.reachableShare?.value == 0.9)
        #expect(report.activeShare?.value == 0.8)
        #expect(report.coverage.activityUnknownShare == 0)
        // True reach: the authentic weights of the seven reachable, active followers (all but m1, i1, i2)
        let audience = try #require(first.audienceHistograms[.twitter])
        let weights = FakeShareEstimator.authenticWeights(audience: audience, fakeShare: fake.value)
        let inReach = zip(profiles, probabilities).filter { !["m1", "i1", "i2"].contains($0.0.id.rawValue) }
        let expected = inReach.reduce(0.0) { $0 + weights[ProbabilityHistogram.bin(of: $1.1)] }
        let share = try #require(report.trueReachShare)
        #expect(abs(share.value - expected / 10) < 1e-9)
        #expect(report.trueReach?.value == (expected).rounded())
        #expect(try #require(share.lower) <= share.value && share.value <= (try #require(share.upper)))
        #expect(report.topInfluential.first?.id == "f1")
        #expect(report.mostSuspicious.map(\.id) == ["s1", "s2"])
        #expect(report.signalFrequencies == [SignalFrequency(code: "x", label: "x", count: 2)])
        #expect(report.probabilityHistogram.reduce(0, +) == 10)

        // And the same input in one batch gives an identical report
        var single = analyzer.makeAccumulator()
        single.add(profiles, scores: scores, asOf: now)
        #expect(analyzer.report(from: single, account: "acme", asOf: now, scorer: "test") == report)
    }

    @Test func qualityScoreIsAWeightedMeanOfSharesGatedByAuthenticity() throws {
        let perfect = AudienceAnalyzer.qualityScore(
            trueReachShare: 1, authenticShare: 1, reachableShare: 1, activeShare: 1, engagementRatio: nil)
        #expect(perfect.score == 100)
        let typical = AudienceAnalyzer.qualityScore(
            trueReachShare: 0.55, authenticShare: 0.9, reachableShare: 0.85, activeShare: 0.8, engagementRatio: nil)
        // 0.4*0.55 + 0.3*0.9 + 0.15*0.85 + 0.15*0.8 = 0.7375; authentic ≥ 75%, so no gate
        #expect(typical.score == 74)
        #expect(typical.restsOn == ["quality_audience", "authenticity", "reachability", "activity"])
        let withEngagement = AudienceAnalyzer.qualityScore(
            trueReachShare: 0.55, authenticShare: 0.9, reachableShare: 0.85, activeShare: 0.8, engagementRatio: 1)
        // (0.7375 + 0.25*0.5) / 1.25 = 0.69
        #expect(withEngagement.score == 69)
        // A bought audience (estimate 0.7): 0.4*0.216 + 0.3*0.3 + 0.15*0.9 + 0.15*0.8 = 0.4314, gate 0.3/0.75
        let bought = AudienceAnalyzer.qualityScore(
            trueReachShare: 0.3 * 0.9 * 0.8, authenticShare: 0.3, reachableShare: 0.9, activeShare: 0.8,
            engagementRatio: nil)
        #expect(bought.score == 17)
        // Even with perfect reach, activity and engagement, 70% fake stays far below a real audience
        let boughtButEngaged = AudienceAnalyzer.qualityScore(
            trueReachShare: 0.3, authenticShare: 0.3, reachableShare: 1, activeShare: 1, engagementRatio: 1_000)
        #expect(try #require(boughtButEngaged.score) <= 35)
        // Activity unmeasured: left out, weights renormalised (0.22 + 0.27 + 0.1275) / 0.85 = 0.7265
        let noActivity = AudienceAnalyzer.qualityScore(
            trueReachShare: 0.55, authenticShare: 0.9, reachableShare: 0.85, activeShare: nil, engagementRatio: nil)
        #expect(noActivity.score == 73)
        #expect(noActivity.unmeasured == ["activity"])
        #expect(!noActivity.components.map(\.name).contains("activity"))
        // Authenticity unmeasured: no score at all
        let noAuthenticity = AudienceAnalyzer.qualityScore(
            trueReachShare: nil, authenticShare: nil, reachableShare: 0.9, activeShare: 0.9, engagementRatio: nil)
        #expect(noAuthenticity.score == nil)
        #expect(noAuthenticity.restsOn.isEmpty)
        #expect(noAuthenticity.unmeasured == ["quality_audience", "authenticity"])
    }

    @Test func wilsonIntervalMatchesKnownValuesAndShrinksToCensus() {
        // p = 0.5, n = 2,000, a large population: about ±2.2 points (REFERENCES.md target 12)
        let (lower, upper) = AudienceAnalyzer.wilsonInterval(successes: 1_000, trials: 2_000, population: 10_000_000)
        #expect(abs((upper - lower) / 2 - 0.0219) < 0.0005)
        let (l2, u2) = AudienceAnalyzer.wilsonInterval(successes: 30, trials: 100, population: 100)
        #expect(abs(l2 - 0.3) < 1e-9 && abs(u2 - 0.3) < 1e-9)
    }

    @Test func sampledReportCarriesIntervalsAroundTheEstimate() throws {
        var sample = AudienceSample(size: 200, seed: 7)
        for i in 0..<5_000 {
            sample.insert(.fixture(id: ProfileID("a\(i)"), followers: i % 10 == 0 ? 9_000 : 100))
        }
        var totals = analyzer.makeAccumulator()
        let drawn = sample.profiles
        totals.add(drawn, scores: drawn.map { _ in ProfileScore(probability: 0, signals: []) }, asOf: now)
        let report = analyzer.report(
            from: totals, account: nil, asOf: now, scorer: "test", sample: SampleInfo(size: 200, seed: 7),
            populationCount: sample.populationCount)
        #expect(report.followersTotal == 5_000)
        #expect(report.followersAnalysed == 200)
        #expect(report.sample == SampleInfo(size: 200, seed: 7))
        let influencer = report.categories[3].share
        let lower = try #require(influencer.lower)
        let upper = try #require(influencer.upper)
        #expect(lower < 0.1 && 0.1 < upper)
        // Probability 0 everywhere: an estimate of 0, so true reach is the whole (reachable, active) audience
        #expect(report.estimatedFakeShare?.value == 0)
        #expect(report.trueReach?.value == 5_000)
    }

    @Test func aFollowerWithNoCountsIsUnknownNotReal() {
        // Given followers known only by id (as exports list them), one of them scored high
        let analyzer = AudienceAnalyzer(threshold: 0.5)
        let now = Date(timeIntervalSince1970: 1_717_200_000)
        var totals = analyzer.makeAccumulator()
        let bare = [Profile(platform: .twitter, id: "1"), Profile(platform: .twitter, id: "2", handle: "bob")]
        totals.add(bare, scores: [0.1, 0.9].map { ProfileScore(probability: $0, signals: []) }, asOf: now)
        totals.add(.fixture(id: "r1", followers: 10), score: ProfileScore(probability: 0.1, signals: []), asOf: now)
        // When analysed
        let report = analyzer.report(from: totals, account: "acme", asOf: now, scorer: "test")
        // Then neither bare follower counts as real or as suspicious: they are unknown
        let counts = Dictionary(uniqueKeysWithValues: report.categories.map { ($0.category, $0.count) })
        #expect(counts[.unknown] == 2)
        #expect(counts[.real] == 1)
        #expect(counts[.suspicious] == 0)
        #expect(!AudienceCategory.unknown.isAuthentic)
    }
}
