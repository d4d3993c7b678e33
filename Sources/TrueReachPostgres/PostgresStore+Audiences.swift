import Foundation
import Logging
import PostgresNIO
import TrueReachCore
import TrueReachStore

// MARK: - Import

extension PostgresStore {
    /// Stores `batches` as the audience of `account`, in one transaction; see
    /// ``AudienceStore/saveAudience(account:platform:batches:options:createdAt:)``.
    ///
    /// The transaction first takes an advisory lock on the name, so a second import (or delete) of
    /// the same name waits for the first and then replaces it; readers see the old audience until
    /// the commit. Each batch is one `INSERT … SELECT … FROM unnest(…) WITH ORDINALITY … ON CONFLICT
    /// DO NOTHING RETURNING row_key`: the rows not returned are the repeats (the first is kept).
    ///
    /// - Complexity: O(*n* log *n*), one round trip per batch, memory bounded by one batch.
    @discardableResult
    public func saveAudience<Batches: AsyncSequence>(
        account name: String,
        platform: Platform,
        batches: Batches,
        options: AudienceImportOptions = AudienceImportOptions(),
        createdAt: Date = Date()
    ) async throws -> AudienceImportSummary where Batches.Element == [Profile] {
        let storedName = PostgresText.encode(name)
        let logger = self.logger
        return try await transaction { connection in
            var summary = AudienceImportSummary(account: name)
            try await Self.lockAudience(storedName, on: connection, logger: logger, onWait: onWait)
            if let old = try await Self.audienceID(storedName, on: connection, logger: logger) {
                try await Self.deleteAudienceRows(old, on: connection, logger: logger)
                summary.replacedExisting = true
            }
            let inserted = try await connection.query(
                """
                INSERT INTO audiences (account, platform, created_at)
                VALUES (\(storedName), \(platform.rawValue), \(createdAt.timeIntervalSince1970)) RETURNING id
                """,
                logger: logger
            ).collect()
            guard let audienceID = try inserted.first?.decode(Int64.self) else {
                throw StoreError(code: .databaseFailed, message: "The new audience got no id.")
            }
            var position: Int64 = 0
            for try await batch in batches {
                try Task.checkCancellation()
                try await Self.insert(
                    batch,
                    audienceID: audienceID,
                    position: &position,
                    summary: &summary,
                    options: options,
                    on: connection,
                    logger: logger
                )
            }
            // Many sequences end quietly when cancelled: never commit a cut-short import.
            try Task.checkCancellation()
            _ = try await connection.query(
                "UPDATE audiences SET follower_count = \(summary.followersSaved) WHERE id = \(audienceID)",
                logger: logger
            ).collect()
            return summary
        }
    }

    /// Inserts one batch and accounts for what was skipped, in input order, as SQLite does.
    private static func insert(
        _ batch: [Profile],
        audienceID: Int64,
        position: inout Int64,
        summary: inout AudienceImportSummary,
        options: AudienceImportOptions,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws {
        let problems = batch.map(AudienceImportProblem.Kind.init(validating:))
        var valid: [Profile] = []
        var keys: [Int64?] = []
        valid.reserveCapacity(batch.count)
        keys.reserveCapacity(batch.count)
        for (account, problem) in zip(batch, problems) where problem == nil {
            position += 1
            guard position < (1 << 32) else {
                throw StoreError(code: .databaseFailed, message: "An audience holds at most 4,294,967,295 followers.")
            }
            valid.append(account)
            keys.append((audienceID << 32) | position)
        }
        var stored = Set<Int64>()
        if !valid.isEmpty {
            let query = try ProfileRows.insertQuery(valid, rowKeys: keys, audienceID: audienceID)
            for row in try await connection.query(query, logger: logger).collect() {
                stored.insert(try row.decode(Int64.self))
            }
        }
        var next = 0
        for problem in problems {
            summary.followersRead += 1
            if let problem {
                if options.strict { throw StoreError.strictImportStopped(at: summary.followersRead, problem) }
                summary.recordSkipped(problem, options: options)
                continue
            }
            defer { next += 1 }
            if let key = keys[next], stored.contains(key) {
                summary.followersSaved += 1
            } else {
                if options.strict { throw StoreError.strictImportStopped(at: summary.followersRead, .duplicate) }
                summary.recordSkipped(.duplicate, options: options)
            }
        }
    }

    /// Waits for, then holds until the transaction ends, the advisory lock of one audience name.
    ///
    /// When another transaction holds it, `onWait` is called once before waiting.
    private static func lockAudience(
        _ storedName: String, on connection: PostgresConnection, logger: Logger, onWait: (@Sendable () -> Void)?
    ) async throws {
        let taken = try await connection.query(
            "SELECT pg_try_advisory_xact_lock(\(audienceLockClass), hashtext(\(storedName)))",
            logger: logger
        ).collect().first?.decode(Bool.self)
        if taken == true { return }
        onWait?()
        _ = try await connection.query(
            "SELECT pg_advisory_xact_lock(\(audienceLockClass), hashtext(\(storedName)))",
            logger: logger
        ).collect()
    }

    private static func audienceID(_ storedName: String, on connection: PostgresConnection, logger: Logger)
        async throws -> Int64?
    {
        try await connection.query("SELECT id FROM audiences WHERE account = \(storedName)", logger: logger)
            .collect().first?.decode(Int64.self)
    }

    private static func deleteAudienceRows(_ audienceID: Int64, on connection: PostgresConnection, logger: Logger)
        async throws
    {
        // A row_key range delete walks the primary-key index directly; the cascade then finds nothing.
        let low = audienceID << 32
        let high = (audienceID << 32) | 0xFFFF_FFFF
        _ = try await connection.query(
            "DELETE FROM profiles WHERE row_key > \(low) AND row_key <= \(high)",
            logger: logger
        ).collect()
        _ = try await connection.query("DELETE FROM audiences WHERE id = \(audienceID)", logger: logger).collect()
    }
}

// MARK: - Reading

extension PostgresStore {
    /// The names of all stored audiences, sorted by their UTF-8 bytes.
    ///
    /// - Throws: ``StoreError``.
    public func fetchAudienceAccounts() async throws -> [String] {
        try await rows("SELECT account FROM audiences ORDER BY account COLLATE \"C\"").map {
            PostgresText.decode(try $0.decode(String.self))
        }
    }

