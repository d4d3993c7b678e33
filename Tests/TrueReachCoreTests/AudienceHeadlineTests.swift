import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

/// The audit's headline follows from the audience-level fake-share estimate, and unknowns stay unknown.
@Suite struct AudienceHeadlineTests {
    let now = Profile.fixtureNow

    /// Out-of-fold histograms of a model that separates well: bots mostly above 0.7, humans below 0.3.
    static let profile: QuantificationProfile = {
        var bots = ProbabilityHistogram()
        var humans = ProbabilityHistogram()
        for i in 0..<1_000 {
            bots.add(0.70 + 0.29 * Double(i % 100) / 100)
            humans.add(0.01 + 0.29 * Double(i % 100) / 100)
        }
        return QuantificationProfile(method: .em, all: .init(bots: bots, humans: humans))
    }()

    /// `count` reachable, recently active followers, probabilities spread evenly around `probability`.
    func audience(_ count: Int, probability: Double, prefix: String = "f") -> ([Profile], [ProfileScore]) {
        let profiles = (0..<count).map { i in
            Profile.fixture(id: ProfileID("\(prefix)\(i)"), following: 200, lastPostAt: now.addingTimeInterval(-86_400))
        }
        let scores = (0..<count).map { i in
            ProfileScore(probability: probability - 0.02 + 0.04 * Double(i % 11) / 10, signals: [])
        }
        return (profiles, scores)
    }

    func report(
        _ profiles: [Profile], _ scores: [ProfileScore], profile: QuantificationProfile? = nil,
        engagementRatio: Double? = nil
    ) -> AudienceReport {
        let analyzer = AudienceAnalyzer(threshold: 0.88, quantification: profile)
        var totals = analyzer.makeAccumulator()
        totals.add(profiles, scores: scores, asOf: now)
        return analyzer.report(
            from: totals, account: "acme", asOf: now, scorer: "test", engagementRatio: engagementRatio)
    }

    @Test(arguments: [false, true])
    func aBoughtAudienceScoresFarBelowACleanOne(withProfile: Bool) throws {
        let profile = withProfile ? Self.profile : nil
        // Given a bought audience (every follower ~0.95) and a clean one (~0.03), all reachable and active
        let (bought, boughtScores) = audience(1_000, probability: 0.95)
        let (clean, cleanScores) = audience(1_000, probability: 0.03)
        // When audited
        let boughtReport = report(bought, boughtScores, profile: profile)
        let cleanReport = report(clean, cleanScores, profile: profile)
        // Then the bought one is estimated mostly fake and scores at most 35; the clean one scores high
        let fake = try #require(boughtReport.estimatedFakeShare)
        #expect(fake.value > 0.7)
        #expect(fake.method == (withProfile ? "em" : "pcc"))
        #expect(try #require(boughtReport.quality.score) <= 35)
        #expect(try #require(cleanReport.estimatedFakeShare).value < 0.1)
        #expect(try #require(cleanReport.quality.score) >= 80)
        // Authentic share and true reach follow from the estimate, not from the strict threshold
        #expect(abs(try #require(boughtReport.authenticShare).value - (1 - fake.value)) < 1e-12)
        #expect(try #require(boughtReport.trueReachShare).value < 0.3)
        #expect(try #require(cleanReport.trueReachShare).value > 0.9)
        // The findings speak of the estimate, and still say how many are individually flagged
        #expect(boughtReport.problems.first?.hasPrefix("An estimated ") == true)
        #expect(boughtReport.problems.first?.contains("(95% interval ") == true)
        #expect(boughtReport.problems.contains { $0.contains("individually flagged") })
    }

