import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import TrueReachApp
import TrueReachCore
import TrueReachIngest
import TrueReachStore

/// Runs the queued jobs, oldest first, one at a time: a `Service` of the application's group.
///
/// On start it puts jobs left `running` by a stopped server back in the queue, so a restart loses no
/// queued or finished job and an interrupted one runs again. A graceful shutdown cancels the running
/// job (an import rolls back; an audit stores nothing before it has scored every follower) and puts it
/// back in the queue before the store is closed (the group stops services in reverse order, and this one
/// is added after ``StoreService``). Progress from the job's ``JobEvent``s is written at most every
/// ``JobConfiguration/progressInterval``.
///
/// One runner per database: a second server on the same database would requeue this one's job.
struct JobRunner: Service {
    let queue: JobQueue
    let store: any AudienceStore
    let configuration: JobConfiguration
    let logger: Logger

    func run() async throws {
        do {
            let requeued = try await queue.jobs.requeueRunningJobs()
            if requeued > 0 { logger.info("interrupted jobs queued again", metadata: ["jobs": "\(requeued)"]) }
        } catch {
            logger.error("cannot read the job queue", metadata: ["error": "\(error)"])
        }
        do {
            try await cancelWhenGracefulShutdown { try await self.loop() }
        } catch is CancellationError {
            // The shutdown (or a hard stop) ended the loop; what was running goes back below.
        }
        // Only this runner runs jobs on the database, so a job still running is the one just interrupted.
        if let requeued = try? await queue.jobs.requeueRunningJobs(), requeued > 0 {
            logger.info("job interrupted by the shutdown queued again", metadata: ["jobs": "\(requeued)"])
        }
    }

    /// Drains the queue whenever woken: by a route, or by the poll tick.
    private func loop() async throws {
        let (queue, interval) = (self.queue, configuration.pollInterval)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    queue.signal()
                }
            }
            queue.signal()
            for await _ in queue.wakeups {
                try await drain()
            }
            try Task.checkCancellation()
            group.cancelAll()
        }
    }

    /// Runs queued jobs until none is left.
    private func drain() async throws {
        while true {
            try Task.checkCancellation()
            let job: Job
            do {
                guard let next = try await queue.jobs.claimNextJob(at: Date()) else { return }
                job = next
            } catch let error as CancellationError {
                throw error
            } catch {
                logger.error("cannot read the job queue", metadata: ["error": "\(error)"])
                return
            }
            try await execute(job)
        }
    }

    /// Runs one job and records how it ended; throws only `CancellationError` (the job stays running,
    /// and ``run()`` puts it back).
    private func execute(_ job: Job) async throws {
        let logger = self.logger
        logger.info("job started", metadata: ["job.id": "\(job.id)", "job.kind": "\(job.kind.rawValue)"])
        let tracker = ProgressTracker(job.progress)
        let (outcome, next): (JobOutcome, NewJob?)
        do {
            if let willRun = configuration.willRun { try await willRun(job) }
            (outcome, next) = try await withThrowingTaskGroup(of: Void.self) { group in
                let (jobs, interval) = (queue.jobs, configuration.progressInterval)
                group.addTask {
                    while true {
                        try await Task.sleep(for: interval)
                        if let changed = tracker.takeChange() {
                            try? await jobs.saveJobProgress(id: job.id, changed.progress, message: changed.message)
                        }
                    }
                }
                defer { group.cancelAll() }
                switch job.kind {
                case .import: return try await runImport(job, tracker: tracker)
                case .audit: return try await runAudit(job, tracker: tracker)
                }
            }
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            (outcome, next) = (.failed(Self.failure(error, job: job, logger: logger), progress: tracker.progress), nil)
        }
        do {
            let finished = try await queue.jobs.finishJob(id: job.id, outcome: outcome, at: Date(), queueing: next)
            logger.info(
                "job finished",
                metadata: [
                    "job.id": "\(job.id)", "job.state": "\(outcome.state.rawValue)",
                    "job.follow_up": "\(finished?.followUpID.map(String.init) ?? "")",
                ])
        } catch {
            logger.error("cannot record a finished job", metadata: ["job.id": "\(job.id)", "error": "\(error)"])
            return
        }
        // The uploaded file has served its purpose once its import is recorded, either way.
        if job.kind == .import, let input = job.input, input.path.hasPrefix(queue.uploadsDirectory) {
            try? FileManager.default.removeItem(atPath: input.path)
        }
    }

    // MARK: - The jobs

    private func runImport(_ job: Job, tracker: ProgressTracker) async throws -> (JobOutcome, NewJob?) {
        guard let input = job.input else {
            return (.failed(JobFailure(message: "This import has no file.")), nil)
        }
        var format: ProfileFormat?
        if let name = input.format {
            guard let known = ProfileFormat(rawValue: name) else {
                return (.failed(JobFailure(file: input.name, message: "Unknown input format '\(name)'.")), nil)
            }
            format = known
        }
        guard FileManager.default.fileExists(atPath: input.path) else {
            return (
                .failed(JobFailure(file: input.name, message: "The uploaded file is gone; upload it again.")), nil
            )
        }
        tracker.update(message: "Reading \(input.name)")
        let reader = ProfileFileReader(configuration: IngestConfiguration(format: format))
        let importer = ImportJob(reader: reader, logger: logger)
        let summary = try await importer.run(
            inputs: [IngestInput.path(input.path).part(of: input.name, lineOffset: 0)], account: job.account,
            platform: input.platform, into: store, events: tracker.handler)
        var message = "Stored \(summary.followersSaved) followers as the audience of this account"
        if summary.replacedExisting { message += ", replacing the earlier import" }
        let skipped = tracker.skipped
        if skipped.count > 0, let first = skipped.first {
            message += "; skipped \(skipped.count) unreadable records (the first: \(first))"
        }
        if summary.duplicatesSkipped > 0 { message += "; skipped \(summary.duplicatesSkipped) repeated accounts" }
        if summary.invalidSkipped > 0 { message += "; skipped \(summary.invalidSkipped) invalid accounts" }
        message += ". Its audit is queued."
        return (
            .succeeded(message: message, progress: tracker.progress),
            NewJob(kind: .audit, account: job.account, createdAt: Date())
        )
    }

    private func runAudit(_ job: Job, tracker: ProgressTracker) async throws -> (JobOutcome, NewJob?) {
        let total = try await store.fetchCount(audience: job.account)
        tracker.update(message: "Scoring followers", recordsTotal: total)
        let scorer = try configuration.scorer()
        let auditor = AuditJob(scorer: scorer, asOf: configuration.referenceDate(Date()), logger: logger)
        let source = AudienceSource.stored(store, name: job.account)
        let extras = AuditExtraInputs(try await store.fetchAccountRecords(account: job.account))
        let result = try await auditor.run(
            source: source, account: job.account, extras: extras, events: tracker.handler)
        let (audit, _) = try await auditor.record(result, source: source, account: job.account, in: store)
        let quality = result.report.quality.score.map { "; AQS \($0)" } ?? ""
        return (
            .succeeded(
                message: "Audited \(result.report.followersTotal) followers\(quality).", auditID: audit.id,
                progress: tracker.progress),
            nil
        )
    }

    /// What a failed job shows: where in the file a record was at fault, and the error's message.
    static func failure(_ error: any Error, job: Job, logger: Logger) -> JobFailure {
        let file = job.input?.name
        switch error {
        case let error as IngestError:
            let issue = error.issue
            return JobFailure(
                file: issue?.file ?? file, line: issue?.line, field: issue?.field,
                message: issue.map { "\(error.message) (\($0.reason))" } ?? error.message)
        case let error as AppError:
            return JobFailure(file: job.kind == .import ? file : nil, message: error.message)
        case let error as StoreError:
            return JobFailure(message: error.message)
        default:
            logger.error("job failed", metadata: ["job.id": "\(job.id)", "error": "\(error)"])
            return JobFailure(message: "The job failed on the server; its log says why.")
        }
    }
}

