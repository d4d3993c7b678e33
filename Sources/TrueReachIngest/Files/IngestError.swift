/// An operational failure while reading input: the one error type the ingest module throws.
///
/// Tests and callers match on ``code``; ``message`` says what went wrong and what to do, and
/// never contains profile text.
public struct IngestError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable, Codable {
        /// The path does not exist.
        case fileNotFound
        /// The path exists but cannot be read (permissions, a directory, an I/O error).
        case unreadable
        /// The input holds no records at all (zero bytes or only whitespace).
        case emptyInput
        /// The format could not be recognised from the content, or `--input-format` names none.
        case unknownFormat
        /// More records were bad than ``IngestConfiguration/maxErrors`` allows.
        case tooManyIssues
        /// The input ends in the middle of a record (an unclosed JSON array or CSV quote).
        case truncated
        /// Strict mode stopped at the first bad record (see ``IngestError/issue``).
        case invalidRecord
        /// A record or document is larger than the reader will hold in memory.
        case recordTooLarge
        /// Records were found but not one could be read (see ``IngestError/issue`` for the first).
        case noReadableRecords
    }

    /// The kind of failure, to match on.
    public var code: Code
    /// What went wrong and what to do, in plain words.
    public var message: String
    /// The path as given (`-` for standard input), when the failure concerns a file.
    public var path: String?
    /// The record that stopped a strict read, or the first one past `maxErrors`.
    public var issue: IngestIssue?
    /// The underlying system error, when there is one.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(
        _ code: Code,
        _ message: String,
        path: String? = nil,
        issue: IngestIssue? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.issue = issue
        self.underlying = underlying
    }

    /// The error for an input whose every record was unreadable: it names the file and the first issue.
    static func noReadableRecords(path: String, first: IngestIssue, count: Int) -> IngestError {
        IngestError(
            .noReadableRecords,
            "none of the \(count) record(s) could be read (first: \(first)); check the format and the data",
            path: path,
            issue: first
        )
    }

    /// Throws ``noReadableRecords(path:first:count:)`` when `issues` were found but no record was read.
    static func requireReadable(records: Int, issues: [IngestIssue], path: String) throws {
        if records == 0, let first = issues.first {
            throw noReadableRecords(path: path, first: first, count: issues.count)
        }
    }

    /// One line for logs: `path: message`.
    public var description: String {
        if let path { return "\(path): \(message)" }
        return message
    }
}
