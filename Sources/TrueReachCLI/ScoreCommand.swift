import ArgumentParser

/// Placeholder until the `score` command lands; replaced wholesale by its owner.
struct ScoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("`score` is not built yet.")
    }
}
