import ArgumentParser
import Foundation
import TrueReachApp
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

    @Argument(help: "Profile files to score; - reads standard input.")
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
        let console = ConsoleEvents(label: "score", quiet: input.quiet || output == nil && isStandardOutputTerminal)
        do {
            let job = ScoreJob(
                scorer: try scoring.makeScorer(), asOf: try scoring.referenceDate(), format: format)
            // Closed (and a regular file moved into place) only on success: a run that fails part way
            // leaves the file at --output as it was, and the temporary file is removed with the sink.
            let sink = try OutputSink(path: output)
            try await job.run(
                inputs: files.map(IngestInput.path), reader: ProfileFileReader(configuration: input.configuration),
                write: { try sink.write($0) }, events: console.handler)
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
