import Foundation
import PostgresNIO
import TrueReachStore

// The audited account's posts, interactions, authors, series and snapshots (`account_records`).
extension PostgresStore {
    /// See ``AudienceStore/saveAccountRecords(_:account:)``.
    ///
    /// - Complexity: one round trip per 5,000 records.
    public func saveAccountRecords(_ records: AccountRecords, account: String) async throws {
        let kinds = try records.encodedByKind()
        guard !kinds.isEmpty else { return }
        let storedAccount = PostgresText.encode(account)
        let logger = self.logger
        try await transaction { connection in
            for (kind, bodies) in kinds {
                try Task.checkCancellation()
                _ = try await connection.query(
                    "DELETE FROM account_records WHERE account = \(storedAccount) AND kind = \(kind.rawValue)",
                    logger: logger
                ).collect()
                for start in stride(from: 0, to: bodies.count, by: Self.engagementChunk) {
                    let end = min(start + Self.engagementChunk, bodies.count)
                    var p = Parameters()
                    let accountPlaceholder = try p.add(storedAccount)
                    let kindPlaceholder = try p.add(kind.rawValue)
                    let positions = try p.array((start..<end).map { Int64($0) }, as: "int8")
                    // JSON escapes NUL as \u0000, so a body never holds one.
                    let texts = try p.array(Array(bodies[start..<end]), as: "text")
                    _ = try await connection.query(
                        p.query(
                            """
                            INSERT INTO account_records (account, kind, position, body)
                            SELECT \(accountPlaceholder)::text, \(kindPlaceholder)::text, position, body
                            FROM unnest(\(positions), \(texts)) AS t(position, body)
                            """),
                        logger: logger
                    ).collect()
                }
            }
        }
    }

    /// See ``AudienceStore/fetchAccountRecords(account:)``.
    public func fetchAccountRecords(account: String) async throws -> AccountRecords {
        let storedAccount = PostgresText.encode(account)
        var records = AccountRecords()
        for row in try await rows(
            "SELECT kind, body FROM account_records WHERE account = \(storedAccount) ORDER BY kind, position")
        {
            let (kind, body) = try row.decode((String, String).self)
            try records.append(kind: kind, body: body)
        }
        return records
    }
}
