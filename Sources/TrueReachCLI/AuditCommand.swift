import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachReports
import TrueReachStore

/// `truereach audit`: the audience report for profile files or a stored audience.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit an audience: composition, true reach and the Audience Quality Score.",
        discussion: """
            Audits the followers in FILE... or, with --account and no files, the audience stored under
            that name by `truereach import`. Every follower is scored (a census) unless --sample N asks
            for a seeded uniform sample, reported with 95% intervals. The audit is stored in the
            database so the account's history shows in later reports.
            With --posts (any format `truereach engagement` reads), the engagement rate over the last 12 posts, \
            divided by the same-size benchmark for an audience of the audited size, joins the Audience Quality \
            Score, and the HTML report gains engagement sections; --series adds growth anomalies, --snapshots \
            follower cohorts. Engagers and snapshot members found in the audience carry their audit scores.
            Past one machine (docs/scale-out.md): --partial audits one part of the followers into a
            versioned JSON of the mergeable state (with --input-name and --line-offset naming the
            original file and lines), storing nothing; --merge PARTIAL... merges the parts, given in
            input order, into the report one audit of the whole gives, byte for byte.
            """
    )

    @Argument(help: "Follower files to audit; - reads standard input.")
    var files: [String] = []

    @Option(
        help:
            "The audited account's name: its stored audience when no files are given, and the name its audit history is kept under."
    )
    var account: String?

    @Option(help: "Report format: table, json, csv or html.")
    var format: AuditReportFormat = .table

    @Option(help: "Write the report here instead of standard output.")
    var output: String?

    @Option(help: "Score a uniform random sample of this many followers instead of all of them.")
    var sample: Int?

    @Option(help: "Seed of the sample draw.")
    var seed: UInt64 = 1

    @Option(
        parsing: .upToNextOption,
        help: "Posts (and interactions) of the audited account: engagement joins the score and the report.")
    var posts: [String] = []

    @Option(parsing: .upToNextOption, help: "Follower count series: growth anomalies in the HTML report.")
    var series: [String] = []

    @Option(parsing: .upToNextOption, help: "Follower snapshots, oldest first: cohorts in the HTML report.")
    var snapshots: [String] = []

    @Flag(help: "Audit FILE as one part of a larger input: write the partial audit (JSON), store nothing.")
    var partial = false

    @Flag(help: "FILE... are partial audits of the parts of one input, in input order: merge them into the report.")
    var merge = false

    @OptionGroup var input: InputOptions
    @OptionGroup var scoring: ScorerOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOption
    @OptionGroup var part: PartOptions

    func validate() throws {
        if partial || merge {
            if partial && merge { throw ValidationError("--partial and --merge are two steps; give one.") }
            if files.isEmpty {
                throw ValidationError("Give the \(partial ? "part to audit" : "partial audits to merge").")
            }
            if !(posts.isEmpty && series.isEmpty && snapshots.isEmpty) {
                throw ValidationError("--posts, --series and --snapshots do not combine with --partial or --merge.")
            }
            if merge && (part.inputName != nil || part.issuesFile != nil) {
                throw ValidationError("--input-name and --issues-file belong to the --partial runs.")
            }
        } else if part.inputName != nil || part.issuesFile != nil {
            throw ValidationError("--input-name and --issues-file are for `audit --partial` (and score).")
        }
        if files.isEmpty && account == nil {
            throw ValidationError("Give follower files to audit, or --account NAME to audit a stored audience.")
        }
        if let sample, sample < 1 { throw ValidationError("--sample must be at least 1.") }
    }

    func run() async throws {
        // A merge reads no followers: the parts reported their progress and skipped records.
        let console = ConsoleEvents(label: "audit", quiet: input.quiet || merge)
        do {
            try await execute(console)
            console.finish()
        } catch {
            console.finish(succeeded: false)
            throw TrueReachExit.fail(error)
        }
    }

    private func execute(_ console: ConsoleEvents) async throws {
        if partial { return try await executePartial(console) }
        try await store.withStore { database in
            if merge { return try await executeMerge(database) }
            try await execute(console, database)
        }
    }

    /// `--partial`: the mergeable state of this part, to standard output or --output; no database.
    private func executePartial(_ console: ConsoleEvents) async throws {
        let job = AuditJob(
            scorer: try scoring.makeScorer(), asOf: try scoring.referenceDate(),
            sample: sample.map { SampleInfo(size: $0, seed: seed) })
        let source = AudienceSource.inputs(
            try part.inputs(files), ProfileFileReader(configuration: input.configuration))
        let result = try await job.partial(source: source, events: console.handler)
        let sink = try OutputSink(path: output)
        try sink.write(Array(try result.encoded()) + [0x0A])
        try sink.close()
    }

    /// `--merge`: the parts' report, stored and rendered as `audit` does.
    private func executeMerge(_ database: any AudienceStore & AccessStore) async throws {
        let partials = try files.map { try AuditPartial.decode(PartOptions.readWhole($0), name: $0) }
        // As one audit of the same files would call it: the original inputs the parts were read from.
        var inputNames: [String] = []
        for name in partials.flatMap({ $0.issues.inputs.map(\.name) }) where !inputNames.contains(name) {
            inputNames.append(name)
        }
        let name = account ?? Self.defaultName(inputNames)
        try await workspace.checkWritable(name, store: database)
        let job = AuditJob(scorer: try scoring.makeScorer(), asOf: try scoring.referenceDate())
        let report = try job.merge(partials, account: name, configuration: input.configuration)
        let history = try await AuditJob.record(report, account: name, in: database)
        try await workspace.claim(name, platform: Platform?.none, store: database)
        let rendered = try AuditRendering.render(
            report, format: format, history: history, synthetic: false, sections: [], extraJSON: [:])
        let sink = try OutputSink(path: output)
        try sink.write(rendered)
        try sink.close()
    }

    /// The account name of an audit of `files` without --account: their names without extension.
    static func defaultName(_ files: [String]) -> String {
        files.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }.joined(separator: "+")
    }

    private func execute(_ console: ConsoleEvents, _ database: any AudienceStore & AccessStore) async throws {
        let scorer = try scoring.makeScorer()
        let now = try scoring.referenceDate()
        let source: AudienceSource =
            files.isEmpty
            ? .stored(database, name: account ?? "")
            : .files(files, ProfileFileReader(configuration: input.configuration))
        let name = account ?? Self.defaultName(files)
        // The audit's history is kept under the name: it must be this workspace's (or nobody's yet).
        try await workspace.checkWritable(name, store: database)
        var inputs = try AuditExtraInputs.read(
            posts: posts, series: series, snapshots: snapshots, policy: IssuePolicy(input.configuration),
            events: console.handler)
        // A stored audience is audited with what is stored with it, unless files are given instead.
        if files.isEmpty && inputs.isEmpty {
            inputs = AuditExtraInputs(try await database.fetchAccountRecords(account: name))
        }
        let job = AuditJob(scorer: scorer, asOf: now, sample: sample.map { SampleInfo(size: $0, seed: seed) })
        let result = try await job.run(source: source, account: name, extras: inputs, events: console.handler)
        // A census of a stored audience also stores each follower's result (the dashboard's explorer).
        let history = try await job.record(result, source: source, account: name, in: database).history
        try await workspace.claim(
            name, platform: try await database.fetchAudience(account: name)?.platform, store: database)
        let rendered = try AuditRendering.render(
            result.report, format: format, history: history, synthetic: false, sections: result.extras.sections,
            extraJSON: result.extras.json)
        let sink = try OutputSink(path: output)
        try sink.write(rendered)
        try sink.close()
    }
}
