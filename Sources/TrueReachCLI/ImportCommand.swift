import ArgumentParser

/// Placeholder until the `import` command lands; replaced wholesale by its owner.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("`import` is not built yet.")
    }
}
