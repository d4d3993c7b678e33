/// What a run read from each input and which records it skipped, so that `--max-errors` and
/// `--strict` can be applied later over several runs that each read a part of the same inputs.
///
/// A partitioned job (Spark, say) runs every part with limits off (``IssueLimit`` with `enforcing`
/// false), collects each part's summary, and applies the limits once over all of them, in input
/// order: the same error a single pass would throw, naming the same file, line and field.
///
/// ```swift
/// let parts: [IssueSummary] = try partials.map { try decoder.decode(IssueSummary.self, from: $0) }
/// try IssueSummary.enforce(parts, configuration: IngestConfiguration(maxErrors: 100))
/// ```
public struct IssueSummary: Sendable, Hashable, Codable {
    /// The version of this JSON shape.
    public static let currentSchema = "truereach.issues/1"

    /// ``currentSchema`` when written by this build.
    public var schema: String
    /// One entry per input part, in the order read.
    public var inputs: [Input]

    /// One input, or one part of it.
    public struct Input: Sendable, Hashable, Codable {
        /// The input's name as issues give it (the original file for a part).
        public var name: String
        /// Readable records.
        public var records: Int
        /// Skipped records.
        public var issueCount: Int
        /// The first skipped records, in input order (at most `maxErrors` + 1 of them).
        public var issues: [IngestIssue]

        /// Creates an entry.
        public init(name: String, records: Int, issueCount: Int, issues: [IngestIssue]) {
            self.name = name
            self.records = records
            self.issueCount = issueCount
            self.issues = issues
        }

        enum CodingKeys: String, CodingKey {
            case name, records
            case issueCount = "issue_count"
            case issues
        }
    }

    /// Creates a summary.
    public init(inputs: [Input] = []) {
        schema = Self.currentSchema
        self.inputs = inputs
    }

    /// Applies `configuration`'s limits over `summaries`, given in input order (each input's parts
    /// in line order), as one pass over the whole input would.
    ///
    /// Parts with the same name count against one limit, as one input does.
    ///
    /// - Throws: ``IngestError`` `.invalidRecord` (strict), `.tooManyIssues` or `.noReadableRecords`,
    ///   with the message a single pass gives; `.unknownFormat` for a summary of another schema.
    public static func enforce(_ summaries: [IssueSummary], configuration: IngestConfiguration) throws {
        var order: [String] = []
        var parts: [String: [Input]] = [:]
        for summary in summaries {
            guard summary.schema == currentSchema else {
                throw IngestError(
                    .unknownFormat, "an issue summary of schema '\(summary.schema)'; this build reads \(currentSchema)")
            }
            for input in summary.inputs {
                guard input.records >= 0, input.issueCount >= input.issues.count else {
                    throw IngestError(
                        .unknownFormat, "an issue summary with negative or inconsistent counts", path: input.name)
                }
                if parts[input.name] == nil { order.append(input.name) }
                parts[input.name, default: []].append(input)
            }
        }
        for name in order {
            var limit = IssueLimit(configuration: configuration, path: name)
            for part in parts[name] ?? [] {
                try limit.admit(part.issues, count: part.issueCount, readable: part.records)
            }
            try limit.finish()
        }
    }
}
