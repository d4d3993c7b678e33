import Foundation
import Hummingbird
import TrueReachCore
import TrueReachIngest
import TrueReachStore

/// What the upload and job routes do, the same for pages and the API: receive an upload, queue its
/// import (which queues the audit when it succeeds), queue an audit, look jobs up.
struct JobService: Sendable {
    let queue: JobQueue
    let receiver: UploadReceiver
    let queries: AccountQueries

    /// Queues the import of a received upload into `account` (created if it does not exist).
    ///
    /// - Parameters:
    ///   - upload: The file on disk.
    ///   - account: The audited account.
    ///   - format: An `--input-format` name; empty or `auto` detects the format from the content.
    ///   - platform: The account's platform; empty takes the first follower's.
    /// - Returns: The queued job.
    /// - Throws: ``ServerError`` `.unprocessable` for an unknown format or platform (the file is deleted).
    func queueImport(
        _ upload: UploadReceiver.Received, account: String, format: String?, platform: String?
    ) async throws -> Job {
        do {
            let input = JobInput(
                path: upload.path, name: upload.name, format: try Self.format(format),
                platform: try Self.platform(platform))
            return try await queue.enqueue(NewJob(kind: .import, account: account, createdAt: Date(), input: input))
        } catch {
            try? FileManager.default.removeItem(atPath: upload.path)
            throw error
        }
    }

    /// Queues an audit of the stored audience of `account`.
    ///
    /// - Throws: ``ServerError`` `.notFound` when the account has no stored followers.
    func queueAudit(account: String) async throws -> Job {
        _ = try await queries.history(of: account)
        guard try await queries.store.fetchAudience(account: account) != nil else {
            throw ServerError(
                .notFound, "This account has no stored followers to audit; upload them first.")
        }
        return try await queue.enqueue(NewJob(kind: .audit, account: account, createdAt: Date()))
    }

    /// The job of the `:id` path parameter.
    ///
    /// - Throws: ``ServerError`` `.notFound` (no such job), `.badRequest` (not a number).
    func job(_ context: ServerRequestContext) async throws -> Job {
        guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
            throw ServerError(.badRequest, "A job id is a positive number.")
        }
        guard let job = try await queue.jobs.fetchJob(id: id) else {
            throw ServerError(.notFound, "There is no job with this id.")
        }
        return job
    }

    /// The newest jobs of `account`.
    ///
    /// - Throws: ``ServerError`` `.notFound` when the account has neither stored data nor jobs.
    func jobs(of account: String, limit: Int = 20) async throws -> [Job] {
        let jobs = try await queue.jobs.fetchJobs(account: account, limit: limit)
        if jobs.isEmpty { _ = try await queries.history(of: account) }
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
