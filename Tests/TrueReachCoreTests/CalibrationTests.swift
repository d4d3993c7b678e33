import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct CalibrationTests {
    @Test func isotonicIsMonotoneAndPoolsViolators() {
        // Margins 1, 2, 3, 4 with labels 0, 1, 0, 1 (balanced): blocks {1}=0, {2,3}=0.5, {4}=1.
        let c = Calibration.fitIsotonic(margins: [1, 2, 3, 4], labels: [false, true, false, true])
        #expect(c == .isotonic(margins: [1, 2.5, 4], probabilities: [0, 0.5, 1]))
        #expect(c.probability(margin: 0) == 0)
        #expect(c.probability(margin: 2.5) == 0.5)
        #expect(c.probability(margin: 3.25) == 0.75)
        #expect(c.probability(margin: 9) == 1)
    }

    @Test func plattRecoversAKnownLogisticMap() {
        // Given labels drawn from p = logistic(2m − 1), balanced classes.
        var rng = SplitMix64(seed: 4)
        var margins: [Double] = []
        var labels: [Bool] = []
        for _ in 0..<20_000 {
            let m = Double.random(in: -3..<3, using: &rng)
            margins.append(m)
            labels.append(Double.random(in: 0..<1, using: &rng) < TreeEnsemble.logistic(2 * m - 1))
        }
        guard case let .platt(a, _) = Calibration.fitPlatt(margins: margins, labels: labels) else {
            Issue.record("expected Platt")
            return
        }
        #expect(abs(a - 2) < 0.2)
        let c = Calibration.fitPlatt(margins: margins, labels: labels)
        #expect(c.probability(margin: -3) < c.probability(margin: 3))
    }
}
