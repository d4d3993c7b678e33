/// Metrics of a model on rows it never saw, with what was held out.
public struct HeldOutResult: Sendable, Hashable, Codable {
    /// A short label (`"botrepo-botwiki-2019"`, `"botrepo-botwiki-2019 + botrepo-verified-2019"`).
    public var name: String
    /// The datasets left out of training.
    public var heldOut: [String]
    /// Rows the model was trained on.
    public var trainingRows: Int
    /// Metrics on the held-out rows, at the threshold chosen on the training rows alone.
    public var metrics: ClassificationMetrics

    /// Creates a result.
    public init(name: String, heldOut: [String], trainingRows: Int, metrics: ClassificationMetrics) {
        self.name = name
        self.heldOut = heldOut
        self.trainingRows = trainingRows
        self.metrics = metrics
    }

    private enum CodingKeys: String, CodingKey {
        case name
        case heldOut = "held_out"
        case trainingRows = "training_rows"
        case metrics
    }
}

/// Cross-validation results: pooled out-of-fold metrics and the same split by dataset.
public struct CrossValidationResult: Sendable, Hashable, Codable {
    /// Number of folds.
    public var folds: Int
    /// Metrics over all out-of-fold predictions.
    public var pooled: ClassificationMetrics
    /// Out-of-fold metrics per dataset.
    public var perDataset: [HeldOutResult]
    /// Out-of-fold metrics of the quiet readers among the humans of every dataset: those who never
    /// posted, and those with at most ten posts (humans only, so the false-positive rate is the figure).
    public var quietReaders: [HeldOutResult]

    private enum CodingKeys: String, CodingKey {
        case folds, pooled
        case perDataset = "per_dataset"
        case quietReaders = "quiet_readers"
    }
}

/// Honest validation of the training recipe: whole datasets left out, and k-fold cross-validation.
///
/// Every model here is trained exactly as ``AuthenticityTrainer/train(_:asOf:configuration:createdAt:trainingData:using:)``
/// trains the shipped one: calibration and threshold come from out-of-fold predictions of the
/// training rows only, so the held-out rows influence nothing.
public enum ModelValidation {
    /// A model fitted on some rows, with calibration and threshold from its own inner folds.
    struct CalibratedFit {
        var fit: AuthenticityTrainer.Fit
        var calibration: Calibration
        var platformCalibrations: [String: Calibration]
        var threshold: Double
        /// Inner out-of-fold histograms of the training rows, as the shipped model records them.
        var quantification: QuantificationProfile

        func probability(margin: Double, platform: Platform) -> Double {
            (platformCalibrations[platform.rawValue] ?? calibration).probability(margin: margin)
        }
    }

    static func calibratedFit(
        _ data: PreparedExamples,
        rows: [Int],
        configuration: AuthenticityTrainingConfiguration,
        using rng: inout some RandomNumberGenerator
    ) throws -> CalibratedFit {
        // Inner folds over the training rows only.
        let subset = data.subset(rows)
        let k = max(2, configuration.folds)
        let folds = AuthenticityTrainer.stratifiedFolds(subset, k: k, using: &rng)
        let oof = try AuthenticityTrainer.outOfFoldMargins(
            subset,
            folds: folds,
            configuration: configuration,
            using: &rng
        )
        let calibrated = AuthenticityTrainer.calibrate(
            margins: oof,
            data: subset,
            rows: Array(0..<subset.count),
            configuration: configuration
        )
        let fit = try AuthenticityTrainer.fit(data, rows: rows, configuration: configuration, using: &rng)
        let quantification = try AuthenticityTrainer.quantificationProfile(
            subset, calibrated: calibrated, configuration: configuration, using: &rng)
        return CalibratedFit(
            fit: fit,
            calibration: calibrated.calibration,
            platformCalibrations: calibrated.platformCalibrations,
            threshold: calibrated.threshold,
            quantification: quantification
        )
    }

