public import FoundationEssentials

/// How ``AuthenticityTrainer`` builds a model: every field defaulted to the shipped choice.
public struct AuthenticityTrainingConfiguration: Sendable, Hashable, Codable {
    /// How probabilities are calibrated.
    public enum CalibrationMethod: String, Sendable, Hashable, Codable, CaseIterable {
        case isotonic, platt, none
    }

    /// Tree hyperparameters.
    public var parameters: TreeEnsembleParameters
    /// Folds for the out-of-fold predictions that fit calibration and threshold.
    public var folds: Int
    /// Calibration method.
    public var calibration: CalibrationMethod
    /// Highest share of (out-of-fold) human accounts the threshold may flag.
    public var maximumHumanFlagRate: Double
    /// Row weight `1 / n^e` for a dataset-and-label group of n rows: 0 keeps raw counts,
    /// 1 gives every group equal weight, 0.5 is in between (big sets do not drown small ones).
    public var datasetWeightExponent: Double
    /// Feature names the trees may not split on.
    public var excludedFeatures: [String]
    /// How audits estimate an audience's fake share from the model's probabilities.
    public var quantification: QuantificationMethod
    /// The systematic error recorded in the model's quantification profile (half-width, 0 to 1).
    public var quantificationSystematicError: Double
    /// Which predictions of the training rows fill the quantification profile.
    public var quantificationProfileSource: QuantificationProfileSource
    /// Whether every dataset counts equally within its class in the profile (else rows count).
    public var quantificationEqualDatasets: Bool
    /// Temperature on the probabilities' log-odds before EM (1: as calibrated).
    public var quantificationTemperature: Double

    /// Where the quantification profile's predictions come from.
    public enum QuantificationProfileSource: String, Sendable, Hashable, Codable, CaseIterable {
        /// The stratified k-fold out-of-fold predictions (rows unseen, their datasets seen).
        case outOfFold = "out_of_fold"
        /// Each dataset predicted by a model trained without it (new kinds of accounts).
        case datasetOut = "dataset_out"
    }

    /// Creates a configuration; defaults are the shipped model's.
    public init(
        parameters: TreeEnsembleParameters = TreeEnsembleParameters(),
        folds: Int = 5,
        calibration: CalibrationMethod = .isotonic,
        maximumHumanFlagRate: Double = 0.02,
        datasetWeightExponent: Double = 0,
        excludedFeatures: [String] = AuthenticityTrainingConfiguration.defaultExcludedFeatures,
        quantification: QuantificationMethod = AuthenticityTrainingConfiguration.defaultQuantification,
        quantificationSystematicError: Double = AuthenticityTrainingConfiguration.defaultSystematicError,
        quantificationProfileSource: QuantificationProfileSource = .outOfFold,
        quantificationEqualDatasets: Bool = false,
        quantificationTemperature: Double = 1
    ) {
        self.parameters = parameters
        self.folds = folds
        self.calibration = calibration
        self.maximumHumanFlagRate = maximumHumanFlagRate
        self.datasetWeightExponent = datasetWeightExponent
        self.excludedFeatures = excludedFeatures
        self.quantification = quantification
        self.quantificationSystematicError = quantificationSystematicError
        self.quantificationProfileSource = quantificationProfileSource
        self.quantificationEqualDatasets = quantificationEqualDatasets
        self.quantificationTemperature = quantificationTemperature
    }

    private enum CodingKeys: String, CodingKey {
        case parameters, folds, calibration, maximumHumanFlagRate, datasetWeightExponent, excludedFeatures
        case quantification, quantificationSystematicError, quantificationProfileSource, quantificationEqualDatasets
        case quantificationTemperature
    }

