import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachIngest

/// Flags of the training recipe, shared by `train` and `evaluate`.
///
/// `evaluate` retrains with them for `--cv` and `--leave-one-dataset-out`. Defaults are the shipped model's.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Boosting rounds (trees).")
    var trees: Int?

    @Option(help: "Maximum tree depth.")
    var depth: Int?

    @Option(help: "Shrinkage applied to each tree.")
    var learningRate: Double?

    @Option(help: "Calibration: isotonic, platt or none.")
    var calibration: AuthenticityTrainingConfiguration.CalibrationMethod?

    @Option(help: "Highest share of training humans (out of fold) the threshold may flag.")
    var maxHumanFlagRate: Double?

    @Option(help: "Row weight 1/n^e per dataset-and-label group (0: raw counts, 1: equal groups).")
    var datasetWeightExponent: Double?

    @Option(name: .customLong("exclude-feature"), help: "A feature the trees may not use (repeatable).")
    var excludeFeatures: [String] = []

    @Option(help: "Folds for the out-of-fold calibration and threshold.")
    var calibrationFolds: Int?

    @Option(help: "How audits estimate an audience's fake share: cc, pcc, acc, pacc, em, hdy or median_sweep.")
    var quantification: QuantificationMethod?

    @Option(help: "Systematic error (0 to 1) added in quadrature to every fake-share interval.")
    var systematicError: Double?

    @Option(help: "Temperature on the probabilities' log-odds before EM (1: as calibrated; above 1 softer).")
    var emTemperature: Double?

    @Option(help: "Predictions behind the quantification profile: out_of_fold or dataset_out.")
    var quantificationProfile: AuthenticityTrainingConfiguration.QuantificationProfileSource?

    @Option(help: "Every dataset counts equally within its class in the quantification profile (true/false).")
    var quantificationEqualDatasets: Bool?

    @Option(help: "Fewest training rows in a leaf (regularisation).")
    var minSamplesLeaf: Int?

    @Option(
        help: """
            single (one ensemble), specialised (one per kind of bot against all humans, maximum rule) \
            or specialised-with-general (plus one of all bots).
            """
    )
    var ensemble: AuthenticityTrainingConfiguration.EnsembleMethod?

    @Option(help: "How specialists' margins combine: maximum, aligned-maximum or mean.")
    var specialistCombination: AuthenticityTrainingConfiguration.SpecialistCombination?

    @Option(
        name: .customLong("exclude-training-dataset"),
        help: "A dataset not trained on (data selection; repeatable). Its rows can still be scored."
    )
    var excludeTrainingDatasets: [String] = []

    func validate() throws {
        if let emTemperature, !(emTemperature > 0 && emTemperature.isFinite) {
            throw ValidationError("--em-temperature must be a positive number.")
        }
        if let systematicError, !(0...1).contains(systematicError) {
            throw ValidationError("--systematic-error must be between 0 and 1.")
        }
        for name in excludeFeatures where FeatureExtractor.schema.index(of: name) == nil {
            throw ValidationError(
                "Unknown feature '\(name)'. Features: \(FeatureExtractor.schema.names.joined(separator: ", "))."
            )
        }
    }

    /// The recipe: `base` (a model's recorded recipe, or the defaults) with these flags applied.
    func configuration(base: AuthenticityTrainingConfiguration = .init()) -> AuthenticityTrainingConfiguration {
        var c = base
        if let trees { c.parameters.treeCount = trees }
        if let depth { c.parameters.maxDepth = depth }
        if let learningRate { c.parameters.learningRate = learningRate }
        if let calibration { c.calibration = calibration }
        if let maxHumanFlagRate { c.maximumHumanFlagRate = maxHumanFlagRate }
        if let datasetWeightExponent { c.datasetWeightExponent = datasetWeightExponent }
        if !excludeFeatures.isEmpty { c.excludedFeatures = excludeFeatures }
        if let calibrationFolds { c.folds = calibrationFolds }
        if let quantification { c.quantification = quantification }
        if let systematicError { c.quantificationSystematicError = systematicError }
        if let quantificationProfile { c.quantificationProfileSource = quantificationProfile }
        if let emTemperature { c.quantificationTemperature = emTemperature }
        if let quantificationEqualDatasets { c.quantificationEqualDatasets = quantificationEqualDatasets }
        if let minSamplesLeaf { c.parameters.minSamplesLeaf = minSamplesLeaf }
        if let ensemble { c.ensemble = ensemble }
        if let specialistCombination { c.specialistCombination = specialistCombination }
        if !excludeTrainingDatasets.isEmpty { c.excludedTrainingDatasets = excludeTrainingDatasets }
        return c
    }
}

