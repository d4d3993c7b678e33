import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import TrueReachApp
import TrueReachCore
import TrueReachReports
import TrueReachStore

/// The dashboard's pages: accounts, an account's overview, its follower explorer, workspaces,
/// signing in and out, and the stylesheet.
struct DashboardController: Sendable {
    let queries: AccountQueries
    let users: Users
    /// The jobs whose latest the overview lists (uploads and audits).
    var jobs: (any JobStore)? = nil

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/", use: accountList)
        router.get("/accounts/:account", use: overview)
        router.get("/accounts/:account/followers", use: followers)
        router.get("/compare", use: compare)
        router.get("/workspaces", use: workspaceList)
        router.post("/workspaces", use: createWorkspace)
        router.get("/login", use: loginPage)
        router.post("/login", use: login)
        router.post("/logout", use: logout)
        router.get("/static/app.css") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "no-cache"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: DashboardHTML.stylesheet)))
        }
    }

    @Sendable func accountList(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let workspace = request.uri.queryParameters["workspace"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let accounts = try await queries.accounts(access: context.access, workspace: workspace).map { entry in
            DashboardAccount(
                account: entry.account, platform: entry.platform, followers: entry.followers,
                latestAudit: entry.latest.map(AuditHistoryEntry.init), workspace: entry.workspace)
        }
        let title = workspace.map { "Accounts of \($0)" } ?? "Accounts"
        var addAccount: AddAccountForm?
        if jobs != nil {
            let names = try await queries.workspaces.all().map(\.name)
            addAccount = AddAccountForm(workspaces: names, selected: workspace)
        }
        let body = DashboardHTML.accountList(accounts, addAccount: addAccount)
        return Self.page(title: title, body: body, context: context)
    }

    @Sendable func overview(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let account = try context.account()
        let (report, history) = try await queries.overview(of: account, access: context.access)
        var sections: [ReportSection] = []
        if let report, let latest = history.first {
            sections = try await queries.extraSections(of: account, report: report, audit: latest.id)
        }
        let recent = try await jobs?.fetchJobs(account: account, limit: 5) ?? []
        var auditToken: String?
        if jobs != nil, try await queries.store.fetchAudience(account: account) != nil {
            auditToken = context.csrfToken
        }
        let body = DashboardHTML.accountOverview(
            account: account, report: report, history: history.map(AuditHistoryEntry.init), sections: sections,
            jobs: recent.map(DashboardJob.init), auditCSRFToken: auditToken)
        return Self.page(title: account, body: body, context: context)
    }

    @Sendable func followers(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let account = try context.account()
        let parameters = try FollowerParameters(query: request.uri.query)
        let (audit, page) = try await queries.followers(of: account, parameters, access: context.access)
        let view = FollowerExplorerView(
            account: account, auditDate: audit.createdAt, total: page.total, rows: page.followers.map(FollowerRow.init),
            category: parameters.category,
            order: parameters.sort == .followers ? .followers : .probability, search: parameters.search,
            limit: parameters.limit, next: page.next?.token)
        return Self.page(title: "Followers of \(account)", body: DashboardHTML.followerExplorer(view), context: context)
    }

    // MARK: - Workspaces

    @Sendable func workspaceList(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try await workspacePage(context: context, error: nil, status: .ok)
    }

    @Sendable func createWorkspace(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let form = try await FormFields(request)
        try context.verifyCSRF(form["csrf_token"])
        do {
            _ = try await queries.workspaces.create(form["name"] ?? "")
        } catch let error as AppError where error.code == .badInput || error.code == .conflict {
            return try await workspacePage(
                context: context, error: error.message, status: error.code == .conflict ? .conflict : .badRequest)
        }
        return Response(status: .seeOther, headers: [.location: "/workspaces"])
    }

    private func workspacePage(context: ServerRequestContext, error: String?, status: HTTPResponse.Status)
        async throws -> Response
    {
        let accounts = try await queries.accounts(access: context.access)
        let rows = try await queries.workspaces.all().map { workspace in
            DashboardWorkspace(
                name: workspace.name, createdAt: workspace.createdAt,
                accounts: accounts.count(where: { $0.workspace == workspace.name }))
        }
        var response = Self.page(
            title: "Workspaces",
            body: DashboardHTML.workspaceList(rows, csrfToken: context.csrfToken ?? "", error: error), context: context)
        response.status = status
        return response
    }

    // MARK: - Signing in and out

    @Sendable func loginPage(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let next = request.uri.queryParameters["next"].map(String.init).flatMap(Self.localPath)
        return Self.page(
            title: "Sign in", body: DashboardHTML.login(next: next, csrfToken: context.csrfToken ?? "", failed: false),
            context: context)
    }

    @Sendable func login(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let form = try await FormFields(request)
        try context.verifyCSRF(form["csrf_token"])
        let name = form["name"] ?? ""
        let next = form["next"].flatMap(Self.localPath)
        guard try await users.verify(name, password: form["password"] ?? "") else {
            context.logger.notice("sign-in refused")
            var response = Self.page(
                title: "Sign in",
                body: DashboardHTML.login(next: next, csrfToken: context.csrfToken ?? "", failed: true),
                context: context)
            response.status = .unauthorized
            return response
        }
        // A new session (new id) on every sign-in, so a session id planted before it is worthless.
        context.sessions.createSession(ServerRequestContext.UserSession(user: name))
        context.logger.info("signed in", metadata: ["user": "\(name)"])
        return Response(status: .seeOther, headers: [.location: next ?? "/"])
    }

    @Sendable func logout(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let form = try await FormFields(request)
        try context.verifyCSRF(form["csrf_token"])
        context.sessions.clearSession()
        return Response(status: .seeOther, headers: [.location: "/login"])
    }

    /// `path` when it is a path of this server (`/…`, not `//host…` or a scheme), else `nil`: the
    /// return address after signing in must not send the user to another site.
    static func localPath(_ path: String) -> String? {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.hasPrefix("/\\"), path.count <= 2_048,
            !path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { return nil }
        return path
    }

    static func page(
        title: String, body: HTML, context: ServerRequestContext, refreshSeconds: Int? = nil
    ) -> Response {
        let chrome = PageChrome(userName: context.access.userName, csrfToken: context.csrfToken)
        let page = DashboardHTML.page(title: title, body: body, chrome: chrome, refreshSeconds: refreshSeconds)
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
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

/// The fields of an `application/x-www-form-urlencoded` body of at most 64 KiB.
struct FormFields {
    private var fields: [String: String] = [:]

    /// Reads the form.
    ///
    /// - Throws: ``ServerError`` `.payloadTooLarge` past 64 KiB, `.badRequest` for another content type.
    init(_ request: Request) async throws {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw ServerError(.badRequest, "This form must be sent as application/x-www-form-urlencoded.")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: 64 * 1_024)
        } catch {
            throw ServerError(.payloadTooLarge, "The form is larger than 64 KiB.")
        }
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        do {
            fields = try URLEncodedFormDecoder().decode([String: String].self, from: text)
        } catch {
            throw ServerError(.badRequest, "The form's fields could not be read.")
        }
    }

    subscript(_ key: String) -> String? { fields[key] }
}
