import ArgumentParser

/// Placeholder until the `demo` command lands; replaced wholesale by its owner.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("`demo` is not built yet.")
    }
}
