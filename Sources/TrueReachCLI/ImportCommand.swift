import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachReports
import TrueReachStore

/// `truereach import`: store follower files, or a platform's data export, as an account's audience.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Store follower files, or a platform's data export, as the audience of an account.",
        discussion: """
            `truereach import FILE... --account NAME` stores follower files (the `files` subcommand, the \
            default); `import x-archive PATH` and `import instagram-export PATH` read the export a user \
            downloads from X or Instagram (its folder or zip).
            """,
        subcommands: [ImportFilesCommand.self, ImportExportCommand.XArchive.self, ImportExportCommand.Instagram.self],
        defaultSubcommand: ImportFilesCommand.self
    )
}

/// `truereach import [files] FILE...`: store follower files as the audience of a named account.
struct ImportFilesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "files",
        abstract: "Store follower files as the audience of an account, for later audits.",
        discussion: """
            The whole import is one database transaction: if any file cannot be read (or --strict meets
            a bad record, or more than --max-errors records are unreadable) nothing is stored and the
            database is left exactly as it was. Importing again under the same name replaces that
            audience. --posts, --series and --snapshots are stored with the account (each kind given
            replaces the stored one; kinds not given are kept), and `audit --account` uses them.
            """
    )

    @Argument(help: "Follower files; - reads standard input.")
    var files: [String] = []

    @Option(
        parsing: .upToNextOption,
        help: "Posts (and interactions) of the account, stored with it for `audit --account`.")
    var posts: [String] = []

    @Option(parsing: .upToNextOption, help: "Follower count series of the account, stored with it.")
    var series: [String] = []

    @Option(parsing: .upToNextOption, help: "Follower snapshots of the account, oldest first, stored with it.")
    var snapshots: [String] = []

    @Option(help: "The name to store the audience under (the account whose followers these are).")
    var account: String

    @OptionGroup var input: InputOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var workspace: WorkspaceOption

    func validate() throws {
        guard !files.isEmpty || !posts.isEmpty || !series.isEmpty || !snapshots.isEmpty else {
            throw ValidationError("Give follower files, or --posts, --series or --snapshots to store with the account.")
        }
        guard !account.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("--account must not be empty.")
        }
    }

    @Option(help: "Platform of the account whose audience this is. Default: the first follower's platform.")
    var platform: Platform?

    func run() async throws {
        let console = ConsoleEvents(label: "import", quiet: input.quiet)
        do {
            let job = ImportJob(
                reader: ProfileFileReader(configuration: input.configuration),
                options: AudienceImportOptions(strict: input.strict))
            // The account's other records are read (and checked) before anything is written.
            let extras = try AuditExtraInputs.read(
                posts: posts, series: series, snapshots: snapshots, policy: IssuePolicy(input.configuration),
                events: console.handler)
            let summary = try await store.withStore { database in
                try await workspace.checkWritable(account, store: database)
                let summary = try await job.run(
                    inputs: files.map(IngestInput.path), account: account, platform: platform, into: database,
                    records: extras.records, events: console.handler)
                let stored = try await database.fetchAudience(account: account)
                try await workspace.claim(account, platform: stored?.platform ?? platform, store: database)
                return summary
            }
            console.finish()
            var message =
                files.isEmpty
                ? "Stored the records of '\(account)' in \(store.displayName)"
                : "Stored \(summary.followersSaved) accounts as the audience of '\(account)' in \(store.displayName)"
            if summary.replacedExisting { message += ", replacing the earlier import" }
            if summary.duplicatesSkipped > 0 { message += "; skipped \(summary.duplicatesSkipped) repeated accounts" }
            if summary.invalidSkipped > 0 { message += "; skipped \(summary.invalidSkipped) invalid accounts" }
            let kept = [
                (extras.posts?.posts.count ?? 0, "posts"), (extras.posts?.interactions.count ?? 0, "interactions"),
                (extras.series.count, "count series"), (extras.snapshots.count, "snapshots"),
            ].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
            if !kept.isEmpty { message += "; with \(kept.joined(separator: ", "))" }
            FileHandle.standardError.write(Data((TerminalText.sanitize(message) + ".\n").utf8))
        } catch {
            console.finish(succeeded: false)
            throw TrueReachExit.fail(error)
        }
    }
}

extension Platform: ExpressibleByArgument {}
