import Foundation
public import TrueReachCore
import TrueReachIngest

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `evaluate` job: a model measured on labelled data as it is, by cross-validation, leaving whole
/// datasets out, on drawn audiences, and for speed.
public struct EvaluateJob: Sendable {
    /// The model evaluated as it is (and whose recipe the retraining evaluations use).
    public var model: AuthenticityModel
    /// The reference date for accounts without a capture time.
    public var asOf: Date
    /// The recipe retrained by cross-validation and the held-out evaluations.
    public var configuration: AuthenticityTrainingConfiguration
    /// Seed for folds and subsampling.
    public var seed: UInt64
    /// Stratified k-fold cross-validation with this many folds.
    public var crossValidationFolds: Int?
    /// Leave each dataset out in turn.
    public var leaveOneDatasetOut = false
    /// Hold out only these datasets.
    public var only: [String] = []
    /// Estimate the fake share of audiences drawn from each held-out dataset.
    public var audiences = false
    /// Followers per drawn audience.
    public var audienceSize = 1_000
    /// Audiences drawn per bot share.
    public var audienceRepeats = 5
    /// Measure training time and inference speed.
    public var benchmark = false

    /// Creates the job; with no evaluation switched on it scores the data as it is.
    public init(model: AuthenticityModel, asOf: Date, configuration: AuthenticityTrainingConfiguration, seed: UInt64) {
        self.model = model
        self.asOf = asOf
        self.configuration = configuration
        self.seed = seed
    }

    /// What the evaluation measured; the `evaluate --format json` document.
    public struct Output: Encodable, Sendable {
        public var model: String
        public var threshold: Double
        public var asIs: [HeldOutResult]?
        public var crossValidation: CrossValidationResult?
        public var leaveOneDatasetOut: [HeldOutResult]?
        public var audiences: AudienceEvaluation?
        public var benchmark: Benchmark?

        enum CodingKeys: String, CodingKey {
            case model, threshold
            case asIs = "as_is"
            case crossValidation = "cross_validation"
            case leaveOneDatasetOut = "leave_one_dataset_out"
            case audiences, benchmark
        }
    }

