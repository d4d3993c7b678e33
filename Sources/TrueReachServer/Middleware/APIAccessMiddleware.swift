public import Hummingbird

/// Decides who an `/api` request acts as: the slot where bearer tokens go in a later phase.
///
/// Phase 1 binds loopback only and has no users, so the API is open to the local user, exactly like
/// the pages (``ServerRequestContext/Access/localUser``). The token phase replaces this middleware's
/// body: read `Authorization: Bearer …`, look the token's hash up, answer 401 without one, and set
/// the context's workspace; the routes behind it do not change.
public struct APIAccessMiddleware: RouterMiddleware {
    public typealias Context = ServerRequestContext

    /// Creates the middleware.
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.access = .localUser
        return try await next(request, context)
    }
}
