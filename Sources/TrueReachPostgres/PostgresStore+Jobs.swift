import Foundation
import PostgresNIO
import TrueReachCore
import TrueReachStore

// Background jobs (`jobs`, migration `store.v6.jobs`), as in `SQLiteStore+Jobs.swift`.
extension PostgresStore: JobStore {
    static let jobColumns = """
        id, kind, account, state, created_at, started_at, finished_at, records, records_total, bytes_read,
        bytes_total, message, error_file, error_line, error_field, error_message, input_path, input_name,
        input_format, platform, audit_id, follow_up_id
        """

    /// See ``JobStore/saveJob(_:)``.
    @discardableResult
    public func saveJob(_ job: NewJob) async throws -> Job {
        let logger = self.logger
        return try await transaction { connection in try await Self.insert(job, connection, logger: logger) }
    }

    /// See ``JobStore/fetchJob(id:)``.
    public func fetchJob(id: Int64) async throws -> Job? {
        try await rows(PostgresQuery(unsafeSQL: "SELECT \(Self.jobColumns) FROM jobs WHERE id = \(id)")).first
            .map(Self.job)
    }

    /// See ``JobStore/fetchJobs(account:limit:)``.
    public func fetchJobs(account: String, limit: Int) async throws -> [Job] {
        var p = Parameters()
        let name = try p.add(PostgresText.encode(account))
        let count = try p.add(max(0, limit))
        return try await rows(
            p.query("SELECT \(Self.jobColumns) FROM jobs WHERE account = \(name) ORDER BY id DESC LIMIT \(count)")
        ).map(Self.job)
    }

    /// See ``JobStore/claimNextJob(at:)``.
    ///
    /// The queued row is locked (`FOR UPDATE SKIP LOCKED`), so two callers take two jobs.
    public func claimNextJob(at date: Date) async throws -> Job? {
        try await rows(
            """
            UPDATE jobs SET state = 'running', started_at = \(date.timeIntervalSince1970)
            WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.jobColumns)
            """
        ).first.map(Self.job)
    }

    /// See ``JobStore/saveJobProgress(id:_:message:)``.
    public func saveJobProgress(id: Int64, _ progress: JobProgress, message: String?) async throws {
        var p = Parameters()
        let values = [
            try p.add(progress.records), try p.add(progress.recordsTotal), try p.add(progress.bytesRead),
            try p.add(progress.bytesTotal), try p.add(PostgresText.encode(message)), try p.add(id),
        ]
        _ = try await rows(
            p.query(
                """
                UPDATE jobs SET records = \(values[0]), records_total = \(values[1]), bytes_read = \(values[2]),
                    bytes_total = \(values[3]), message = COALESCE(\(values[4])::text, message)
                WHERE id = \(values[5]) AND state = 'running'
                """))
    }

