import Hummingbird
import TrueReachApp
import TrueReachReports

extension DashboardController {
    /// The compare page, `GET /compare?account=A&account=B…[&rank=true]`.
    ///
    /// A GET form of the audited accounts the viewer may see and, once 2 to 10 are chosen, the HTML
    /// compare report's sections. A request that cannot
    /// be answered (too few accounts, one unknown) shows the form again with the reason, and the
    /// status the API would answer (400, 404).
    @Sendable func compare(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let parameters = try CompareParameters(query: request.uri.query)
        let choices = try await queries.accounts(access: context.access).filter { $0.latest != nil }.map(\.account)
        var view = CompareFormView(
            choices: choices, selected: parameters.accounts, rank: parameters.weights != nil,
            maximum: CompareJob.maximumAccounts)
        var status = HTTPResponse.Status.ok
        if !parameters.accounts.isEmpty {
            do {
                view.report = try await queries.compare(parameters, access: context.access)
            } catch let error as ServerError where error.code == .badRequest || error.code == .notFound {
                view.error = error.message
                status = error.status
            }
        }
        var response = Self.page(title: "Compare accounts", body: DashboardHTML.compare(view), context: context)
        response.status = status
        return response
    }
}