    /// Training time and inference speed.
    public struct Benchmark: Encodable, Sendable {
        public var trainingRows: Int
        public var trainingSeconds: Double
        public var finalFitSeconds: Double
        public var inferenceRows: Int
        public var marginsPerSecond: Double
        public var calibratedPerSecond: Double
        public var explainedPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case trainingRows = "training_rows"
            case trainingSeconds = "training_seconds"
            case finalFitSeconds = "final_fit_seconds"
            case inferenceRows = "inference_rows"
            case marginsPerSecond = "margins_per_second_one_core"
            case calibratedPerSecond = "calibrated_probabilities_per_second_one_core"
            case explainedPerSecond = "explained_scores_per_second_one_core"
        }
    }

    /// Runs the evaluations switched on.
    ///
    /// - Throws: the trainer's errors when a split cannot train a model.
    public func run(_ loaded: [LoadedDataset]) throws -> Output {
        let examples = loaded.flatMap(\.dataset.profiles)
        let authenticity = model
        let scorer = TreeEnsembleScorer(model: authenticity)
        let now = asOf
        var output = Output(model: authenticity.name, threshold: authenticity.threshold)

        if crossValidationFolds == nil && !leaveOneDatasetOut && !audiences && !benchmark {
            var rows: [HeldOutResult] = []
            var allLabels: [Bool] = []
            var allProbabilities: [Double] = []
            for d in loaded {
                let profiles = d.dataset.profiles
                let p = scorer.probabilities(
                    scorer.extractor.extract(profiles.map(\.profile), asOf: now),
                    platforms: profiles.map(\.profile.platform)
                )
                let labels = profiles.map(\.label.isBot)
                allLabels += labels
                allProbabilities += p
                rows.append(
                    HeldOutResult(
                        name: d.dataset.name,
                        heldOut: [],
                        trainingRows: 0,
                        metrics: ClassificationMetrics(
                            labels: labels,
                            probabilities: p,
                            threshold: scorer.threshold
                        )
                    )
                )
            }
            if loaded.count > 1 {
                rows.append(
                    HeldOutResult(
                        name: "all",
                        heldOut: [],
                        trainingRows: 0,
                        metrics: ClassificationMetrics(
                            labels: allLabels,
                            probabilities: allProbabilities,
                            threshold: scorer.threshold
                        )
                    )
                )
            }
            output.asIs = rows
        }
        let prepared = PreparedExamples(examples, asOf: now)
        var rng = SeededGenerator(seed: seed)
        if let cv = crossValidationFolds {
            output.crossValidation = try ModelValidation.crossValidate(
                prepared,
                folds: cv,
                configuration: configuration,
                using: &rng
            )
        }
        if leaveOneDatasetOut {
            output.leaveOneDatasetOut = try ModelValidation.leaveOneDatasetOut(
                prepared,
                configuration: configuration,
                datasets: only.isEmpty ? nil : only,
                using: &rng
            )
        }
        if audiences {
            output.audiences = try ModelValidation.audienceEvaluation(
                prepared, configuration: configuration, audienceSize: audienceSize, repeats: audienceRepeats,
                datasets: only.isEmpty ? nil : only, using: &rng)
        }
        if benchmark {
            output.benchmark = try measureSpeed(
                examples: examples,
                prepared: prepared,
                now: now,
                configuration: configuration,
                scorer: scorer
            )
        }
        return output
    }

    private func measureSpeed(
        examples: [LabeledProfile],
        prepared: PreparedExamples,
        now: Date,
        configuration: AuthenticityTrainingConfiguration,
        scorer: TreeEnsembleScorer
    ) throws -> Benchmark {
        var rng = SeededGenerator(seed: seed)
        let clock = ContinuousClock()
        var trained: AuthenticityModel?
        let training = try clock.measure {
            trained = try AuthenticityTrainer.train(
                examples,
                asOf: now,
                configuration: configuration,
                createdAt: now,
                using: &rng
            )
        }
        let all = Array(0..<prepared.count)
        let finalFit = try clock.measure {
            _ = try AuthenticityTrainer.fit(prepared, rows: all, configuration: configuration, using: &rng)
        }
        _ = trained
        // Prepared features: the development rows repeated to about two million rows.
        let base = prepared.matrix(rows: all, handleModel: scorer.model.handleModel)
        let copies = max(1, 2_000_000 / max(1, base.rowCount))
        var values: [Float] = []
        values.reserveCapacity(base.values.count * copies)
        for _ in 0..<copies { values += base.values }
        let rows = base.rowCount * copies
        let matrix = FeatureMatrix(rowCount: rows, columnCount: base.columnCount, values: values)
        var margins = [Double](repeating: 0, count: rows)
        let ensemble = scorer.model.ensemble
        ensemble.predictMargins(values, rowCount: min(rows, 10_000), into: &margins)  // warm-up
        // Per-core speed: this thread's CPU time (the machine is shared), best of three runs.
        func cpuSeconds(_ body: () -> Void) -> Double {
            var best = Double.infinity
            for _ in 0..<3 {
                let start = threadCPUTime()
                body()
                best = min(best, threadCPUTime() - start)
            }
            return best
        }
        let marginTime = cpuSeconds { ensemble.predictMargins(values, rowCount: rows, into: &margins) }
        var sink = 0.0
        let calibratedTime = cpuSeconds { sink += scorer.probabilities(matrix).reduce(0, +) }
        let profiles = Array(examples.prefix(50_000).map(\.profile))
        let explainedTime = cpuSeconds { sink += scorer.score(profiles, asOf: now).reduce(0) { $0 + $1.probability } }
        if sink.isNaN { FileHandle.standardError.write(Data("NaN\n".utf8)) }
        return Benchmark(
            trainingRows: prepared.count,
            trainingSeconds: seconds(training),
            finalFitSeconds: seconds(finalFit),
            inferenceRows: rows,
            marginsPerSecond: Double(rows) / marginTime,
            calibratedPerSecond: Double(rows) / calibratedTime,
            explainedPerSecond: Double(profiles.count) / explainedTime
        )
    }

    private func threadCPUTime() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
