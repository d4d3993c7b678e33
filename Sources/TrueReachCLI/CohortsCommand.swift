import ArgumentParser

/// Placeholder until the `cohorts` command lands; replaced wholesale by its owner.
struct CohortsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cohorts", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("`cohorts` is not built yet.")
    }
}
