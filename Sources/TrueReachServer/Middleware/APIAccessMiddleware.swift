import Foundation
public import Hummingbird
import TrueReachApp
import TrueReachStore

/// Lets an `/api` request through only with a valid API token, and sets the token's workspace.
///
/// `Authorization: Bearer TOKEN` (the scheme case-insensitive); the token's SHA-256 is looked up
/// (``TrueReachApp/APITokens/authenticate(_:)``). Without a header, or with an unknown, revoked or
/// malformed token, the answer is 401 with `WWW-Authenticate: Bearer`, on loopback as anywhere: the
/// API is for programs, and a program has a token (`truereach token create --workspace NAME`).
/// The routes behind it see ``ServerRequestContext/Access/token(workspace:)`` and reach that
/// workspace only.
public struct APIAccessMiddleware: RouterMiddleware {
    public typealias Context = ServerRequestContext

    let tokens: APITokens

    /// Creates the middleware over the server's token store.
    public init(tokens: APITokens) { self.tokens = tokens }

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw ServerError(
                .unauthorized,
                "The API needs a token: send Authorization: Bearer TOKEN (create one with `truereach token create --workspace NAME`)."
            )
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer",
            let token = try await tokens.authenticate(String(parts[1]).trimmingCharacters(in: .whitespaces))
        else {
            throw ServerError(.unauthorized, "This API token is not valid (unknown or revoked).")
        }
        var context = context
        context.access = .token(workspace: token.workspace)
        return try await next(request, context)
    }
}
