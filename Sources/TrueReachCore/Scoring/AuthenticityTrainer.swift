public import FoundationEssentials

/// How ``AuthenticityTrainer`` builds a model: every field defaulted to the shipped choice.
public struct AuthenticityTrainingConfiguration: Sendable, Hashable, Codable {
    /// How probabilities are calibrated.
    public enum CalibrationMethod: String, Sendable, Hashable, Codable, CaseIterable {
        case isotonic, platt, none
    }

    /// How many tree ensembles a model holds and how their margins combine.
    public enum EnsembleMethod: String, Sendable, Hashable, Codable, CaseIterable {
        /// One ensemble: every bot against every human.
        case single
        /// An ensemble of specialised classifiers (Sayyadiharikandeh et al., CIKM 2020): one
        /// ensemble per kind of bot (``AuthenticityTrainingConfiguration/botKind(ofDataset:)``), each
        /// trained on that kind's bots against all training humans; the margin is the maximum of
        /// the specialists' margins, so an account resembling any kind of bot scores high.
        case specialised
        /// The specialists plus one ensemble of all bots against all humans, combined by the same
        /// maximum rule.
        case specialisedWithGeneral = "specialised-with-general"
    }

    /// How the specialists' margins combine into one.
    public enum SpecialistCombination: String, Sendable, Hashable, Codable, CaseIterable {
        /// The highest raw margin (each specialist's classes are balanced, so a margin is
        /// log-odds at equal base rates).
        case maximum
        /// The highest margin after shifting each specialist so that its margin at the
        /// ``AuthenticityTrainingConfiguration/alignmentHumanQuantile`` of its training humans is 0:
        /// every specialist then flags the same share of training humans at a margin of 0.
        case alignedMaximum = "aligned-maximum"
        /// The mean margin (a soft vote).
        case mean
        /// Half the general ensemble's margin (``EnsembleMethod/specialisedWithGeneral``) plus half
        /// the specialists' mean; without a general ensemble, the mean.
        case meanWithGeneral = "mean-with-general"
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
    /// One ensemble, or specialists per kind of bot combined by the maximum rule.
    public var ensemble: EnsembleMethod
    /// Datasets whose rows are not trained on (data selection): their rows neither fit trees
    /// nor the calibration and threshold; they can still be scored.
    public var excludedTrainingDatasets: [String]
    /// How specialists' margins combine (ignored for ``EnsembleMethod/single``).
    public var specialistCombination: SpecialistCombination

    /// The share of training humans below a specialist's aligned margin 0
    /// (``SpecialistCombination/alignedMaximum``).
    public static let alignmentHumanQuantile = 0.98

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
        quantificationTemperature: Double = 1,
        ensemble: EnsembleMethod = .single,
        excludedTrainingDatasets: [String] = [],
        specialistCombination: SpecialistCombination = .maximum
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
        self.ensemble = ensemble
        self.excludedTrainingDatasets = excludedTrainingDatasets
        self.specialistCombination = specialistCombination
    }

    private enum CodingKeys: String, CodingKey {
        case parameters, folds, calibration, maximumHumanFlagRate, datasetWeightExponent, excludedFeatures
        case quantification, quantificationSystematicError, quantificationProfileSource, quantificationEqualDatasets
        case quantificationTemperature
        case ensemble, excludedTrainingDatasets, specialistCombination
    }

