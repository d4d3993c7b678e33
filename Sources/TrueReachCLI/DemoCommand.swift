import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachReports
import TrueReachStore

/// `truereach demo`: the main job end to end on a built-in synthetic audience.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on a built-in synthetic audience and write an HTML report.",
        discussion: """
            Generates a synthetic follower audience (seeded, so every run is identical; every profile is
            invented, including a block of bought followers), imports it into the database as the
            audience 'demo', audits it, stores the audit, and writes a self-contained HTML report whose
            path is printed on standard output.
            """
    )

    /// The demo's fixed reference date, so the report is the same on every run.
    static let referenceDate = Date(timeIntervalSince1970: 1_793_491_200)  // 2026-11-01T00:00:00Z

    @Option(help: "Followers to generate.")
    var count: Int = 20_000

    @Option(help: "Seed of the synthetic audience.")
    var seed: UInt64 = 2026

    @Option(help: "Where to write the HTML report. Default: reports/demo.html beside the database.")
    var output: String?

    @Option(help: "Scorer: the learned model (default) or the published-rules baseline.")
    var scorer: ScorerOptions.Kind = .model

    @Flag(help: "No progress on standard error.")
    var quiet = false

    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOption

    func validate() throws {
        guard count > 0 else { throw ValidationError("--count must be at least 1.") }
    }

    func run() async throws {
        do {
            try await execute()
        } catch {
            throw TrueReachExit.fail(error)
        }
    }

    private func execute() async throws {
        try await store.withStore { database in try await execute(database) }
    }

    private func execute(_ database: any AudienceStore & AccessStore) async throws {
        try await workspace.checkWritable(Self.audienceName, store: database)
        let databasePath = store.databasePath()
        let scorer: any Scorer = self.scorer == .rules ? RuleScorer() : try loadScorer(modelPath: nil)
        let audience = SyntheticAudience(count: count, now: Self.referenceDate, seed: seed)

        try await database.saveAudience(
            account: Self.audienceName, platform: audience.platform, profiles: Array(audience),
            createdAt: Self.referenceDate)

        let console = ConsoleEvents(label: "audit", quiet: quiet)
        let job = AuditJob(scorer: scorer, asOf: Self.referenceDate)
        let source = AudienceSource.stored(database, name: Self.audienceName)
        let result = try await job.run(source: source, account: Self.audienceName, events: console.handler)
        let report = result.report
        console.finish()
        // With each follower's result, so `truereach serve` can show the demo account's followers.
        let history = try await job.record(result, source: source, account: Self.audienceName, in: database).history
        try await workspace.claim(Self.audienceName, platform: audience.platform, store: database)

        // Beside a SQLite file by default; in the working directory for a PostgreSQL database.
        let folder =
            databasePath.hasPrefix("postgres")
            ? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            : URL(fileURLWithPath: databasePath).deletingLastPathComponent()
        let path = output ?? folder.appendingPathComponent("reports/demo.html").path
        let sink = try OutputSink(path: path)
        try sink.write(AuditRendering.render(report, format: .html, history: history, synthetic: true))
        try sink.close()

        let summary = try AuditRendering.render(report, format: .table, history: history, synthetic: true)
        FileHandle.standardError.write(Data(summary.utf8))
        print(URL(fileURLWithPath: path).standardizedFileURL.path)
    }

    static let audienceName = "demo"
}
