import Foundation
public import TrueReachCore

/// A background job of the dashboard server: an import of an uploaded file or an audit of a stored
/// audience, with its state, progress and outcome.
///
/// Jobs are rows of the `jobs` table (migration `store.v6.jobs`), so they outlive the process that
/// queued them: a server that stops leaves its queue behind, and the next one runs it (see
/// ``JobStore``).
public struct Job: Sendable, Hashable {
    /// What a job does.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// Reads ``Job/input`` into the store as the audience of ``Job/account``.
        case `import`
        /// Audits the stored audience of ``Job/account`` and stores the audit.
        case audit
    }

    /// Where a job is in its life.
    public enum State: String, Sendable, Hashable, CaseIterable, Codable {
        /// Waiting to run (also a job that a stopped server interrupted).
        case queued
        /// Being run.
        case running
        /// Finished: the import was stored, or the audit recorded (``Job/auditID``).
        case succeeded
        /// Finished without effect; ``Job/failure`` says why.
        case failed

        /// Whether the job has finished, either way.
        public var isFinished: Bool { self == .succeeded || self == .failed }
    }

    /// The job's id, increasing in the order jobs were queued.
    public var id: Int64
    /// What it does.
    public var kind: Kind
    /// The audited account (the audience's name).
    public var account: String
    /// Where it is.
    public var state: State
    /// When it was queued.
    public var createdAt: Date
    /// When it last started running (`nil` while it never has).
    public var startedAt: Date?
    /// When it finished.
    public var finishedAt: Date?
    /// How far it has come.
    public var progress: JobProgress
    /// A line for a person: what was stored, skipped, or is being done.
    public var message: String?
    /// Why it failed.
    public var failure: JobFailure?
    /// The file an import reads.
    public var input: JobInput?
    /// The audit an audit job stored.
    public var auditID: Int64?
    /// The job this one queued when it succeeded (an import queues the audit of what it stored).
    public var followUpID: Int64?

    /// Creates a job value (stores create them; tests compare them).
    public init(
        id: Int64, kind: Kind, account: String, state: State, createdAt: Date, startedAt: Date? = nil,
        finishedAt: Date? = nil, progress: JobProgress = JobProgress(), message: String? = nil,
        failure: JobFailure? = nil, input: JobInput? = nil, auditID: Int64? = nil, followUpID: Int64? = nil
    ) {
        self.id = id
        self.kind = kind
        self.account = account
        self.state = state
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.progress = progress
        self.message = message
        self.failure = failure
        self.input = input
        self.auditID = auditID
        self.followUpID = followUpID
    }
}

/// A job to queue: what ``JobStore/saveJob(_:)`` needs.
public struct NewJob: Sendable, Hashable {
    /// What it does.
    public var kind: Job.Kind
    /// The audited account.
    public var account: String
    /// When it is queued.
    public var createdAt: Date
    /// The file an import reads.
    public var input: JobInput?

    /// Creates a job to queue.
    public init(kind: Job.Kind, account: String, createdAt: Date, input: JobInput? = nil) {
        self.kind = kind
        self.account = account
        self.createdAt = createdAt
        self.input = input
    }
}

/// How far a job has come: records done and, for a file, bytes read of its size.
public struct JobProgress: Sendable, Hashable {
    /// Records read (an import) or scored (an audit).
    public var records: Int
    /// Records there are to do, when known (an audit of a stored audience).
    public var recordsTotal: Int?
    /// Bytes of the input read.
    public var bytesRead: Int
    /// The input's size, when known.
    public var bytesTotal: Int?

    /// Creates a progress value.
    public init(records: Int = 0, recordsTotal: Int? = nil, bytesRead: Int = 0, bytesTotal: Int? = nil) {
        self.records = records
        self.recordsTotal = recordsTotal
        self.bytesRead = bytesRead
        self.bytesTotal = bytesTotal
    }
}

/// Why a job failed: a message and, when a record of the input was at fault, where it is.
public struct JobFailure: Sendable, Hashable {
    /// The file as the user named it (an upload's file name).
    public var file: String?
    /// The 1-based line of the record at fault.
    public var line: Int?
    /// The field (JSON key or CSV column) at fault.
    public var field: String?
    /// What went wrong and what to do, without profile text.
    public var message: String

    /// Creates a failure.
    public init(file: String? = nil, line: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }
}

/// The file an import job reads: where it is on disk, what the user called it, and how to read it.
public struct JobInput: Sendable, Hashable {
    /// The file on the server's disk.
    public var path: String
    /// The name the user gave it (an upload's file name): the one issues and failures name.
    public var name: String
    /// The input format (`--input-format` names), or `nil` to detect it from the content.
    public var format: String?
    /// The audited account's platform, or `nil` to take the first follower's.
    public var platform: Platform?

    /// Creates an input.
    public init(path: String, name: String, format: String? = nil, platform: Platform? = nil) {
        self.path = path
        self.name = name
        self.format = format
        self.platform = platform
    }
}

/// How a job ended, for ``JobStore/finishJob(id:outcome:at:queueing:)``.
public struct JobOutcome: Sendable, Hashable {
    /// `.succeeded` or `.failed`.
    public var state: Job.State
    /// The final line for a person.
    public var message: String?
    /// Why it failed.
    public var failure: JobFailure?
    /// The audit it stored.
    public var auditID: Int64?
    /// The final progress.
    public var progress: JobProgress?

    /// A success.
    public static func succeeded(message: String?, auditID: Int64? = nil, progress: JobProgress? = nil) -> JobOutcome {
        JobOutcome(state: .succeeded, message: message, failure: nil, auditID: auditID, progress: progress)
    }

    /// A failure.
    public static func failed(_ failure: JobFailure, progress: JobProgress? = nil) -> JobOutcome {
        JobOutcome(state: .failed, message: nil, failure: failure, auditID: nil, progress: progress)
    }
}
