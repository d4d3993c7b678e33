import ArgumentParser

/// Placeholder until the `growth` command lands; replaced wholesale by its owner.
struct GrowthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "growth", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("`growth` is not built yet.")
    }
}
