public import FoundationEssentials

/// One file of training data, identified by content hash.
public struct TrainingDataFile: Sendable, Hashable, Codable {
    /// The path as given to `truereach train` (relative where possible).
    public var path: String
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
    /// Size in bytes.
    public var bytes: Int

    /// Creates a record.
    public init(path: String, sha256: String, bytes: Int) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
    }
}

/// A saved authenticity model: everything needed to score, plus how it was made.
///
/// The file is versioned JSON with sorted keys (diffable, inspectable): format version, feature
/// schema (version and names), hyperparameters, the trees as flat arrays, the calibration map,
/// the operating threshold, the handle bigram table, the training-data hashes, metrics and
/// the creation date (passed in, never read from a clock).
public struct AuthenticityModel: Sendable, Hashable, Codable {
    /// The file-format version this build writes and reads.
    public static let currentFormatVersion = 1

    /// File-format version.
    public var formatVersion: Int
    /// Stable model name shown in reports (`"gbdt-profile-1-…"`).
    public var name: String
    /// When the model was trained (passed in by the caller).
    public var createdAt: Date
    /// The feature schema the trees read.
    public var featureSchema: FeatureSchema
    /// Hyperparameters the trees were fitted with.
    public var parameters: TreeEnsembleParameters
    /// The fitted trees.
    public var ensemble: TreeEnsemble
    /// Margin-to-probability map fitted on out-of-fold predictions (all platforms).
    public var calibration: Calibration
    /// Per-platform maps (keyed by ``Platform`` raw value) for platforms with enough labelled
    /// bots and humans; other platforms use ``calibration``.
    public var platformCalibrations: [String: Calibration]
    /// The operating threshold on calibrated probabilities.
    public var threshold: Double
    /// How the threshold was chosen, in words.
    public var thresholdRule: String
    /// The handle bigram table (from human handles of the training data).
    public var handleModel: HandleBigramModel
    /// The files the model was trained on.
    public var trainingData: [TrainingDataFile]
    /// Labelled rows per dataset used for training.
    public var trainingCounts: [String: DatasetCount]
    /// Evaluation results (out-of-fold), keyed by a short description.
    public var metrics: [String: ClassificationMetrics]
    /// The training recipe, so the model can be re-validated (`evaluate --leave-one-dataset-out`).
    public var configuration: AuthenticityTrainingConfiguration?
    /// Out-of-fold probability histograms of the training classes, for the audience-level fake
    /// share (``FakeShareEstimator``); nil in files written before it existed.
    public var quantification: QuantificationProfile?

    /// Creates a model record.
    public init(
        name: String,
        createdAt: Date,
        featureSchema: FeatureSchema = FeatureExtractor.schema,
        parameters: TreeEnsembleParameters,
        ensemble: TreeEnsemble,
        calibration: Calibration,
        platformCalibrations: [String: Calibration] = [:],
        threshold: Double,
        thresholdRule: String,
        handleModel: HandleBigramModel,
        trainingData: [TrainingDataFile] = [],
        trainingCounts: [String: DatasetCount] = [:],
        metrics: [String: ClassificationMetrics] = [:],
        configuration: AuthenticityTrainingConfiguration? = nil,
        quantification: QuantificationProfile? = nil
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.name = name
        self.createdAt = createdAt
        self.featureSchema = featureSchema
        self.parameters = parameters
        self.ensemble = ensemble
        self.calibration = calibration
        self.platformCalibrations = platformCalibrations
        self.threshold = threshold
        self.thresholdRule = thresholdRule
        self.handleModel = handleModel
        self.trainingData = trainingData
        self.trainingCounts = trainingCounts
        self.metrics = metrics
        self.configuration = configuration
        self.quantification = quantification
    }

    /// The calibration used for accounts on a platform.
    public func calibration(for platform: Platform) -> Calibration {
        platformCalibrations[platform.rawValue] ?? calibration
    }

    /// Calibrated bot probability for one row of features of an account on `platform`.
    public func probability(_ row: FeatureRow, platform: Platform) -> Double {
        calibration(for: platform).probability(margin: ensemble.predictMargin(row))
    }

