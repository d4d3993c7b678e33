import Foundation
import Hummingbird
import TrueReachStore

/// The API's uploads and jobs: `POST /api/accounts/NAME/uploads`, `POST /api/accounts/NAME/audits`,
/// `GET /api/accounts/NAME/jobs`, `GET /api/jobs/ID`.
///
/// Queueing answers **202 Accepted** with the job and `Location: /api/jobs/ID`; the job's answer then
/// shows its progress and, when it has finished, its outcome.
struct JobsAPIController: Sendable {
    let service: JobService

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.post("/accounts/:account/uploads", use: upload)
        group.post("/accounts/:account/audits", use: audit)
        group.get("/accounts/:account/jobs", use: jobs)
        group.get("/jobs/:id", use: job)
    }

    /// A `multipart/form-data` body (fields `format`, `platform`, then the file as `file`), or the
    /// file itself as the body with `?format=`, `?platform=` and `?name=` (its name in messages).
    @Sendable func upload(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let account = try context.account()
        let isForm = request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
        let query = request.uri.queryParameters
        // Checked before the body is read, so a bad parameter costs no upload.
        let format = try JobService.format(query.get("format"))
        _ = try JobService.platform(query.get("platform"))
        let workspace = try await service.uploadWorkspace(account: account, access: context.access)
        let upload =
            isForm
            ? try await service.receiver.receiveForm(request) { _ in }
            : try await service.receiver.receiveBody(request, name: query.get("name"))
        let job = try await service.queueImport(
            upload, account: account, workspace: workspace, format: upload.fields["format"] ?? format,
            platform: upload.fields["platform"] ?? query.get("platform"))
        return try Self.accepted(job)
    }

    @Sendable func audit(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try Self.accepted(try await service.queueAudit(account: try context.account(), access: context.access))
    }

    @Sendable func jobs(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let account = try context.account()
        let jobs = try await service.jobs(of: account, access: context.access)
        return try APIController.json(JobListJSON(account: account, jobs: jobs.map(JobJSON.init)))
    }

    @Sendable func job(_ request: Request, context: ServerRequestContext) async throws -> Response {
        try APIController.json(JobJSON(job: try await service.job(context)))
    }

    static func accepted(_ job: Job) throws -> Response {
        var response = try APIController.json(JobJSON(job: job))
        response.status = .accepted
        response.headers[.location] = "/api/jobs/\(job.id)"
        return response
    }
}
