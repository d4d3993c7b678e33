import Foundation

/// How account files are read: format, error tolerance and batch size.
///
/// Every field has a default, so `IngestConfiguration()` reads any supported format,
/// skips up to 100 bad records and yields batches of 8,192 accounts.
public struct IngestConfiguration: Sendable, Hashable {
    /// The input format, or `nil` to detect it from the content (never from the file name).
    public var format: ProfileFormat?
    /// How many bad records are skipped (each reported as an ``IngestIssue``) before the read
    /// fails with ``IngestError/Code/tooManyIssues``.
    public var maxErrors: Int
    /// Stop with ``IngestError/Code/invalidRecord`` at the first bad record instead of skipping it.
    public var strict: Bool
    /// Records per batch; also the unit of parallel parsing.
    public var batchSize: Int
    /// How many batches are parsed at once (default: the active processor count).
    public var parallelism: Int

    /// Whether X v1.1 records go through the byte-level scanner first (benchmarks and tests turn it off
    /// to time or check the Codable path).
    package var usesByteScanner = true

    /// A batch also ends once it holds this many bytes (checked per 4 MiB read), so memory per
    /// batch stays bounded whatever the records' length: 8,192 records of 5 kB would otherwise
    /// make 40 MB batches.
    package var batchByteBudget = 16 << 20

    /// Creates a configuration; every field has a default.
    public init(
        format: ProfileFormat? = nil,
        maxErrors: Int = 100,
        strict: Bool = false,
        batchSize: Int = 8192,
        parallelism: Int = IngestConfiguration.defaultParallelism
    ) {
        precondition(batchSize > 0, "batchSize must be positive")
        precondition(parallelism > 0, "parallelism must be positive")
        precondition(maxErrors >= 0, "maxErrors must not be negative")
        self.format = format
        self.maxErrors = maxErrors
        self.strict = strict
        self.batchSize = batchSize
        self.parallelism = parallelism
    }

    /// The number of active processors.
    public static var defaultParallelism: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
