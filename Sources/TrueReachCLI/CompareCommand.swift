import ArgumentParser
import TrueReachApp
import TrueReachCore
import TrueReachReports
import TrueReachStore

/// `truereach compare --account A --account B [...]`: stored accounts side by side, with audience overlap.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare 2 to 10 stored accounts side by side, with their audience overlap.",
        discussion: """
            Each account's figures come from its latest audit (`truereach audit --account NAME`): followers, \
            estimated fake share with its 95% interval, true reach, Audience Quality Score, engagement rate \
            against the same-size benchmark (from the posts stored with it), growth anomalies (from its stored \
            follower-count series), human clicks of its tracked links per 1,000 real followers; unknown where the \
            data does not give them.
            Overlap counts real followers (suspicious ones left out) from the audits' per-follower results: \
            for each pair, the followers both reach and their share of the smaller audience, and the unique \
            real followers of all. Exact up to --exact-up-to followers in all, else estimated from HyperLogLog \
            sketches with the error stated beside the figure. A sampled audit stores no per-follower results, \
            so its overlap is unknown.
            --rank orders the accounts as a shortlist by a weighted sum of their normalised figures (AQS, \
            authentic share, true-reach share, engagement vs benchmark, growth anomalies as a penalty, the share \
            of real followers no higher-ranked account reaches, outcomes), showing each component's value and \
            contribution; an unknown figure counts as 0. Change a weight with --weight KEY=VALUE (keys: \
            \(ShortlistComponent.allCases.map(\.key).joined(separator: ", ")); defaults in docs/metrics.md).
            Exit codes: 0 ok; 1 failure; 2 an account unknown, without an audit, or another workspace's; \
            3 the database cannot be opened; 64 usage error.
            """
    )

    @Option(help: "A stored account to compare (give 2 to 10, in the order to show).")
    var account: [String] = []

    @Option(help: "Report format: table, json, csv or html.")
    var format: Format = .table

    @Option(help: "Count overlap exactly while the audited audiences hold at most this many followers in all.")
    var exactUpTo: Int = CompareJob.defaultExactUpTo

    @Option(help: "Write the report here instead of standard output.")
    var output: String?

    @Flag(help: "Rank the accounts as a shortlist by the weighted figures (--weight changes a weight).")
    var rank = false

    @Option(
        help: ArgumentHelp(
            "A shortlist weight, KEY=VALUE (repeatable; implies --rank); the others keep their defaults.",
            valueName: "key=value"))
    var weight: [String] = []

    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOption

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, csv, html
    }

    func validate() throws {
        guard (2...CompareJob.maximumAccounts).contains(account.count) else {
            throw ValidationError("Give 2 to \(CompareJob.maximumAccounts) accounts with --account NAME.")
        }
        guard Set(account).count == account.count else {
            throw ValidationError("An account is given twice; name each once.")
        }
        guard exactUpTo >= 0 else { throw ValidationError("--exact-up-to must be 0 or more.") }
        _ = try weights()
    }

    /// The shortlist's weights when ranking (`--rank`, or any `--weight`), else `nil`.
    func weights() throws -> ShortlistWeights? {
        guard rank || !weight.isEmpty else { return nil }
        do {
            return try ShortlistWeights.parse(weight)
        } catch {
            throw ValidationError("--weight: \(error.message)")
        }
    }

    func run() async throws {
        do {
            let accounts = account
            let workspace = self.workspace
            var job = CompareJob(exactUpTo: exactUpTo)
            job.ranking = try weights()
            let report = try await store.withStore { database in
                for name in accounts { try await workspace.checkReadable(name, store: database) }
                return try await job.run(accounts: accounts, store: database)
            }
            let text: String
            switch format {
            case .table: text = CompareTable.render(report)
            case .json: text = try CompareJSON.render(report)
            case .csv: text = CompareCSV.render(report)
            case .html: text = CompareHTML.render(report)
            }
            let sink = try OutputSink(path: output)
            try sink.write(text)
            try sink.close()
        } catch {
            throw TrueReachExit.fail(error)
        }
    }
}
