public import Logging
public import TrueReachStore

/// How `truereach serve` runs: where it listens and which database it serves.
///
/// Every field defaults; the CLI builds one from `--host`, `--port` and `--database`.
public struct ServerConfiguration: Sendable {
    /// The address to bind (default `127.0.0.1`).
    ///
    /// On loopback (`127.0.0.1`, `::1` or `localhost`) the one local user needs no login; any other
    /// address needs a user in the database (the application refuses to start without one) and pages
    /// need a signed-in session.
    public var host: String
    /// The TCP port (default 8080; 0 picks a free one).
    public var port: Int
    /// The database to serve (`--database`; a SQLite file or a PostgreSQL URL).
    public var database: StoreLocation
    /// Where the server logs (requests at info, failures at error).
    public var logger: Logger
    /// A file of user-agent rules that extends the shipped `click-agents.tsv` (`--click-agents`).
    public var clickAgentsPath: String?
    /// Seconds within which a visitor's repeated click on a tracked link is a duplicate (default an hour).
    public var duplicateWindow: Double
    /// Reverse proxies whose `X-Forwarded-For` names a tracked link's visitor (`--trusted-proxy`).
    ///
    /// Addresses and networks; none by default, so the header is ignored. See ``TrustedProxies``.
    public var trustedProxies: [String]

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        database: StoreLocation,
        logger: Logger = Logger(label: "truereach.server"),
        clickAgentsPath: String? = nil,
        duplicateWindow: Double = 3_600,
        trustedProxies: [String] = []
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.logger = logger
        self.clickAgentsPath = clickAgentsPath
        self.duplicateWindow = duplicateWindow
        self.trustedProxies = trustedProxies
    }

    /// The host names a loopback bind may be reached by (the `Host` header's name part).
    static let loopbackHosts: Set<String> = ["127.0.0.1", "localhost", "[::1]"]

    /// Whether ``host`` is one of the loopback addresses, where no login is needed.
    public var bindsLoopback: Bool { ["127.0.0.1", "::1", "localhost"].contains(host.lowercased()) }

    /// Checks that the server may start as configured.
    ///
    /// - Throws: ``ServerError`` `.invalidConfiguration` for a port outside 0...65535, an empty host, a
    ///   negative duplicate window or a trusted proxy that is not an address or network.
    public func validate() throws {
        guard (0...65_535).contains(port) else {
            throw ServerError(.invalidConfiguration, "--port must be between 0 and 65535 (0 picks a free port).")
        }
        guard !host.isEmpty else {
            throw ServerError(.invalidConfiguration, "--host must name an address (127.0.0.1 by default).")
        }
        guard duplicateWindow.isFinite, duplicateWindow >= 0 else {
            throw ServerError(.invalidConfiguration, "--duplicate-window must be 0 minutes or more.")
        }
        _ = try TrustedProxies(trustedProxies)
    }
}