    /// Decodes a configuration; files written before quantification, specialists or data
    /// selection existed get what they were trained with (EM, one ensemble, every dataset).
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
        ensemble = try c.decodeIfPresent(EnsembleMethod.self, forKey: .ensemble) ?? .single
        excludedTrainingDatasets = try c.decodeIfPresent([String].self, forKey: .excludedTrainingDatasets) ?? []
        specialistCombination =
            try c.decodeIfPresent(SpecialistCombination.self, forKey: .specialistCombination) ?? .maximum
    }

    /// The kind of bot each development dataset's bots are (Botometer v4's classes where they
    /// apply); a dataset not listed is a kind of its own, named after it.
    public static let botKinds: [String: String] = [
        "cresci-2015-fame-for-sale": "fake-follower",
        "botrepo-pronbots-2019": "spammer",
        "botrepo-botwiki-2019": "self-declared",
        "botrepo-political-bots-2019": "political",
        "botrepo-cresci-stock-2018": "financial",
        "tweetbotornot-kearney": "weak-label",
        "instafake": "instagram-fake",
        "kaggle-instagram-fake-spammer-genuine": "instagram-fake",
        "instagram-seraphim-labeled-followers": "instagram-fake",
    ]

    /// The kind of bot of a dataset's bots (``botKinds``, else the dataset's own name).
    public static func botKind(ofDataset name: String) -> String { botKinds[name] ?? name }

    /// Encodes a configuration; the ensemble and data selection are written only when they
    /// differ from one ensemble on every dataset, so such files read as before.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(folds, forKey: .folds)
        try c.encode(calibration, forKey: .calibration)
        try c.encode(maximumHumanFlagRate, forKey: .maximumHumanFlagRate)
        try c.encode(datasetWeightExponent, forKey: .datasetWeightExponent)
        try c.encode(excludedFeatures, forKey: .excludedFeatures)
        try c.encode(quantification, forKey: .quantification)
        try c.encode(quantificationSystematicError, forKey: .quantificationSystematicError)
        try c.encode(quantificationProfileSource, forKey: .quantificationProfileSource)
        try c.encode(quantificationEqualDatasets, forKey: .quantificationEqualDatasets)
        try c.encode(quantificationTemperature, forKey: .quantificationTemperature)
        if ensemble != .single {
            try c.encode(ensemble, forKey: .ensemble)
            try c.encode(specialistCombination, forKey: .specialistCombination)
        }
        if !excludedTrainingDatasets.isEmpty {
            try c.encode(excludedTrainingDatasets, forKey: .excludedTrainingDatasets)
        }
    }

    /// The shipped quantification method (decision record 0003).
    public static let defaultQuantification: QuantificationMethod = .em
    /// The shipped systematic error (decision record 0003).
    public static let defaultSystematicError = 0.0

    /// Features left out of the recipe because they encode how a dataset was collected.
    ///
    /// Profile age and the per-hour rates (decision record 0002), and the raw likes count, whose
    /// exclusion raised leave-one-dataset-out AUC on the hard sets over three seeds
    /// (`docs/experiments/2026-12-model-transfer.md`). Likes per post stays.
    public static let defaultExcludedFeatures: [String] = [
        ProfileFeature.accountAgeDays.name,
        ProfileFeature.postsPerHour.name,
        ProfileFeature.followersPerHour.name,
        ProfileFeature.followingPerHour.name,
        ProfileFeature.likesPerHour.name,
        ProfileFeature.listsPerHour.name,
        ProfileFeature.likesCount.name,
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
    public init(_ examples: [LabeledProfile], asOf now: Date) {
        let extractor = FeatureExtractor()
        features = extractor.extract(examples.map(\.profile), asOf: now)
        labels = examples.map { $0.label.isBot }
        datasets = examples.map(\.dataset)
        handles = examples.map(\.profile.handle)
        platforms = examples.map(\.profile.platform)
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
    /// Fitted trees with the bigram table they need: one ensemble, or specialists combined by
    /// the maximum rule.
    public struct Fit: Sendable {
        /// The ensembles (one unless specialised), in kind order.
        public var ensembles: [TreeEnsemble]
        /// The kind of bot each ensemble was trained on (`"all"` for the single or general one).
        public var kinds: [String]
        /// Subtracted from each ensemble's margin before combining (0 unless aligned).
        public var offsets: [Double]
        /// How the ensembles' margins combine.
        public var combination: AuthenticityTrainingConfiguration.SpecialistCombination
        /// The handle table from the training rows' humans.
        public var handleModel: HandleBigramModel

        /// The first ensemble (the only one of a single fit).
        public var ensemble: TreeEnsemble { ensembles[0] }

        /// Creates a fit of one ensemble.
        public init(ensemble: TreeEnsemble, handleModel: HandleBigramModel) {
            self.init(ensembles: [ensemble], kinds: [AuthenticityTrainer.generalKind], handleModel: handleModel)
        }

        /// Creates a fit of several ensembles combined by `combination` after subtracting `offsets`.
        public init(
            ensembles: [TreeEnsemble],
            kinds: [String],
            offsets: [Double]? = nil,
            combination: AuthenticityTrainingConfiguration.SpecialistCombination = .maximum,
            handleModel: HandleBigramModel
        ) {
            precondition(!ensembles.isEmpty && ensembles.count == kinds.count)
            self.ensembles = ensembles
            self.kinds = kinds
            self.offsets = offsets ?? [Double](repeating: 0, count: ensembles.count)
            self.combination = combination
            self.handleModel = handleModel
        }

        /// Combines one row's ensemble margins (offsets not yet subtracted).
        public func combine(_ margins: some Collection<Double>) -> Double {
            AuthenticityTrainer.combine(margins, offsets: offsets, combination: combination, kinds: kinds)
        }
    }

    /// Combines one row's ensemble margins: `offsets` subtracted, then the maximum or the
    /// (weighted, ``meanWeights(kinds:combination:)``) mean.
    public static func combine(
        _ margins: some Collection<Double>,
        offsets: [Double],
        combination: AuthenticityTrainingConfiguration.SpecialistCombination,
        kinds: [String]
    ) -> Double {
        var best = -Double.infinity
        for (m, o) in zip(margins, offsets) { best = max(best, m - o) }
        guard let weights = meanWeights(kinds: kinds, combination: combination) else { return best }
        var sum = 0.0
        for ((m, o), w) in zip(zip(margins, offsets), weights) { sum += w * (m - o) }
        return sum
    }

    /// The weight of each ensemble in a mean combination (nil for the maximum rules): equal, or
    /// half for a leading general ensemble and the rest shared by the specialists.
    public static func meanWeights(
        kinds: [String],
        combination: AuthenticityTrainingConfiguration.SpecialistCombination
    ) -> [Double]? {
        let n = Double(kinds.count)
        switch combination {
        case .maximum, .alignedMaximum: return nil
        case .mean: return kinds.map { _ in 1 / n }
        case .meanWithGeneral:
            guard kinds.count > 1, kinds[0] == generalKind else { return kinds.map { _ in 1 / n } }
            return [0.5] + kinds.dropFirst().map { _ in 0.5 / (n - 1) }
        }
    }

    /// The margin at quantile `q` of `margins` (nearest rank).
    static func quantile(_ margins: [Double], _ q: Double) -> Double {
        guard !margins.isEmpty else { return 0 }
        let sorted = margins.sorted()
        return sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.down))))]
    }

    /// The kind name of an ensemble trained on every bot.
    public static let generalKind = "all"

    /// The training rows of `rows`: those not in an excluded training dataset.
    static func trainingRows(
        _ data: PreparedExamples,
        rows: [Int],
        configuration: AuthenticityTrainingConfiguration
    ) -> [Int] {
        guard !configuration.excludedTrainingDatasets.isEmpty else { return rows }
        let excluded = Set(configuration.excludedTrainingDatasets)
        return rows.filter { !excluded.contains(data.datasets[$0]) }
    }

    /// The bot kinds present among `rows`, in first-seen order, with their rows (the kind's bots
    /// and every human).
    static func specialistRows(_ data: PreparedExamples, rows: [Int]) -> [(kind: String, rows: [Int])] {
        var order: [String] = []
        var bots: [String: [Int]] = [:]
        var humans: [Int] = []
        for i in rows {
            guard data.labels[i] else {
                humans.append(i)
                continue
            }
            let kind = AuthenticityTrainingConfiguration.botKind(ofDataset: data.datasets[i])
            if bots[kind] == nil { order.append(kind) }
            bots[kind, default: []].append(i)
        }
        // Each specialist's rows in the original row order, so fits do not depend on kind order.
        return order.map { kind in (kind, ((bots[kind] ?? []) + humans).sorted()) }
    }

    /// Fits trees on `rows` of `data` (minus excluded training datasets): one ensemble, or one
    /// per kind of bot (each against all the humans).
    public static func fit(
        _ data: PreparedExamples,
        rows: [Int],
        configuration: AuthenticityTrainingConfiguration,
        using rng: inout some RandomNumberGenerator
    ) throws -> Fit {
        let rows = trainingRows(data, rows: rows, configuration: configuration)
        let handleModel = data.handleModel(rows: rows)
        let excluded = Set(configuration.excludedFeatures)
        let usable = FeatureExtractor.schema.names.map { !excluded.contains($0) }
        func ensemble(_ rows: [Int], using rng: inout some RandomNumberGenerator) throws -> TreeEnsemble {
            let matrix = data.matrix(rows: rows, handleModel: handleModel)
            let labels = rows.map { data.labels[$0] }
            let weights = groupWeights(data, rows: rows, exponent: configuration.datasetWeightExponent)
            let set = TrainingSet(features: matrix, labels: labels, weights: weights, usableFeatures: usable)
            return try TreeEnsemble.fit(set, parameters: configuration.parameters, using: &rng)
        }
        switch configuration.ensemble {
        case .single:
            return Fit(ensemble: try ensemble(rows, using: &rng), handleModel: handleModel)
        case .specialised, .specialisedWithGeneral:
            var ensembles: [TreeEnsemble] = []
            var kinds: [String] = []
            if configuration.ensemble == .specialisedWithGeneral {
                ensembles.append(try ensemble(rows, using: &rng))
                kinds.append(generalKind)
            }
            for (kind, members) in specialistRows(data, rows: rows) {
                ensembles.append(try ensemble(members, using: &rng))
                kinds.append(kind)
            }
            guard !ensembles.isEmpty else {
                throw ModelError(.invalidTrainingData, "Training needs both bots and humans.")
            }
            var offsets = [Double](repeating: 0, count: ensembles.count)
            if configuration.specialistCombination == .alignedMaximum {
                let humans = rows.filter { !data.labels[$0] }
                let matrix = data.matrix(rows: humans, handleModel: handleModel)
                let q = AuthenticityTrainingConfiguration.alignmentHumanQuantile
                offsets = ensembles.map { quantile($0.predictMargins(matrix), q) }
            }
            return Fit(
                ensembles: ensembles, kinds: kinds, offsets: offsets,
                combination: configuration.specialistCombination, handleModel: handleModel)
        }
    }

    /// Raw margins of `rows` under a fit: its ensemble's, or its ensembles' combined.
    public static func margins(_ fit: Fit, _ data: PreparedExamples, rows: [Int]) -> [Double] {
        let matrix = data.matrix(rows: rows, handleModel: fit.handleModel)
        guard fit.ensembles.count > 1 else { return fit.ensemble.predictMargins(matrix) }
        let each = fit.ensembles.map { $0.predictMargins(matrix) }
        return rows.indices.map { k in fit.combine(each.lazy.map { $0[k] }) }
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
        // Rows of excluded training datasets get probabilities but fit neither maps nor threshold.
        let excluded = Set(configuration.excludedTrainingDatasets)
        let fitted = rows.indices.filter { !excluded.contains(data.datasets[rows[$0]]) }
        let global = calibration(
            margins: fitted.map { margins[$0] }, labels: fitted.map { labels[$0] }, method: configuration.calibration)
        var byPlatform: [String: Calibration] = [:]
        var order: [Platform] = []
        for k in fitted where !order.contains(data.platforms[rows[k]]) { order.append(data.platforms[rows[k]]) }
        for platform in order {
            let members = fitted.filter { data.platforms[rows[$0]] == platform }
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
        let humans = fitted.filter { !labels[$0] }
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
        _ examples: [LabeledProfile],
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
        let excludedDatasets = Set(configuration.excludedTrainingDatasets)
        for name in data.datasetNames where !excludedDatasets.contains(name) {
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
        let specialists =
            final.ensembles.count > 1
            ? final.ensembles.indices.map {
                AuthenticityModel.Specialist(
                    kind: final.kinds[$0], ensemble: final.ensembles[$0], offset: final.offsets[$0])
            } : []
        let prefix = specialists.isEmpty ? "gbdt" : "gbdt-esc\(specialists.count)"
        return AuthenticityModel(
            name: "\(prefix)-\(FeatureExtractor.schema.version)-\(p.treeCount)x\(p.maxDepth)",
            createdAt: createdAt,
            parameters: p,
            ensemble: final.ensemble,
            specialists: specialists,
            specialistCombination: final.combination,
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
