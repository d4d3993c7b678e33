import TrueReachCore

/// A run of accounts read from one input, in file order, with the issues found on the way.
public struct ProfileBatch: Sendable {
    /// The accounts, in the order they appear in the input.
    public var profiles: [Profile]
    /// The records of this stretch of input that were skipped, and why.
    public var issues: [IngestIssue]
    /// Bytes of the input consumed so far (for progress).
    public var bytesRead: Int
    /// The input's size when known (a regular file), `nil` for standard input.
    public var totalBytes: Int?
    /// The format the input was read as (detected or configured).
    public var format: ProfileFormat

    /// Creates a batch.
    public init(
        profiles: [Profile],
        issues: [IngestIssue],
        bytesRead: Int,
        totalBytes: Int?,
        format: ProfileFormat
    ) {
        self.profiles = profiles
        self.issues = issues
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.format = format
    }
}
