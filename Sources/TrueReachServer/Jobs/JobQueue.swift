import Foundation
import TrueReachStore

/// The server's job queue: the store's jobs table, and a signal that wakes the runner when a route
/// queues a job.
struct JobQueue: Sendable {
    /// Where jobs are kept.
    let jobs: any JobStore
    /// Where uploads are written.
    let uploadsDirectory: String
    /// Wakes the runner; holds at most one pending wake-up.
    let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init(jobs: any JobStore, uploadsDirectory: String) {
        self.jobs = jobs
        self.uploadsDirectory = uploadsDirectory
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a job and wakes the runner.
    ///
    /// - Throws: ``StoreError``.
    func enqueue(_ job: NewJob) async throws -> Job {
        let saved = try await jobs.saveJob(job)
        wake.yield()
        return saved
    }

    /// Wakes the runner (to look at the queue again).
    func signal() { wake.yield() }
}