    /// Decodes a configuration; files written before quantification existed get the defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        parameters = try c.decode(TreeEnsembleParameters.self, forKey: .parameters)
        folds = try c.decode(Int.self, forKey: .folds)
        calibration = try c.decode(CalibrationMethod.self, forKey: .calibration)
        maximumHumanFlagRate = try c.decode(Double.self, forKey: .maximumHumanFlagRate)
        datasetWeightExponent = try c.decode(Double.self, forKey: .datasetWeightExponent)
        excludedFeatures = try c.decode([String].self, forKey: .excludedFeatures)
        quantification = try c.decodeIfPresent(QuantificationMethod.self, forKey: .quantification) ?? .em
        quantificationSystematicError = try c.decodeIfPresent(Double.self, forKey: .quantificationSystematicError) ?? 0
        quantificationProfileSource =
            try c.decodeIfPresent(QuantificationProfileSource.self, forKey: .quantificationProfileSource) ?? .outOfFold
        quantificationEqualDatasets = try c.decodeIfPresent(Bool.self, forKey: .quantificationEqualDatasets) ?? false
        quantificationTemperature = try c.decodeIfPresent(Double.self, forKey: .quantificationTemperature) ?? 1
    }

    /// The shipped quantification method (decision record 0003).
    public static let defaultQuantification: QuantificationMethod = .em
    /// The shipped systematic error (decision record 0003).
    public static let defaultSystematicError = 0.0

    /// Features left out of the shipped model because they encode how a dataset was
    /// collected rather than what an account is (see the decision record).
    public static let defaultExcludedFeatures: [String] = [
        ProfileFeature.accountAgeDays.name,
        ProfileFeature.postsPerHour.name,
        ProfileFeature.followersPerHour.name,
        ProfileFeature.followingPerHour.name,
        ProfileFeature.likesPerHour.name,
        ProfileFeature.listsPerHour.name,
    ]
}

/// Labelled accounts turned into features once, reused across folds.
///
/// The handle likelihood depends on the training fold (its bigram table comes from the
/// fold's human handles), so it is recomputed per fold; everything else is extracted once.
public struct PreparedExamples: Sendable {
    /// Features with the handle-likelihood column unset (NaN).
    public var features: FeatureMatrix
    /// `true` for a bot.
    public var labels: [Bool]
    /// Dataset of each row.
    public var datasets: [String]
    /// Handle of each row, where known.
    public var handles: [String?]
    /// Platform of each row.
    public var platforms: [Platform]

    /// Extracts features of labelled accounts.
    ///
    /// - Parameters:
    ///   - examples: The labelled accounts.
    ///   - now: Reference time for accounts without `capturedAt`.
    public init(_ examples: [LabeledAccount], asOf now: Date) {
        let extractor = FeatureExtractor()
        features = extractor.extract(examples.map(\.account), asOf: now)
        labels = examples.map { $0.label.isBot }
        datasets = examples.map(\.dataset)
        handles = examples.map(\.account.handle)
        platforms = examples.map(\.account.platform)
        let column = ProfileFeature.handleLikelihood.rawValue
        for i in 0..<features.rowCount { features[i, column] = .nan }
    }

    /// Number of rows.
    public var count: Int { labels.count }

    /// Dataset names in first-seen order.
    public var datasetNames: [String] {
        var seen: Set<String> = []
        return datasets.filter { seen.insert($0).inserted }
    }

    /// The bigram table of the human handles among `rows`.
    public func handleModel(rows: [Int]) -> HandleBigramModel {
        HandleBigramModel.fit(humanHandles: rows.lazy.filter { !labels[$0] }.compactMap { handles[$0] })
    }

    /// The features of `rows` with the handle likelihood filled in from `handleModel`.
    public func matrix(rows: [Int], handleModel: HandleBigramModel) -> FeatureMatrix {
        var m = features.rows(at: rows)
        let column = ProfileFeature.handleLikelihood.rawValue
        for (k, i) in rows.enumerated() {
            if let h = handles[i] { m[k, column] = Float(handleModel.likelihood(h)) }
        }
        return m
    }
}

/// Trains authenticity models and produces out-of-fold predictions: a pure function of its inputs.
public enum AuthenticityTrainer {
    /// A fitted ensemble with the bigram table it needs.
    public struct Fit: Sendable {
        /// The trees.
        public var ensemble: TreeEnsemble
        /// The handle table from the training rows' humans.
        public var handleModel: HandleBigramModel
    }

    /// Fits trees on `rows` of `data`.
    public static func fit(
        _ data: PreparedExamples,
        rows: [Int],
        configuration: AuthenticityTrainingConfiguration,
        using rng: inout some RandomNumberGenerator
    ) throws -> Fit {
        let handleModel = data.handleModel(rows: rows)
        let matrix = data.matrix(rows: rows, handleModel: handleModel)
        let labels = rows.map { data.labels[$0] }
        let weights = groupWeights(data, rows: rows, exponent: configuration.datasetWeightExponent)
        let excluded = Set(configuration.excludedFeatures)
        let usable = FeatureExtractor.schema.names.map { !excluded.contains($0) }
        let set = TrainingSet(features: matrix, labels: labels, weights: weights, usableFeatures: usable)
        let ensemble = try TreeEnsemble.fit(set, parameters: configuration.parameters, using: &rng)
        return Fit(ensemble: ensemble, handleModel: handleModel)
    }

