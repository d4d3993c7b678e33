import Foundation
import Hummingbird
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachStore

/// What the upload and job routes do, the same for pages and the API: receive an upload, queue its
/// import (which queues the audit when it succeeds), queue an audit, look jobs up.
struct JobService: Sendable {
    let queue: JobQueue
    let receiver: UploadReceiver
    let queries: AccountQueries

    /// The workspace an upload to `account` by `access` writes into, checked before a byte of the body
    /// is read: a token's own workspace; for a page, the one `requested` (the upload form's
    /// `?workspace=`), else the workspace holding the account (`default` for a new one).
    ///
    /// - Parameters:
    ///   - account: The account the upload is for.
    ///   - access: Who is uploading.
    ///   - requested: The workspace a page asked for; ignored for a token, which has its own.
    /// - Returns: The workspace to claim the account for.
    /// - Throws: ``ServerError`` `.conflict` when another workspace holds the account (the same answer
    ///   whichever it is, as for `POST /api/accounts`), `.notFound` for a workspace that does not
    ///   exist, `.badRequest` for an unusable account name.
    func uploadWorkspace(
        account: String, access: ServerRequestContext.Access, requested: String? = nil
    ) async throws -> String {
        try AccountQueries.validateName(account)
        let workspace: String
        if let only = access.workspace {
            workspace = only
        } else if let requested, !requested.isEmpty {
            workspace = requested
        } else {
            workspace = try await queries.workspace(of: account)
        }
        try await checkWritable(account, by: workspace)
        return workspace
    }

    private func checkWritable(_ account: String, by workspace: String) async throws {
        let exists = try await exists(account)
        try await Self.hidingHolder {
            try await queries.workspaces.checkWritable(account, by: workspace, exists: exists)
        }
    }

    /// Runs `body`, answering its conflict in the same words whichever workspace holds the account (the
    /// application's message names it, which another workspace's token must not learn).
    private static func hidingHolder(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as AppError where error.code == .conflict {
            throw ServerError(.conflict, "An account of that name belongs to another workspace; choose another name.")
        }
    }

    /// Whether `account` has data (an audience or audits): such an account nobody registered is the
    /// default workspace's.
    private func exists(_ account: String) async throws -> Bool {
        if try await queries.store.fetchAudience(account: account) != nil { return true }
        return !(try await queries.store.fetchAudits(account: account, limit: 1)).isEmpty
    }

    /// Queues the import of a received upload into `account` (created, and registered in `workspace`,
    /// if it does not exist).
    ///
    /// - Parameters:
    ///   - upload: The file on disk.
    ///   - account: The audited account.
    ///   - workspace: The workspace ``uploadWorkspace(account:access:)`` chose; a new account is
    ///     registered there when its upload is queued, so two workspaces cannot race for one name.
    ///   - format: An `--input-format` name; empty or `auto` detects the format from the content.
    ///   - platform: The account's platform; empty takes the first follower's.
    /// - Returns: The queued job.
    /// - Throws: ``ServerError`` `.unprocessable` for an unknown format or platform, `.conflict` when
    ///   another workspace took the account meanwhile (the file is deleted in both cases).
    func queueImport(
        _ upload: UploadReceiver.Received, account: String, workspace: String, format: String?, platform: String?
    ) async throws -> Job {
        do {
            let input = JobInput(
                path: upload.path, name: upload.name, format: try Self.format(format),
                platform: try Self.platform(platform))
            // The claim refuses what checkWritable refused before the body was read, if another
            // workspace took the name meanwhile.
            let exists = try await exists(account)
            try await Self.hidingHolder {
                try await queries.workspaces.claim(account, platform: input.platform, for: workspace, exists: exists)
            }
            return try await queue.enqueue(NewJob(kind: .import, account: account, createdAt: Date(), input: input))
        } catch {
            try? FileManager.default.removeItem(atPath: upload.path)
            throw error
        }
    }

    /// Queues an audit of the stored audience of `account`.
    ///
    /// - Parameters:
    ///   - account: The account.
    ///   - access: Who asks; another workspace's account is not found.
    /// - Returns: The queued job.
    /// - Throws: ``ServerError`` `.notFound` when `access` may not see the account or it has no stored
    ///   followers.
    func queueAudit(account: String, access: ServerRequestContext.Access) async throws -> Job {
        _ = try await queries.history(of: account, access: access)
        guard try await queries.store.fetchAudience(account: account) != nil else {
            throw ServerError(
                .notFound, "This account has no stored followers to audit; upload them first.")
        }
        return try await queue.enqueue(NewJob(kind: .audit, account: account, createdAt: Date()))
    }

    /// The job of the `:id` path parameter, when the request may see its account.
    ///
    /// - Parameter context: The request's context (the path parameter and who asks).
    /// - Returns: The job.
    /// - Throws: ``ServerError`` `.notFound` (no such job, or another workspace's), `.badRequest` (not a
    ///   number).
    func job(_ context: ServerRequestContext) async throws -> Job {
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
            throw ServerError(.badRequest, "A job id is a positive number.")
        }
        let notFound = ServerError(.notFound, "There is no job with this id.")
        guard let job = try await queue.jobs.fetchJob(id: id) else { throw notFound }
        do {
            try await queries.checkVisible(job.account, access: context.access)
        } catch let error as ServerError where error.code == .notFound {
            throw notFound
        }
        return job
    }

    /// The newest jobs of `account`.
    ///
    /// - Parameters:
    ///   - account: The account.
    ///   - access: Who asks; another workspace's account is not found.
    ///   - limit: How many jobs at most.
    /// - Returns: The jobs, newest first.
    /// - Throws: ``ServerError`` `.notFound` when `access` may not see the account, or it has neither
    ///   stored data nor jobs.
    func jobs(of account: String, access: ServerRequestContext.Access, limit: Int = 20) async throws -> [Job] {
        try await queries.checkVisible(account, access: access)
        let jobs = try await queue.jobs.fetchJobs(account: account, limit: limit)
        if jobs.isEmpty { _ = try await queries.history(of: account, access: access) }
        return jobs
    }

    /// `nil` for "detect", a known format name, else 422.
    static func format(_ value: String?) throws -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty, value != "auto" else {
            return nil
        }
        guard ProfileFormat(rawValue: value) != nil else {
            let names = ProfileFormat.allCases.map(\.rawValue).joined(separator: ", ")
            throw ServerError(.unprocessable, "format must be auto or one of: \(names).")
        }
        return value
    }

    /// `nil` for "the first follower's", a known platform, else 422.
    static func platform(_ value: String?) throws -> Platform? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        guard let platform = Platform(rawValue: value) else {
            let names = Platform.allCases.map(\.rawValue).joined(separator: ", ")
            throw ServerError(.unprocessable, "platform must be empty or one of: \(names).")
        }
        return platform
    }
}
