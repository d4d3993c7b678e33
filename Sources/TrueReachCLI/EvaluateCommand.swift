import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachIngest

/// `truereach evaluate`: measure a model on labelled data, by cross-validation, or leaving whole
/// datasets out.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the authenticity model: accuracy, precision, recall, F1, MCC, ROC/PR AUC, calibration.",
        discussion: """
            Without --cv or --leave-one-dataset-out, the model scores the data as it is, at its own
            threshold. --cv K and --leave-one-dataset-out retrain with the model's recorded recipe
            (training flags override it): each held-out part gets a threshold chosen on its training
            part alone. A dataset with bots only is also evaluated paired with botrepo-verified-2019
            (both held out). --benchmark prints training time and inference speed.
            """
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case table, json
    }

    @Option(help: "Model file (default: the shipped model).")
    var model: String?

    @OptionGroup var input: LabelledDataOptions
    @OptionGroup var recipe: TrainingOptions

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    @Option(help: "Stratified k-fold cross-validation with K folds.")
    var cv: Int?

    @Flag(help: "Leave each dataset out in turn: train on the others, test on it.")
    var leaveOneDatasetOut = false

    @Option(help: "Hold out only these datasets (with --leave-one-dataset-out; repeatable).")
    var only: [String] = []

    @Flag(
        help: """
            Leave each dataset out and estimate the fake share of seeded audiences drawn from it at bot \
            shares 0-100% (and as it is): mean absolute error, bias and interval coverage per method.
            """)
    var audiences = false

    @Option(help: "Followers per drawn audience (with --audiences).")
    var audienceSize = 1_000

    @Option(help: "Audiences drawn per bot share (with --audiences).")
    var audienceRepeats = 5

    @Flag(help: "Print training time on the data and inference speed on prepared features.")
    var benchmark = false

    @Option(help: "Seed for folds and subsampling.")
    var seed: UInt64 = 42

    func validate() throws {
        if let cv, cv < 2 { throw ValidationError("--cv needs at least 2 folds.") }
        if audienceSize < 1 { throw ValidationError("--audience-size must be at least 1.") }
        if audienceRepeats < 1 { throw ValidationError("--audience-repeats must be at least 1.") }
    }

    struct Output: Encodable {
        var model: String
        var threshold: Double
        var asIs: [HeldOutResult]?
        var crossValidation: CrossValidationResult?
        var leaveOneDatasetOut: [HeldOutResult]?
        var audiences: AudienceEvaluation?
        var benchmark: Benchmark?

        enum CodingKeys: String, CodingKey {
            case model, threshold
            case asIs = "as_is"
            case crossValidation = "cross_validation"
            case leaveOneDatasetOut = "leave_one_dataset_out"
            case audiences, benchmark
        }
    }

    struct Benchmark: Encodable {
        var trainingRows: Int
        var trainingSeconds: Double
        var finalFitSeconds: Double
        var inferenceRows: Int
        var marginsPerSecond: Double
        var calibratedPerSecond: Double
        var explainedPerSecond: Double

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

    func run() async throws {
        do {
            let authenticity = try loadModel(path: model)
            let scorer = TreeEnsembleScorer(model: authenticity)
            let loaded = try await input.read()
            let examples = loaded.flatMap(\.dataset.accounts)
            let now = try input.referenceDate()
            let configuration = recipe.configuration(base: authenticity.configuration ?? .init())
            var output = Output(model: authenticity.name, threshold: authenticity.threshold)

            if cv == nil && !leaveOneDatasetOut && !audiences && !benchmark {
                var rows: [HeldOutResult] = []
                var allLabels: [Bool] = []
                var allProbabilities: [Double] = []
                for d in loaded {
                    let accounts = d.dataset.accounts
                    let p = scorer.probabilities(
                        scorer.extractor.extract(accounts.map(\.account), asOf: now),
                        platforms: accounts.map(\.account.platform)
                    )
                    let labels = accounts.map(\.label.isBot)
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
            if let cv {
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
                output.benchmark = try runBenchmark(
                    examples: examples,
                    prepared: prepared,
                    now: now,
                    configuration: configuration,
                    scorer: scorer
                )
            }
            try emit(output)
        } catch let error as ValidationError {
            throw error
        } catch let error as ExitCode {
            throw error
        } catch {
            throw TrueReachExit.fail(error)
        }
    }

    private func runBenchmark(
        examples: [LabeledAccount],
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
        let accounts = Array(examples.prefix(50_000).map(\.account))
        let explainedTime = cpuSeconds { sink += scorer.score(accounts, asOf: now).reduce(0) { $0 + $1.probability } }
        if sink.isNaN { FileHandle.standardError.write(Data("NaN\n".utf8)) }
        return Benchmark(
            trainingRows: prepared.count,
            trainingSeconds: seconds(training),
            finalFitSeconds: seconds(finalFit),
            inferenceRows: rows,
            marginsPerSecond: Double(rows) / marginTime,
            calibratedPerSecond: Double(rows) / calibratedTime,
            explainedPerSecond: Double(accounts.count) / explainedTime
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

    private func emit(_ output: Output) throws {
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
        case .table:
            var text = "model \(output.model), threshold \(fixed(output.threshold))\n"
            if let rows = output.asIs {
                text += EvaluationTable.render(rows.map { ($0.name, $0.metrics) }, title: "as is")
            }
            if let cv = output.crossValidation {
                text += EvaluationTable.render(
                    [("pooled", cv.pooled)] + cv.perDataset.map { ($0.name, $0.metrics) }
                        + cv.quietReaders.map { ($0.name, $0.metrics) },
                    title: "\(cv.folds)-fold cross-validation (out of fold)"
                )
            }
            if let lodo = output.leaveOneDatasetOut {
                text += EvaluationTable.render(lodo.map { ($0.name, $0.metrics) }, title: "leave one dataset out")
            }
            if let evaluation = output.audiences {
                text += AudienceTable.render(evaluation, chosen: recipe.configuration(base: .init()).quantification)
            }
            if let b = output.benchmark {
                text += "\nbenchmark (training: wall clock; inference: one core, thread CPU time, best of 3)\n"
                text += "  training on \(b.trainingRows) rows: \(fixed(b.trainingSeconds, digits: 2)) s "
                text +=
                    "(5-fold out-of-fold calibration + final fit); final fit alone \(fixed(b.finalFitSeconds, digits: 2)) s\n"
                text += "  inference on \(b.inferenceRows) prepared rows: \(Int(b.marginsPerSecond)) margins/s, "
                text += "\(Int(b.calibratedPerSecond)) calibrated probabilities/s\n"
                text += "  extract + score + explain: \(Int(b.explainedPerSecond)) accounts/s\n"
            }
            print(text, terminator: "")
        }
    }
}

/// The audience evaluation as text: mean absolute error per held-out part and method, then the
/// chosen method's bias and interval coverage.
enum AudienceTable {
    static func render(_ evaluation: AudienceEvaluation, chosen: QuantificationMethod) -> String {
        let methods = QuantificationMethod.allCases
        var header: [String] = ["held out", "AUC", "audiences"]
        header += methods.map { "MAE \($0.rawValue)" }
        header += ["bias \(chosen.rawValue)", "coverage \(chosen.rawValue)", "width \(chosen.rawValue)"]
        func row(_ name: String, auc: Double?, count: Int, _ results: [AudienceEvaluation.MethodResult]) -> [String] {
            let byMethod = Dictionary(uniqueKeysWithValues: results.map { ($0.method, $0) })
            let mine = byMethod[chosen]
            var cells: [String] = [name, auc.map { fixed($0) } ?? "-", "\(count)"]
            for method in methods {
                cells.append(byMethod[method].map { fixed($0.meanAbsoluteError) } ?? "-")
            }
            cells.append(mine.map { fixed($0.bias) } ?? "-")
            cells.append(mine.map { fixed($0.coverage) } ?? "-")
            cells.append(mine.map { fixed($0.meanIntervalWidth) } ?? "-")
            return cells
        }
        var lines = [header]
        for part in evaluation.parts {
            lines.append(row(part.name, auc: part.rocAUC, count: part.audiences.count, part.methods))
        }
        let total = evaluation.parts.reduce(0) { $0 + $1.audiences.count }
        lines.append(row("pooled (every audience)", auc: nil, count: total, evaluation.pooled))
        lines.append(row("mean over parts", auc: nil, count: total, evaluation.meanOverParts))
        let title =
            "audience fake share, leave one dataset out (\(evaluation.audienceSize) followers, "
            + "\(evaluation.repeats) per share, shares 0-100% and each part as it is)"
        return EvaluationTable.aligned(lines, title: title)
    }
}

/// Plain-text metric tables (dataset names come from folder names, never from profile text).
enum EvaluationTable {
    static func render(_ rows: [(String, ClassificationMetrics)], title: String) -> String {
        let header = [
            "set", "n", "bots", "humans", "ROC AUC", "PR AUC", "acc", "prec", "recall", "F1", "MCC", "FPR",
            "Brier", "TP", "FP", "TN", "FN",
        ]
        func opt(_ v: Double?) -> String { v.map { fixed($0) } ?? "-" }
        var lines: [[String]] = [header]
        for (name, m) in rows {
            lines.append([
                name, "\(m.count)", "\(m.bots)", "\(m.humans)", opt(m.rocAUC), opt(m.prAUC), fixed(m.accuracy),
                fixed(m.precision), opt(m.recall), fixed(m.f1), opt(m.mcc), opt(m.falsePositiveRate), fixed(m.brier),
                "\(m.confusion.truePositives)", "\(m.confusion.falsePositives)", "\(m.confusion.trueNegatives)",
                "\(m.confusion.falseNegatives)",
            ])
        }
        return aligned(lines, title: title)
    }

    /// Rows of cells as text under a title: the first column left-aligned, the others right-aligned.
    static func aligned(_ lines: [[String]], title: String) -> String {
        var widths = [Int](repeating: 0, count: lines.map(\.count).max() ?? 0)
        for line in lines { for (i, cell) in line.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = "\n\(title)\n"
        for line in lines {
            out +=
                line.enumerated().map { i, cell in
                    i == 0
                        ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[i] - cell.count) + cell
                }.joined(separator: "  ") + "\n"
        }
        return out
    }
}
