import HTTPTypes
public import Hummingbird
import Logging

/// Answers `421 Misdirected Request` to any request whose `Host` does not name a loopback address.
///
/// A loopback server is reachable from any web page the local user opens: a page on `evil.example`
/// whose name an attacker re-points to 127.0.0.1 (DNS rebinding) would otherwise read the dashboard
/// as same-origin. Browsers send that page's name in `Host`, so only `127.0.0.1`, `localhost` and
/// `[::1]`, each with or without a port, are served. The name is what defeats rebinding; the port is
/// not compared (it is the server's own). A request without a host, or with any `Host` field that
/// names another host, is refused too.
///
/// 421 rather than 403: the request is not forbidden to its sender, it was sent to a server that does
/// not answer for that name (RFC 9110 §15.5.20).
public struct LoopbackHostMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var names = request.headers[values: .host]
        if let authority = request.head.authority { names.append(authority) }
        guard !names.isEmpty, names.allSatisfy(Self.isLoopback(authority:)) else {
            context.logger.notice("refused a request for another host (DNS rebinding protection)")
            throw ServerError(.misdirectedRequest, "This server answers only for 127.0.0.1, localhost and [::1].")
        }
        return try await next(request, context)
    }

    /// Whether `authority` (`host[:port]`) names a loopback address the server answers for.
    static func isLoopback(authority: String) -> Bool {
        var host = Substring(authority.lowercased())
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
            let port = host[host.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCIIDigitForPort) else { return false }
            host = host[..<colon]
        }
        return ServerConfiguration.loopbackHosts.contains(String(host))
    }
}

extension Character {
    fileprivate var isASCIIDigitForPort: Bool { ("0"..."9").contains(self) }
}

extension HTTPField.Name {
    /// `Host`: HTTPTypes keeps the HTTP/1 `Host` in the request's authority, and in the fields when sent twice.
    static let host = named("Host")

    /// A field name this module spells as a literal.
    static func named(_ name: StaticString) -> HTTPField.Name {
        guard let field = HTTPField.Name(name.description) else { preconditionFailure("'\(name)' is not a field name") }
        return field
    }
}
