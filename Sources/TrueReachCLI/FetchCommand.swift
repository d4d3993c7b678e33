import ArgumentParser
import Foundation
import TrueReachApp
import TrueReachConnectors
import TrueReachReports

/// `truereach fetch mastodon @user@instance` and `fetch bluesky HANDLE`: an account's followers and
/// recent posts from the platform's public API, as a snapshot, ready for `audit --account`.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch an account's followers and recent posts from Mastodon or Bluesky.",
        discussion: """
            Each fetch is a snapshot: the follower list and counts as of the fetch, so a later fetch of \
            the same account shows who joined and who left (audit --account) and adds a point to its \
            follower-count series (growth). A fetch stopped at any point (a network error, Ctrl-C, \
            kill -9) continues where it stopped when run again, with no follower lost or stored twice; \
            --restart starts over. Requests go only to the instance or service named, over https \
            (plain http only to this machine), never to private or link-local addresses; the server's \
            rate limit is honoured, and failures are retried with backoff.
            """,
        subcommands: [Mastodon.self, Bluesky.self]
    )

    /// What both fetches take.
    struct Options: ParsableArguments {
        @Option(
            help: ArgumentHelp(
                "Send requests here instead of the platform's own address (a mirror, a test server).",
                valueName: "url"))
        var baseURL: String?

        @Option(help: "Recent posts to fetch, with their counts (0: none).")
        var posts: Int = 40

        @Option(help: "Retries of a request that fails (5xx, a timeout, a broken answer) before the fetch stops.")
        var retries: Int = 5

        @Flag(help: "Discard a stopped fetch of this account and start again.")
        var restart = false

        @Flag(help: "No progress on standard error.")
        var quiet = false

        @OptionGroup var store: StoreOptions
        @OptionGroup var workspace: WorkspaceOption

        func validate() throws {
            guard posts >= 0 else { throw ValidationError("--posts must be 0 or more.") }
            guard (0...100).contains(retries) else { throw ValidationError("--retries must be between 0 and 100.") }
        }

        /// The limits every request is held to.
        var limits: HTTPLimits {
            var limits = HTTPLimits()
            limits.maxAttempts = retries + 1
            return limits
        }

        func run(_ source: any FollowerSource, shutdown: @Sendable () async -> Void) async throws {
            let console = ConsoleEvents(label: "fetch", quiet: quiet)
            do {
                let job = FetchJob(postLimit: posts, restart: restart)
                let summary = try await store.withStore { database in
                    try await workspace.checkWritable(source.account, store: database)
                    let summary = try await job.run(source, into: database, events: console.handler)
                    try await workspace.claim(summary.account, platform: source.platform, store: database)
                    return summary
                }
                await shutdown()
                console.finish()
                FileHandle.standardError.write(Data((TerminalText.sanitize(Self.describe(summary, store)) + "\n").utf8))
            } catch {
                await shutdown()
                console.finish(succeeded: false)
                throw TrueReachExit.fail(error)
            }
        }

        static func describe(_ summary: FetchJob.Summary, _ store: StoreOptions) -> String {
            var text = "Stored \(summary.followers) followers of \(summary.account)"
            if let reported = summary.reportedFollowers, reported != summary.followers {
                text += " (the profile counts \(reported))"
            }
            text += " in \(store.displayName) as the snapshot '\(summary.snapshot)'"
            if summary.resumed { text += ", continuing a stopped fetch" }
            if let joined = summary.joined, let left = summary.left {
                text += "; since the previous snapshot \(joined) joined and \(left) left"
            }
            if summary.posts > 0 { text += "; with \(summary.posts) recent posts" }
            if summary.skipped > 0 { text += "; \(summary.skipped) follower records could not be read (listed above)" }
            return text + ". Next: truereach audit --account \(summary.account)"
        }
    }

    /// `truereach fetch mastodon @user@instance`.
    struct Mastodon: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mastodon",
            abstract: "Fetch a Mastodon account's followers (80 a page) and statuses from its instance.",
            discussion: """
                Looks the account up on its own instance (/api/v1/accounts/lookup), walks \
                /api/v1/accounts/:id/followers by its Link header, then reads recent statuses. An \
                account that hides its followers, or an instance that answers only its users, ends \
                with a message and stores nothing; for the latter, set a user token in the variable \
                --token-env names. Paging is limited to 300 requests per 15 minutes per address: \
                about 24,000 followers per 15 minutes.
                """
        )

        @Argument(help: "The account: @user@instance.")
        var account: String

        @Option(help: "An environment variable holding a user token for the instance (never logged).")
        var tokenEnv: String = "TRUEREACH_MASTODON_TOKEN"

        @OptionGroup var options: Options

        func run() async throws {
            let token = ProcessInfo.processInfo.environment[tokenEnv].flatMap { $0.isEmpty ? nil : $0 }
            let source: MastodonSource
            do {
                source = try MastodonSource(
                    account: account, baseURL: options.baseURL, token: token, limits: options.limits)
            } catch {
                throw TrueReachExit.fail(error)
            }
            try await options.run(source) { await source.shutdown() }
        }
    }

    /// `truereach fetch bluesky HANDLE`.
    struct Bluesky: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bluesky",
            abstract: "Fetch a Bluesky account's followers (100 a page) and posts from the public AppView.",
            discussion: """
                Reads app.bsky.graph.getFollowers from public.api.bsky.app (no login), then \
                app.bsky.actor.getProfiles 25 at a time for the counts a follower list lacks, and \
                app.bsky.feed.getAuthorFeed for posts.
                """
        )

        @Argument(help: "The handle (name.bsky.social) or DID.")
        var handle: String

        @OptionGroup var options: Options

        func run() async throws {
            let source: BlueskySource
            do {
                source = try BlueskySource(handle: handle, baseURL: options.baseURL, limits: options.limits)
            } catch {
                throw TrueReachExit.fail(error)
            }
            try await options.run(source) { await source.shutdown() }
        }
    }
}
