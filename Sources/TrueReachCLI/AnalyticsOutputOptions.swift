import ArgumentParser

/// Output flags shared by the `engagement`, `growth` and `cohorts` commands.
struct AnalyticsOutputOptions: ParsableArguments {
    @Option(help: "Output: table, json or csv.")
    var format: AnalyticsFormat = .table

    @Option(name: .shortAndLong, help: "Write the output here instead of standard output.")
    var output: String?

    @Option(help: "Also write an HTML report section here.")
    var html: String?

    @Option(help: "Stop with exit code 2 when more records than this are unreadable.")
    var maxErrors: Int = 100

    func validate() throws {
        guard maxErrors >= 0 else { throw ValidationError("--max-errors must be 0 or more.") }
    }
}
