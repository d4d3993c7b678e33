public import TrueReachIngest

/// How many unreadable records a job skips (each reported) before it fails.
///
/// The readers of account files apply `IngestConfiguration`'s limit as they stream; the jobs that read
/// whole post, series and snapshot files check what those readers collected with this, so both
/// give up at the same count.
public struct IssuePolicy: Sendable, Hashable {
    /// Unreadable records to skip before the job fails.
    public var maxErrors: Int
    /// Fail at the first unreadable record.
    public var strict: Bool

    /// Creates a policy.
    public init(maxErrors: Int = 100, strict: Bool = false) {
        precondition(maxErrors >= 0, "maxErrors must not be negative")
        self.maxErrors = maxErrors
        self.strict = strict
    }

    /// The policy of a reader configuration.
    public init(_ configuration: IngestConfiguration) {
        self.init(maxErrors: configuration.maxErrors, strict: configuration.strict)
    }

    /// The reader configuration that applies this policy while reading.
    public var configuration: IngestConfiguration {
        var configuration = IngestConfiguration()
        configuration.maxErrors = maxErrors
        configuration.strict = strict
        return configuration
    }

    /// Reports `issues` as skipped and fails when there are more than the policy allows, or when every
    /// record was unreadable.
    ///
    /// - Parameters:
    ///   - issues: The unreadable records.
    ///   - records: Records read successfully.
    ///   - events: Receives the issues as skipped.
    /// - Throws: ``AppError`` `.badInput`, naming the first issue.
    public func check(_ issues: [IngestIssue], records: Int, events: JobEvents?) throws {
        guard !issues.isEmpty else { return }
        events?(.skipped(issues))
        let limit = strict ? 0 : maxErrors
        if issues.count > limit || records == 0 {
            let first = issues[0].description
            let why =
                records == 0
                ? "no record could be read"
                : "\(issues.count) unreadable records (limit \(limit))"
            throw AppError(.badInput, "\(why); the first: \(first); fix the input or raise --max-errors")
        }
    }
}
