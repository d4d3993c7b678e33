import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachReports
import TrueReachStore

/// `truereach growth SERIES...`: spikes, drops, round jumps and see-saws in follower and following counts.
struct GrowthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "growth",
        abstract: "Find growth anomalies (spikes, purges, round jumps, follow/unfollow see-saws) in count series.",
        discussion: """
            SERIES are Iconosquare exports, Social Blade tables, the multi-platform idol table, or canonical \
            CSV date,followers[,following]. With --posts, a follower spike followed by falling engagement is flagged.
            With --benchmark, spikes and drops of known date and size are injected into the series and the \
            detector's precision and recall are printed.
            Exit codes: 0 ok; 1 failure; 2 bad input data; 3 a file cannot be opened.
            """
    )

    @Argument(help: "Count series files.")
    var series: [String] = []

    @Option(
        help: "A stored account: its follower-count series (one point per fetch or import) and posts, with the files.")
    var account: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOption

    @Option(parsing: .upToNextOption, help: "Post files of the same account (any engagement format).")
    var posts: [String] = []

    @Option(help: "Robust z-score at or above which a change is anomalous.")
    var threshold: Double = GrowthParameters().threshold

    @Option(help: "Days on each side of a day used for its baseline.")
    var window: Int = GrowthParameters().halfWindow

    @Flag(help: "Inject spikes and drops into the series and print precision and recall.")
    var benchmark = false

    @Option(help: "Seed for --benchmark.")
    var seed: UInt64 = 42

    @Option(help: "Injections per series and size for --benchmark.")
    var trials: Int = 10

    @OptionGroup var out: AnalyticsOutputOptions

    func validate() throws {
        guard !series.isEmpty || account != nil else {
            throw ValidationError("Give at least one series file, or --account NAME.")
        }
        guard threshold > 0 else { throw ValidationError("--threshold must be positive.") }
        guard window >= 3 else { throw ValidationError("--window must be at least 3 days.") }
        guard trials > 0 else { throw ValidationError("--trials must be positive.") }
    }

    func run() async throws {
        let console = ConsoleEvents(label: "growth", quiet: true)
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

    struct Output: Encodable {
        var series: [GrowthReport]
        var issues: Int
    }

    func execute(_ console: ConsoleEvents, stored: AccountRecords? = nil) throws {
        let policy = IssuePolicy(maxErrors: out.maxErrors)
        var (all, issues) =
            series.isEmpty ? ([], 0) : try AnalyticsInputs.series(series, policy: policy, events: console.handler)
        if let stored, let account {
            guard !stored.series.isEmpty || !all.isEmpty else {
                throw AppError(
                    .badInput,
                    "'\(account)' has no stored follower-count series in \(store.displayName); fetch or import it first"
                )
            }
            all = stored.series + all
        }
        let job = GrowthJob(parameters: GrowthParameters(halfWindow: window, threshold: threshold))
        let sink = try OutputSink(path: out.output)
        defer { try? sink.close() }
        if benchmark {
            let result = job.benchmark(all, trials: trials, seed: seed)
            switch out.format {
            case .json: try sink.write(AnalyticsIO.json(result))
            case .csv, .table:
                try sink.write(Self.benchmarkTable(result, format: out.format, seed: seed, trials: trials))
            }
            return
        }
        var postBatch = posts.isEmpty ? nil : try AnalyticsInputs.posts(posts, policy: policy, events: console.handler)
        if postBatch == nil, let stored, !stored.posts.isEmpty {
            postBatch = AuditExtraInputs(stored).posts
        }
        let reports = job.run(all, posts: postBatch)
        switch out.format {
        case .json: try sink.write(AnalyticsIO.json(Output(series: reports, issues: issues)))
        case .csv:
            var out = "series,date,kind,metric,size,change,expected,score,days,estimated,engagement_ratio,reason\n"
            for r in reports {
                for a in r.anomalies {
                    out +=
                        [
                            CSVField.text(r.name), a.date.description, a.kind.rawValue, a.metric.rawValue,
                            String(a.size),
                            String(a.change), AnalyticsText.number(a.expected, digits: 1),
                            AnalyticsText.number(a.score, digits: 2),
                            String(a.days), a.estimated ? "true" : "false",
                            AnalyticsText.number(a.engagementRatio, digits: 3),
                            CSVField.text(a.reason),
                        ].joined(separator: ",") + "\n"
                }
            }
            try sink.write(out)
        case .table:
            var out = ""
            for r in reports {
                let span = "\(r.firstDay?.description ?? "?") … \(r.lastDay?.description ?? "?")"
                let counts =
                    "\(r.firstFollowers.map(CountText.grouped) ?? "?") → \(r.lastFollowers.map(CountText.grouped) ?? "?")"
                out +=
                    "\(TerminalText.sanitize(r.name)): \(r.days) days (\(span)), followers \(counts), "
                    + "\(r.anomalies.count) anomalies\(r.estimatedDays > 0 ? ", \(r.estimatedDays) estimated days" : "")\n"
                for a in r.anomalies {
                    out +=
                        "  \(a.date)  \(a.kind.rawValue)  \(a.metric.rawValue)  \(CountText.grouped(a.size))  "
                        + "score \(AnalyticsText.number(a.score, digits: 1)): \(a.reason)\n"
                }
            }
            try sink.write(out)
        }
        if let html = out.html {
            try AnalyticsIO.writeFile(
                html, AnalyticsIO.page(title: "Growth", body: GrowthSections.render(series: all, reports: reports)))
        }
    }

    static func benchmarkTable(_ r: GrowthBenchmark.Result, format: AnalyticsFormat, seed: UInt64, trials: Int)
        -> String
    {
        if format == .csv {
            var out = "relative_size,injections,detected,false_positives,precision,recall\n"
            for row in r.rows + [r.total] {
                out +=
                    [
                        row == r.total ? "all" : AnalyticsText.number(row.relativeSize, digits: 4),
                        String(row.injections),
                        String(row.detected), String(row.falsePositives),
                        AnalyticsText.number(row.precision, digits: 3),
                        AnalyticsText.number(row.recall, digits: 3),
                    ].joined(separator: ",") + "\n"
            }
            return out
        }
        var rows = [["injected size", "injections", "detected", "false positives", "precision", "recall"]]
        for row in r.rows + [r.total] {
            rows.append([
                row == r.total ? "all sizes" : AnalyticsText.percent(row.relativeSize) + " of count",
                String(row.injections), String(row.detected), String(row.falsePositives),
                AnalyticsText.number(row.precision, digits: 3), AnalyticsText.number(row.recall, digits: 3),
            ])
        }
        return
            "Growth detection benchmark: \(r.series) series, \(trials) injections per series and size, seed \(seed); "
            + "\(r.cleanAnomalies) anomalies on the clean series (not scored).\n" + AnalyticsIO.grid(rows)
    }
}