extension AuthenticityTrainingConfiguration.CalibrationMethod: ExpressibleByArgument {}
extension AuthenticityTrainingConfiguration.EnsembleMethod: ExpressibleByArgument {}
extension AuthenticityTrainingConfiguration.SpecialistCombination: ExpressibleByArgument {}

/// Flags that say where labelled data comes from.
struct LabelledDataOptions: ParsableArguments {
    @Option(
        name: .customLong("data"),
        parsing: .upToNextOption,
        help: "Labelled dataset folders or files (repeatable); ../shared/data expands to every labelled set."
    )
    var data: [String] = []

    @Option(help: "The column (CSV) or key (JSON) holding the label, instead of the dataset's own source.")
    var labelColumn: String?

    @Option(name: .customLong("labels"), help: "A TSV or CSV of id,label joined on account id.")
    var labelsFile: String?

    @Option(name: .customLong("as-of"), help: "Reference date for accounts without a capture time (YYYY-MM-DD).")
    var asOf: String = "2020-01-01"

    func validate() throws {
        guard !data.isEmpty else { throw ValidationError("Give at least one --data PATH.") }
        _ = try DateArgument.parse(asOf, flag: "--as-of")
    }

    func read() async throws -> [LoadedDataset] {
        var configuration = IngestConfiguration()
        configuration.maxErrors = 10_000
        return try await readLabelledData(
            paths: data,
            labelColumn: labelColumn,
            labelsFile: labelsFile,
            configuration: configuration
        )
    }

    func referenceDate() throws -> Date { try DateArgument.parse(asOf, flag: "--as-of") }
}

/// `truereach train`: fit the authenticity model on labelled data and write a model file.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the authenticity model on labelled accounts and write a model file.",
        discussion: """
            Labels come from each dataset's own label file or column (see docs/formats.md), or from
            --label-column / --labels. The model records its feature schema, parameters, calibration,
            threshold (at most 2% of training humans flagged, out of fold), training-file SHA-256s and
            out-of-fold metrics. Same data, options and seed give a byte-identical file.
            """
    )

    @OptionGroup var input: LabelledDataOptions
    @OptionGroup var recipe: TrainingOptions

    @Option(help: "Where to write the model JSON.")
    var output: String

    @Option(help: "Seed for folds and subsampling.")
    var seed: UInt64 = 42

    @Option(help: "Creation date recorded in the model (YYYY-MM-DD). Default: today.")
    var createdAt: String?

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func run() async throws {
        do {
            let created =
                try createdAt.map { try DateArgument.parse($0, flag: "--created-at") }
                ?? Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
            let started = Date()
            let loaded = try await input.read()
            let readSeconds = Date().timeIntervalSince(started)
            if !quiet {
                for d in loaded {
                    let c = d.dataset.labelCounts
                    log("read \(d.dataset.name): \(c[.bot] ?? 0) bots, \(c[.human] ?? 0) humans")
                }
            }
            let job = TrainJob(
                configuration: recipe.configuration(), asOf: try input.referenceDate(), createdAt: created, seed: seed)
            let trained = try job.run(loaded)
            let (model, data, trainSeconds) = (trained.model, trained.data, trained.seconds)
            guard FileManager.default.createFile(atPath: output, contents: data) else {
                throw CLIError(message: "cannot write \(output)", exitCode: TrueReachExit.cannotOpen)
            }
            let examples = trained.profiles
            var report = "model \(model.name): \(examples) accounts, threshold \(fixed(model.threshold))\n"
            report +=
                "read \(fixed(readSeconds)) s, trained (5-fold calibration + final fit) \(fixed(trainSeconds)) s\n"
            report += EvaluationTable.render(
                model.metrics.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                title: "out-of-fold"
            )
            print(report, terminator: "")
            print("wrote \(output) (\(data.count) bytes)")
        } catch let error as ValidationError {
            throw error
        } catch {
            throw TrueReachExit.fail(error)
        }
    }

    private func log(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

func fixed(_ x: Double, digits: Int = 3) -> String {
    guard x.isFinite else { return "n/a" }
    let scale = Double(Int(pow(10, Double(digits))))
    let v = (x * scale).rounded() / scale
    var s = "\(v)"
    if let dot = s.firstIndex(of: ".") {
        let decimals = s.distance(from: dot, to: s.endIndex) - 1
        if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
    }
    return s
}

extension QuantificationMethod: ExpressibleByArgument {}

extension AuthenticityTrainingConfiguration.QuantificationProfileSource: ExpressibleByArgument {}
