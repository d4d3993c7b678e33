import Foundation
import PostgresNIO
import TrueReachCore
import TrueReachStore

// Fetches in progress (`fetches`, `fetch_profiles`).
extension PostgresStore {
    /// See ``AudienceStore/fetchCheckpoint(account:)``.
    public func fetchCheckpoint(account: String) async throws -> FetchCheckpoint? {
        let stored = PostgresText.encode(account)
        guard
            let row = try await rows(
                """
                SELECT platform, started_at, updated_at, state, staged_count FROM fetches WHERE account = \(stored)
                """
            ).first
        else { return nil }
        return try Self.checkpoint(row, account: account)
    }

    /// See ``AudienceStore/stageFetchPage(_:profiles:)``.
    ///
    /// The fetch's row is locked for the transaction, so two processes staging pages of one account
    /// take turns.
    public func stageFetchPage(_ checkpoint: FetchCheckpoint, profiles: [Profile]) async throws -> FetchCheckpoint {
        let encoder = StoreCoding.recordEncoder()
        // JSON escapes NUL as \u0000, so a body never holds one.
        let bodies = try profiles.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let ids = profiles.map { PostgresText.encode($0.id.rawValue) }
        let account = PostgresText.encode(checkpoint.account)
        let logger = self.logger
        return try await transaction { connection in
            _ = try await connection.query(
                """
                INSERT INTO fetches (account, platform, started_at, updated_at, state, staged_count, next_position)
                VALUES (\(account), \(checkpoint.platform.rawValue), \(checkpoint.startedAt.timeIntervalSince1970),
                    \(checkpoint.updatedAt.timeIntervalSince1970), \(checkpoint.state), 0, 0)
                ON CONFLICT (account) DO NOTHING
                """,
                logger: logger
            ).collect()
            let locked = try await connection.query(
                """
                SELECT platform, started_at, updated_at, state, staged_count, next_position
                FROM fetches WHERE account = \(account) FOR UPDATE
                """,
                logger: logger
            ).collect()
            guard let row = locked.first else {
                throw StoreError(code: .databaseFailed, message: "The fetch row vanished.")
            }
            var stored = try Self.checkpoint(row, account: checkpoint.account)
            guard stored.platform == checkpoint.platform else {
                throw StoreError(
                    code: .invalidRecord,
                    message: "A fetch of this account from \(stored.platform.rawValue) is staged; "
                        + "it cannot take \(checkpoint.platform.rawValue) followers.")
            }
            let next = try row.decode((String, Double, Double, String, Int64, Int64).self).5
            var added = 0
            if !profiles.isEmpty {
                var p = Parameters()
                let accountPlaceholder = try p.add(account)
                let base = try p.add(next)
                let idArray = try p.array(ids, as: "text")
                let bodyArray = try p.array(bodies, as: "text")
                added = try await connection.query(
                    p.query(
                        """
                        INSERT INTO fetch_profiles (account, profile_id, position, body)
                        SELECT \(accountPlaceholder)::text, id, \(base)::int8 + ordinal - 1, body
                        FROM unnest(\(idArray), \(bodyArray)) WITH ORDINALITY AS t(id, body, ordinal)
                        ORDER BY ordinal
                        ON CONFLICT DO NOTHING
                        RETURNING position
                        """),
                    logger: logger
                ).collect().count
            }
            _ = try await connection.query(
                """
                UPDATE fetches SET updated_at = \(checkpoint.updatedAt.timeIntervalSince1970), state = \(checkpoint.state),
                    staged_count = staged_count + \(Int64(added)), next_position = next_position + \(Int64(profiles.count))
                WHERE account = \(account)
                """,
                logger: logger
            ).collect()
            stored.updatedAt = checkpoint.updatedAt
            stored.state = checkpoint.state
            stored.stagedCount += added
            return stored
        }
    }

    /// See ``AudienceStore/fetchStagedProfiles(account:after:limit:)``.
    public func fetchStagedProfiles(account: String, after position: Int, limit: Int) async throws -> [StagedProfile] {
        let stored = PostgresText.encode(account)
        return try await rows(
            """
            SELECT position, body FROM fetch_profiles WHERE account = \(stored) AND position > \(Int64(position))
            ORDER BY position LIMIT \(Int64(max(1, limit)))
            """
        ).map { row in
            let (position, body) = try row.decode((Int64, String).self)
            return StagedProfile(position: Int(position), profile: try StoreCoding.decodeStagedProfile(body))
        }
    }

    /// See ``AudienceStore/discardFetch(account:)``.
    public func discardFetch(account: String) async throws -> Bool {
        let stored = PostgresText.encode(account)
        let logger = self.logger
        return try await transaction { connection in
            _ = try await connection.query("DELETE FROM fetch_profiles WHERE account = \(stored)", logger: logger)
                .collect()
            return try await connection.query(
                "DELETE FROM fetches WHERE account = \(stored) RETURNING account", logger: logger
            ).collect().count > 0
        }
    }

    private static func checkpoint(_ row: PostgresRow, account: String) throws -> FetchCheckpoint {
        let columns = row.makeRandomAccess()
        let platformName = try columns[0].decode(String.self)
        guard let platform = Platform(rawValue: platformName) else {
            throw StoreError(code: .corruptData, message: "A staged fetch names an unknown platform.")
        }
        return FetchCheckpoint(
            account: account, platform: platform,
            startedAt: Date(timeIntervalSince1970: try columns[1].decode(Double.self)),
            updatedAt: Date(timeIntervalSince1970: try columns[2].decode(Double.self)),
            state: try columns[3].decode(String.self), stagedCount: Int(try columns[4].decode(Int64.self)))
    }
}
