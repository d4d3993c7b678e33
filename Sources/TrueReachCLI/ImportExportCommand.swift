import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachStore
import TrueReachIngest
import TrueReachReports

/// `truereach import x-archive PATH` and `import instagram-export PATH`: a platform's data export.
enum ImportExportCommand {
    /// What both export imports take.
    struct Options: ParsableArguments {
        @Argument(help: "The export: its folder, or the zip as downloaded.")
        var path: String

        @Option(help: "The name to store the audience under. Default: the account the export names.")
        var account: String?

        @Option(
            parsing: .upToNextOption,
            help: "Profile tables (any profile format) to join to the follower list by id or handle.")
        var profiles: [String] = []

        @OptionGroup var input: InputOptions
        @OptionGroup var store: StoreOptions
        @OptionGroup var workspace: WorkspaceOption

        func run(_ kind: ExportImportJob.Kind) async throws {
            let console = ConsoleEvents(label: "import", quiet: true)
            do {
                let job = ExportImportJob(kind: kind, configuration: input.configuration)
                let workspace = self.workspace
                let summary = try await store.withStore { database in
                    let summary = try await job.run(
                        path: path, account: account, profiles: profiles.map(IngestInput.path), into: database,
                        events: console.handler,
                        beforeWrite: { name, _ in try await workspace.checkWritable(name, store: database) })
                    let stored = try await database.fetchAudience(account: summary.account)
                    try await workspace.claim(summary.account, platform: stored?.platform, store: database)
                    return summary
                }
                console.finish()
                var message =
                    "Stored \(summary.followers) followers from the \(kind.rawValue) as the audience of "
                    + "'\(summary.account)' in \(store.displayName)"
                if summary.replacedExisting { message += ", replacing the earlier import" }
                if summary.posts > 0 { message += ", with \(summary.posts) posts" }
                message += ". "
                message +=
                    summary.withProfiles == summary.followers
                    ? "Every follower has a profile."
                    : "\(summary.followers - summary.withProfiles) of them are ids or usernames only: the audit "
                        + "counts them and, across imports, who joined and who left"
                        + (summary.posts > 0 ? ", and measures the posts' engagement" : "")
                        + "; the fake share, true reach and quality score need their profiles "
                        + "(join a profile table with --profiles)."
                FileHandle.standardError.write(Data((TerminalText.sanitize(message) + "\n").utf8))
            } catch {
                console.finish(succeeded: false)
                throw TrueReachExit.fail(error)
            }
        }
    }

    /// `truereach import x-archive PATH`.
    struct XArchive: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "x-archive",
            abstract: "Store an X (Twitter) archive's followers, as a snapshot, and its posts.",
            discussion: """
                Reads "Download an archive of your data" as downloaded (folder or zip): data/manifest.js \
                for the parts and the date, data/account.js for the account, every follower part and \
                every tweets part. Importing a later archive of the same account adds its follower list \
                as a new snapshot, so `audit --account` shows who joined and who left.
                """
        )

        @OptionGroup var options: Options

        func run() async throws { try await options.run(.xArchive) }
    }

    /// `truereach import instagram-export PATH`.
    struct Instagram: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "instagram-export",
            abstract: "Store an Instagram export's followers, with their follow times, as a snapshot.",
            discussion: """
                Reads "Download your information" (JSON) as downloaded (folder or zip): every \
                followers_N.json under connections/followers_and_following/ (or the older \
                followers_and_following/followers.json, a bare list or {"relationships_followers": ...}). \
                The account is named by personal_information.json when the export has it; else pass --account.
                """
        )

        @OptionGroup var options: Options

        func run() async throws { try await options.run(.instagramExport) }
    }
}
