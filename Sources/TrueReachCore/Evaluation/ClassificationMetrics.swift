/// Counts of a binary classifier's decisions at a threshold; the positive class is "bot".
public struct ConfusionMatrix: Sendable, Hashable, Codable {
    /// Bots flagged.
    public var truePositives: Int
    /// Humans flagged.
    public var falsePositives: Int
    /// Humans not flagged.
    public var trueNegatives: Int
    /// Bots not flagged.
    public var falseNegatives: Int

    /// Creates a confusion matrix.
    public init(truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    /// Counts decisions `probability >= threshold` against labels (`true` = bot).
    ///
    /// - Complexity: O(n).
    public init(labels: [Bool], probabilities: [Double], threshold: Double) {
        precondition(labels.count == probabilities.count)
        var tp = 0
        var fp = 0
        var tn = 0
        var fn = 0
        for (y, p) in zip(labels, probabilities) {
            switch (y, p >= threshold) {
            case (true, true): tp += 1
            case (false, true): fp += 1
            case (false, false): tn += 1
            case (true, false): fn += 1
            }
        }
        self.init(truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn)
    }

    private enum CodingKeys: String, CodingKey {
        case truePositives = "true_positives"
        case falsePositives = "false_positives"
        case trueNegatives = "true_negatives"
        case falseNegatives = "false_negatives"
    }
}

/// One bin of a reliability diagram: accounts whose predicted probability fell in `[lower, upper)`.
public struct ReliabilityBin: Sendable, Hashable, Codable {
    /// Lower edge of the bin.
    public var lower: Double
    /// Upper edge of the bin (the last bin includes 1).
    public var upper: Double
    /// Profiles in the bin.
    public var count: Int
    /// Mean predicted probability in the bin.
    public var meanPredicted: Double
    /// Share of bots in the bin.
    public var observedBotShare: Double

    private enum CodingKeys: String, CodingKey {
        case lower, upper, count
        case meanPredicted = "mean_predicted"
        case observedBotShare = "observed_bot_share"
    }
}

/// The standard binary-classification metrics, with bot as the positive class.
///
/// Formulas (TP, FP, TN, FN from ``confusion``):
/// accuracy = (TP+TN)/n; precision = TP/(TP+FP) (0 when nothing is flagged); recall = TP/(TP+FN);
/// F1 = 2·P·R/(P+R); MCC = (TP·TN − FP·FN)/√((TP+FP)(TP+FN)(TN+FP)(TN+FN));
/// false-positive rate = FP/(FP+TN); ROC AUC = the Mann–Whitney probability that a random bot
/// scores above a random human (ties count half); PR AUC = average precision,
/// Σₖ (Rₖ − Rₖ₋₁)·Pₖ over distinct thresholds (scikit-learn's definition); Brier = mean (p − y)².
/// A metric that is undefined for the data (recall without bots, AUC with one class) is `nil`.
public struct ClassificationMetrics: Sendable, Hashable, Codable {
    /// Number of accounts.
    public var count: Int
    /// Number of bots.
    public var bots: Int
    /// Number of humans.
    public var humans: Int
    /// The operating threshold the decision metrics were computed at.
    public var threshold: Double
    /// Decisions at the threshold.
    public var confusion: ConfusionMatrix
    /// (TP+TN)/n.
    public var accuracy: Double
    /// TP/(TP+FP), 0 when nothing is flagged.
    public var precision: Double
    /// TP/(TP+FN); nil without bots.
    public var recall: Double?
    /// Harmonic mean of precision and recall; 0 when both are 0.
    public var f1: Double
    /// Matthews correlation coefficient; nil when a marginal is empty.
    public var mcc: Double?
    /// FP/(FP+TN); nil without humans.
    public var falsePositiveRate: Double?
    /// Area under the ROC curve; nil with one class.
    public var rocAUC: Double?
    /// Average precision; nil without bots.
    public var prAUC: Double?
    /// Mean squared error of the probabilities.
    public var brier: Double
    /// Ten equal-width reliability bins (empty bins omitted).
    public var reliability: [ReliabilityBin]

