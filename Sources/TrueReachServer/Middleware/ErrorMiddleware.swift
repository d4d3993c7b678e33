public import Hummingbird
import Logging
import TrueReachApp
import TrueReachStore

/// Turns every error of the routes into a response here, inside the security headers.
///
/// ``ServerError``s and Hummingbird's own `HTTPError`s (an unknown route) answer as they say; store
/// and job errors that mean "not found" become 404; anything else is logged at error and answered with
/// a generic 500 that carries no detail. `/api` paths answer JSON, pages HTML.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let json = request.uri.path == "/api" || request.uri.path.hasPrefix("/api/")
            let failure = Self.serverError(for: error, logger: context.logger)
            return try ErrorResponse(error: failure, json: json).response(from: request, context: context)
        }
    }

    /// The server error an error of a route stands for.
    static func serverError(for error: any Error, logger: Logger) -> ServerError {
        switch error {
        case let error as ServerError:
            return error
        case let error as HTTPError where error.status == .notFound:
            return ServerError(.notFound, "There is nothing at this address.")
        case let error as HTTPError where error.status == .methodNotAllowed:
            return ServerError(.badRequest, "This address does not take that method.")
        case let error as AppError where error.code == .notFound:
            return ServerError(.notFound, error.message)
        case let error as AppError where error.code == .conflict:
            return ServerError(.conflict, error.message)
        case let error as AppError where error.code == .badInput:
            return ServerError(.badRequest, error.message)
        case let error as StoreError where error.code == .notFound:
            return ServerError(.notFound, error.message)
        default:
            logger.error("request failed", metadata: ["error": "\(error)"])
            return ServerError(.internalError, "Something went wrong on the server; its log says what.")
        }
    }
}
