import ArgumentParser

/// Placeholder until the `train` command lands; replaced wholesale by its owner.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "train", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("`train` is not built yet.")
    }
}