    /// Computes every metric.
    ///
    /// - Parameters:
    ///   - labels: `true` for a bot.
    ///   - probabilities: Predicted bot probabilities.
    ///   - threshold: Decision threshold (`p >= threshold` is flagged).
    ///   - reliabilityBins: Number of equal-width calibration bins.
    /// - Complexity: O(n log n).
    public init(labels: [Bool], probabilities: [Double], threshold: Double, reliabilityBins: Int = 10) {
        precondition(labels.count == probabilities.count, "one probability per label")
        let c = ConfusionMatrix(labels: labels, probabilities: probabilities, threshold: threshold)
        let tp = Double(c.truePositives)
        let fp = Double(c.falsePositives)
        let tn = Double(c.trueNegatives)
        let fn = Double(c.falseNegatives)
        let n = labels.count
        count = n
        bots = c.truePositives + c.falseNegatives
        humans = c.trueNegatives + c.falsePositives
        self.threshold = threshold
        confusion = c
        accuracy = n == 0 ? 0 : (tp + tn) / Double(n)
        precision = tp + fp == 0 ? 0 : tp / (tp + fp)
        recall = bots == 0 ? nil : tp / (tp + fn)
        let r = recall ?? 0
        f1 = precision + r == 0 ? 0 : 2 * precision * r / (precision + r)
        let denominator = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
        mcc = denominator == 0 ? nil : (tp * tn - fp * fn) / denominator.squareRoot()
        falsePositiveRate = humans == 0 ? nil : fp / (fp + tn)
        rocAUC = Self.rocAUC(labels: labels, scores: probabilities)
        prAUC = Self.averagePrecision(labels: labels, scores: probabilities)
        var sse = 0.0
        for (y, p) in zip(labels, probabilities) {
            let d = p - (y ? 1 : 0)
            sse += d * d
        }
        brier = n == 0 ? 0 : sse / Double(n)
        reliability = Self.reliability(labels: labels, probabilities: probabilities, bins: reliabilityBins)
    }

    /// ROC AUC by the rank-sum (Mann–Whitney U) formula with tied scores sharing their mean rank.
    ///
    /// - Returns: nil when either class is absent.
    /// - Complexity: O(n log n).
    public static func rocAUC(labels: [Bool], scores: [Double]) -> Double? {
        let positives = labels.filter { $0 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let meanRank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] { rankSum += meanRank }
            i = j + 1
        }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }

    /// Average precision: Σ (Rₖ − Rₖ₋₁) Pₖ over distinct score thresholds, highest first.
    ///
    /// - Returns: nil when there are no positives.
    /// - Complexity: O(n log n).
    public static func averagePrecision(labels: [Bool], scores: [Double]) -> Double? {
        let positives = labels.filter { $0 }.count
        guard positives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        var tp = 0
        var flagged = 0
        var previousRecall = 0.0
        var ap = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            for k in i...j {
                flagged += 1
                if labels[order[k]] { tp += 1 }
            }
            let recall = Double(tp) / Double(positives)
            let precision = Double(tp) / Double(flagged)
            ap += (recall - previousRecall) * precision
            previousRecall = recall
            i = j + 1
        }
        return ap
    }

    /// Equal-width reliability bins over [0, 1]; empty bins are left out.
    public static func reliability(labels: [Bool], probabilities: [Double], bins: Int) -> [ReliabilityBin] {
        guard bins > 0 else { return [] }
        var counts = [Int](repeating: 0, count: bins)
        var sums = [Double](repeating: 0, count: bins)
        var botCounts = [Int](repeating: 0, count: bins)
        for (y, p) in zip(labels, probabilities) {
            let b = min(bins - 1, max(0, Int(p * Double(bins))))
            counts[b] += 1
            sums[b] += p
            if y { botCounts[b] += 1 }
        }
        return (0..<bins).compactMap { b in
            guard counts[b] > 0 else { return nil }
            return ReliabilityBin(
                lower: Double(b) / Double(bins),
                upper: Double(b + 1) / Double(bins),
                count: counts[b],
                meanPredicted: sums[b] / Double(counts[b]),
                observedBotShare: Double(botCounts[b]) / Double(counts[b])
            )
        }
    }

    private enum CodingKeys: String, CodingKey {
        case count, bots, humans, threshold, confusion, accuracy, precision, recall, f1, mcc
        case falsePositiveRate = "false_positive_rate"
        case rocAUC = "roc_auc"
        case prAUC = "pr_auc"
        case brier, reliability
    }
}
