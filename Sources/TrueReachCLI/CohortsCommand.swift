import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachReports
import TrueReachStore

/// `truereach cohorts SNAPSHOT...`: followers grouped by when they followed.
struct CohortsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cohorts",
        abstract:
            "Group followers by follow date or by snapshot difference: size, suspicious share, engagement, departures.",
        discussion: """
            SNAPSHOT files are follower lists, oldest first: Instagram followers_1.json / followers.json (every \
            export variant), X archive follower.js, Mastodon or Bluesky follower pages, or CSV account[,followed_at].
            Exit codes: 0 ok; 1 failure; 2 bad input data; 3 a file cannot be opened.
            """
    )

    @Argument(help: "Follower snapshots, oldest first.")
    var snapshots: [String] = []

    @Option(help: "A stored account: its follower snapshots (one per fetch or export import), before the files.")
    var account: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOption

    @Option(help: "Period of follow-date cohorts: week or month.")
    var period: EngagementPeriod = .month

    @Option(help: "CSV of profile,probability (bot / fake scores of followers).")
    var scores: String?

    @Option(
        help: "Operating threshold: a score at or above it is suspicious. Default: the model's (as score and audit).")
    var threshold: Double?

    @Option(help: "The model whose operating threshold is the default --threshold. Default: the shipped model.")
    var model: String?

    @Option(parsing: .upToNextOption, help: "Interaction files (who engaged), to measure each cohort's engagement.")
    var interactions: [String] = []

    @OptionGroup var out: AnalyticsOutputOptions

    func validate() throws {
        guard !snapshots.isEmpty || account != nil else {
            throw ValidationError("Give at least one follower snapshot, or --account NAME.")
        }
        if let threshold, !(0...1).contains(threshold) {
            throw ValidationError("--threshold must be between 0 and 1.")
        }
    }

    func run() async throws {
        let console = ConsoleEvents(label: "cohorts", quiet: true)
        do {
            var stored: AccountRecords?
            if let account {
                let workspace = self.workspace
                stored = try await store.withStore { database in
                    try await workspace.checkReadable(account, store: database)
                    return try await database.fetchAccountRecords(account: account)
                }
            }
            try execute(console, stored: stored)
            console.finish()
        } catch let error as ExitCode {
            throw error
        } catch {
            console.finish(succeeded: false)
            throw TrueReachExit.fail(error)
        }
    }

    func execute(_ console: ConsoleEvents, stored: AccountRecords? = nil) throws {
        let policy = IssuePolicy(maxErrors: out.maxErrors)
        var list =
            snapshots.isEmpty ? [] : try AnalyticsInputs.snapshots(snapshots, policy: policy, events: console.handler)
        if let stored, let account {
            guard !stored.snapshots.isEmpty || !list.isEmpty else {
                throw AppError(
                    .badInput,
                    "'\(account)' has no stored follower snapshots in \(store.displayName); fetch or import it first")
            }
            list = stored.snapshots + list
        }
        let probabilities = try scores.map { try AnalyticsInputs.scores(path: $0) } ?? [:]
        let engagement =
            interactions.isEmpty
            ? nil : try AnalyticsInputs.posts(interactions, policy: policy, events: console.handler).interactions
        let job = CohortsJob(
            period: period, threshold: try AnalyticsInputs.suspicionThreshold(explicit: threshold, modelPath: model))
        let report = job.run(list, probabilities: probabilities, interactions: engagement)
        let sink = try OutputSink(path: out.output)
        defer { try? sink.close() }
        switch out.format {
        case .json: try sink.write(AnalyticsIO.json(report))
        case .csv:
            var out =
                "cohort,basis,start,members,left,left_share,scored,suspicious,suspicious_share,engaged,engaged_share\n"
            for c in report.cohorts {
                out +=
                    [
                        CSVField.text(c.label), c.basis.rawValue, c.start?.description ?? "", String(c.members),
                        c.left.map(String.init) ?? "", AnalyticsText.number(c.leftShare, digits: 4), String(c.scored),
                        String(c.suspicious), AnalyticsText.number(c.suspiciousShare, digits: 4),
                        c.engaged.map(String.init) ?? "", AnalyticsText.number(c.engagedShare, digits: 4),
                    ].joined(separator: ",") + "\n"
            }
            try sink.write(out)
        case .table:
            var rows = [["cohort", "followers", "suspicious", "engaged", "left since"]]
            for c in report.cohorts {
                rows.append([
                    TerminalText.sanitize(c.label), CountText.grouped(c.members),
                    c.scored > 0 ? AnalyticsText.percent(c.suspiciousShare) : "–",
                    AnalyticsText.percent(c.engagedShare),
                    c.left.map { "\($0) (\(AnalyticsText.percent(c.leftShare)))" } ?? "–",
                ])
            }
            var out = "\(report.profiles) followers in \(report.snapshots) snapshot(s)\n" + AnalyticsIO.grid(rows)
            for f in report.flows {
                out +=
                    "\(TerminalText.sanitize(f.from)) → \(TerminalText.sanitize(f.to)): "
                    + "\(f.joined) joined, \(f.left) left\n"
            }
            try sink.write(out)
        }
        if let html = out.html {
            try AnalyticsIO.writeFile(html, AnalyticsIO.page(title: "Cohorts", body: CohortSections.render(report)))
        }
    }
}
