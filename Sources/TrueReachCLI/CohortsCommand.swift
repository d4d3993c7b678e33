import ArgumentParser
import Foundation
import TrueReachCore
import TrueReachIngest
import TrueReachReports

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
    var snapshots: [String]

    @Option(help: "Period of follow-date cohorts: week or month.")
    var period: EngagementPeriod = .month

    @Option(help: "CSV of account,probability (bot / fake scores of followers).")
    var scores: String?

    @Option(help: "Operating threshold: a score at or above it is suspicious.")
    var threshold: Double = 0.5

    @Option(parsing: .upToNextOption, help: "Interaction files (who engaged), to measure each cohort's engagement.")
    var interactions: [String] = []

    @OptionGroup var out: AnalyticsOutputOptions

    func validate() throws {
        guard !snapshots.isEmpty else { throw ValidationError("Give at least one follower snapshot.") }
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1.") }
    }

    func run() async throws {
        do {
            try execute()
        } catch let error as ExitCode {
            throw error
        } catch {
            throw TrueReachExit.fail(error)
        }
    }

    func execute() throws {
        var list: [FollowerSnapshot] = []
        var issues: [IngestIssue] = []
        for path in snapshots {
            let (snapshot, bad) = try FollowerSnapshotReader.read(path: path)
            list.append(snapshot)
            issues += bad
        }
        let records = list.reduce(0) { $0 + $1.entries.count }
        try AnalyticsIO.checkIssues(issues, records: records, maxErrors: out.maxErrors)
        guard records > 0 else {
            throw CLIError(message: "the snapshots hold no followers", exitCode: TrueReachExit.badInput)
        }
        let probabilities = try scores.map(AnalyticsIO.readScores) ?? [:]
        var engagement: [Interaction]?
        if !interactions.isEmpty {
            let batch = try PostReader.read(paths: interactions)
            try AnalyticsIO.checkIssues(batch.issues, records: batch.records, maxErrors: out.maxErrors)
            engagement = batch.interactions
        }
        let report = FollowerCohorts.analyze(
            list, period: period, probabilities: probabilities, threshold: threshold, interactions: engagement)
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
                        c.left.map(String.init) ?? "", AnalyticsIO.number(c.leftShare, digits: 4), String(c.scored),
                        String(c.suspicious), AnalyticsIO.number(c.suspiciousShare, digits: 4),
                        c.engaged.map(String.init) ?? "", AnalyticsIO.number(c.engagedShare, digits: 4),
                    ].joined(separator: ",") + "\n"
            }
            try sink.write(out)
        case .table:
            var rows = [["cohort", "followers", "suspicious", "engaged", "left since"]]
            for c in report.cohorts {
                rows.append([
                    TerminalText.sanitize(c.label), CountText.grouped(c.members),
                    c.scored > 0 ? AnalyticsIO.percent(c.suspiciousShare) : "–", AnalyticsIO.percent(c.engagedShare),
                    c.left.map { "\($0) (\(AnalyticsIO.percent(c.leftShare)))" } ?? "–",
                ])
            }
            var out = "\(report.accounts) followers in \(report.snapshots) snapshot(s)\n" + AnalyticsIO.grid(rows)
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
