import Foundation
import GRDB
import TrueReachCore

// Background jobs (`jobs`, migration `store.v6.jobs`).
extension SQLiteStore: JobStore {
    static let jobColumns = """
        id, kind, account, state, created_at, started_at, finished_at, records, records_total, bytes_read,
        bytes_total, message, error_file, error_line, error_field, error_message, input_path, input_name,
        input_format, platform, audit_id, follow_up_id
        """

    /// See ``JobStore/saveJob(_:)``.
    @discardableResult
    public func saveJob(_ job: NewJob) async throws -> Job {
        try await write { db in try Self.insert(job, db) }
    }

    /// See ``JobStore/fetchJob(id:)``.
    public func fetchJob(id: Int64) async throws -> Job? {
        try await read { db in try Self.job(db, id: id) }
    }

    /// See ``JobStore/fetchJobs(account:limit:)``.
    public func fetchJobs(account: String, limit: Int) async throws -> [Job] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.jobColumns) FROM jobs WHERE account = ? ORDER BY id DESC LIMIT ?",
                arguments: [NulSafeText(account), max(0, limit)]
            ).map(Self.job)
        }
    }

    /// See ``JobStore/claimNextJob(at:)``.
    public func claimNextJob(at date: Date) async throws -> Job? {
        try await write { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1")
            else { return nil }
            try db.execute(
                sql: "UPDATE jobs SET state = 'running', started_at = ? WHERE id = ?",
                arguments: [date.timeIntervalSince1970, id])
            return try Self.job(db, id: id)
        }
    }

    /// See ``JobStore/saveJobProgress(id:_:message:)``.
    public func saveJobProgress(id: Int64, _ progress: JobProgress, message: String?) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE jobs SET records = ?, records_total = ?, bytes_read = ?, bytes_total = ?,
                        message = COALESCE(?, message)
                    WHERE id = ? AND state = 'running'
                    """,
                arguments: [
                    progress.records, progress.recordsTotal, progress.bytesRead, progress.bytesTotal,
                    NulSafeText(message), id,
                ])
        }
    }

    /// See ``JobStore/finishJob(id:outcome:at:queueing:)``.
    @discardableResult
    public func finishJob(id: Int64, outcome: JobOutcome, at date: Date, queueing next: NewJob?) async throws -> Job? {
        try await write { db in
            guard try Self.job(db, id: id) != nil else { return nil }
            let followUp = try next.map { try Self.insert($0, db).id }
            let failure = outcome.failure
            try db.execute(
                sql: """
                    UPDATE jobs SET state = ?, finished_at = ?, message = COALESCE(?, message), error_file = ?,
                        error_line = ?, error_field = ?, error_message = ?, audit_id = ?, follow_up_id = ?
                    WHERE id = ?
                    """,
                arguments: [
                    outcome.state.rawValue, date.timeIntervalSince1970, NulSafeText(outcome.message),
                    NulSafeText(failure?.file), failure?.line, NulSafeText(failure?.field),
                    NulSafeText(failure?.message), outcome.auditID, followUp, id,
                ])
            if let progress = outcome.progress {
                try db.execute(
                    sql: "UPDATE jobs SET records = ?, records_total = ?, bytes_read = ?, bytes_total = ? WHERE id = ?",
                    arguments: [progress.records, progress.recordsTotal, progress.bytesRead, progress.bytesTotal, id])
            }
            return try Self.job(db, id: id)
        }
    }

    /// See ``JobStore/requeueRunningJobs()``.
    @discardableResult
    public func requeueRunningJobs() async throws -> Int {
        try await write { db in
            try db.execute(sql: "UPDATE jobs SET state = 'queued' WHERE state = 'running'")
            return db.changesCount
        }
    }

    // MARK: - Rows

    private static func insert(_ job: NewJob, _ db: Database) throws -> Job {
        try db.execute(
            sql: """
                INSERT INTO jobs (kind, account, state, created_at, input_path, input_name, input_format, platform)
                VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)
                """,
            arguments: [
                job.kind.rawValue, NulSafeText(job.account), job.createdAt.timeIntervalSince1970,
                NulSafeText(job.input?.path), NulSafeText(job.input?.name), job.input?.format,
                job.input?.platform?.rawValue,
            ])
        return Job(
            id: db.lastInsertedRowID, kind: job.kind, account: job.account, state: .queued, createdAt: job.createdAt,
            input: job.input)
    }

    private static func job(_ db: Database, id: Int64) throws -> Job? {
        try Row.fetchOne(db, sql: "SELECT \(jobColumns) FROM jobs WHERE id = ?", arguments: [id]).map(job)
    }

    private static func job(_ row: Row) throws -> Job {
        guard let kind = Job.Kind(rawValue: row["kind"]), let state = Job.State(rawValue: row["state"]) else {
            throw StoreError(code: .corruptData, message: "A stored job has an unknown kind or state.")
        }
        let date = { (column: String) -> Date? in (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        let errorMessage: String? = row["error_message"]
        let inputPath: String? = row["input_path"]
        let platform: String? = row["platform"]
        return Job(
            id: row["id"], kind: kind, account: row["account"], state: state,
            createdAt: Date(timeIntervalSince1970: row["created_at"]), startedAt: date("started_at"),
            finishedAt: date("finished_at"),
            progress: JobProgress(
                records: row["records"], recordsTotal: row["records_total"], bytesRead: row["bytes_read"],
                bytesTotal: row["bytes_total"]),
            message: row["message"],
            failure: errorMessage.map {
                JobFailure(file: row["error_file"], line: row["error_line"], field: row["error_field"], message: $0)
            },
            input: inputPath.map {
                JobInput(
                    path: $0, name: row["input_name"] ?? $0, format: row["input_format"],
                    platform: platform.flatMap(Platform.init(rawValue:)))
            },
            auditID: row["audit_id"], followUpID: row["follow_up_id"])
    }

    // MARK: - store.v6

    /// The background jobs of the dashboard server: one row per job, queued ones taken oldest first.
    static func createJobs(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE jobs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    kind TEXT NOT NULL,
                    account TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    started_at REAL,
                    finished_at REAL,
                    records INTEGER NOT NULL DEFAULT 0,
                    records_total INTEGER,
                    bytes_read INTEGER NOT NULL DEFAULT 0,
                    bytes_total INTEGER,
                    message TEXT,
                    error_file TEXT,
                    error_line INTEGER,
                    error_field TEXT,
                    error_message TEXT,
                    input_path TEXT,
                    input_name TEXT,
                    input_format TEXT,
                    platform TEXT,
                    audit_id INTEGER,
                    follow_up_id INTEGER
                );
                CREATE INDEX jobs_by_account ON jobs (account, id);
                CREATE INDEX jobs_by_state ON jobs (state, id);
                """
        )
    }
}
