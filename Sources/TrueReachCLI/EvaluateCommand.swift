import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachReports

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

    typealias Output = EvaluateJob.Output

    func run() async throws {
        do {
            let authenticity = try loadModel(path: model)
            let loaded = try await input.read()
            var job = EvaluateJob(
                model: authenticity, asOf: try input.referenceDate(),
                configuration: recipe.configuration(base: authenticity.configuration ?? .init()), seed: seed)
            job.crossValidationFolds = cv
            job.leaveOneDatasetOut = leaveOneDatasetOut
            job.only = only
            job.audiences = audiences
            job.audienceSize = audienceSize
            job.audienceRepeats = audienceRepeats
            job.benchmark = benchmark
            try emit(try job.run(loaded))
        } catch let error as ValidationError {
            throw error
        } catch let error as ExitCode {
            throw error
        } catch {
            throw TrueReachExit.fail(error)
        }
    }

    private func emit(_ output: Output) throws {
        switch format {
        case .json:
            print(try JSONOutput.document(output), terminator: "")
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
