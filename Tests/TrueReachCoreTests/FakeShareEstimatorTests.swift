import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct FakeShareEstimatorTests {
    /// Class histograms consistent with class-balanced calibration: in bin b (centre c) the bots'
    /// density is proportional to c·g(c) and the humans' to (1 − c)·g(c), g symmetric, so a
    /// probability p means p : (1 − p) odds at equal base rates, as the model's calibration promises.
    static func classes(shape: (Double) -> Double = { x in 1 + 4 * (x - 0.5) * (x - 0.5) })
        -> QuantificationProfile.ClassHistograms
    {
        let centres = ProbabilityHistogram.binCentres
        let bots = centres.map { 10_000 * $0 * shape($0) }
        let humans = centres.map { 10_000 * (1 - $0) * shape($0) }
        return .init(bots: ProbabilityHistogram(counts: bots), humans: ProbabilityHistogram(counts: humans))
    }

    static func audience(prior: Double, classes c: QuantificationProfile.ClassHistograms, size: Double = 100_000)
        -> ProbabilityHistogram
    {
        let bots = c.bots.normalised
        let humans = c.humans.normalised
        return ProbabilityHistogram(
            counts: (0..<ProbabilityHistogram.binCount).map {
                size * (prior * bots[$0] + (1 - prior) * humans[$0])
            })
    }

    static func estimate(
        _ h: ProbabilityHistogram, _ method: QuantificationMethod, classes c: QuantificationProfile.ClassHistograms,
        replicates: Int = 0
    ) -> FakeShareEstimate? {
        let profile = QuantificationProfile(method: method, all: c)
        return FakeShareEstimator(profile: profile, threshold: 0.88, replicates: replicates).estimate([.twitter: h])
    }

    @Test func adjustedMethodsRecoverTheShareUnderPriorShiftWhereCountingIsBiased() throws {
        let c = Self.classes()
        for prior in [0.0, 0.05, 0.3, 0.5, 0.9, 1.0] {
            let h = Self.audience(prior: prior, classes: c)
            for method in [QuantificationMethod.acc, .pacc, .em, .hdy, .medianSweep] {
                let e = try #require(Self.estimate(h, method, classes: c))
                #expect(abs(e.value - prior) < 0.01, "\(method) at \(prior): \(e.value)")
                #expect(e.method == method.rawValue)
            }
        }
        // Classify-and-count at a strict threshold undercounts a mostly fake audience.
        let bought = Self.audience(prior: 0.9, classes: c)
        #expect(try #require(Self.estimate(bought, .cc, classes: c)).value < 0.5)
        // PCC is pulled towards ½.
        #expect(try #require(Self.estimate(bought, .pcc, classes: c)).value < 0.8)
    }

    @Test func emFindsTheMaximumLikelihoodPriorOfAnyAudience() throws {
        // An audience that is no mixture of the classes: EM still lands on the likelihood maximum,
        // checked against a brute-force grid over the prior.
        var rng = SplitMix64(seed: 11)
        let counts = (0..<ProbabilityHistogram.binCount).map { _ in Double(Int.random(in: 0..<50, using: &rng)) }
        let h = ProbabilityHistogram(counts: counts)
        let e = try #require(Self.estimate(h, .em, classes: Self.classes()))
        func logLikelihood(_ prior: Double) -> Double {
            zip(counts, ProbabilityHistogram.binCentres).reduce(0) { sum, pair in
                sum + pair.0 * _log(prior * pair.1 + (1 - prior) * (1 - pair.1))
            }
        }
        let grid = (0...10_000).map { Double($0) / 10_000 }
        let best = try #require(grid.max { logLikelihood($0) < logLikelihood($1) })
        #expect(abs(e.value - best) < 0.001, "EM \(e.value), grid \(best)")
    }

    @Test func recalibratedEMRecoversThePriorFromUnderconfidentProbabilities() throws {
        // The model reports p' = ¼ + ½·p instead of the calibrated p (underconfident, as on accounts
        // unlike its training data). The profile holds the classes in that reported scale.
        let truth = Self.classes()
        func squeezed(_ h: ProbabilityHistogram) -> ProbabilityHistogram {
            var counts = [Double](repeating: 0, count: ProbabilityHistogram.binCount)
            for (b, c) in h.counts.enumerated() {
                counts[ProbabilityHistogram.bin(of: 0.25 + 0.5 * ProbabilityHistogram.binCentres[b])] += c
            }
            return ProbabilityHistogram(counts: counts)
        }
        let reported = QuantificationProfile.ClassHistograms(
            bots: squeezed(truth.bots), humans: squeezed(truth.humans))
        let audience = squeezed(Self.audience(prior: 0.85, classes: truth))
        let plain = try #require(Self.estimate(audience, .em, classes: reported))
        let recalibrated = try #require(Self.estimate(audience, .emRecalibrated, classes: reported))
        #expect(abs(recalibrated.value - 0.85) < 0.02, "\(recalibrated.value)")
        #expect(abs(plain.value - 0.85) > 0.05, "\(plain.value)")
    }

    @Test func paccIsTheAdjustmentOfTheMeanProbability() throws {
        let c = Self.classes(shape: { x in x < 0.5 ? 3 : 1 })
        var h = ProbabilityHistogram()
        for p in [0.1, 0.2, 0.7, 0.95, 0.99, 0.4] { h.add(p) }
        let tpr = c.bots.mean
        let fpr = c.humans.mean
        let expected = min(1, max(0, (h.mean - fpr) / (tpr - fpr)))
        let e = try #require(Self.estimate(h, .pacc, classes: c))
        #expect(abs(e.value - expected) < 1e-12)
    }

    @Test func withoutAProfileTheMeanProbabilityIsUsed() throws {
        var h = ProbabilityHistogram()
        for p in [0.1, 0.3, 0.8] { h.add(p) }
        let e = try #require(FakeShareEstimator(profile: nil, threshold: 0.5, method: .em).estimate([.mastodon: h]))
        #expect(e.method == "pcc")
        #expect(abs(e.value - 0.4) < 1e-12)
        #expect(FakeShareEstimator(profile: nil, threshold: 0.5).estimate([:]) == nil)
        #expect(FakeShareEstimator(profile: nil, threshold: 0.5).estimate([.twitter: ProbabilityHistogram()]) == nil)
    }

    @Test func theIntervalIsSeededNarrowsWithSizeAndWidensBySystematicError() throws {
        let c = Self.classes()
        let small = Self.audience(prior: 0.4, classes: c, size: 200)
        let large = Self.audience(prior: 0.4, classes: c, size: 200_000)
        let a = try #require(Self.estimate(small, .em, classes: c, replicates: 200))
        let b = try #require(Self.estimate(small, .em, classes: c, replicates: 200))
        #expect(a == b)
        #expect(a.low <= a.value && a.value <= a.high)
        let wide = a.high - a.low
        let narrow = try #require(Self.estimate(large, .em, classes: c, replicates: 200))
        #expect(narrow.high - narrow.low < wide / 3, "\(narrow) vs \(a)")
        #expect(wide > 0.05)
        var profile = QuantificationProfile(method: .em, all: c)
        profile.systematicError = 0.1
        let widened = try #require(
            FakeShareEstimator(profile: profile, threshold: 0.88, replicates: 200).estimate([.twitter: large]))
        #expect(widened.value == narrow.value)
        #expect(widened.high - widened.value >= 0.1 - 1e-9)
        #expect(widened.value - widened.low >= 0.1 - 1e-9 || widened.low == 0)
    }

    @Test func theIntervalStraddlesTheExactMeanNotTheBinCentres() throws {
        // Probabilities at the bottom edges of their bins (centres 0.005 higher): replicates of the
        // bin centres alone would sit above the exact mean and leave it at the interval's low end.
        var h = ProbabilityHistogram()
        for _ in 0..<30_000 { h.add(0.10) }
        for _ in 0..<20_000 { h.add(0.90) }
        let e = try #require(FakeShareEstimator(profile: nil, threshold: 0.88).estimate([.twitter: h]))
        #expect(abs(e.value - 0.42) < 1e-12)
        let below = e.value - e.low
        let above = e.high - e.value
        #expect(below > 0.001 && above > 0.001, "\(e)")
        #expect(below / above < 1.5 && above / below < 1.5, "\(e)")
    }

    @Test func aFewFollowersCannotGiveANarrowInterval() throws {
        // One follower, clearly human: the estimate is 0, but one account cannot show that the share is.
        var one = ProbabilityHistogram()
        one.add(0.02)
        let e = try #require(Self.estimate(one, .em, classes: Self.classes(), replicates: 200))
        #expect(e.value < 1e-6)
        #expect(e.high > 0.5, "\(e)")
        var many = ProbabilityHistogram()
        for _ in 0..<10_000 { many.add(0.02) }
        let f = try #require(Self.estimate(many, .em, classes: Self.classes(), replicates: 200))
        #expect(f.high < 0.01, "\(f)")
    }

    @Test func aTemperatureSoftensEMAndOldProfilesHaveNone() throws {
        let c = Self.classes()
        let h = Self.audience(prior: 0.3, classes: c)
        var profile = QuantificationProfile(method: .em, all: c)
        let plain = try #require(
            FakeShareEstimator(profile: profile, threshold: 0.88, replicates: 0).estimate([.twitter: h]))
        profile.temperature = 3
        let soft = try #require(
            FakeShareEstimator(profile: profile, threshold: 0.88, replicates: 0).estimate([.twitter: h]))
        #expect(abs(plain.value - 0.3) < 0.01)
        #expect(abs(soft.value - 0.3) > 0.02, "\(soft.value)")
        var object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(profile)) as? [String: Any])
        object.removeValue(forKey: "temperature")
        let old = try JSONDecoder().decode(
            QuantificationProfile.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.temperature == 1)
    }

    @Test func platformsAreEstimatedSeparatelyAndWeightedByFollowers() throws {
        let c = Self.classes()
        let profile = QuantificationProfile(method: .em, all: c)
        let estimator = FakeShareEstimator(profile: profile, threshold: 0.88, replicates: 0)
        let x = Self.audience(prior: 0.2, classes: c, size: 30_000)
        let ig = Self.audience(prior: 0.8, classes: c, size: 10_000)
        let e = try #require(estimator.estimate([.twitter: x, .instagram: ig]))
        #expect(abs(e.value - (0.75 * 0.2 + 0.25 * 0.8)) < 0.01)
    }

    @Test func authenticWeightsAddUpToTheEstimate() {
        let h = Self.audience(prior: 0.35, classes: Self.classes(), size: 5_000)
        for share in [0.0, 0.1, 0.35, 0.8, 1.0] {
            let weights = FakeShareEstimator.authenticWeights(audience: h, fakeShare: share)
            let authentic = zip(h.counts, weights).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(abs(authentic - (1 - share) * h.total) < 1e-6 * h.total, "share \(share)")
            // Higher probability, lower chance of being authentic.
            #expect(zip(weights, weights.dropFirst()).allSatisfy { $0 >= $1 - 1e-12 })
        }
    }

    @Test func histogramsMergeInAnyOrderAndRejectAWrongBinCount() throws {
        var rng = SplitMix64(seed: 3)
        let values = (0..<1_000).map { _ in Double.random(in: 0...1, using: &rng) }
        var whole = ProbabilityHistogram()
        for v in values { whole.add(v) }
        var first = ProbabilityHistogram()
        var second = ProbabilityHistogram()
        for v in values[..<400] { first.add(v) }
        for v in values[400...] { second.add(v) }
        var ab = first
        ab.merge(second)
        var ba = second
        ba.merge(first)
        #expect(ab.counts == whole.counts && ba.counts == whole.counts)
        #expect(abs(ab.sum - whole.sum) < 1e-9)
        #expect(ProbabilityHistogram.bin(of: 1) == 99 && ProbabilityHistogram.bin(of: 0) == 0)
        #expect(ProbabilityHistogram.bin(of: .nan) == 0 && ProbabilityHistogram.bin(of: 0.885) == 88)
        let bad = Data(#"{"counts":[1,2,3],"sum":1}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ProbabilityHistogram.self, from: bad) }
        let round = try JSONDecoder().decode(ProbabilityHistogram.self, from: JSONEncoder().encode(whole))
        #expect(round == whole)
    }
}
