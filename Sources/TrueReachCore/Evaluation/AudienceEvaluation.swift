/// How well each quantification method estimates the fake share of audiences built from a dataset
/// the model never saw.
///
/// For every held-out part (as in ``ModelValidation/leaveOneDatasetOut(_:configuration:humanPartner:datasets:using:)``)
/// the model, its calibration, threshold and quantification profile come from the other datasets
/// alone; seeded audiences are then drawn from the held-out bots and humans at fixed bot shares
/// (and the part as it is, at its natural share), and every method estimates each audience.
public struct AudienceEvaluation: Sendable, Hashable, Codable {
    /// One method's errors over a set of audiences.
    public struct MethodResult: Sendable, Hashable, Codable {
        /// The method.
        public var method: QuantificationMethod
        /// Mean absolute error, in share points (0 to 1).
        public var meanAbsoluteError: Double
        /// Mean signed error (estimate − truth).
        public var bias: Double
        /// Root mean squared error.
        public var rootMeanSquaredError: Double
        /// Share of audiences whose true share lies inside the estimate's 95% interval.
        public var coverage: Double
        /// Mean interval width.
        public var meanIntervalWidth: Double

        private enum CodingKeys: String, CodingKey {
            case method, bias, coverage
            case meanAbsoluteError = "mean_absolute_error"
            case rootMeanSquaredError = "root_mean_squared_error"
            case meanIntervalWidth = "mean_interval_width"
        }
    }

    /// One audience and every method's estimate of it.
    public struct Audience: Sendable, Hashable, Codable {
        /// Followers in the audience.
        public var size: Int
        /// The true bot share.
        public var truth: Double
        /// The held-out part's natural share (`true`) or a drawn share.
        public var natural: Bool
        /// Estimates by method (raw value).
        public var estimates: [String: FakeShareEstimate]
    }

    /// The results for one held-out part.
    public struct Part: Sendable, Hashable, Codable {
        /// The part's label (`"botrepo-botwiki-2019 + botrepo-verified-2019"`).
        public var name: String
        /// Per-account ranking on the held-out rows (nil with one class only).
        public var rocAUC: Double?
        /// Per method, over this part's audiences.
        public var methods: [MethodResult]
        /// The audiences.
        public var audiences: [Audience]

        private enum CodingKeys: String, CodingKey {
            case name, methods, audiences
            case rocAUC = "roc_auc"
        }
    }

    /// Bot shares of the drawn audiences.
    public static let shares: [Double] = [0, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 1]

    /// Followers per drawn audience.
    public var audienceSize: Int
    /// Audiences drawn per share.
    public var repeats: Int
    /// One entry per held-out part.
    public var parts: [Part]
    /// Per method over every audience of every part (each part weighted by its audience count).
    public var pooled: [MethodResult]
    /// Per method, the mean over parts of each part's mean absolute error (each part counts once).
    public var meanOverParts: [MethodResult]

    private enum CodingKeys: String, CodingKey {
        case repeats, parts, pooled
        case audienceSize = "audience_size"
        case meanOverParts = "mean_over_parts"
    }

    /// Summarises a set of audiences for each method.
    static func summarise(_ audiences: [Audience]) -> [MethodResult] {
        QuantificationMethod.allCases.compactMap { method in
            let pairs = audiences.compactMap { a in a.estimates[method.rawValue].map { (a.truth, $0) } }
            guard !pairs.isEmpty else { return nil }
            let n = Double(pairs.count)
            var absolute = 0.0
            var signed = 0.0
            var squared = 0.0
            var covered = 0.0
            var width = 0.0
            for (truth, e) in pairs {
                let error = e.value - truth
                absolute += abs(error)
                signed += error
                squared += error * error
                if e.low - 1e-9 <= truth, truth <= e.high + 1e-9 { covered += 1 }
                width += e.high - e.low
            }
            return MethodResult(
                method: method, meanAbsoluteError: absolute / n, bias: signed / n,
                rootMeanSquaredError: (squared / n).squareRoot(), coverage: covered / n, meanIntervalWidth: width / n)
        }
    }

    /// The mean of per-part results (each part counts once).
    static func average(_ parts: [[MethodResult]]) -> [MethodResult] {
        QuantificationMethod.allCases.compactMap { method in
            let rows = parts.compactMap { $0.first { $0.method == method } }
            guard !rows.isEmpty else { return nil }
            let n = Double(rows.count)
            return MethodResult(
                method: method, meanAbsoluteError: rows.reduce(0) { $0 + $1.meanAbsoluteError } / n,
                bias: rows.reduce(0) { $0 + $1.bias } / n,
                rootMeanSquaredError: rows.reduce(0) { $0 + $1.rootMeanSquaredError } / n,
                coverage: rows.reduce(0) { $0 + $1.coverage } / n,
                meanIntervalWidth: rows.reduce(0) { $0 + $1.meanIntervalWidth } / n)
        }
    }
}

