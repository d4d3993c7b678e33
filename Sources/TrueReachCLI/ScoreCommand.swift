import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachReports

/// `truereach score`: one row per profile with its bot / fake probability, category and signals.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score every account: bot / fake probability, audience category and the signals behind it.",
        discussion: """
            Writes one row per profile: platform,id,handle,bot_probability,category,signals.
            Use - as FILE to read standard input; without --output rows go to standard output,
            so score can run as one stage of a pipeline.
            On a part of a larger input (a Spark partition), --input-name and --line-offset make issues
            name the original file and line, and --issues-file collects them instead of applying
            --max-errors and --strict; `score --merge-issues SUMMARY...` then applies them over every
            part, as one run over the whole input would (docs/scale-out.md).
            """
    )

    @Argument(help: "Profile files to score; - reads standard input.")
    var files: [String]

    @Option(help: "Row format: csv or jsonl.")
    var format: ScoreRowWriter.Format = .csv

    @Option(help: "Write rows here instead of standard output.")
    var output: String?

    @OptionGroup var input: InputOptions
    @OptionGroup var scoring: ScorerOptions
    @OptionGroup var part: PartOptions

    @Flag(
        name: .customLong("merge-issues"),
        help: "FILE... are issue summaries of the parts of one input, in input order: apply the issue policy over them."
    )
    var mergeIssues = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("Give at least one profile file (or - for standard input).") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input (-) can be read only once.") }
    }

    func run() async throws {
        let console = ConsoleEvents(
            label: "score", quiet: input.quiet || mergeIssues || output == nil && isStandardOutputTerminal)
        do {
            if mergeIssues {
                try IssueSummary.enforce(try PartOptions.readSummaries(files), configuration: input.configuration)
                console.finish()
                return
            }
            let job = ScoreJob(
                scorer: try scoring.makeScorer(), asOf: try scoring.referenceDate(), format: format)
            // Closed (and a regular file moved into place) only on success: a run that fails part way
            // leaves the file at --output as it was, and the temporary file is removed with the sink.
            let sink = try OutputSink(path: output)
            let outcome = try await job.run(
                inputs: try part.inputs(files), reader: ProfileFileReader(configuration: input.configuration),
                enforcingIssueLimits: part.issuesFile == nil, write: { try sink.write($0) }, events: console.handler)
            try part.write(outcome.issues)
            try sink.close()
            console.finish()
        } catch {
            console.finish(succeeded: false)
            throw TrueReachExit.fail(error)
        }
    }

    private var isStandardOutputTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
}

extension ScoreRowWriter.Format: ExpressibleByArgument {}