    // MARK: - File format

    private struct Header: Decodable {
        var formatVersion: Int
        var featureSchema: FeatureSchema
        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version"
            case featureSchema = "feature_schema"
        }
    }

    /// Reads a model file's bytes and checks it against this build.
    ///
    /// - Parameters:
    ///   - data: The JSON bytes.
    ///   - schema: The schema this build extracts (default: ``FeatureExtractor/schema``).
    /// - Returns: The model.
    /// - Throws: ``ModelError`` `.invalidModelFile` (not a model file), `.unsupportedFormatVersion`,
    ///   or `.featureSchemaMismatch` (trained on other features; retrain with this version).
    public static func decode(
        from data: Data,
        expecting schema: FeatureSchema = FeatureExtractor.schema
    ) throws
        -> AuthenticityModel
    {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let header: Header
        do {
            header = try decoder.decode(Header.self, from: data)
        } catch {
            throw ModelError(.invalidModelFile, "Not a TrueReach model file (no format_version / feature_schema).")
        }
        guard header.formatVersion == currentFormatVersion else {
            throw ModelError(
                .unsupportedFormatVersion,
                "Model file format \(header.formatVersion) is not supported (this build reads \(currentFormatVersion))."
            )
        }
        guard header.featureSchema == schema else {
            throw ModelError(
                .featureSchemaMismatch,
                "The model was trained on feature schema \(header.featureSchema.version) "
                    + "(\(header.featureSchema.count) features); this build extracts \(schema.version) "
                    + "(\(schema.count)). Retrain it with `truereach train`."
            )
        }
        let model: AuthenticityModel
        do {
            model = try decoder.decode(AuthenticityModel.self, from: data)
        } catch let error as ModelError {
            throw error
        } catch {
            throw ModelError(.invalidModelFile, "The model file is damaged: \(error)")
        }
        guard model.ensemble.featureCount == schema.count else {
            throw ModelError(.featureSchemaMismatch, "The trees read \(model.ensemble.featureCount) features.")
        }
        return model
    }

    /// The model as pretty-printed JSON with sorted keys (byte-identical for equal models).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Decodes a model; files written before per-platform calibration existed decode with none.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        name = try c.decode(String.self, forKey: .name)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        featureSchema = try c.decode(FeatureSchema.self, forKey: .featureSchema)
        parameters = try c.decode(TreeEnsembleParameters.self, forKey: .parameters)
        ensemble = try c.decode(TreeEnsemble.self, forKey: .ensemble)
        calibration = try c.decode(Calibration.self, forKey: .calibration)
        platformCalibrations =
            try c.decodeIfPresent([String: Calibration].self, forKey: .platformCalibrations) ?? [:]
        threshold = try c.decode(Double.self, forKey: .threshold)
        thresholdRule = try c.decode(String.self, forKey: .thresholdRule)
        handleModel = try c.decode(HandleBigramModel.self, forKey: .handleModel)
        trainingData = try c.decode([TrainingDataFile].self, forKey: .trainingData)
        trainingCounts = try c.decode([String: DatasetCount].self, forKey: .trainingCounts)
        metrics = try c.decode([String: ClassificationMetrics].self, forKey: .metrics)
        configuration = try c.decodeIfPresent(AuthenticityTrainingConfiguration.self, forKey: .configuration)
        quantification = try c.decodeIfPresent(QuantificationProfile.self, forKey: .quantification)
    }

    private enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case name
        case createdAt = "created_at"
        case featureSchema = "feature_schema"
        case parameters, ensemble, calibration, threshold
        case platformCalibrations = "platform_calibrations"
        case thresholdRule = "threshold_rule"
        case handleModel = "handle_model"
        case trainingData = "training_data"
        case trainingCounts = "training_counts"
        case metrics, configuration, quantification
    }
}

/// Bots and humans in one dataset.
public struct DatasetCount: Sendable, Hashable, Codable {
    /// Bots.
    public var bots: Int
    /// Humans.
    public var humans: Int

    /// Creates a count.
    public init(bots: Int, humans: Int) {
        self.bots = bots
        self.humans = humans
    }
}
