import Foundation
import Hummingbird
import TrueReachCore
import TrueReachIngest
import TrueReachReports
import TrueReachStore

/// The upload pages: `GET /upload?account=NAME&workspace=W` (the account list's "Add an account" form,
/// 303 to the new account's form), `GET /accounts/NAME/upload` (the form), `POST /accounts/NAME/uploads`
/// (303 to the job), `POST /accounts/NAME/audits` (the overview's "Audit now", 303 to the job),
/// `GET /jobs/ID` (the job, refreshing itself while it is queued or running).
struct JobsController: Sendable {
    let service: JobService

    /// How often a running job's page reloads itself.
    static let refreshSeconds = 2

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/upload", use: newAccount)
        router.get("/accounts/:account/upload", use: form)
        router.post("/accounts/:account/uploads", use: upload)
        router.post("/accounts/:account/audits", use: audit)
        router.get("/jobs/:id", use: job)
    }

    /// Checks the new account's name and workspace, then sends the browser to its upload form.
    @Sendable func newAccount(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        let account = query["account"].map(String.init) ?? ""
        let requested = query["workspace"].map(String.init)
        let workspace = try await service.uploadWorkspace(
            account: account, access: context.access, requested: requested)
        let location =
            "/accounts/\(DashboardHTML.pathComponent(account))/upload?workspace=\(DashboardHTML.pathComponent(workspace))"
        return Response(status: .seeOther, headers: [.location: location])
    }

    @Sendable func form(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let account = try context.account()
        try await service.queries.checkVisible(account, access: context.access)
        let workspace = try await service.uploadWorkspace(
            account: account, access: context.access,
            requested: request.uri.queryParameters["workspace"].map(String.init))
        let body = DashboardHTML.uploadForm(
            account: account, workspace: workspace, csrfToken: context.csrfToken ?? "",
            formats: ProfileFormat.allCases.map(\.rawValue),
            platforms: Platform.allCases.map(\.rawValue), maxMegabytes: max(1, service.receiver.maxBytes >> 20))
        return DashboardController.page(title: "Upload followers of \(account)", body: body, context: context)
    }

    /// The form's CSRF token must come before the file: it is checked before a byte is written.
    @Sendable func upload(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let account = try context.account()
        let workspace = try await service.uploadWorkspace(
            account: account, access: context.access,
            requested: request.uri.queryParameters["workspace"].map(String.init))
        let upload = try await service.receiver.receiveForm(request) { fields in
            try context.verifyCSRF(fields[CSRFMiddleware.fieldName])
        }
        let job = try await service.queueImport(
            upload, account: account, workspace: workspace, format: upload.fields["format"],
            platform: upload.fields["platform"])
        return Response(status: .seeOther, headers: [.location: "/jobs/\(job.id)"])
    }

    /// The overview's "Audit now" button: queues an audit of the stored followers, 303 to the job.
    @Sendable func audit(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let account = try context.account()
        let form = try await FormFields(request)
        try context.verifyCSRF(form[CSRFMiddleware.fieldName])
        let job = try await service.queueAudit(account: account, access: context.access)
        return Response(status: .seeOther, headers: [.location: "/jobs/\(job.id)"])
    }

    @Sendable func job(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let job = try await service.job(context)
        let view = DashboardJob(job)
        return DashboardController.page(
            title: "Job \(job.id)", body: DashboardHTML.jobPage(view), context: context,
            refreshSeconds: view.isActive ? Self.refreshSeconds : nil)
    }
}

extension DashboardJob {
    init(_ job: Job) {
        self.init(
            id: job.id, kind: job.kind.rawValue, account: job.account, state: job.state.rawValue,
            createdAt: job.createdAt, finishedAt: job.finishedAt, records: job.progress.records,
            recordsTotal: job.progress.recordsTotal, bytesRead: job.progress.bytesRead,
            bytesTotal: job.progress.bytesTotal, message: job.message,
            failure: job.failure.map { Failure(file: $0.file, line: $0.line, field: $0.field, message: $0.message) },
            inputName: job.input?.name, followUpID: job.followUpID)
    }
}
