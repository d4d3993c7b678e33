import ArgumentParser

/// Placeholder until the `audit` command lands; replaced wholesale by its owner.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("`audit` is not built yet.")
    }
}
