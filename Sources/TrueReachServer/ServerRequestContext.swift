public import Hummingbird

/// The request context of every route: Hummingbird's core storage plus who is asking.
///
/// Phase 1 serves loopback only with no users, so every request is the one local user's
/// (``Access/localUser``). The token and session middleware of a later phase set ``access`` instead, and
/// routes that must know the workspace read it from here.
public struct ServerRequestContext: RequestContext {
    /// Who a request acts as.
    public enum Access: Sendable, Hashable {
        /// The one local user of a loopback server without users (everyone who reaches it there).
        case localUser
        /// A signed-in user (by name); users see every workspace.
        case user(String)
        /// An API token, which reaches its own workspace only.
        case token(workspace: String)
    }

    /// Hummingbird's storage (logger, parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// Who the request acts as.
    public var access: Access
    /// The CSRF token of a page request (``CSRFMiddleware``): forms put it in the hidden field
    /// `csrf_token`; `nil` on `/api` routes.
    public var csrfToken: String?

    /// Creates the context of a new request.
    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.access = .localUser
        self.csrfToken = nil
    }
}