extension ModelValidation {
    /// Leave-one-dataset-out evaluation of the audience-level fake share.
    ///
    /// - Parameters:
    ///   - data: Prepared examples of every dataset.
    ///   - configuration: The training recipe (its quantification method and systematic error are
    ///     what the intervals use; every method is measured).
    ///   - audienceSize: Followers per drawn audience (drawn without replacement while the class
    ///     has enough rows, else with replacement).
    ///   - repeats: Audiences per share.
    ///   - replicates: Bootstrap replicates behind each interval.
    ///   - humanPartner: The human-only set paired with bot-only sets.
    ///   - datasets: Which datasets to hold out (default: all).
    ///   - rng: Randomness for folds, subsampling and drawing audiences.
    /// - Returns: Per part and pooled errors of every method.
    /// - Throws: ``ModelError`` from fitting.
    public static func audienceEvaluation(
        _ data: PreparedExamples,
        configuration: AuthenticityTrainingConfiguration,
        audienceSize: Int = 1_000,
        repeats: Int = 5,
        replicates: Int = 200,
        humanPartner: String = "botrepo-verified-2019",
        datasets: [String]? = nil,
        using rng: inout some RandomNumberGenerator
    ) throws -> AudienceEvaluation {
        var parts: [AudienceEvaluation.Part] = []
        let names = data.datasetNames
        for name in datasets ?? names {
            let rows = (0..<data.count).filter { data.datasets[$0] == name }
            let bots = rows.filter { data.labels[$0] }.count
            // A bot-only set is measured together with the human partner; a set with both classes
            // (or the human partner alone) by itself.
            var heldOut = [name]
            if bots == rows.count, name != humanPartner, names.contains(humanPartner) { heldOut.append(humanPartner) }
            let held = Set(heldOut)
            let train = (0..<data.count).filter { !held.contains(data.datasets[$0]) }
            let test = (0..<data.count).filter { held.contains(data.datasets[$0]) }
            guard data.labels(of: train).contains(true), data.labels(of: train).contains(false), !test.isEmpty
            else { continue }
            let model = try calibratedFit(data, rows: train, configuration: configuration, using: &rng)
            let margins = AuthenticityTrainer.margins(model.fit, data, rows: test)
            let probabilities = zip(test, margins).map { model.probability(margin: $1, platform: data.platforms[$0]) }
            let labels = data.labels(of: test)
            let platforms = test.map { data.platforms[$0] }
            let botRows = labels.indices.filter { labels[$0] }
            let humanRows = labels.indices.filter { !labels[$0] }
            let estimators = QuantificationMethod.allCases.map { method in
                FakeShareEstimator(
                    profile: model.quantification, threshold: model.threshold, method: method, replicates: replicates)
            }
            func audience(_ members: [Int], truth: Double, natural: Bool) -> AudienceEvaluation.Audience {
                var histograms: [Platform: ProbabilityHistogram] = [:]
                for k in members { histograms[platforms[k], default: ProbabilityHistogram()].add(probabilities[k]) }
                var estimates: [String: FakeShareEstimate] = [:]
                for estimator in estimators {
                    estimates[estimator.method.rawValue] = estimator.estimate(histograms)
                }
                return .init(size: members.count, truth: truth, natural: natural, estimates: estimates)
            }
            var audiences: [AudienceEvaluation.Audience] = []
            let natural = Double(botRows.count) / Double(labels.count)
            audiences.append(audience(Array(labels.indices), truth: natural, natural: true))
            for share in AudienceEvaluation.shares {
                let botCount = Int((share * Double(audienceSize)).rounded())
                let humanCount = audienceSize - botCount
                guard botCount == 0 || !botRows.isEmpty, humanCount == 0 || !humanRows.isEmpty else { continue }
                for _ in 0..<repeats {
                    let members =
                        draw(botRows, count: botCount, using: &rng) + draw(humanRows, count: humanCount, using: &rng)
                    audiences.append(audience(members, truth: Double(botCount) / Double(audienceSize), natural: false))
                }
            }
            parts.append(
                .init(
                    name: heldOut.joined(separator: " + "),
                    rocAUC: ClassificationMetrics(
                        labels: labels, probabilities: probabilities, threshold: model.threshold
                    )
                    .rocAUC,
                    methods: AudienceEvaluation.summarise(audiences), audiences: audiences))
        }
        return AudienceEvaluation(
            audienceSize: audienceSize, repeats: repeats, parts: parts,
            pooled: AudienceEvaluation.summarise(parts.flatMap(\.audiences)),
            meanOverParts: AudienceEvaluation.average(parts.map(\.methods)))
    }

    /// `count` members of `pool`: without replacement while the pool is large enough, else with.
    static func draw(_ pool: [Int], count: Int, using rng: inout some RandomNumberGenerator) -> [Int] {
        guard count > 0, !pool.isEmpty else { return [] }
        if count <= pool.count {
            var copy = pool
            for i in 0..<count {
                let j = Int.random(in: i..<copy.count, using: &rng)
                copy.swapAt(i, j)
            }
            return Array(copy[0..<count])
        }
        return (0..<count).map { _ in pool[Int.random(in: 0..<pool.count, using: &rng)] }
    }
}
