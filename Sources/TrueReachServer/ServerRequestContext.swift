public import Hummingbird
public import HummingbirdAuth

/// The request context of every route: Hummingbird's core storage, the session, and who is asking.
///
/// ``PageAccessMiddleware`` and ``APIAccessMiddleware`` set ``access``; routes that must know the
/// workspace read it from here (``Access/workspace``).
public struct ServerRequestContext: RequestContext, SessionRequestContext {
    /// Who a request acts as.
    public enum Access: Sendable, Hashable {
        /// Nobody yet (the access middleware has not run, or let the request through unauthenticated:
        /// the login page and the stylesheet).
        case anonymous
        /// The one local user of a loopback server (everyone who reaches it there).
        case localUser
        /// A signed-in user (by name); users see every workspace.
        case user(String)
        /// An API token, which reaches its own workspace only.
        case token(workspace: String)

        /// The one workspace this access is confined to, or `nil` when it sees every workspace.
        public var workspace: String? {
            if case .token(let workspace) = self { return workspace }
            return nil
        }

        /// The signed-in user's name, if any.
        public var userName: String? {
            if case .user(let name) = self { return name }
            return nil
        }
    }

    /// What a signed-in browser's session holds (in the session store, keyed by its cookie).
    public struct UserSession: Codable, Sendable {
        /// The user's name.
        public var user: String
    }

    /// Hummingbird's storage (logger, parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// The session of a signed-in browser (hummingbird-auth's `SessionMiddleware` loads and saves it).
    public let sessions: SessionContext<UserSession>
    /// Who the request acts as.
    public var access: Access
    /// The CSRF token of a page request (``CSRFMiddleware``): forms put it in the hidden field
    /// `csrf_token`; `nil` on `/api` routes.
    public var csrfToken: String?
    /// The peer's IP address, as the connection gives it (no proxy header is trusted): the tracked
    /// links hash it into a visitor id and never store it.
    public let remoteAddress: String?

    /// Creates the context of a new request.
    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
        self.sessions = .init()
        self.access = .anonymous
        self.csrfToken = nil
    }
}
