import ArgumentParser
import Foundation
import TrueReachCore
import TrueReachIngest
import TrueReachReports

/// `truereach score`: one row per account with its bot / fake probability, category and signals.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every account: bot / fake probability, audience category and the signals behind it.",
        discussion: """
            Writes one row per account: platform,id,handle,bot_probability,category,signals.
            Use - as FILE to read standard input; without --output rows go to standard output,
            so score can run as one stage of a pipeline.
            """
    )

    @Argument(help: "Account files to score; - reads standard input.")
    var files: [String]

    @Option(help: "Row format: csv or jsonl.")
    var format: ScoreRowWriter.Format = .csv

    @Option(help: "Write rows here instead of standard output.")
    var output: String?

    @OptionGroup var input: InputOptions
    @OptionGroup var scoring: ScorerOptions

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one account file (or - for standard input).") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input (-) can be read only once.") }
    }

    func run() async throws {
        do {
            try await execute()
        } catch {
            throw TrueReachExit.fail(error)
        }
    }

    private func execute() async throws {
        let scorer = try scoring.makeScorer()
        let now = try scoring.referenceDate()
        let analyzer = AudienceAnalyzer(threshold: scorer.threshold, quantification: scorer.quantification)
        let writer = ScoreRowWriter(format: format)
        let sink = try OutputSink(path: output)
        defer { try? sink.close() }
        var header: [UInt8] = []
        writer.appendHeader(to: &header)
        try sink.write(header)

        var progress = ProgressReporter(label: "score", quiet: input.quiet || output == nil && isStandardOutputTerminal)
        var issues = IssueSummary()
        var records = 0
        let reader = AccountFileReader(configuration: input.configuration)
        for file in files {
            var limit = IssueLimit(configuration: reader.configuration, path: file)
            try await forEachInOrder(
                reader.undecodedBatches(path: file), width: pipelineWidth
            ) { pending in
                // Decoding and scoring in the same child task: both halves of the work spread over the cores.
                let batch = pending.decode()
                let scores = scorer.score(batch.accounts, asOf: now)
                var buffer: [UInt8] = []
                buffer.reserveCapacity(batch.accounts.count * 96)
                for (account, score) in zip(batch.accounts, scores) {
                    let category = analyzer.category(of: account, probability: score.probability, asOf: now)
                    writer.appendRow(account: account, score: score, category: category, to: &buffer)
                }
                return (buffer, batch)
            } consume: { buffer, batch in
                try limit.admit(batch)
                try sink.write(buffer)
                records += batch.accounts.count
                issues.add(batch.issues)
                progress.update(records: records, bytesRead: batch.bytesRead, totalBytes: batch.totalBytes)
            }
            try limit.finish()
        }
        progress.finish(records: records)
        issues.report()
    }

    private var isStandardOutputTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

extension ScoreRowWriter.Format: ExpressibleByArgument {}
