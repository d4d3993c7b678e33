import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct ContentComparisonTests {
    @Test func clearDifferenceIsFoundAndSameSeedGivesSameAnswer() {
        let groups: [String: [Double]] = [
            "personal": [0.050, 0.061, 0.055, 0.072, 0.058, 0.066, 0.049, 0.070, 0.063, 0.059, 0.068, 0.052],
            "curated": [0.021, 0.025, 0.019, 0.030, 0.022, 0.027, 0.018, 0.024, 0.026, 0.020, 0.023, 0.028, 0.025],
        ]
        var a = SeededGenerator(seed: 7)
        var b = SeededGenerator(seed: 7)
        let r1 = ContentComparison.compare(groups, metric: "rate_by_followers", using: &a)
        let r2 = ContentComparison.compare(groups, metric: "rate_by_followers", using: &b)
        #expect(r1 == r2)
        let contrast = r1.contrasts.first
        #expect(contrast?.baseline == "curated")
        #expect(contrast?.verdict == .higher)
        #expect((contrast?.pValue ?? 1) < 0.001)
        #expect((contrast?.lower ?? 0) > 0)
    }

    @Test func oneWeekExperimentWithOverlapIsNotCalled() {
        let groups: [String: [Double]] = ["a": [3, 5, 4, 6], "b": [4, 5, 3, 5, 6]]
        var rng = SeededGenerator(seed: 1)
        let r = ContentComparison.compare(groups, metric: "engagements", using: &rng)
        #expect(r.contrasts.first?.verdict == .noClearDifference)
        #expect(r.groups.allSatisfy { $0.smallSample })
    }

    @Test func tooFewPostsSaysSo() {
        var rng = SeededGenerator(seed: 1)
        let r = ContentComparison.compare(["a": [1, 2], "b": [1, 2, 3, 4]], metric: "engagements", using: &rng)
        #expect(r.contrasts.first?.verdict == .tooFewPosts)
    }

    @Test func mannWhitneyMatchesAKnownValue() {
        // Two samples with no overlap, n1 = n2 = 10: U = 0 (scipy two-sided asymptotic p ≈ 0.00018).
        var rng = SeededGenerator(seed: 3)
        let a = (1...10).map(Double.init)
        let b = (11...20).map(Double.init)
        let r = ContentComparison.compare(["a": a, "b": b], metric: "engagements", baseline: "b", using: &rng)
        #expect(r.contrasts.first?.mannWhitneyU == 0)
        #expect(abs((r.contrasts.first?.pValue ?? 0) - 0.000183) < 0.00002)
    }
}