    /// Raw margins of `rows` under a fit.
    public static func margins(_ fit: Fit, _ data: PreparedExamples, rows: [Int]) -> [Double] {
        fit.ensemble.predictMargins(data.matrix(rows: rows, handleModel: fit.handleModel))
    }

    /// Row weights `1 / n^e` per dataset-and-label group.
    static func groupWeights(_ data: PreparedExamples, rows: [Int], exponent: Double) -> [Double]? {
        guard exponent != 0 else { return nil }
        var counts: [String: Int] = [:]
        for i in rows { counts[data.datasets[i] + (data.labels[i] ? "|bot" : "|human"), default: 0] += 1 }
        return rows.map { i in
            let n = Double(counts[data.datasets[i] + (data.labels[i] ? "|bot" : "|human")] ?? 1)
            return 1 / _exp(exponent * _log(n))
        }
    }

    /// Stratified k-fold assignment: rows of each dataset-and-label group are shuffled and dealt
    /// round-robin into `k` folds.
    public static func stratifiedFolds(
        _ data: PreparedExamples,
        k: Int,
        using rng: inout some RandomNumberGenerator
    ) -> [Int] {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        for i in 0..<data.count {
            let key = data.datasets[i] + (data.labels[i] ? "|bot" : "|human")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(i)
        }
        var fold = [Int](repeating: 0, count: data.count)
        var next = 0
        for key in order {
            var members = groups[key] ?? []
            members.shuffle(using: &rng)
            for i in members {
                fold[i] = next % k
                next += 1
            }
        }
        return fold
    }

    /// Out-of-fold margins: each row predicted by a model that never saw it.
    public static func outOfFoldMargins(
        _ data: PreparedExamples,
        folds: [Int],
        configuration: AuthenticityTrainingConfiguration,
        using rng: inout some RandomNumberGenerator
    ) throws -> [Double] {
        var margins = [Double](repeating: 0, count: data.count)
        let k = (folds.max() ?? 0) + 1
        for f in 0..<k {
            let train = (0..<data.count).filter { folds[$0] != f }
            let test = (0..<data.count).filter { folds[$0] == f }
            guard !test.isEmpty else { continue }
            let fit = try fit(data, rows: train, configuration: configuration, using: &rng)
            for (i, m) in zip(test, Self.margins(fit, data, rows: test)) { margins[i] = m }
        }
        return margins
    }

    /// Fits the chosen calibration on out-of-fold margins.
    public static func calibration(
        margins: [Double],
        labels: [Bool],
        method: AuthenticityTrainingConfiguration.CalibrationMethod
    ) -> Calibration {
        switch method {
        case .isotonic: Calibration.fitIsotonic(margins: margins, labels: labels)
        case .platt: Calibration.fitPlatt(margins: margins, labels: labels)
        case .none: .logistic
        }
    }

    /// Calibration maps and the operating threshold from out-of-fold margins.
    public struct Calibrated: Sendable {
        /// The all-platform map.
        public var calibration: Calibration
        /// Maps for platforms with enough labelled rows of both classes.
        public var platformCalibrations: [String: Calibration]
        /// The threshold.
        public var threshold: Double
        /// Calibrated out-of-fold probabilities of the given rows, in order.
        public var probabilities: [Double]
    }

    /// Minimum bots and humans a platform needs for its own calibration map.
    public static let minimumRowsPerClassForPlatformCalibration = 100

