public import TrueReachIngest

/// What a running job tells its caller while it works: progress, records it skipped, notices.
///
/// Jobs never print. The CLI turns events into its progress bar and issue summary; the server
/// into logs and job status.
public enum JobEvent: Sendable {
    /// Records processed so far and, when the input is a file, bytes read of the total.
    case progress(records: Int, bytesRead: Int, totalBytes: Int?)
    /// Records that could not be read and were skipped (within the issue policy).
    case skipped([IngestIssue])
    /// A fetch's progress: followers staged of those expected, and the time left at the rate limit.
    case fetch(FetchProgress)
    /// Something the caller should be told that is not an error (a feature that was left out, and why).
    case notice(String)
}

/// How far a fetch from a platform has come.
public struct FetchProgress: Sendable, Hashable {
    /// Distinct followers staged so far (this run and the runs it continues).
    public var staged: Int
    /// Followers the account's profile counts, when it shows them.
    public var expected: Int?
    /// Pages read so far.
    public var pages: Int
    /// Seconds left, from the pages left, the pace so far and the server's rate limit.
    public var etaSeconds: Double?

    /// Creates a progress report.
    public init(staged: Int, expected: Int?, pages: Int, etaSeconds: Double?) {
        self.staged = staged
        self.expected = expected
        self.pages = pages
        self.etaSeconds = etaSeconds
    }
}

/// Receives a job's events, in order, from the job's consuming task.
public typealias JobEvents = @Sendable (JobEvent) -> Void
