import ArgumentParser

/// Placeholder until the `engagement` command lands; replaced wholesale by its owner.
struct EngagementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "engagement", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("`engagement` is not built yet.")
    }
}
