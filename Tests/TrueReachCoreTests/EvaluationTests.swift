import Testing
import TrueReachCore

@Suite struct EvaluationTests {
    @Test func decisionMetricsMatchHandComputation() throws {
        // Given TP 3, FN 1, FP 1, TN 5 at threshold 0.5.
        let labels = [true, true, true, true, false, false, false, false, false, false]
        let probs = [0.9, 0.8, 0.7, 0.2, 0.6, 0.1, 0.1, 0.3, 0.4, 0.0]
        let m = ClassificationMetrics(labels: labels, probabilities: probs, threshold: 0.5)
        #expect(
            m.confusion == ConfusionMatrix(truePositives: 3, falsePositives: 1, trueNegatives: 5, falseNegatives: 1)
        )
        #expect(m.accuracy == 0.8)
        #expect(m.precision == 0.75)
        #expect(m.recall == 0.75)
        #expect(abs(m.f1 - 0.75) < 1e-12)
        // MCC = (3·5 − 1·1) / √(4·4·6·6) = 14/24
        #expect(abs(try #require(m.mcc) - 14.0 / 24) < 1e-12)
        #expect(abs(try #require(m.falsePositiveRate) - 1.0 / 6) < 1e-12)
        // Brier = mean of squared errors.
        let brier = zip(labels, probs).map { ($1 - ($0 ? 1 : 0)) * ($1 - ($0 ? 1 : 0)) }.reduce(0, +) / 10
        #expect(abs(m.brier - brier) < 1e-12)
    }

    @Test func rocAUCCountsPairsWithTiesAsHalf() throws {
        // Pairs (bot, human): bots 0.8, 0.4; humans 0.4, 0.1. Wins: (0.8>0.4),(0.8>0.1),(0.4>0.1), tie (0.4,0.4).
        let auc = ClassificationMetrics.rocAUC(labels: [true, true, false, false], scores: [0.8, 0.4, 0.4, 0.1])
        #expect(abs(try #require(auc) - 3.5 / 4) < 1e-12)
        #expect(ClassificationMetrics.rocAUC(labels: [true, true], scores: [0.1, 0.2]) == nil)
    }

    @Test func averagePrecisionMatchesHandComputation() throws {
        // Sorted: 0.9 bot, 0.8 human, 0.7 bot. AP = 0.5·1 + 0.5·(2/3).
        let ap = ClassificationMetrics.averagePrecision(labels: [true, false, true], scores: [0.9, 0.8, 0.7])
        #expect(abs(try #require(ap) - (0.5 + 1.0 / 3)) < 1e-12)
    }

    @Test func singleClassLeavesUndefinedMetricsNil() {
        let m = ClassificationMetrics(labels: [false, false, false], probabilities: [0.1, 0.6, 0.2], threshold: 0.5)
        #expect(m.rocAUC == nil)
        #expect(m.recall == nil)
        #expect(m.mcc == nil)
        #expect(m.falsePositiveRate == 1.0 / 3)
    }

    @Test func reliabilityBinsAverageWithinBins() {
        let bins = ClassificationMetrics.reliability(
            labels: [true, false, true],
            probabilities: [0.05, 0.15, 1.0],
            bins: 10
        )
        #expect(bins.count == 3)
        #expect(bins[2].lower == 0.9 && bins[2].observedBotShare == 1)
    }

    @Test func thresholdFlagsAtMostTheAllowedShareOfHumans() {
        let humans = (0..<100).map { Double($0) / 100 }
        let t = AuthenticityTrainer.threshold(humanProbabilities: humans, maximumFlagRate: 0.02)
        #expect(humans.filter { $0 >= t }.count <= 2)
        #expect(humans.filter { $0 >= t }.count == 2)
        // Never below 0.5.
        #expect(AuthenticityTrainer.threshold(humanProbabilities: [0.01, 0.02], maximumFlagRate: 0.02) == 0.5)
    }
}