    /// Fits the all-platform map and one map per well-represented platform on out-of-fold margins
    /// of `rows`, then picks the threshold: the highest of the 2%-rule thresholds over all humans
    /// and over each platform's humans, so no platform's humans are flagged more than the limit.
    public static func calibrate(
        margins: [Double],
        data: PreparedExamples,
        rows: [Int],
        configuration: AuthenticityTrainingConfiguration
    ) -> Calibrated {
        let labels = rows.map { data.labels[$0] }
        let global = calibration(margins: margins, labels: labels, method: configuration.calibration)
        var byPlatform: [String: Calibration] = [:]
        var order: [Platform] = []
        for i in rows where !order.contains(data.platforms[i]) { order.append(data.platforms[i]) }
        for platform in order {
            let members = rows.indices.filter { data.platforms[rows[$0]] == platform }
            let bots = members.filter { labels[$0] }.count
            guard bots >= minimumRowsPerClassForPlatformCalibration,
                members.count - bots >= minimumRowsPerClassForPlatformCalibration
            else { continue }
            byPlatform[platform.rawValue] = calibration(
                margins: members.map { margins[$0] },
                labels: members.map { labels[$0] },
                method: configuration.calibration
            )
        }
        let probabilities = rows.indices.map { k in
            (byPlatform[data.platforms[rows[k]].rawValue] ?? global).probability(margin: margins[k])
        }
        let humans = rows.indices.filter { !labels[$0] }
        var t = threshold(
            humanProbabilities: humans.map { probabilities[$0] },
            maximumFlagRate: configuration.maximumHumanFlagRate
        )
        for platform in order where byPlatform[platform.rawValue] != nil {
            let platformHumans = humans.filter { data.platforms[rows[$0]] == platform }.map { probabilities[$0] }
            t = max(
                t,
                threshold(humanProbabilities: platformHumans, maximumFlagRate: configuration.maximumHumanFlagRate)
            )
        }
        return Calibrated(
            calibration: global,
            platformCalibrations: byPlatform,
            threshold: t,
            probabilities: probabilities
        )
    }

    /// The lowest threshold that flags at most `rate` of the humans.
    ///
    /// With the humans' probabilities sorted from highest, and `k = ⌊rate × humans⌋`, the
    /// threshold is the smallest number above the (k+1)-th highest, so at most `k` humans score
    /// at or above it. Never below 0.5 (an account must look more bot than human to be flagged).
    public static func threshold(humanProbabilities: [Double], maximumFlagRate rate: Double) -> Double {
        guard !humanProbabilities.isEmpty else { return 0.5 }
        let sorted = humanProbabilities.sorted(by: >)
        let k = Int((rate * Double(sorted.count)).rounded(.down))
        guard k < sorted.count else { return 0.5 }
        return max(0.5, min(1, sorted[k].nextUp))
    }

    /// Trains the final model on every row, with calibration and threshold from out-of-fold predictions.
    ///
    /// - Parameters:
    ///   - examples: Labelled accounts (both classes).
    ///   - now: Reference time for accounts without `capturedAt`.
    ///   - configuration: Training choices.
    ///   - createdAt: Recorded in the model (passed in, not read from a clock).
    ///   - trainingData: File hashes to record.
    ///   - rng: Randomness for folds and subsampling.
    /// - Returns: The model, whose `metrics` hold the out-of-fold results.
    /// - Throws: ``ModelError`` `.invalidTrainingData` or `.invalidParameters`.
    public static func train(
        _ examples: [LabeledAccount],
        asOf now: Date,
        configuration: AuthenticityTrainingConfiguration = AuthenticityTrainingConfiguration(),
        createdAt: Date,
        trainingData: [TrainingDataFile] = [],
        using rng: inout some RandomNumberGenerator
    ) throws -> AuthenticityModel {
        let data = PreparedExamples(examples, asOf: now)
        guard data.labels.contains(true), data.labels.contains(false) else {
            throw ModelError(.invalidTrainingData, "Training needs both bots and humans.")
        }
        let folds = stratifiedFolds(data, k: max(2, configuration.folds), using: &rng)
        let oof = try outOfFoldMargins(data, folds: folds, configuration: configuration, using: &rng)
        let calibrated = calibrate(margins: oof, data: data, rows: Array(0..<data.count), configuration: configuration)
        let probabilities = calibrated.probabilities
        let threshold = calibrated.threshold

        var metrics: [String: ClassificationMetrics] = [:]
        metrics["out_of_fold/all"] = ClassificationMetrics(
            labels: data.labels,
            probabilities: probabilities,
            threshold: threshold
        )
        var counts: [String: DatasetCount] = [:]
        for name in data.datasetNames {
            let rows = (0..<data.count).filter { data.datasets[$0] == name }
            metrics["out_of_fold/\(name)"] = ClassificationMetrics(
                labels: rows.map { data.labels[$0] },
                probabilities: rows.map { probabilities[$0] },
                threshold: threshold
            )
            let bots = rows.filter { data.labels[$0] }.count
            counts[name] = DatasetCount(bots: bots, humans: rows.count - bots)
        }

        let all = Array(0..<data.count)
        let final = try fit(data, rows: all, configuration: configuration, using: &rng)
        let p = configuration.parameters
        return AuthenticityModel(
            name: "gbdt-\(FeatureExtractor.schema.version)-\(p.treeCount)x\(p.maxDepth)",
            createdAt: createdAt,
            parameters: p,
            ensemble: final.ensemble,
            calibration: calibrated.calibration,
            platformCalibrations: calibrated.platformCalibrations,
            threshold: threshold,
            thresholdRule:
                "Lowest threshold (not below 0.5) at which at most \(configuration.maximumHumanFlagRate * 100)% of "
                + "human accounts are flagged, on \(configuration.folds)-fold stratified out-of-fold "
                + "calibrated probabilities, over all training humans and over each platform's humans.",
            handleModel: final.handleModel,
            trainingData: trainingData,
            trainingCounts: counts,
            metrics: metrics,
            configuration: configuration,
            quantification: try quantificationProfile(
                data, calibrated: calibrated, configuration: configuration, using: &rng)
        )
    }

