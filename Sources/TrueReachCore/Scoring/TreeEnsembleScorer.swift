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
    /// The model's out-of-fold histograms.
    public var quantification: QuantificationProfile? { model.quantification }

    /// The feature extractor with the model's handle table.
    public var extractor: FeatureExtractor { FeatureExtractor(handleModel: model.handleModel) }

    /// Scores accounts with their top signals.
    ///
    /// - Complexity: O(n × trees × depth); one feature buffer per batch, no per-row allocation
    ///   beyond the returned signals.
    public func score(_ profiles: [Profile], asOf now: Date) -> [ProfileScore] {
        let extractor = extractor
        let columns = FeatureExtractor.schema.count
        let columnGroups = SignalGroup.columnGroups
        // Features and contributions for a block of rows at a time, so the trees are walked in one
        // tight loop while the buffers stay small enough to be reused from cache.
        let block = Swift.min(profiles.count, 256)
        var features = [Float](repeating: .nan, count: block * columns)
        var contributions = [Double](repeating: 0, count: block * columns)
        // A model of specialists explains each account by the specialist with the highest margin
        // (the one the maximum rule picked), so bias + contributions is still the margin.
        let ensembles = model.ensembles
        let combined = !model.specialists.isEmpty
        var scratch = combined ? [Double](repeating: 0, count: block * columns) : []
        var biases = [Double](repeating: 0, count: combined ? block : 0)
        var bestMargins = [Double](repeating: 0, count: combined ? block : 0)
        let groups = SignalGroup.allCases
        let groupCount = groups.count
        var grouped = [Double](repeating: 0, count: groupCount)
        // Inputs are nearly always one platform: look its calibration up once, not per account.
        var calibrationPlatform: Platform?
        var calibration = model.calibration
        var results: [ProfileScore] = []
        results.reserveCapacity(profiles.count)
        var start = 0
        while start < profiles.count {
            let rows = start..<Swift.min(start + block, profiles.count)
            for i in rows {
                extractor.extract(profiles[i], asOf: now, into: &features, at: (i - start) * columns)
            }
            var bias = ensembles[0].contributions(features, rowCount: rows.count, into: &contributions)
            if combined {
                Self.combineSpecialists(
                    model, features: features, rowCount: rows.count, columns: columns, firstBias: bias,
                    contributions: &contributions, scratch: &scratch, biases: &biases, margins: &bestMargins)
            }
            for i in rows {
                let platform = profiles[i].platform
                if calibrationPlatform != platform {
                    calibration = model.calibration(for: platform)
                    calibrationPlatform = platform
                }
                let offset = (i - start) * columns
                if combined { bias = biases[i - start] }
                var margin = bias
                for j in 0..<groupCount { grouped[j] = 0 }
                for j in 0..<columns {
                    margin += contributions[offset + j]
                    grouped[columnGroups[j]] += contributions[offset + j]
                }
                let probability = calibration.probability(margin: margin)
                var reasons = signals(profiles[i], row: features, at: offset, grouped: grouped, groups: groups)
                if Self.declaresBot(features, at: offset), maximumSignals > 0 {
                    let declared = Signal(
                        code: SignalGroup.declaredBot.code, contribution: max(0, Self.declaredBotMargin - margin),
                        text: "declares itself a bot")
                    reasons = [declared] + reasons.filter { $0.code != declared.code }.prefix(maximumSignals - 1)
                }
                results.append(
                    ProfileScore(
                        probability: Self.applyDeclaration(probability, features, at: offset), signals: reasons)
                )
            }
            start = rows.upperBound
        }
        return results
    }

    /// Replaces the first ensemble's contributions (in `contributions`, with `firstBias`) by the
    /// combined model's: per row, the contributions of the specialist with the highest offset
    /// margin (maximum rules) or the mean of all specialists' (mean); the bias term, offset
    /// included, goes to `biases`, so bias + contributions is the combined margin.
    static func combineSpecialists(
        _ model: AuthenticityModel,
        features: [Float],
        rowCount: Int,
        columns: Int,
        firstBias: Double,
        contributions: inout [Double],
        scratch: inout [Double],
        biases: inout [Double],
        margins: inout [Double]
    ) {
        let specialists = model.specialists
        let weights = AuthenticityTrainer.meanWeights(
            kinds: specialists.map(\.kind), combination: model.specialistCombination)
        let mean = weights != nil
        let share = weights?.first ?? 1
        for r in 0..<rowCount {
            var m = firstBias - specialists[0].offset
            for j in 0..<columns { m += contributions[r * columns + j] }
            margins[r] = m
            biases[r] = firstBias - specialists[0].offset
            if mean {
                biases[r] *= share
                for j in 0..<columns { contributions[r * columns + j] *= share }
            }
        }
        for (s, specialist) in specialists.enumerated().dropFirst() {
            let share = weights?[s] ?? 1
            let b =
                specialist.ensemble.contributions(features, rowCount: rowCount, into: &scratch)
                - specialist.offset
            for r in 0..<rowCount {
                if mean {
                    biases[r] += b * share
                    for j in 0..<columns { contributions[r * columns + j] += scratch[r * columns + j] * share }
                    continue
                }
                var m = b
                for j in 0..<columns { m += scratch[r * columns + j] }
                guard m > margins[r] else { continue }
                margins[r] = m
                biases[r] = b
                for j in 0..<columns { contributions[r * columns + j] = scratch[r * columns + j] }
            }
        }
    }

    /// Calibrated probabilities for prepared features of accounts on one platform (the fast
    /// path: no explanations).
    ///
    /// - Complexity: O(rows × trees × depth).
    public func probabilities(_ features: FeatureMatrix, platform: Platform = .twitter) -> [Double] {
        var margins = [Double](repeating: 0, count: features.rowCount)
        model.predictMargins(features.values, rowCount: features.rowCount, into: &margins)
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
        model.predictMargins(features.values, rowCount: features.rowCount, into: &margins)
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

    private func signals(
        _ account: Profile,
        row: [Float],
        at offset: Int,
        grouped: [Double],
        groups: [SignalGroup]
    ) -> [Signal] {
        guard maximumSignals > 0 else { return [] }
        // The strongest groups by absolute contribution, ties broken by group order for
        // determinism: a running top-k by insertion (k is small), with no sort and no scratch array.
        var top: [(group: Int, contribution: Double)] = []
        top.reserveCapacity(maximumSignals + 1)
        for (j, c) in grouped.enumerated() where abs(c) >= 1e-6 {
            // Later groups lose ties, so a group goes before the first entry it strictly beats.
            var position = top.count
            while position > 0 && abs(c) > abs(top[position - 1].contribution) { position -= 1 }
            guard position < maximumSignals else { continue }
            top.insert((j, c), at: position)
            if top.count > maximumSignals { top.removeLast() }
        }
        return top.map { j, c in
            let group = groups[j]
            return Signal(code: group.code, contribution: c, text: group.text(account: account, row: row, at: offset))
        }
    }
}
