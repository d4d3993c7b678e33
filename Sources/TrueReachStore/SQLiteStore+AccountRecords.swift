import Foundation
import GRDB

// The audited account's posts, interactions, authors, series and snapshots (`account_records`).
extension SQLiteStore {
    /// See ``AudienceStore/saveAccountRecords(_:account:)``.
    public func saveAccountRecords(_ records: AccountRecords, account: String) async throws {
        let kinds = try records.encodedByKind()
        guard !kinds.isEmpty else { return }
        try await write { db in
            let insert = try db.cachedStatement(
                sql: "INSERT INTO account_records (account, kind, position, body) VALUES (?, ?, ?, ?)")
            for (kind, bodies) in kinds {
                try db.execute(
                    sql: "DELETE FROM account_records WHERE account = ? AND kind = ?",
                    arguments: [NulSafeText(account), kind.rawValue])
                for (position, body) in bodies.enumerated() {
                    try insert.execute(arguments: [NulSafeText(account), kind.rawValue, position, body])
                }
            }
        }
    }

    /// See ``AudienceStore/fetchAccountRecords(account:)``.
    public func fetchAccountRecords(account: String) async throws -> AccountRecords {
        try await read { db in
            var records = AccountRecords()
            let rows = try Row.fetchCursor(
                db, sql: "SELECT kind, body FROM account_records WHERE account = ? ORDER BY kind, position",
                arguments: [NulSafeText(account)])
            while let row = try rows.next() { try records.append(kind: row[0], body: row[1]) }
            return records
        }
    }
}