    /// Leave-one-dataset-out validation.
    ///
    /// For each dataset D: train on every other dataset, test on D (the protocol of
    /// `../shared/peers/train_eval.py`). A dataset with bots only has no AUC on its own, so it is
    /// also evaluated paired with a human-only set P (default `botrepo-verified-2019`): train on
    /// everything except D and P, test on D ∪ P.
    ///
    /// - Parameters:
    ///   - data: Prepared examples of every dataset.
    ///   - configuration: The training recipe.
    ///   - humanPartner: The human-only dataset paired with bot-only ones.
    ///   - datasets: Which datasets to hold out (default: all).
    ///   - rng: Randomness for folds and subsampling.
    /// - Returns: One result per held-out dataset, and per bot-only dataset paired with the partner.
    /// - Throws: ``ModelError`` from fitting.
    public static func leaveOneDatasetOut(
        _ data: PreparedExamples,
        configuration: AuthenticityTrainingConfiguration,
        humanPartner: String = "botrepo-verified-2019",
        datasets: [String]? = nil,
        using rng: inout some RandomNumberGenerator
    ) throws -> [HeldOutResult] {
        var results: [HeldOutResult] = []
        let names = data.datasetNames
        for name in datasets ?? names {
            var plans: [[String]] = [[name]]
            let rows = (0..<data.count).filter { data.datasets[$0] == name }
            let bots = rows.filter { data.labels[$0] }.count
            if bots == rows.count, name != humanPartner, names.contains(humanPartner) {
                plans.append([name, humanPartner])
            }
            for heldOut in plans {
                let held = Set(heldOut)
                let train = (0..<data.count).filter { !held.contains(data.datasets[$0]) }
                let test = (0..<data.count).filter { held.contains(data.datasets[$0]) }
                guard data.labels(of: train).contains(true), data.labels(of: train).contains(false), !test.isEmpty
                else { continue }
                let model = try calibratedFit(data, rows: train, configuration: configuration, using: &rng)
                let margins = AuthenticityTrainer.margins(model.fit, data, rows: test)
                let probabilities = zip(test, margins).map {
                    model.probability(margin: $1, platform: data.platforms[$0])
                }
                results.append(
                    HeldOutResult(
                        name: heldOut.joined(separator: " + "),
                        heldOut: heldOut,
                        trainingRows: train.count,
                        metrics: ClassificationMetrics(
                            labels: data.labels(of: test),
                            probabilities: probabilities,
                            threshold: model.threshold
                        )
                    )
                )
            }
        }
        return results
    }

    /// Stratified k-fold cross-validation (folds stratified by dataset and label).
    ///
    /// Calibration and threshold are fitted on the pooled out-of-fold margins, as for the shipped
    /// model; AUCs do not depend on them.
    public static func crossValidate(
        _ data: PreparedExamples,
        folds k: Int,
        configuration: AuthenticityTrainingConfiguration,
        using rng: inout some RandomNumberGenerator
    ) throws -> CrossValidationResult {
        let folds = AuthenticityTrainer.stratifiedFolds(data, k: k, using: &rng)
        let oof = try AuthenticityTrainer.outOfFoldMargins(
            data,
            folds: folds,
            configuration: configuration,
            using: &rng
        )
        let calibrated = AuthenticityTrainer.calibrate(
            margins: oof,
            data: data,
            rows: Array(0..<data.count),
            configuration: configuration
        )
        let probabilities = calibrated.probabilities
        let threshold = calibrated.threshold
        let perDataset = data.datasetNames.map { name in
            let rows = (0..<data.count).filter { data.datasets[$0] == name }
            return HeldOutResult(
                name: name,
                heldOut: [],
                trainingRows: data.count - rows.count / k,
                metrics: ClassificationMetrics(
                    labels: data.labels(of: rows),
                    probabilities: rows.map { probabilities[$0] },
                    threshold: threshold
                )
            )
        }
        let posts = ProfileFeature.postsCount.rawValue
        let quietReaders = [("humans who never posted", Float(0)), ("humans with at most 10 posts", Float(10))].map {
            name, most in
            let rows = (0..<data.count).filter { !data.labels[$0] && data.features[$0, posts] <= most }
            return HeldOutResult(
                name: name, heldOut: [], trainingRows: data.count - rows.count / k,
                metrics: ClassificationMetrics(
                    labels: data.labels(of: rows), probabilities: rows.map { probabilities[$0] }, threshold: threshold))
        }
        return CrossValidationResult(
            folds: k,
            pooled: ClassificationMetrics(labels: data.labels, probabilities: probabilities, threshold: threshold),
            perDataset: perDataset,
            quietReaders: quietReaders
        )
    }
}

extension PreparedExamples {
    /// Labels of the given rows.
    func labels(of rows: [Int]) -> [Bool] { rows.map { labels[$0] } }

    /// A copy holding only the given rows, in that order.
    func subset(_ rows: [Int]) -> PreparedExamples {
        var copy = self
        copy.features = features.rows(at: rows)
        copy.labels = rows.map { labels[$0] }
        copy.datasets = rows.map { datasets[$0] }
        copy.handles = rows.map { handles[$0] }
        copy.platforms = rows.map { platforms[$0] }
        return copy
    }
}
