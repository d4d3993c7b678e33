public import Foundation
public import TrueReachCore
import TrueReachIngest

/// The `train` job: fits the authenticity model on labelled datasets and encodes the model file.
///
/// The same datasets, configuration, dates and seed give a byte-identical file.
public struct TrainJob: Sendable {
    /// The training recipe.
    public var configuration: AuthenticityTrainingConfiguration
    /// The reference date for accounts without a capture time.
    public var asOf: Date
    /// The creation date recorded in the model.
    public var createdAt: Date
    /// Seed for folds and subsampling.
    public var seed: UInt64

    /// Creates the job.
    public init(configuration: AuthenticityTrainingConfiguration, asOf: Date, createdAt: Date, seed: UInt64) {
        self.configuration = configuration
        self.asOf = asOf
        self.createdAt = createdAt
        self.seed = seed
    }

    /// What training produced.
    public struct Result: Sendable {
        /// The model.
        public var model: AuthenticityModel
        /// Its file (JSON).
        public var data: Data
        /// Labelled accounts trained on.
        public var profiles: Int
        /// Wall-clock seconds of training (out-of-fold calibration and the final fit).
        public var seconds: Double
    }

    /// Trains on every account of `datasets`, recording the SHA-256 of their files in the model.
    ///
    /// - Throws: ``AppError`` `.cannotOpen` when a dataset file cannot be hashed; `ModelError` or the
    ///   trainer's errors when the data cannot train a model.
    public func run(_ datasets: [LoadedDataset]) throws -> Result {
        let examples = datasets.flatMap(\.dataset.profiles)
        let hashes = try trainingDataHashes(datasets)
        var rng = SeededGenerator(seed: seed)
        let start = ContinuousClock.now
        let model = try AuthenticityTrainer.train(
            examples, asOf: asOf, configuration: configuration, createdAt: createdAt, trainingData: hashes,
            using: &rng)
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(model: model, data: try model.encoded(), profiles: examples.count, seconds: seconds)
    }
}
