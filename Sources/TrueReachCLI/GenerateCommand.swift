import ArgumentParser

/// Placeholder until the `generate` command lands; replaced wholesale by its owner.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("`generate` is not built yet.")
    }
}
