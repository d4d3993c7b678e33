import ArgumentParser
import Foundation
import Hummingbird
import Logging
import TrueReachServer
import TrueReachStore

/// `truereach serve`: the web dashboard and JSON API over the database, until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web dashboard and JSON API of the stored accounts.",
        discussion: """
            Serves the accounts in the database (--database, as for every other command): the pages at /,
            the JSON API under /api, Prometheus metrics at /metrics. Stops gracefully on SIGINT or SIGTERM,
            finishing requests in flight.
            On loopback (127.0.0.1, the default, ::1 or localhost) the one local user needs no login and only
            requests naming that loopback host are answered (others get 421, against DNS rebinding). Any
            other address needs a user (`truereach user create NAME`) and pages need a signed-in session;
            without a user, serve refuses to start. The API needs a token everywhere
            (`truereach token create --workspace NAME`).
            Uploads (a form on each account's page, or POST /api/accounts/NAME/uploads) are written to an
            uploads folder beside a SQLite database, imported and audited as background jobs that survive a
            restart; --max-upload-mb caps a file's size.
            Request logs go to standard error at info (TRUEREACH_LOG_LEVEL overrides).
            """
    )

    @Option(help: "The address to bind: 127.0.0.1 (default); beyond loopback a user must exist.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port (0 picks a free one).")
    var port = 8080

    @Option(help: "The largest followers file an upload may carry, in MiB.")
    var maxUploadMb = 100

    @Option(
        name: .customLong("click-agents"),
        help: "A file of user-agent rules (the format of Resources/click-agents.tsv) that extends the shipped one.")
    var clickAgents: String?

    @Option(
        name: .customLong("duplicate-window"),
        help: "Minutes within which a visitor's repeated click on a tracked link counts as a duplicate.")
    var duplicateWindow: Double = 60

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "A reverse proxy's address or network (10.0.0.0/8) whose X-Forwarded-For names a tracked link's visitor; repeatable.",
            discussion: "Without one the header is ignored: any client can write it."))
    var trustedProxies: [String] = []

    @OptionGroup var store: StoreOptions

    func validate() throws {
        do {
            try serverConfiguration(database: .sqlite(path: "")).validate()
            try jobConfiguration.validate()
        } catch let error as ServerError {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        do {
            let app = try await buildApplication(
                configuration: serverConfiguration(database: StoreLocation(parsing: store.databasePath())),
                jobs: jobConfiguration)
            try await app.runService()
        } catch {
            throw TrueReachExit.fail(error)
        }
    }

    /// Uploads of at most `--max-upload-mb`; uploaded files wait beside a SQLite database.
    private var jobConfiguration: JobConfiguration {
        JobConfiguration(maxUploadBytes: maxUploadMb > 0 && maxUploadMb <= 1 << 20 ? maxUploadMb << 20 : 0)
    }

    private func serverConfiguration(database: StoreLocation) -> ServerConfiguration {
        var logger = Logger(label: "truereach.server")
        // Request logs are what a server is watched by: info unless TRUEREACH_LOG_LEVEL chose a level.
        if ProcessInfo.processInfo.environment["TRUEREACH_LOG_LEVEL"] == nil { logger.logLevel = .info }
        return ServerConfiguration(
            host: host, port: port, database: database, logger: logger, clickAgentsPath: clickAgents,
            duplicateWindow: duplicateWindow * 60, trustedProxies: trustedProxies)
    }
}
