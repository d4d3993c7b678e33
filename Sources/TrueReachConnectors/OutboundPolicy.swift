import Foundation

/// Where a connector may send requests: one origin (scheme, host, port), over https unless it is
/// this machine, and never to an address a public platform does not have.
///
/// Every URL a fetch requests, including the `next` links a server hands back, is checked against
/// the origin before it is sent. The origin's host is resolved once, on first use: an address that
/// is private, link-local, unspecified, multicast or reserved is refused; a loopback address only
/// when the origin was given on purpose (`--base-url`), as the tests and a local mirror do.
///
/// ```swift
/// let policy = try OutboundPolicy(baseURL: "https://mastodon.social", explicit: false)
/// try await policy.check(URL(string: "https://mastodon.social/api/v1/accounts/lookup?acct=gargron")!)
/// ```
public actor OutboundPolicy {
    /// The one origin requests may go to, as `scheme://host[:port]`.
    public nonisolated let origin: String
    /// The base URL, normalised (no trailing slash).
    public nonisolated let baseURL: URL
    private nonisolated let host: String
    private nonisolated let allowsLoopback: Bool
    private var checkedAddresses: [NetworkAddress]?
    private let resolve: @Sendable (String) async throws -> [NetworkAddress]

    /// Checks `baseURL` and makes the policy for it.
    ///
    /// - Parameters:
    ///   - text: The instance or service, such as `https://mastodon.social`.
    ///   - explicit: Whether the user named this URL (`--base-url`): only then may it be loopback.
    ///   - resolve: Name resolution (the system's, unless a test replaces it).
    /// - Throws: ``ConnectorError`` `.refused` for a URL that is not http(s), has no host, carries a
    ///   user or password, or is plain http to a host other than a loopback literal or `localhost`.
    public init(
        baseURL text: String, explicit: Bool,
        resolve: @escaping @Sendable (String) async throws -> [NetworkAddress] = NetworkAddress.resolve
    ) throws {
        var trimmed = text
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            let host = components.host?.lowercased(), !host.isEmpty, let url = components.url
        else { throw ConnectorError(.refused, "'\(text)' is not a URL with a host.") }
        guard scheme == "https" || scheme == "http" else {
            throw ConnectorError(.refused, "'\(text)': only https URLs are fetched.")
        }
        guard components.user == nil, components.password == nil else {
            throw ConnectorError(.refused, "'\(text)': a URL with a user or password is not fetched.")
        }
        if scheme == "http" && !Self.isLoopbackName(host) {
            throw ConnectorError(
                .refused,
                "\(host): plain http is accepted only for this machine (127.0.0.1, ::1, localhost); use https.")
        }
        self.host = host
        self.allowsLoopback = explicit
        self.baseURL = url
        self.origin = Self.origin(scheme: scheme, host: host, port: components.port)
        self.resolve = resolve
    }

    /// Checks that `url` is on the origin and that the origin's host is an address TrueReach may reach.
    ///
    /// - Throws: ``ConnectorError`` `.refused`, or `.unavailable` when the host does not resolve.
    public func check(_ url: URL) async throws {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: true),
            let scheme = components.scheme?.lowercased(), let host = components.host?.lowercased(),
            Self.origin(scheme: scheme, host: host, port: components.port) == origin,
            components.user == nil, components.password == nil
        else {
            throw ConnectorError(
                .refused, "\(Self.redacted(url)) is not on \(origin); a fetch only asks the instance or service named.")
        }
        if checkedAddresses == nil {
            let addresses = try await resolve(host)
            guard !addresses.isEmpty else { throw ConnectorError(.unavailable, "\(host) resolves to no address.") }
            for address in addresses {
                switch address.scope {
                case .global: continue
                case .loopback where allowsLoopback: continue
                case .loopback:
                    throw ConnectorError(
                        .refused,
                        "\(host) resolves to \(address), this machine: refused (name it with --base-url to fetch from it)."
                    )
                default:
                    throw ConnectorError(
                        .refused, "\(host) resolves to \(address), a \(address.scope.rawValue) address: refused.")
                }
            }
            checkedAddresses = addresses
        }
    }

    /// `url` without its query (which may carry cursors, never needed in a message).
    nonisolated static func redacted(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return "(a URL)" }
        components.query = nil
        components.user = nil
        components.password = nil
        return components.string ?? "(a URL)"
    }

    private static func isLoopbackName(_ host: String) -> Bool {
        if host == "localhost" || host.hasSuffix(".localhost") { return true }
        return NetworkAddress(literal: host)?.scope == .loopback
    }

    private static func origin(scheme: String, host: String, port: Int?) -> String {
        let defaultPort = scheme == "https" ? 443 : 80
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        guard let port, port != defaultPort else { return "\(scheme)://\(bracketed)" }
        return "\(scheme)://\(bracketed):\(port)"
    }
}
