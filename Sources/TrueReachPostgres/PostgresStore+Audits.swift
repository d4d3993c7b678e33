import Foundation
import PostgresNIO
import TrueReachCore
import TrueReachStore

extension PostgresStore {
    /// Saves an audit so it appears in its account's history; see
    /// ``AudienceStore/saveAudit(_:createdAt:)``.
    ///
    /// - Throws: ``StoreError``.
    @discardableResult
    public func saveAudit(_ report: AudienceReport, createdAt: Date) async throws -> StoredAudit {
        let blob: Data
        do {
            blob = try StoreCoding.reportEncoder().encode(report)
        } catch {
            throw StoreError(code: .databaseFailed, message: "Cannot encode the report for storage.", underlying: error)
        }
        var p = Parameters()
        let values = [
            try p.add(PostgresText.encode(report.account)), try p.add(report.asOf.timeIntervalSince1970),
            try p.add(createdAt.timeIntervalSince1970), try p.add(PostgresText.encode(report.scorer)),
            try p.add(report.threshold), try p.add(report.followersTotal), try p.add(report.followersAnalysed),
            try p.add(report.sample != nil), try p.add(report.trueReach?.value), try p.add(report.quality.score),
            try p.add(blob),
        ]
        try Task.checkCancellation()
        let inserted = try await rows(
            p.query(
                """
                INSERT INTO audits (account, as_of, created_at, scorer, threshold, followers_total,
                    followers_analysed, sampled, true_reach, audience_quality_score, report)
                VALUES (\(values.joined(separator: ", "))) RETURNING id
                """
            )
        )
        guard let id = try inserted.first?.decode(Int64.self) else {
            throw StoreError(code: .databaseFailed, message: "The new audit got no id.")
        }
        return StoredAudit(
            id: id,
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

    /// The audit history of `account`, newest first (by `createdAt`, then by id).
    ///
    /// - Throws: ``StoreError``.
    public func fetchAudits(account: String?, limit: Int = 1_000) async throws -> [StoredAudit] {
        var p = Parameters()
        let accountPlaceholder = try p.add(PostgresText.encode(account))
        let limitPlaceholder = try p.add(limit)
        let result = try await rows(
            p.query(
                """
                SELECT id, account, as_of, created_at, scorer, threshold, followers_total,
                    followers_analysed, sampled, true_reach, audience_quality_score
                FROM audits WHERE account IS NOT DISTINCT FROM \(accountPlaceholder)::text
                ORDER BY created_at DESC, id DESC LIMIT \(limitPlaceholder)
                """
            )
        )
        return try result.map { row in
            let cells = row.makeRandomAccess()
            return StoredAudit(
                id: try cells[0].decode(Int64.self),
                account: PostgresText.decode(try cells[1].decode(String?.self)),
                asOf: Date(timeIntervalSince1970: try cells[2].decode(Double.self)),
                createdAt: Date(timeIntervalSince1970: try cells[3].decode(Double.self)),
                scorer: PostgresText.decode(try cells[4].decode(String.self)),
                threshold: try cells[5].decode(Double.self),
                followersTotal: try cells[6].decode(Int.self),
                followersAnalysed: try cells[7].decode(Int.self),
                sampled: try cells[8].decode(Bool.self),
                trueReach: try cells[9].decode(Double?.self),
                audienceQualityScore: try cells[10].decode(Int?.self)
            )
        }
    }

    /// The full report of audit `id`, or `nil` when there is none.
    ///
    /// - Throws: ``StoreError`` (`.corruptData` when the stored JSON cannot be decoded).
    public func fetchAuditReport(id: Int64) async throws -> AudienceReport? {
        guard let row = try await rows("SELECT report FROM audits WHERE id = \(id)").first else { return nil }
        let blob = try row.decode(Data.self)
        do {
            return try StoreCoding.reportDecoder().decode(AudienceReport.self, from: blob)
        } catch {
            throw StoreError(
                code: .corruptData,
                message: "A stored report cannot be decoded; it may come from a newer TrueReach.",
                underlying: error,
                path: url.description
            )
        }
    }
}
