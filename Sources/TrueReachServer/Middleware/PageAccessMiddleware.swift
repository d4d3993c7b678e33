import Foundation
public import Hummingbird
import HummingbirdAuth

/// Decides who a page request acts as.
///
/// On a loopback bind every request is the one local user's (``ServerRequestContext/Access/localUser``):
/// the Host guard keeps other sites' pages out, and a login would protect nothing from someone who
/// can already run programs as that user. Bound to any other address, a page needs a signed-in
/// session (``ServerRequestContext/Access/user(_:)``); without one a GET is sent to `/login` with
/// the page to return to, and anything else answers 401. The login page, the stylesheet,
/// `/openapi.json` and `/metrics` need no session; `/api` has its own check (``APIAccessMiddleware``).
public struct PageAccessMiddleware: RouterMiddleware {
    public typealias Context = ServerRequestContext

    let loopback: Bool

    /// Creates the middleware.
    ///
    /// - Parameter loopback: Whether the server is bound to loopback (no login there).
    public init(loopback: Bool) { self.loopback = loopback }

    /// Paths any visitor may reach.
    static let open: Set<String> = ["/login", "/static/app.css", "/openapi.json", "/metrics"]

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if path == "/api" || path.hasPrefix("/api/") { return try await next(request, context) }
        // Tracked links are followed by anyone who sees them: no session, no login.
        if path.hasPrefix("/r/") { return try await next(request, context) }
        var context = context
        if loopback {
            context.access = .localUser
            return try await next(request, context)
        }
        if let user = context.sessions.session?.user {
            context.access = .user(user)
            return try await next(request, context)
        }
        if Self.open.contains(path) { return try await next(request, context) }
        guard request.method == .get || request.method == .head else {
            throw ServerError(.unauthorized, "Sign in first: this server needs a session for its pages.")
        }
        var target = "/login"
        if path != "/" {
            let back = (request.uri.string).addingPercentEncoding(withAllowedCharacters: .urlQueryValueAllowed)
            if let back { target += "?next=" + back }
        }
        return Response(status: .seeOther, headers: [.location: target])
    }
}

extension CharacterSet {
    /// What may stay unescaped in a query value (RFC 3986 unreserved plus `/`).
    static let urlQueryValueAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        set.insert(charactersIn: "-._~/")
        return set
    }()
}
