public import Foundation
public import TrueReachCore
import TrueReachApp
import TrueReachStore

/// How the server receives uploads and runs its background jobs.
///
/// Every field defaults; `truereach serve` sets ``maxUploadBytes`` from `--max-upload-mb`.
public struct JobConfiguration: Sendable {
    /// Where uploaded files wait for their import: `nil` puts them in `uploads/` beside a SQLite
    /// database, or in `truereach-uploads/` in the temporary directory for PostgreSQL.
    public var uploadsDirectory: String?
    /// The largest file an upload may carry (default 100 MiB); larger ones are answered 413.
    public var maxUploadBytes: Int
    /// How often a running job's progress is written to the store (default 0.5 s).
    public var progressInterval: Duration
    /// How often the runner looks for queued jobs when nothing woke it (default 2 s): uploads and
    /// audit requests wake it at once, so this only matters for jobs queued by another process.
    public var pollInterval: Duration
    /// The scorer of audit jobs (default: the shipped model).
    public var scorer: @Sendable () throws -> any Scorer
    /// The reference date of an audit that starts at a time (default: that day, 00:00 UTC, as
    /// `truereach audit` without `--as-of`).
    public var referenceDate: @Sendable (Date) -> Date
    /// Called when a job starts, before it runs (tests hold a job "running" with it).
    package var willRun: (@Sendable (Job) async throws -> Void)?

    /// Creates a configuration.
    public init(
        uploadsDirectory: String? = nil,
        maxUploadBytes: Int = 100 << 20,
        progressInterval: Duration = .milliseconds(500),
        pollInterval: Duration = .seconds(2),
        scorer: @escaping @Sendable () throws -> any Scorer = { try loadScorer(modelPath: nil) },
        referenceDate: @escaping @Sendable (Date) -> Date = JobConfiguration.startOfDay
    ) {
        self.uploadsDirectory = uploadsDirectory
        self.maxUploadBytes = maxUploadBytes
        self.progressInterval = progressInterval
        self.pollInterval = pollInterval
        self.scorer = scorer
        self.referenceDate = referenceDate
    }

    /// The start of `date`'s day in UTC.
    @Sendable public static func startOfDay(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }

    /// The uploads directory for a database.
    func uploadsDirectory(for database: StoreLocation) -> String {
        if let uploadsDirectory { return uploadsDirectory }
        switch database {
        case .sqlite(let path):
            let directory = (path as NSString).deletingLastPathComponent
            return ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent("uploads")
        case .postgres:
            return (NSTemporaryDirectory() as NSString).appendingPathComponent("truereach-uploads")
        }
    }
}

extension JobConfiguration {
    /// Checks that the server may run with these settings.
    ///
    /// - Throws: ``ServerError`` `.invalidConfiguration` for a size limit below 1 byte.
    public func validate() throws {
        guard maxUploadBytes > 0 else {
            throw ServerError(.invalidConfiguration, "--max-upload-mb must be at least 1.")
        }
    }
}