    @Test func unknownActivityIsNotCountedActive() throws {
        // Given 4 active followers, 2 who never posted and 4 who posted with no known last-post time
        let recent = now.addingTimeInterval(-86_400)
        var profiles = (0..<4).map { Profile.fixture(id: ProfileID("a\($0)"), lastPostAt: recent) }
        profiles += (0..<2).map { Profile.fixture(id: ProfileID("n\($0)"), posts: 0, lastPostAt: nil) }
        profiles += (0..<4).map { Profile.fixture(id: ProfileID("u\($0)"), posts: 50, lastPostAt: nil) }
        let scores = profiles.map { _ in ProfileScore(probability: 0.005, signals: []) }
        // When audited
        let report = report(profiles, scores)
        // Then activity is over the known six, the unknown share is reported, and true reach counts the
        // unknown four at the active rate of those whose last post is known (here 4 of 4), not as known
        #expect(report.activeShare?.value == 4.0 / 6)
        #expect(report.coverage.activityUnknownShare == 0.4)
        #expect(report.coverage.isMeasured("activity"))
        #expect(
            report.coverage.trueReachBasis
                == "Unknown activity: at the active rate of followers with a known last post.")
        // And when some known last posts are old, the unknown ones count at that lower rate
        let old = now.addingTimeInterval(-200 * 86_400)
        var mixed = profiles
        mixed[2] = .fixture(id: "a2", lastPostAt: old)
        mixed[3] = .fixture(id: "a3", lastPostAt: old)
        let lower = self.report(mixed, scores)
        let reach = try #require(lower.trueReach).value
        let authentic = try #require(lower.authenticShare).value
        // 2 active + 4 unknown × (2 of 4 with a known last post active) = 4 expected, times authentic ≈ 1
        #expect(lower.activeShare?.value == 2.0 / 6)
        #expect(abs(reach - 4 * authentic) <= 0.5)
        #expect(reach < 6)
        // The unknown ones are still people: category real, never inactive
        #expect(report.categories.map(\.count) == [0, 0, 2, 0, 8, 0])
    }

    @Test func mostlyUnknownActivityIsLeftOutOfTheScore() throws {
        // Given 10 followers of whom 8 posted with no known last-post time
        let recent = now.addingTimeInterval(-86_400)
        let profiles = (0..<10).map { i in
            Profile.fixture(id: ProfileID("f\(i)"), posts: 10, lastPostAt: i < 2 ? recent : nil)
        }
        let report = report(profiles, profiles.map { _ in ProfileScore(probability: 0.01, signals: []) })
        // Then activity is not measured: named, out of the score, and the score says what it rests on
        #expect(report.coverage.activityUnknownShare == 0.8)
        #expect(report.coverage.unmeasured.map(\.name) == ["activity"])
        #expect(report.quality.unmeasured == ["activity"])
        #expect(report.quality.restsOn == ["quality_audience", "authenticity", "reachability"])
        #expect(report.quality.score != nil)
        #expect(report.problems.contains { $0.hasPrefix("Activity is not measured") })
    }

    @Test func unknownFollowingCountsAreNotCountedReachable() throws {
        // Given 10 followers: 2 known reachable, 2 mass followers, 6 with no following count
        let recent = now.addingTimeInterval(-86_400)
        let followings: [Int?] = [100, 100, 5_000, 5_000, nil, nil, nil, nil, nil, nil]
        let profiles = followings.enumerated().map { i, following in
            Profile.fixture(id: ProfileID("f\(i)"), following: following, lastPostAt: recent)
        }
        let report = report(profiles, profiles.map { _ in ProfileScore(probability: 0.005, signals: []) })
        // Then reachability is over the known four and, with 60% unknown, not measured
        #expect(report.reachableShare?.value == 0.5)
        #expect(report.coverage.reachabilityUnknownShare == 0.6)
        #expect(report.quality.unmeasured == ["reachability"])
        // True reach: 2 reachable plus 6 unknown at the known rate (1/2), times the authentic weight
        let reach = try #require(report.trueReach).value
        #expect(reach >= 4 && reach <= 5)
    }

    @Test func aListWithoutCountsHasNoEstimateAndNoScore() throws {
        // Given a bare follower list (a Bluesky getFollowers page): handles only, no counts, no times
        let profiles = (0..<20).map { i in
            Profile(platform: .bluesky, id: ProfileID("did:plc:\(i)"), handle: "user\(i).bsky.social")
        }
        // When audited (the scorer gives such accounts a low probability)
        let report = report(profiles, profiles.map { _ in ProfileScore(probability: 0.1, signals: []) })
        // Then the fake share, authentic share, true reach and score are unknown, and the report says why
        #expect(report.estimatedFakeShare == nil)
        #expect(report.authenticShare == nil)
        #expect(report.trueReach == nil)
        #expect(report.quality.score == nil)
        #expect(report.quality.restsOn.isEmpty)
        #expect(report.coverage.countsUnknownShare == 1)
        #expect(report.coverage.unmeasured.map(\.name) == ["authenticity", "reachability", "activity"])
        #expect(report.reachableShare == nil && report.activeShare == nil)
        #expect(
            report.problems.first == "The fake share could not be estimated, so there is no Audience Quality Score.")
        #expect(report.problems.contains { $0.hasPrefix("Authenticity is not measured") })
    }

    @Test func mergeOrderDoesNotChangeTheReport() {
        // Given three parts on two platforms with awkward probabilities
        let analyzer = AudienceAnalyzer(threshold: 0.88, quantification: Self.profile)
        func part(_ platform: Platform, _ seed: Int) -> AudienceAccumulator {
            var totals = analyzer.makeAccumulator()
            for i in 0..<300 {
                let p = (Double((i * 7_919 + seed * 104_729) % 10_007) / 10_007).squareRoot() / 3.1
                let following: Int? = i % 7 == 0 ? nil : (i % 5 == 0 ? 4_000 : 150)
                let last: Date? = i % 3 == 0 ? nil : now.addingTimeInterval(-Double(i % 200) * 86_400)
                totals.add(
                    .fixture(platform: platform, id: ProfileID("\(seed)-\(i)"), following: following, lastPostAt: last),
                    score: ProfileScore(probability: p, signals: []), asOf: now)
            }
            return totals
        }
        let a = part(.twitter, 1)
        let b = part(.mastodon, 2)
        let c = part(.twitter, 3)
        let d = part(.twitter, 4)
        // When merged in different orders and groupings
        var abcd = a
        for next in [b, c, d] { abcd.merge(next) }
        var dcba = d
        for next in [c, b, a] { dcba.merge(next) }
        var cd = c
        cd.merge(d)
        var ab = a
        ab.merge(b)
        var grouped = cd
        grouped.merge(ab)
        // Then the reports are identical
        let first = analyzer.report(from: abcd, account: "x", asOf: now, scorer: "t")
        #expect(first.estimatedFakeShare != nil)
        #expect(analyzer.report(from: dcba, account: "x", asOf: now, scorer: "t") == first)
        #expect(analyzer.report(from: grouped, account: "x", asOf: now, scorer: "t") == first)
        // And PCC, which uses the exact mean, agrees too
        let pcc = AudienceAnalyzer(threshold: 0.88)
        let pccFirst = pcc.report(from: abcd, account: "x", asOf: now, scorer: "t")
        #expect(pcc.report(from: dcba, account: "x", asOf: now, scorer: "t") == pccFirst)
        #expect(pcc.report(from: grouped, account: "x", asOf: now, scorer: "t") == pccFirst)
    }

    @Test(arguments: [nil, 0.3, 2.0] as [Double?])
    func engagementRatioAfterwardsEqualsTheReportWithIt(ratio: Double?) {
        let (profiles, scores) = audience(200, probability: 0.4)
        let direct = report(profiles, scores, profile: Self.profile, engagementRatio: ratio)
        let later = report(profiles, scores, profile: Self.profile).withEngagementRatio(ratio)
        #expect(later == direct)
        #expect(direct.quality.components.contains { $0.name == "engagement" } == (ratio != nil))
    }
}
