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
    /// Something the caller should be told that is not an error (a feature that was left out, and why).
    case notice(String)
}

/// Receives a job's events, in order, from the job's consuming task.
public typealias JobEvents = @Sendable (JobEvent) -> Void