    /// The stored audience of `account`, or `nil` when there is none.
    ///
    /// - Throws: ``StoreError``.
    public func fetchAudience(account name: String) async throws -> AudienceInfo? {
        let storedName = PostgresText.encode(name)
        guard
            let row = try await rows(
                "SELECT platform, created_at, follower_count FROM audiences WHERE account = \(storedName)"
            ).first
        else { return nil }
        let (platformName, created, count) = try row.decode((String, Double, Int).self)
        guard let platform = Platform(rawValue: platformName) else {
            throw StoreError(code: .corruptData, message: "A stored audience has an unknown platform.")
        }
        return AudienceInfo(
            account: name,
            platform: platform,
            createdAt: Date(timeIntervalSince1970: created),
            followerCount: count
        )
    }

    /// How many followers are stored for the audience of `account` (0 when there is no such audience).
    ///
    /// - Complexity: O(1): the count is recorded at import.
    /// - Throws: ``StoreError``.
    public func fetchCount(audience name: String) async throws -> Int {
        let storedName = PostgresText.encode(name)
        return try await rows("SELECT follower_count FROM audiences WHERE account = \(storedName)").first?
            .decode(Int.self) ?? 0
    }

    /// Deletes the audience of `account` and its profiles (audit history is kept), after any import of the
    /// same name in progress.
    ///
    /// - Returns: Whether there was such an audience.
    /// - Throws: ``StoreError``.
    @discardableResult
    public func deleteAudience(account name: String) async throws -> Bool {
        let storedName = PostgresText.encode(name)
        let logger = self.logger
        return try await transaction { connection in
            try await Self.lockAudience(storedName, on: connection, logger: logger, onWait: onWait)
            guard let id = try await Self.audienceID(storedName, on: connection, logger: logger) else { return false }
            try await Self.deleteAudienceRows(id, on: connection, logger: logger)
            return true
        }
    }

    /// One page of the profiles of the audience of `account`; see
    /// ``AudienceStore/fetchProfilePage(audience:after:limit:)``.
    ///
    /// One statement (one snapshot) finds the audience and its next `row_key` range, so a page
    /// never mixes two imports.
    ///
    /// - Complexity: O(`limit` + log *n*).
    public func fetchProfilePage(
        audience name: String,
        after cursor: AudienceProfileCursor?,
        limit: Int
    ) async throws -> AudienceProfilePage? {
        precondition(limit > 0, "limit must be positive")
        var parameters = Parameters()
        let namePlaceholder = try parameters.add(PostgresText.encode(name))
        let cursorID = try parameters.add(cursor?.audienceID)
        let cursorKey = try parameters.add(cursor?.rowKey)
        let limitPlaceholder = try parameters.add(limit)
        let result = try await rows(
            parameters.query(
                """
                SELECT c.id, a.row_key, \(ProfileRows.columnList(prefix: "a."))
                FROM (SELECT id FROM audiences WHERE account = \(namePlaceholder)) AS c
                LEFT JOIN LATERAL (
                    SELECT * FROM profiles
                    WHERE row_key > (CASE WHEN \(cursorID)::int8 IS NULL THEN c.id << 32
                                          WHEN c.id = \(cursorID)::int8 THEN \(cursorKey)::int8 END)
                      AND row_key <= ((c.id << 32) | 4294967295)
                    ORDER BY row_key LIMIT \(limitPlaceholder)
                ) AS a ON true
                ORDER BY a.row_key
                """
            )
        )
        guard let first = result.first else { return nil }
        let id = try first.decode(Int64.self)
        var key = cursor?.audienceID == id ? cursor?.rowKey ?? 0 : id << 32
        var profiles: [Profile] = []
        profiles.reserveCapacity(result.count)
        for row in result {
            let cells = row.makeRandomAccess()
            guard let rowKey = try cells[1].decode(Int64?.self) else { continue }
            key = rowKey
            profiles.append(try ProfileRows.account(cells, from: 2))
        }
        return AudienceProfilePage(profiles: profiles, cursor: AudienceProfileCursor(audienceID: id, rowKey: key))
    }
}
