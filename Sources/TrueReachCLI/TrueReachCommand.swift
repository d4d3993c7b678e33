public import ArgumentParser
import CTrueReachMalloc

/// The `truereach` command: every job of the tool as a subcommand.
public struct TrueReachCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "truereach",
        abstract: "Measure the audience you really have: who the followers are, and whether they are real.",
        discussion: """
            Exit codes: 0 success; 1 failure; 2 bad input data (too many unreadable records, or --strict);
            3 a file or database could not be opened; 64 usage error.
            """,
        version: "0.1.0",
        subcommands: [
            ScoreCommand.self,
            AuditCommand.self,
            ImportCommand.self,
            DemoCommand.self,
            TrainCommand.self,
            EvaluateCommand.self,
            EngagementCommand.self,
            GrowthCommand.self,
            CohortsCommand.self,
            GenerateCommand.self,
        ]
    )

    public init() {}
}

/// The executable's entry point: parses the process arguments and runs the chosen command.
public func runTrueReach() async {
    // Batches are a few MiB each; without this glibc keeps freed batch buffers in its arenas and
    // resident memory creeps up with every batch in flight (measured: 165 MB -> 63 MB peak RSS for
    // a 1,000,000-line parse).
    _ = truereach_set_mmap_threshold(1_000_000)
    await TrueReachCommand.main()
}