    /// See ``JobStore/finishJob(id:outcome:at:queueing:)``.
    @discardableResult
    public func finishJob(id: Int64, outcome: JobOutcome, at date: Date, queueing next: NewJob?) async throws -> Job? {
        let logger = self.logger
        return try await transaction { connection in
            let existing = try await connection.query(
                "SELECT id FROM jobs WHERE id = \(id) FOR UPDATE", logger: logger
            ).collect()
            guard !existing.isEmpty else { return nil }
            let followUp = try await next.asyncMap { try await Self.insert($0, connection, logger: logger).id }
            let failure = outcome.failure
            var p = Parameters()
            let values = [
                try p.add(outcome.state.rawValue), try p.add(date.timeIntervalSince1970),
                try p.add(PostgresText.encode(outcome.message)), try p.add(PostgresText.encode(failure?.file)),
                try p.add(failure?.line), try p.add(PostgresText.encode(failure?.field)),
                try p.add(PostgresText.encode(failure?.message)), try p.add(outcome.auditID), try p.add(followUp),
                try p.add(id),
            ]
            _ = try await connection.query(
                p.query(
                    """
                    UPDATE jobs SET state = \(values[0]), finished_at = \(values[1]),
                        message = COALESCE(\(values[2])::text, message), error_file = \(values[3]),
                        error_line = \(values[4]), error_field = \(values[5]), error_message = \(values[6]),
                        audit_id = \(values[7]), follow_up_id = \(values[8])
                    WHERE id = \(values[9])
                    """), logger: logger
            ).collect()
            if let progress = outcome.progress {
                var q = Parameters()
                let cells = [
                    try q.add(progress.records), try q.add(progress.recordsTotal), try q.add(progress.bytesRead),
                    try q.add(progress.bytesTotal), try q.add(id),
                ]
                _ = try await connection.query(
                    q.query(
                        """
                        UPDATE jobs SET records = \(cells[0]), records_total = \(cells[1]), bytes_read = \(cells[2]),
                            bytes_total = \(cells[3])
                        WHERE id = \(cells[4])
                        """), logger: logger
                ).collect()
            }
            return try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT \(Self.jobColumns) FROM jobs WHERE id = \(id)"), logger: logger
            ).collect().first.map(Self.job)
        }
    }

    /// See ``JobStore/requeueRunningJobs()``.
    @discardableResult
    public func requeueRunningJobs() async throws -> Int {
        try await rows("UPDATE jobs SET state = 'queued' WHERE state = 'running' RETURNING id").count
    }

    // MARK: - Rows

    private static func insert(_ job: NewJob, _ connection: PostgresConnection, logger: Logger) async throws -> Job {
        var p = Parameters()
        let values = [
            try p.add(job.kind.rawValue), try p.add(PostgresText.encode(job.account)),
            try p.add(job.createdAt.timeIntervalSince1970), try p.add(PostgresText.encode(job.input?.path)),
            try p.add(PostgresText.encode(job.input?.name)), try p.add(job.input?.format),
            try p.add(job.input?.platform?.rawValue),
        ]
        let inserted = try await connection.query(
            p.query(
                """
                INSERT INTO jobs (kind, account, state, created_at, input_path, input_name, input_format, platform)
                VALUES (\(values[0]), \(values[1]), 'queued', \(values[2]), \(values[3]), \(values[4]), \(values[5]),
                    \(values[6]))
                RETURNING id
                """), logger: logger
        ).collect()
        guard let id = try inserted.first?.decode(Int64.self) else {
            throw StoreError(code: .databaseFailed, message: "The new job got no id.")
        }
        return Job(
            id: id, kind: job.kind, account: job.account, state: .queued, createdAt: job.createdAt, input: job.input)
    }

    private static func job(_ row: PostgresRow) throws -> Job {
        let cells = row.makeRandomAccess()
        guard let kind = Job.Kind(rawValue: try cells[1].decode(String.self)),
            let state = Job.State(rawValue: try cells[3].decode(String.self))
        else {
            throw StoreError(code: .corruptData, message: "A stored job has an unknown kind or state.")
        }
        func text(_ index: Int) throws -> String? { PostgresText.decode(try cells[index].decode(String?.self)) }
        func date(_ index: Int) throws -> Date? {
            try cells[index].decode(Double?.self).map(Date.init(timeIntervalSince1970:))
        }
        func int(_ index: Int) throws -> Int? { try cells[index].decode(Int64?.self).map { Int($0) } }
        let failure = try text(15).map { message in
            JobFailure(file: try text(12), line: try int(13), field: try text(14), message: message)
        }
        let input = try text(16).map { path in
            JobInput(
                path: path, name: try text(17) ?? path, format: try cells[18].decode(String?.self),
                platform: try cells[19].decode(String?.self).flatMap(Platform.init(rawValue:)))
        }
        return Job(
            id: try cells[0].decode(Int64.self), kind: kind,
            account: PostgresText.decode(try cells[2].decode(String.self)),
            state: state, createdAt: Date(timeIntervalSince1970: try cells[4].decode(Double.self)),
            startedAt: try date(5), finishedAt: try date(6),
            progress: JobProgress(
                records: try int(7) ?? 0, recordsTotal: try int(8), bytesRead: try int(9) ?? 0, bytesTotal: try int(10)),
            message: try text(11), failure: failure, input: input, auditID: try cells[20].decode(Int64?.self),
            followUpID: try cells[21].decode(Int64?.self))
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
