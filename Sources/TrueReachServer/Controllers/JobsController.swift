import Foundation
import Hummingbird
import TrueReachCore
import TrueReachIngest
import TrueReachReports
import TrueReachStore

/// The upload pages: `GET /accounts/NAME/upload` (the form), `POST /accounts/NAME/uploads` (303 to the
/// job), `GET /jobs/ID` (the job, refreshing itself while it is queued or running).
struct JobsController: Sendable {
    let service: JobService

    /// How often a running job's page reloads itself.
    static let refreshSeconds = 2

    func addRoutes(to router: Router<ServerRequestContext>) {
        router.get("/accounts/:account/upload", use: form)
        router.post("/accounts/:account/uploads", use: upload)
        router.get("/jobs/:id", use: job)
    }

    @Sendable func form(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let account = try context.account()
        try await service.queries.checkVisible(account, access: context.access)
        let body = DashboardHTML.uploadForm(
            account: account, csrfToken: context.csrfToken ?? "", formats: ProfileFormat.allCases.map(\.rawValue),
            platforms: Platform.allCases.map(\.rawValue), maxMegabytes: max(1, service.receiver.maxBytes >> 20))
        return DashboardController.page(title: "Upload followers of \(account)", body: body, context: context)
    }

    /// The form's CSRF token must come before the file: it is checked before a byte is written.
    @Sendable func upload(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let account = try context.account()
        let workspace = try await service.uploadWorkspace(account: account, access: context.access)
        let upload = try await service.receiver.receiveForm(request) { fields in
            try context.verifyCSRF(fields[CSRFMiddleware.fieldName])
        }
        let job = try await service.queueImport(
            upload, account: account, workspace: workspace, format: upload.fields["format"],
            platform: upload.fields["platform"])
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
