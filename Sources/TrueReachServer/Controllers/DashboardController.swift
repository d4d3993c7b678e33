import Foundation
import Hummingbird
import TrueReachCore
import TrueReachReports
import TrueReachStore

/// The dashboard's pages: accounts, an account's overview, its follower explorer, and the stylesheet.
struct DashboardController: Sendable {
    let queries: AccountQueries
    /// The jobs whose latest the overview lists (uploads and audits).
    var jobs: (any JobStore)? = nil

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/", use: accountList)
        router.get("/accounts/:account", use: overview)
        router.get("/accounts/:account/followers", use: followers)
        router.get("/static/app.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-cache"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: DashboardHTML.stylesheet)))
        }
    }

    @Sendable func accountList(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let accounts = try await queries.accounts().map { entry in
            DashboardAccount(
                account: entry.info.account, platform: entry.info.platform, followers: entry.info.followerCount,
                latestAudit: entry.latest.map(AuditHistoryEntry.init))
        }
        return Self.page(title: "Accounts", body: DashboardHTML.accountList(accounts))
    }

    @Sendable func overview(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let account = try context.account()
        let (report, history) = try await queries.overview(of: account)
        var sections: [ReportSection] = []
        if let report { sections = try await queries.extraSections(of: account, report: report) }
        let recent = try await jobs?.fetchJobs(account: account, limit: 5) ?? []
        let body = DashboardHTML.accountOverview(
            account: account, report: report, history: history.map(AuditHistoryEntry.init), sections: sections,
            jobs: recent.map(DashboardJob.init))
        return Self.page(title: account, body: body)
    }

    @Sendable func followers(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let account = try context.account()
        let parameters = try FollowerParameters(query: request.uri.query)
        let (audit, page) = try await queries.followers(of: account, parameters)
        let view = FollowerExplorerView(
            account: account, auditDate: audit.createdAt, total: page.total, rows: page.followers.map(FollowerRow.init),
            category: parameters.category,
            order: parameters.sort == .followers ? .followers : .probability, search: parameters.search,
            limit: parameters.limit, next: page.next?.token)
        return Self.page(title: "Followers of \(account)", body: DashboardHTML.followerExplorer(view))
    }

    static func page(title: String, body: HTML) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: DashboardHTML.page(title: title, body: body))))
    }
}

extension ServerRequestContext {
    /// The `:account` path parameter, percent-decoded.
    ///
    /// - Throws: ``ServerError`` `.badRequest` when it is not valid percent-encoding.
    func account() throws -> String {
        guard let raw = parameters.get("account"), let account = raw.removingPercentEncoding, !account.isEmpty else {
            throw ServerError(.badRequest, "The account name in the address is not valid percent-encoding.")
        }
        return account
    }
}
