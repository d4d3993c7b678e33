import Synchronization

/// A batch of records read and framed but not yet decoded.
///
/// Decoding is the parallel half of reading: ``ProfileFileReader/undecodedBatches(path:)`` hands
/// these out in file order, cheaply, and the caller decodes each in a child task of its own, while
/// it works on earlier ones. Pass the decoded batches, in file order, through an ``IssueLimit``.
public struct UndecodedProfileBatch: Sendable {
    private let bytes: ByteHandoff
    private let spans: [RecordSpan]
    private let decoder: RecordDecoder
    private let buffers: ReadBufferPool
    /// Bytes of the input consumed up to the end of this batch (for progress).
    public let bytesRead: Int
    /// The input's size when known (a regular file), `nil` for standard input.
    public let totalBytes: Int?

    init(raw: RawBatch, decoder: RecordDecoder, totalBytes: Int?, buffers: ReadBufferPool) {
        self.bytes = ByteHandoff(raw.bytes)
        self.spans = raw.spans
        self.decoder = decoder
        self.buffers = buffers
        self.bytesRead = raw.bytesRead
        self.totalBytes = totalBytes
    }

    /// The format the input is read as.
    public var format: ProfileFormat { decoder.format }

    /// Decodes the records: the accounts in file order and the issues of the bad ones.
    ///
    /// A batch decodes once (its read buffer then goes back to the reader); decoding it again is a
    /// programming error and stops the program.
    ///
    /// - Complexity: O(n) in the batch's bytes; CPU-bound and synchronous.
    public func decode() -> ProfileBatch {
        guard let bytes = bytes.take() else { preconditionFailure("an UndecodedProfileBatch decodes once") }
        let decoded = decoder.decode(RawBatch(bytes: bytes, spans: spans, bytesRead: bytesRead))
        buffers.put(bytes)
        return ProfileBatch(
            profiles: decoded.profiles,
            issues: decoded.issues,
            bytesRead: decoded.bytesRead,
            totalBytes: totalBytes,
            format: decoder.format
        )
    }
}

/// A read buffer handed from the reader to whichever task decodes it.
///
/// Copies of an ``UndecodedProfileBatch`` share it, so taking the bytes leaves none of them
/// holding the buffer: the decoded batch's buffer goes back to the ``ReadBufferPool`` uniquely
/// referenced and is read into again without a new allocation.
private final class ByteHandoff: Sendable {
    private let bytes: Mutex<[UInt8]?>

    init(_ bytes: [UInt8]) {
        self.bytes = Mutex(bytes)
    }

    /// The bytes, the first time; `nil` after.
    func take() -> [UInt8]? {
        bytes.withLock { value in
            defer { value = nil }
            return value
        }
    }
}

/// The bad-record limits of an ``IngestConfiguration`` (`strict`, `maxErrors`), applied to the
/// issues of one input's batches in file order.
public struct IssueLimit: Sendable {
    private let strict: Bool
    private let maxErrors: Int
    private let path: String
    private var count = 0
    private var readable = 0
    private var firstIssue: IngestIssue?
    private let enforcing: Bool
    /// The first issues counted (at most `maxErrors` + 1: enough to apply the limit again later).
    private var kept: [IngestIssue] = []

    /// Creates a limit for the input at `path` (named in the errors).
    ///
    /// With `enforcing` false it only counts: nothing throws, and ``summary`` carries what is needed
    /// to apply the limit later over several parts of the input (``IssueSummary/enforce(_:configuration:)``).
    public init(configuration: IngestConfiguration, path: String, enforcing: Bool = true) {
        strict = configuration.strict
        maxErrors = configuration.maxErrors
        self.path = path
        self.enforcing = enforcing
    }

    /// What was counted: readable records, issues, and the first issues.
    public var summary: IssueSummary.Input {
        IssueSummary.Input(name: path, records: readable, issueCount: count, issues: kept)
    }

    /// Counts the next batch's issues.
    ///
    /// - Throws: ``IngestError`` `.invalidRecord` at the first issue in strict mode, `.tooManyIssues`
    ///   once more than `maxErrors` have been counted.
    public mutating func admit(_ issues: [IngestIssue]) throws {
        try admit(issues, readable: 0)
    }

    /// Counts the next decoded batch: its issues, and its accounts for ``finish()``.
    ///
    /// - Throws: as ``admit(_:)-([IngestIssue])``.
    public mutating func admit(_ batch: ProfileBatch) throws {
        try admit(batch.issues, readable: batch.profiles.count)
    }

    /// Ends the input: an input whose records were all unreadable is an error, not an empty result.
    ///
    /// - Throws: ``IngestError`` `.noReadableRecords` naming the first issue when issues were counted
    ///   but no readable record (only batches passed to ``admit(_:)-(ProfileBatch)`` count records).
    public func finish() throws {
        if enforcing, readable == 0, let firstIssue {
            throw IngestError.noReadableRecords(path: path, first: firstIssue, count: count)
        }
    }

    /// Counts `issues` and `readable` records of the next batch.
    ///
    /// - Throws: as ``admit(_:)-([IngestIssue])``.
    public mutating func admit(_ issues: [IngestIssue], readable: Int) throws {
        try admit(issues, count: issues.count, readable: readable)
    }

    /// Counts `count` issues of the next batch, of which `issues` are the first (all of them, or at
    /// least enough to reach the limit), and `readable` records.
    ///
    /// - Throws: as ``admit(_:)-([IngestIssue])``.
    mutating func admit(_ issues: [IngestIssue], count: Int, readable: Int) throws {
        self.readable += readable
        if firstIssue == nil { firstIssue = issues.first }
        if kept.count <= maxErrors {
            kept.append(contentsOf: issues.prefix(Swift.max(0, maxErrors + 1 - kept.count)))
        }
        guard enforcing else {
            self.count += count
            return
        }
        if strict, let first = issues.first {
            throw IngestError(
                .invalidRecord,
                "stopped at the first bad record (strict): \(first)",
                path: path,
                issue: first
            )
        }
        let before = self.count
        self.count += count
        if self.count > maxErrors, !issues.isEmpty {
            // The record that crossed the limit, whatever the batch boundaries (so a partitioned job
            // names the same one as a single pass).
            let index = Swift.max(0, maxErrors - before)
            guard index < issues.count else {
                throw IngestError(
                    .tooManyIssues,
                    "more than \(maxErrors) bad records; the parts' summaries keep too few issues to name the "
                        + "one past the limit (run every part with the same --max-errors)",
                    path: path)
            }
            let crossing = issues[index]
            throw IngestError(
                .tooManyIssues,
                "more than \(maxErrors) bad records (at: \(crossing)); fix the input or raise --max-errors",
                path: path,
                issue: crossing
            )
        }
    }
}
