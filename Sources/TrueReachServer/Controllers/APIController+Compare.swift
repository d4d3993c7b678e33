import Hummingbird
import TrueReachReports

extension APIController {
    /// `GET /api/compare?account=A&account=B[&rank=true][&weight=KEY=VALUE]`: the document
    /// `truereach compare --format json` prints (`truereach.compare.v1`), of the token's workspace's
    /// accounts only.
    @Sendable func compare(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let parameters = try CompareParameters(query: request.uri.query)
        let report = try await queries.compare(parameters, access: context.access)
        return Self.json(text: try CompareJSON.render(report))
    }
}