    /// The histograms of the training bots' and humans' calibrated probabilities, overall and per
    /// calibrated platform, for ``FakeShareEstimator``.
    ///
    /// With ``AuthenticityTrainingConfiguration/QuantificationProfileSource/datasetOut`` every
    /// dataset's rows are predicted by trees fitted without that dataset, so the histograms show how
    /// the model scores kinds of accounts it never saw (what an audit meets), not only rows it never
    /// saw; a dataset whose removal leaves one class keeps its out-of-fold predictions.
    ///
    /// - Parameters:
    ///   - data: The training rows.
    ///   - calibrated: Calibration maps and the out-of-fold probabilities of every row of `data`.
    ///   - configuration: The recipe.
    ///   - rng: Randomness for the per-dataset fits.
    /// - Returns: The profile, with the configuration's method and systematic error.
    /// - Throws: ``ModelError`` from fitting.
    public static func quantificationProfile(
        _ data: PreparedExamples,
        calibrated: Calibrated,
        configuration: AuthenticityTrainingConfiguration,
        using rng: inout some RandomNumberGenerator
    ) throws -> QuantificationProfile {
        var probabilities = calibrated.probabilities
        if configuration.quantificationProfileSource == .datasetOut {
            for name in data.datasetNames {
                let held = (0..<data.count).filter { data.datasets[$0] == name }
                let rest = (0..<data.count).filter { data.datasets[$0] != name }
                let restLabels = rest.map { data.labels[$0] }
                guard restLabels.contains(true), restLabels.contains(false) else { continue }
                let fit = try fit(data, rows: rest, configuration: configuration, using: &rng)
                for (i, margin) in zip(held, margins(fit, data, rows: held)) {
                    let map = calibrated.platformCalibrations[data.platforms[i].rawValue] ?? calibrated.calibration
                    probabilities[i] = map.probability(margin: margin)
                }
            }
        }
        var groupSizes: [String: Double] = [:]
        for i in 0..<data.count { groupSizes[data.datasets[i] + (data.labels[i] ? "|bot" : "|human"), default: 0] += 1 }
        func weight(_ i: Int) -> Double {
            guard configuration.quantificationEqualDatasets else { return 1 }
            return 1 / (groupSizes[data.datasets[i] + (data.labels[i] ? "|bot" : "|human")] ?? 1)
        }
        func histograms(_ include: (Int) -> Bool) -> QuantificationProfile.ClassHistograms {
            var bots = ProbabilityHistogram()
            var humans = ProbabilityHistogram()
            for i in 0..<data.count where include(i) {
                if data.labels[i] {
                    bots.add(probabilities[i], weight: weight(i))
                } else {
                    humans.add(probabilities[i], weight: weight(i))
                }
            }
            return .init(bots: bots, humans: humans)
        }
        var byPlatform: [String: QuantificationProfile.ClassHistograms] = [:]
        for platform in calibrated.platformCalibrations.keys {
            byPlatform[platform] = histograms { data.platforms[$0].rawValue == platform }
        }
        return QuantificationProfile(
            method: configuration.quantification, all: histograms { _ in true }, platforms: byPlatform,
            systematicError: configuration.quantificationSystematicError,
            temperature: configuration.quantificationTemperature)
    }
}
