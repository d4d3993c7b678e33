public import FoundationEssentials

/// The learned scorer: features, tree ensemble, calibration, and explained signals.
///
/// Every score carries its strongest signals: per-feature path contributions
/// (``TreeEnsemble/contributions(_:at:into:)``) summed per ``SignalGroup`` and rendered in plain
/// words with the account's values. A signal's `contribution` is in log-odds (margin) units;
/// positive pushes towards bot, negative towards human.
///
/// ```swift
/// let scorer = TreeEnsembleScorer(model: try AuthenticityModel.decode(from: data))
/// let scores = scorer.score(accounts, asOf: now)
/// ```
public struct TreeEnsembleScorer: Scorer, Codable, Hashable {
    /// The model.
    public var model: AuthenticityModel
    /// How many signals each score carries.
    public var maximumSignals: Int

    /// Creates a scorer for a model.
    public init(model: AuthenticityModel, maximumSignals: Int = 3) {
        self.model = model
        self.maximumSignals = maximumSignals
    }

    /// The model's name.
    public var name: String { model.name }
    /// The model's operating threshold.
    public var threshold: Double { model.threshold }

    /// The feature extractor with the model's handle table.
    public var extractor: FeatureExtractor { FeatureExtractor(handleModel: model.handleModel) }

    /// Scores accounts with their top signals.
    ///
    /// - Complexity: O(n × trees × depth); one feature buffer per batch, no per-row allocation
    ///   beyond the returned signals.
    public func score(_ accounts: [Account], asOf now: Date) -> [AccountScore] {
        let extractor = extractor
        let columns = FeatureExtractor.schema.count
        // Features and contributions for a block of rows at a time, so the trees are walked in one
        // tight loop while the buffers stay small enough to be reused from cache.
        let block = Swift.min(accounts.count, 256)
        var features = [Float](repeating: .nan, count: block * columns)
        var contributions = [Double](repeating: 0, count: block * columns)
        let groupCount = SignalGroup.allCases.count
        var grouped = [Double](repeating: 0, count: groupCount)
        var results: [AccountScore] = []
        results.reserveCapacity(accounts.count)
        var start = 0
        while start < accounts.count {
            let rows = accounts[start..<Swift.min(start + block, accounts.count)]
            for (i, account) in rows.enumerated() {
                extractor.extract(account, asOf: now, into: &features, at: i * columns)
            }
            let bias = model.ensemble.contributions(features, rowCount: rows.count, into: &contributions)
            for (i, account) in rows.enumerated() {
                let offset = i * columns
                var margin = bias
                for j in 0..<groupCount { grouped[j] = 0 }
                for j in 0..<columns {
                    margin += contributions[offset + j]
                    grouped[SignalGroup.columnGroups[j]] += contributions[offset + j]
                }
                let probability = model.calibration(for: account.platform).probability(margin: margin)
                var reasons = signals(account, row: features, at: offset, grouped: grouped)
                if Self.declaresBot(features, at: offset), maximumSignals > 0 {
                    let declared = Signal(
                        code: SignalGroup.declaredBot.code, contribution: max(0, Self.declaredBotMargin - margin),
                        text: "declares itself a bot")
                    reasons = [declared] + reasons.filter { $0.code != declared.code }.prefix(maximumSignals - 1)
                }
                results.append(
                    AccountScore(
                        probability: Self.applyDeclaration(probability, features, at: offset), signals: reasons)
                )
            }
            start += rows.count
        }
        return results
    }

    /// Calibrated probabilities for prepared features of accounts on one platform (the fast
    /// path: no explanations).
    ///
    /// - Complexity: O(rows × trees × depth).
    public func probabilities(_ features: FeatureMatrix, platform: Platform = .twitter) -> [Double] {
        var margins = [Double](repeating: 0, count: features.rowCount)
        model.ensemble.predictMargins(features.values, rowCount: features.rowCount, into: &margins)
        let calibration = model.calibration(for: platform)
        let columns = FeatureExtractor.schema.count
        for i in margins.indices {
            margins[i] = Self.applyDeclaration(
                calibration.probability(margin: margins[i]), features.values, at: i * columns)
        }
        return margins
    }

    /// Calibrated probabilities for prepared features, one platform per row.
    public func probabilities(_ features: FeatureMatrix, platforms: [Platform]) -> [Double] {
        precondition(platforms.count == features.rowCount)
        var margins = [Double](repeating: 0, count: features.rowCount)
        model.ensemble.predictMargins(features.values, rowCount: features.rowCount, into: &margins)
        let columns = FeatureExtractor.schema.count
        for i in margins.indices {
            margins[i] = Self.applyDeclaration(
                model.calibration(for: platforms[i]).probability(margin: margins[i]), features.values, at: i * columns)
        }
        return margins
    }

    // MARK: - Self-declared bots

    /// The probability given to an account that declares itself automated (Mastodon `bot`, the
    /// platforms' automated labels).
    ///
    /// No labelled development set carries the flag, so the trees never learned it; but an account
    /// that says it is a bot is not a person in the audience, so the flag overrides the model.
    public static let declaredBotProbability = 0.99
    static let declaredBotMargin = 4.595  // logit(0.99)

    static func declaresBot(_ values: [Float], at offset: Int) -> Bool {
        values[offset + ProfileFeature.selfDeclaredBot.rawValue] == 1
    }

    static func applyDeclaration(_ probability: Double, _ values: [Float], at offset: Int) -> Double {
        declaresBot(values, at: offset) ? max(probability, declaredBotProbability) : probability
    }

    private func signals(_ account: Account, row: [Float], at offset: Int, grouped: [Double]) -> [Signal] {
        guard maximumSignals > 0 else { return [] }
        // Top groups by absolute contribution; ties broken by group order for determinism.
        var top: [(Int, Double)] = []
        for (j, c) in grouped.enumerated() where abs(c) >= 1e-6 {
            top.append((j, c))
        }
        top.sort { abs($0.1) != abs($1.1) ? abs($0.1) > abs($1.1) : $0.0 < $1.0 }
        return top.prefix(maximumSignals).map { j, c in
            let group = SignalGroup.allCases[j]
            return Signal(code: group.code, contribution: c, text: group.text(account: account, row: row, at: offset))
        }
    }
}
