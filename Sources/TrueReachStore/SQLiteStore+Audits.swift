import Foundation
import GRDB
import TrueReachCore

extension SQLiteStore {
    /// Saves an audit so it appears in its account's history.
    ///
    /// The headline numbers get their own columns (for history queries); the whole report is kept as
    /// JSON (keys sorted) for ``fetchAuditReport(id:)``.
    ///
    /// - Parameters:
    ///   - report: The audit; its `account` is the history key (`nil` for unnamed input).
    ///   - createdAt: When the audit ran (passed in so tests and replays are deterministic).
    /// - Returns: The new audit's summary, with its id.
    /// - Throws: ``StoreError``.
    @discardableResult
    public func saveAudit(_ report: AudienceReport, createdAt: Date) async throws -> StoredAudit {
        let blob: Data
        do {
            blob = try StoreCoding.reportEncoder().encode(report)
        } catch {
            throw StoreError(
                code: .databaseFailed,
                message: "Cannot encode the report for storage.",
                underlying: error
            )
        }
        return try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO audits (account, as_of, created_at, scorer, threshold, followers_total,
                        followers_analysed, sampled, true_reach, audience_quality_score, report)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    NulSafeText(report.account), report.asOf.timeIntervalSince1970, createdAt.timeIntervalSince1970,
                    report.scorer, report.threshold, report.followersTotal, report.followersAnalysed,
                    report.sample != nil, report.trueReach?.value, report.quality.score, blob,
                ]
            )
            return StoredAudit(
                id: db.lastInsertedRowID,
                account: report.account,
                asOf: report.asOf,
                createdAt: createdAt,
                scorer: report.scorer,
                threshold: report.threshold,
                followersTotal: report.followersTotal,
                followersAnalysed: report.followersAnalysed,
                sampled: report.sample != nil,
                trueReach: report.trueReach?.value,
                audienceQualityScore: report.quality.score
            )
        }
    }

    /// The audit history of `account`, newest first (by `createdAt`, then by id).
    ///
    /// - Parameters:
    ///   - account: The audited account name; `nil` lists audits of unnamed input.
    ///   - limit: The most entries to return.
    /// - Returns: The history entries, newest first.
    /// - Throws: ``StoreError``.
    public func fetchAudits(account: String?, limit: Int = 1_000) async throws -> [StoredAudit] {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, account, as_of, created_at, scorer, threshold, followers_total,
                        followers_analysed, sampled, true_reach, audience_quality_score
                    FROM audits WHERE account IS ? ORDER BY created_at DESC, id DESC LIMIT ?
                    """,
                arguments: [NulSafeText(account), limit]
            )
            return rows.map { row in
                StoredAudit(
                    id: row[0],
                    account: (row[1] as NulSafeText?)?.value,
                    asOf: Date(timeIntervalSince1970: row[2]),
                    createdAt: Date(timeIntervalSince1970: row[3]),
                    scorer: row[4],
                    threshold: row[5],
                    followersTotal: row[6],
                    followersAnalysed: row[7],
                    sampled: row[8],
                    trueReach: row[9],
                    audienceQualityScore: row[10]
                )
            }
        }
    }

    /// The full report of audit `id`, or `nil` when there is none.
    ///
    /// - Throws: ``StoreError`` (`.corruptData` when the stored JSON cannot be decoded).
    public func fetchAuditReport(id: Int64) async throws -> AudienceReport? {
        let blob = try await read { db in
            try Data.fetchOne(db, sql: "SELECT report FROM audits WHERE id = ?", arguments: [id])
        }
        guard let blob else { return nil }
        do {
            return try StoreCoding.reportDecoder().decode(AudienceReport.self, from: blob)
        } catch {
            throw StoreError(
                code: .corruptData,
                message: "A stored report cannot be decoded; it may come from a newer TrueReach.",
                underlying: error,
                path: path
            )
        }
    }
}
