import Foundation

/// A store of background jobs: a queue that outlives the process (the `jobs` table).
///
/// ``SQLiteStore`` and `PostgresStore` both conform, with the same semantics, checked by one
/// conformance suite. It is a protocol of its own rather than more of ``AudienceStore``: only the
/// dashboard server runs jobs.
///
/// The life of a job: ``saveJob(_:)`` queues it; a runner takes the oldest queued job with
/// ``claimNextJob(at:)`` (which marks it running), records progress with
/// ``saveJobProgress(id:_:message:)`` and ends it with ``finishJob(id:outcome:at:queueing:)``. A
/// runner that starts, or stops in the middle of a job, calls ``requeueRunningJobs()``: a job is never
/// lost, only run again. One runner per database: a second would requeue the first's running job.
///
/// ```swift
/// let job = try await store.saveJob(NewJob(kind: .audit, account: "acme", createdAt: Date()))
/// while let next = try await store.claimNextJob(at: Date()) { … }
/// ```
public protocol JobStore: Sendable {
    /// Queues a job.
    ///
    /// - Returns: The job as stored (state `queued`, with its id).
    /// - Throws: ``StoreError``.
    @discardableResult
    func saveJob(_ job: NewJob) async throws -> Job

    /// The job with id `id`, or `nil`.
    ///
    /// - Throws: ``StoreError``.
    func fetchJob(id: Int64) async throws -> Job?

    /// The jobs of `account`, newest first (by id).
    ///
    /// - Parameters:
    ///   - account: The account.
    ///   - limit: The most to return.
    /// - Returns: The jobs.
    /// - Throws: ``StoreError``.
    func fetchJobs(account: String, limit: Int) async throws -> [Job]

    /// Takes the oldest queued job (by id) and marks it running, started at `date`, in one transaction,
    /// so two callers never take the same job.
    ///
    /// - Returns: The job as it now is, or `nil` when none is queued.
    /// - Throws: ``StoreError``.
    func claimNextJob(at date: Date) async throws -> Job?

    /// Records a running job's progress and, when given, its current message.
    ///
    /// A job that is no longer running is left as it is.
    ///
    /// - Throws: ``StoreError``.
    func saveJobProgress(id: Int64, _ progress: JobProgress, message: String?) async throws

    /// Ends a running job and, in the same transaction, queues the job it leads to.
    ///
    /// - Parameters:
    ///   - id: The job.
    ///   - outcome: Succeeded or failed, with its message, failure, audit and final progress.
    ///   - date: When it finished.
    ///   - next: A job to queue (the audit after an import), recorded as this one's follow-up.
    /// - Returns: The job as it now is, or `nil` when there is no such job.
    /// - Throws: ``StoreError``; on any error nothing is changed.
    @discardableResult
    func finishJob(id: Int64, outcome: JobOutcome, at date: Date, queueing next: NewJob?) async throws -> Job?

    /// Puts every running job back in the queue (a runner's start, or its graceful stop mid-job).
    ///
    /// - Returns: How many jobs were requeued.
    /// - Throws: ``StoreError``.
    @discardableResult
    func requeueRunningJobs() async throws -> Int
}

extension JobStore {
    /// Ends a running job without queueing another.
    ///
    /// - Throws: ``StoreError``.
    @discardableResult
    public func finishJob(id: Int64, outcome: JobOutcome, at date: Date) async throws -> Job? {
        try await finishJob(id: id, outcome: outcome, at: date, queueing: nil)
    }
}