/// The latest progress of a running job, updated by its events and read by the writer every interval.
private final class ProgressTracker: Sendable {
    struct State {
        var progress: JobProgress
        var message: String?
        var changed = false
        var skipped: [IngestIssue] = []
        var skippedCount = 0
    }

    private let state: Mutex<State>

    init(_ progress: JobProgress) { state = Mutex(State(progress: progress)) }

    var progress: JobProgress { state.withLock { $0.progress } }

    /// How many records were skipped, and the first.
    var skipped: (count: Int, first: IngestIssue?) { state.withLock { ($0.skippedCount, $0.skipped.first) } }

    /// The job's event handler.
    var handler: JobEvents {
        { [self] event in
            switch event {
            case .progress(let records, let bytesRead, let totalBytes):
                state.withLock {
                    $0.progress.records = records
                    $0.progress.bytesRead = bytesRead
                    $0.progress.bytesTotal = totalBytes ?? $0.progress.bytesTotal
                    $0.changed = true
                }
            case .skipped(let issues):
                state.withLock {
                    if $0.skipped.isEmpty, let first = issues.first { $0.skipped = [first] }
                    $0.skippedCount += issues.count
                }
            case .fetch, .notice:
                break
            }
        }
    }

    func update(message: String, recordsTotal: Int? = nil) {
        state.withLock {
            $0.message = message
            if let recordsTotal { $0.progress.recordsTotal = recordsTotal }
            $0.changed = true
        }
    }

    /// The progress and message when they changed since the last call.
    func takeChange() -> (progress: JobProgress, message: String?)? {
        state.withLock { state in
            guard state.changed else { return nil }
            state.changed = false
            return (state.progress, state.message)
        }
    }
}
