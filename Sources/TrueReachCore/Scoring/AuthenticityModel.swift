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
    /// The file-format version of a model of specialists: builds that read only version 1 would
    /// score such a file with its first specialist alone, so they must refuse it.
    public static let specialistsFormatVersion = 2
    /// Every file-format version this build reads.
    public static let supportedFormatVersions: Set<Int> = [currentFormatVersion, specialistsFormatVersion]

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
    /// The fitted trees (for a model of specialists, the first specialist).
    public var ensemble: TreeEnsemble
    /// An ensemble of specialised classifiers, one per kind of bot, combined by the maximum rule
    /// over their margins; empty for a model of one ensemble (every file written before it existed).
    public var specialists: [Specialist]
    /// How the specialists' margins combine (files without specialists: the maximum).
    public var specialistCombination: AuthenticityTrainingConfiguration.SpecialistCombination
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
        specialists: [Specialist] = [],
        specialistCombination: AuthenticityTrainingConfiguration.SpecialistCombination = .maximum,
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
        self.formatVersion = specialists.isEmpty ? Self.currentFormatVersion : Self.specialistsFormatVersion
        self.name = name
        self.createdAt = createdAt
        self.featureSchema = featureSchema
        self.parameters = parameters
        self.ensemble = ensemble
        self.specialists = specialists
        self.specialistCombination = specialistCombination
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

    /// One specialised ensemble and the kind of bot it was trained on.
    public struct Specialist: Sendable, Hashable, Codable {
        /// The kind of bot (``AuthenticityTrainingConfiguration/botKind(ofDataset:)``, or `"all"`).
        public var kind: String
        /// Its trees.
        public var ensemble: TreeEnsemble
        /// Subtracted from its margin before the margins combine.
        public var offset: Double

        /// Creates a specialist.
        public init(kind: String, ensemble: TreeEnsemble, offset: Double = 0) {
            self.kind = kind
            self.ensemble = ensemble
            self.offset = offset
        }
    }

    /// The ensembles whose margins combine by the maximum rule (``specialists``, or ``ensemble``).
    public var ensembles: [TreeEnsemble] {
        specialists.isEmpty ? [ensemble] : specialists.map(\.ensemble)
    }

    /// Each specialist's offset (empty for one ensemble).
    public var offsets: [Double] { specialists.map(\.offset) }

    /// The margin of one row: the ensemble's, or the specialists' combined.
    public func margin(_ row: FeatureRow) -> Double {
        guard !specialists.isEmpty else { return ensemble.predictMargin(row) }
        return AuthenticityTrainer.combine(
            specialists.map { $0.ensemble.predictMargin(row) }, offsets: offsets, combination: specialistCombination,
            kinds: specialists.map(\.kind))
    }

    /// Margins of `rowCount` row-major rows: the ensemble's, or the specialists' combined.
    public func predictMargins(_ values: [Float], rowCount: Int, into out: inout [Double]) {
        guard !specialists.isEmpty else {
            ensemble.predictMargins(values, rowCount: rowCount, into: &out)
            return
        }
        var other = [Double](repeating: 0, count: rowCount)
        let weights = AuthenticityTrainer.meanWeights(
            kinds: specialists.map(\.kind), combination: specialistCombination)
        for (s, specialist) in specialists.enumerated() {
            specialist.ensemble.predictMargins(values, rowCount: rowCount, into: &other)
            for i in 0..<rowCount {
                let m = other[i] - specialist.offset
                if let weights {
                    out[i] = (s == 0 ? 0 : out[i]) + m * weights[s]
                } else {
                    out[i] = s == 0 ? m : max(out[i], m)
                }
            }
        }
    }

    /// Calibrated bot probability for one row of features of an account on `platform`.
    public func probability(_ row: FeatureRow, platform: Platform) -> Double {
        calibration(for: platform).probability(margin: margin(row))
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
        guard supportedFormatVersions.contains(header.formatVersion) else {
            throw ModelError(
                .unsupportedFormatVersion,
                "Model file format \(header.formatVersion) is not supported (this build reads "
                    + "\(supportedFormatVersions.sorted().map(String.init).joined(separator: " and ")))."
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
        for ensemble in [model.ensemble] + model.specialists.map(\.ensemble)
        where ensemble.featureCount != schema.count {
            throw ModelError(.featureSchemaMismatch, "The trees read \(ensemble.featureCount) features.")
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
        specialists = try c.decodeIfPresent([Specialist].self, forKey: .specialists) ?? []
        specialistCombination =
            try c.decodeIfPresent(
                AuthenticityTrainingConfiguration.SpecialistCombination.self, forKey: .specialistCombination)
            ?? .maximum
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
        case metrics, configuration, quantification, specialists
        case specialistCombination = "specialist_combination"
    }

    /// Encodes a model; a model of one ensemble writes no `specialists` key, so its file is
    /// byte-identical to one written before specialists existed.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(formatVersion, forKey: .formatVersion)
        try c.encode(name, forKey: .name)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(featureSchema, forKey: .featureSchema)
        try c.encode(parameters, forKey: .parameters)
        try c.encode(ensemble, forKey: .ensemble)
        if !specialists.isEmpty {
            try c.encode(specialists, forKey: .specialists)
            try c.encode(specialistCombination, forKey: .specialistCombination)
        }
        try c.encode(calibration, forKey: .calibration)
        try c.encode(platformCalibrations, forKey: .platformCalibrations)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(thresholdRule, forKey: .thresholdRule)
        try c.encode(handleModel, forKey: .handleModel)
        try c.encode(trainingData, forKey: .trainingData)
        try c.encode(trainingCounts, forKey: .trainingCounts)
        try c.encode(metrics, forKey: .metrics)
        try c.encodeIfPresent(configuration, forKey: .configuration)
        try c.encodeIfPresent(quantification, forKey: .quantification)
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
