import ArgumentParser

/// Placeholder until the `evaluate` command lands; replaced wholesale by its owner.
struct EvaluateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluate", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("`evaluate` is not built yet.")
    }
}
