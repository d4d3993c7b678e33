import Foundation
import GRDB
import TrueReachCore

// Fetches in progress (`fetches`, `fetch_profiles`).
extension SQLiteStore {
    /// See ``AudienceStore/fetchCheckpoint(account:)``.
    public func fetchCheckpoint(account: String) async throws -> FetchCheckpoint? {
        try await read { db in try Self.checkpoint(db, account: account) }
    }

    /// See ``AudienceStore/stageFetchPage(_:profiles:)``.
    public func stageFetchPage(_ checkpoint: FetchCheckpoint, profiles: [Profile]) async throws -> FetchCheckpoint {
        let encoder = StoreCoding.recordEncoder()
        let bodies = try profiles.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let account = NulSafeText(checkpoint.account)
        return try await write { db in
            var stored = try Self.checkpoint(db, account: checkpoint.account)
            var next = 0
            if let existing = stored {
                guard existing.platform == checkpoint.platform else {
                    throw StoreError(
                        code: .invalidRecord,
                        message: "A fetch of this account from \(existing.platform.rawValue) is staged; "
                            + "it cannot take \(checkpoint.platform.rawValue) followers.")
                }
                next =
                    try Int.fetchOne(
                        db, sql: "SELECT next_position FROM fetches WHERE account = ?", arguments: [account]) ?? 0
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO fetches (account, platform, started_at, updated_at, state, staged_count, next_position)
                        VALUES (?, ?, ?, ?, ?, 0, 0)
                        """,
                    arguments: [
                        account, checkpoint.platform.rawValue, checkpoint.startedAt.timeIntervalSince1970,
                        checkpoint.updatedAt.timeIntervalSince1970, checkpoint.state,
                    ])
                stored = checkpoint
                stored?.stagedCount = 0
            }
            let insert = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO fetch_profiles (account, profile_id, position, body) VALUES (?, ?, ?, ?)")
            var added = 0
            for (offset, (profile, body)) in zip(profiles, bodies).enumerated() {
                try insert.execute(arguments: [account, NulSafeText(profile.id.rawValue), next + offset, body])
                added += db.changesCount
            }
            try db.execute(
                sql: """
                    UPDATE fetches SET updated_at = ?, state = ?, staged_count = staged_count + ?,
                        next_position = next_position + ?
                    WHERE account = ?
                    """,
                arguments: [
                    checkpoint.updatedAt.timeIntervalSince1970, checkpoint.state, added, profiles.count, account,
                ])
            guard var result = stored else {
                throw StoreError(code: .databaseFailed, message: "The fetch row vanished.")
            }
            result.updatedAt = checkpoint.updatedAt
            result.state = checkpoint.state
            result.stagedCount += added
            return result
        }
    }

    /// See ``AudienceStore/fetchStagedProfiles(account:after:limit:)``.
    public func fetchStagedProfiles(account: String, after position: Int, limit: Int) async throws -> [StagedProfile] {
        let rows = try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT position, body FROM fetch_profiles WHERE account = ? AND position > ?
                    ORDER BY position LIMIT ?
                    """,
                arguments: [NulSafeText(account), position, max(1, limit)]
            ).map { (position: $0[0] as Int, body: $0[1] as String) }
        }
        return try rows.map {
            try StagedProfile(position: $0.position, profile: StoreCoding.decodeStagedProfile($0.body))
        }
    }

    /// See ``AudienceStore/discardFetch(account:)``.
    public func discardFetch(account: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM fetch_profiles WHERE account = ?", arguments: [NulSafeText(account)])
            try db.execute(sql: "DELETE FROM fetches WHERE account = ?", arguments: [NulSafeText(account)])
            return db.changesCount > 0
        }
    }

    private static func checkpoint(_ db: Database, account: String) throws -> FetchCheckpoint? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT platform, started_at, updated_at, state, staged_count FROM fetches WHERE account = ?",
                arguments: [NulSafeText(account)])
        else { return nil }
        guard let platform = Platform(rawValue: row[0]) else {
            throw StoreError(code: .corruptData, message: "A staged fetch names an unknown platform.")
        }
        return FetchCheckpoint(
            account: account, platform: platform, startedAt: Date(timeIntervalSince1970: row[1]),
            updatedAt: Date(timeIntervalSince1970: row[2]), state: row[3], stagedCount: row[4])
    }
}
