public import Foundation
public import TrueReachCore
public import TrueReachIngest
public import TrueReachReports

/// The `score` job: one row per account with its bot / fake probability, category and signals.
///
/// Rows are produced in input order in chunks and handed to `write` as they are ready, so output
/// starts at once and memory stays flat however long the input.
public struct ScoreJob: Sendable {
    /// Scores every account.
    public var scorer: any Scorer
    /// The reference date for accounts without a capture time.
    public var asOf: Date
    /// CSV or JSON lines.
    public var format: ScoreRowWriter.Format
    /// Batches in flight at once.
    public var width: Int

    /// Creates the job.
    public init(scorer: any Scorer, asOf: Date, format: ScoreRowWriter.Format, width: Int = defaultPipelineWidth) {
        precondition(width > 0, "width must be positive")
        self.scorer = scorer
        self.asOf = asOf
        self.format = format
        self.width = width
    }

    /// Scores every account of `inputs` and writes the header, then the rows.
    ///
    /// - Parameters:
    ///   - inputs: Profile files, standard input or byte streams.
    ///   - reader: Reads them, with its issue policy.
    ///   - write: Receives encoded bytes, in order.
    ///   - events: Progress and skipped records.
    /// - Returns: The number of profiles scored.
    /// - Throws: `IngestError` from the reader (policy exceeded, unreadable file), or what `write` throws.
    @discardableResult
    public func run(
        inputs: [IngestInput], reader: ProfileFileReader, write: ([UInt8]) throws -> Void, events: JobEvents? = nil
    ) async throws -> Int {
        try await run(inputs: inputs, reader: reader, enforcingIssueLimits: true, write: write, events: events).records
    }

    /// What a score run did: profiles scored, and each input's records and skipped-record issues.
    public struct Outcome: Sendable {
        /// Profiles scored.
        public var records: Int
        /// Each input's readable records and issues (for ``IssueSummary/enforce(_:configuration:)``).
        public var issues: IssueSummary
    }

    /// Scores every profile of `inputs`, as ``run(inputs:reader:write:events:)``, applying the reader's
    /// issue policy only when `enforcingIssueLimits` (a part of a partitioned job collects instead).
    ///
    /// - Throws: as ``run(inputs:reader:write:events:)``; with limits off, only unreadable inputs.
    public func run(
        inputs: [IngestInput], reader: ProfileFileReader, enforcingIssueLimits: Bool,
        write: ([UInt8]) throws -> Void, events: JobEvents? = nil
    ) async throws -> Outcome {
        let analyzer = AudienceAnalyzer(threshold: scorer.threshold, quantification: scorer.quantification)
        let writer = ScoreRowWriter(format: format)
        let (scorer, now) = (self.scorer, asOf)
        var header: [UInt8] = []
        writer.appendHeader(to: &header)
        try write(header)
        var records = 0
        var summary = IssueSummary()
        for input in inputs {
            var limit = IssueLimit(
                configuration: reader.configuration, path: input.name, enforcing: enforcingIssueLimits)
            try await forEachInOrder(reader.undecodedBatches(input), width: width) { pending in
                // Decoding and scoring in the same child task: both halves of the work spread over the cores.
                let batch = pending.decode()
                let scores = scorer.score(batch.profiles, asOf: now)
                var buffer: [UInt8] = []
                buffer.reserveCapacity(batch.profiles.count * 96)
                for (account, score) in zip(batch.profiles, scores) {
                    let category = analyzer.category(of: account, probability: score.probability, asOf: now)
                    writer.appendRow(account: account, score: score, category: category, to: &buffer)
                }
                return (buffer, batch)
            } consume: { buffer, batch in
                try limit.admit(batch)
                try write(buffer)
                records += batch.profiles.count
                if !batch.issues.isEmpty { events?(.skipped(batch.issues)) }
                events?(.progress(records: records, bytesRead: batch.bytesRead, totalBytes: batch.totalBytes))
            }
            try limit.finish()
            summary.inputs.append(limit.summary)
        }
        return Outcome(records: records, issues: summary)
    }
}
