public import Hummingbird

/// The request context of every route: Hummingbird's core storage plus who is asking.
///
/// Phase 1 serves loopback only with no users, so every request is the one local user's
/// (``Access/localUser``). The token and session middleware of a later phase set ``access`` instead, and
/// routes that must know the workspace read it from here.
public struct ServerRequestContext: RequestContext {
    /// Who a request acts as.
    public enum Access: Sendable, Hashable {
        /// The one local user of a loopback server without users (phase 1: everyone who reaches it).
        case localUser
    }

    /// Hummingbird's storage (logger, parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// Who the request acts as.
    public var access: Access

    /// Creates the context of a new request.
    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.access = .localUser
    }
}
