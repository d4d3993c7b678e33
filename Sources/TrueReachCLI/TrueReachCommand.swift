public import ArgumentParser

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
    await TrueReachCommand.main()
}
