import Foundation
import Testing
import TrueReachCore
import TrueReachStore

/// Background jobs: queued, claimed oldest first, progress recorded, finished with a follow-up in one
/// step, put back in the queue after a stop, and kept across a reopen; the same on every store.
@Suite(.timeLimit(.minutes(10))) struct StoreConformanceJobsTests {
    static let queued = Date(timeIntervalSince1970: 1_790_000_000.25)

    static func jobs(_ fixture: StoreFixture) throws -> any JobStore {
        try #require(fixture.store as? any JobStore, "\(fixture.kind) keeps jobs")
    }

    static func upload(_ account: String, at offset: TimeInterval = 0) -> NewJob {
        NewJob(
            kind: .import, account: account, createdAt: queued.addingTimeInterval(offset),
            input: JobInput(
                path: "/var/uploads/1.upload", name: "fol\u{0}lowers <1>.jsonl", format: "canonical-jsonl",
                platform: .mastodon))
    }

    @Test(arguments: StoreKind.available)
    func jobsAreQueuedAndTakenOldestFirstOnce(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.jobs(fixture)
            #expect(try await store.claimNextJob(at: Self.queued) == nil)
            // Given two accounts' jobs, queued in this order
            let first = try await store.saveJob(Self.upload("acme\u{0}"))
            let second = try await store.saveJob(NewJob(kind: .audit, account: "beta", createdAt: Self.queued))
            let third = try await store.saveJob(Self.upload("acme\u{0}", at: 2))
            #expect(first.state == .queued)
            #expect(first.id < second.id && second.id < third.id)
            let stored = try #require(try await store.fetchJob(id: first.id))
            #expect(stored == first)
            #expect(stored.input?.name == "fol\u{0}lowers <1>.jsonl")
            #expect(stored.input?.platform == .mastodon)
            #expect(stored.createdAt == Self.queued)
            // When runners claim them, each is taken once, oldest first, and marked running
            let started = Self.queued.addingTimeInterval(10)
            let a = try #require(try await store.claimNextJob(at: started))
            let b = try #require(try await store.claimNextJob(at: started))
            let c = try #require(try await store.claimNextJob(at: started))
            #expect([a.id, b.id, c.id] == [first.id, second.id, third.id])
            #expect(a.state == .running)
            #expect(a.startedAt == started)
            #expect(try await store.claimNextJob(at: started) == nil)
            // An account lists its own jobs, newest first
            let acme = try await store.fetchJobs(account: "acme\u{0}", limit: 10).map(\.id)
            #expect(acme == [third.id, first.id])
            let limited = try await store.fetchJobs(account: "acme\u{0}", limit: 1).map(\.id)
            #expect(limited == [third.id])
            #expect(try await store.fetchJobs(account: "nobody", limit: 10).isEmpty)
            #expect(try await store.fetchJob(id: 9_999) == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func progressAndOutcomesAreRecordedAndAFollowUpIsQueuedWithTheFinish(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.jobs(fixture)
            let job = try await store.saveJob(Self.upload("acme"))
            // Progress is recorded only while the job runs
            try await store.saveJobProgress(id: job.id, JobProgress(records: 5), message: "early")
            let untouched = try await store.fetchJob(id: job.id)
            #expect(untouched?.progress == JobProgress())
            #expect(untouched?.message == nil)
            _ = try await store.claimNextJob(at: Self.queued)
            let progress = JobProgress(records: 1_000, recordsTotal: nil, bytesRead: 65_536, bytesTotal: 1 << 20)
            try await store.saveJobProgress(id: job.id, progress, message: "Reading")
            let running = try #require(try await store.fetchJob(id: job.id))
            #expect(running.progress == progress)
            #expect(running.message == "Reading")
            // Finishing queues the follow-up in the same step
            let finished = Self.queued.addingTimeInterval(30)
            let done = try #require(
                try await store.finishJob(
                    id: job.id,
                    outcome: .succeeded(message: "Stored 1,000 followers", progress: JobProgress(records: 1_000)),
                    at: finished, queueing: NewJob(kind: .audit, account: "acme", createdAt: finished)))
            #expect(done.state == .succeeded)
            #expect(done.finishedAt == finished)
            #expect(done.message == "Stored 1,000 followers")
            #expect(done.progress == JobProgress(records: 1_000))
            let followUp = try #require(done.followUpID)
            let audit = try #require(try await store.fetchJob(id: followUp))
            #expect(audit.kind == .audit)
            #expect(audit.state == .queued)
            #expect(audit.input == nil)
            // A failure keeps where the input was at fault; an audit keeps the audit it stored
            _ = try await store.claimNextJob(at: finished)
            let failure = JobFailure(file: "f.csv", line: 7, field: "followers_count", message: "not a number")
            let failed = try await store.finishJob(id: followUp, outcome: .failed(failure), at: finished)
            #expect(failed?.state == .failed)
            #expect(failed?.failure == failure)
            #expect(failed?.followUpID == nil)
            let third = try await store.saveJob(NewJob(kind: .audit, account: "acme", createdAt: finished))
            _ = try await store.claimNextJob(at: finished)
            let audited = try await store.finishJob(
                id: third.id, outcome: .succeeded(message: nil, auditID: 42), at: finished)
            #expect(audited?.auditID == 42)
            #expect(audited?.failure == nil)
            #expect(try await store.finishJob(id: 9_999, outcome: .succeeded(message: nil), at: finished) == nil)
        }
    }

    @Test(arguments: StoreKind.persistent)
    func runningJobsGoBackToTheQueueAndFinishedOnesStayAfterAReopen(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.jobs(fixture)
            let done = try await store.saveJob(Self.upload("acme"))
            let interrupted = try await store.saveJob(Self.upload("acme", at: 1))
            let waiting = try await store.saveJob(Self.upload("acme", at: 2))
            _ = try await store.claimNextJob(at: Self.queued)
            try await store.finishJob(id: done.id, outcome: .succeeded(message: "ok"), at: Self.queued)
            _ = try await store.claimNextJob(at: Self.queued)
            // When the process stops mid-job and another opens the database
            let reopen = try #require(fixture.reopen)
            let reopened = try await reopen()
            let jobs = try #require(reopened as? any JobStore)
            #expect(try await jobs.requeueRunningJobs() == 1)
            // Then nothing was lost: the interrupted job runs again first, then the waiting one
            let states = try await jobs.fetchJobs(account: "acme", limit: 10).map(\.state)
            #expect(states == [.queued, .queued, .succeeded])
            let next = try await jobs.claimNextJob(at: Self.queued)?.id
            #expect(next == interrupted.id)
            let after = try await jobs.claimNextJob(at: Self.queued)?.id
            #expect(after == waiting.id)
            try await reopened.close()
        }
    }
}
