import Foundation
import GRDB
import TrueReachCore

// MARK: - Import

extension SQLiteStore {
    /// Stores `batches` as the audience of `account`, in one transaction (``AudienceStore`` requirement).
    ///
    /// Re-importing an existing name **replaces** that audience: the old accounts are deleted and
    /// the new ones stored, atomically. (An audience is a snapshot of who follows an account; merging
    /// would keep people who have since left.) Audit history is kept: it is stored by name, not by
    /// audience.
    ///
    /// The whole import is one SQLite transaction, fed batch by batch so memory stays at about two
    /// batches however long the input. If the sequence throws, the task is cancelled, or (with
    /// ``AudienceImportOptions/strict``) an account is invalid or repeated, everything is rolled back
    /// and the database is exactly as before, including any audience of the same name.
    ///
    /// Without `strict`, invalid accounts (empty id, negative count) and repeats of an account
    /// already seen in this import (same platform and id; the first is kept) are skipped and counted.
    ///
    /// The store's writer is held for the whole import, so `batches` must not write to this store
    /// (and, for an in-memory store, whose reads share the writer, must not read from it either):
    /// that would wait forever.
    ///
    /// - Parameters:
    ///   - name: The audience name, unique in the store.
    ///   - platform: The platform of the account whose audience this is.
    ///   - batches: Profiles in batches (about 10,000 each works well), in the order to keep.
    ///   - options: Strictness.
    ///   - createdAt: The import time to record.
    /// - Returns: What was stored and skipped.
    /// - Throws: ``StoreError`` (`.invalidRecord`, `.duplicateProfile`, `.databaseFailed`), or the
    ///   error the sequence threw, or `CancellationError`.
    /// - Complexity: O(*n* log *n*) in the number of accounts, with memory bounded by two batches.
    @discardableResult
    public func saveAudience<Batches: AsyncSequence>(
        account name: String,
        platform: Platform,
        batches: Batches,
        options: AudienceImportOptions = AudienceImportOptions(),
        createdAt: Date = Date()
    ) async throws -> AudienceImportSummary where Batches.Element == [Profile] {
        try await importAudience(account: name, platform: platform, options: options, createdAt: createdAt) { channel in
            for try await batch in batches {
                try Task.checkCancellation()
                try await channel.send(batch)
            }
        }
    }

    /// Runs the producer (the caller's task) against one write transaction (the GRDB writer).
    private func importAudience(
        account name: String,
        platform: Platform,
        options: AudienceImportOptions,
        createdAt: Date,
        produce: (BatchChannel<[Profile]>) async throws -> Void
    ) async throws -> AudienceImportSummary {
        let channel = BatchChannel<[Profile]>(capacity: 2)
        return try await withThrowingTaskGroup(of: AudienceImportSummary.self) { group in
            group.addTask {
                do {
                    return try await self.write { db in
                        do {
                            return try Self.consumeImport(
                                db,
                                name: name,
                                platform: platform,
                                options: options,
                                createdAt: createdAt,
                                channel: channel
                            )
                        } catch {
                            channel.close(error)
                            throw error
                        }
                    }
                } catch {
                    // Also covers a write that never started (cancelled while queued).
                    channel.close(error)
                    throw error
                }
            }
            do {
                try await produce(channel)
                // Many sequences end quietly when cancelled: never commit a cut-short import.
                try Task.checkCancellation()
                channel.finish()
            } catch {
                channel.fail(error)
                // Wait for the rollback, then report the producer's error: it is the root cause.
                _ = try? await group.next()
                throw error
            }
            guard let summary = try await group.next() else {
                throw StoreError(code: .databaseFailed, message: "The import ended without a result.")
            }
            return summary
        }
    }

    /// The write-transaction side of an import; runs on GRDB's writer thread.
    private static func consumeImport(
        _ db: Database,
        name: String,
        platform: Platform,
        options: AudienceImportOptions,
        createdAt: Date,
        channel: BatchChannel<[Profile]>
    ) throws -> AudienceImportSummary {
        var summary = AudienceImportSummary(account: name)
        if let old = try Int64.fetchOne(
            db, sql: "SELECT id FROM audiences WHERE account = ?", arguments: [NulSafeText(name)])
        {
            try deleteAudienceRows(db, audienceID: old)
            summary.replacedExisting = true
        }
        try db.execute(
            sql: "INSERT INTO audiences (account, platform, created_at) VALUES (?, ?, ?)",
            arguments: [NulSafeText(name), platform.rawValue, createdAt.timeIntervalSince1970]
        )
        let audienceID = db.lastInsertedRowID
        let base = audienceID << 32
        let insert = try db.cachedStatement(sql: ProfileColumns.insertSQL)
        var position: Int64 = 0
        while let batch = try channel.receive() {
            for account in batch {
                summary.followersRead += 1
                if let kind = AudienceImportProblem.Kind(validating: account) {
                    if options.strict { throw StoreError.strictImportStopped(at: summary.followersRead, kind) }
                    summary.recordSkipped(kind, options: options)
                    continue
                }
                position += 1
                guard position < (1 << 32) else {
                    throw StoreError(
                        code: .databaseFailed,
                        message: "An audience holds at most 4,294,967,295 followers."
                    )
                }
                try ProfileColumns.bind(account, rowKey: base | position, audienceID: audienceID, to: insert)
                try insert.execute()
                if db.changesCount == 0 {
                    if options.strict { throw StoreError.strictImportStopped(at: summary.followersRead, .duplicate) }
                    summary.recordSkipped(.duplicate, options: options)
                } else {
                    summary.followersSaved += 1
                }
            }
        }
        try db.execute(
            sql: "UPDATE audiences SET follower_count = ? WHERE id = ?",
            arguments: [summary.followersSaved, audienceID]
        )
        return summary
    }

    private static func deleteAudienceRows(_ db: Database, audienceID: Int64) throws {
        // A row_key range delete walks the table B-tree directly, faster than the cascade.
        try db.execute(
            sql: "DELETE FROM profiles WHERE row_key > ? AND row_key <= ?",
            arguments: [audienceID << 32, (audienceID << 32) | 0xFFFF_FFFF]
        )
        try db.execute(sql: "DELETE FROM audiences WHERE id = ?", arguments: [audienceID])
    }
}

// MARK: - Reading

extension SQLiteStore {
    /// The names of all stored audiences, sorted.
    ///
    /// - Throws: ``StoreError``.
    public func fetchAudienceAccounts() async throws -> [String] {
        try await read { db in
            try NulSafeText.fetchAll(db, sql: "SELECT account FROM audiences ORDER BY account").compactMap(\.value)
        }
    }

    /// The stored audience of `account`, or `nil` when there is none.
    ///
    /// - Throws: ``StoreError``.
    public func fetchAudience(account name: String) async throws -> AudienceInfo? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT account, platform, created_at, follower_count FROM audiences WHERE account = ?",
                    arguments: [NulSafeText(name)]
                )
            else { return nil }
            let platformName: String = row[1]
            guard let platform = Platform(rawValue: platformName) else {
                throw StoreError(code: .corruptData, message: "A stored audience has an unknown platform.")
            }
            return AudienceInfo(
                account: name,
                platform: platform,
                createdAt: Date(timeIntervalSince1970: row[2]),
                followerCount: row[3]
            )
        }
    }

    /// How many followers are stored for the audience of `account` (0 when there is no such audience).
    ///
    /// - Complexity: O(1): the count is recorded at import.
    /// - Throws: ``StoreError``.
    public func fetchCount(audience name: String) async throws -> Int {
        try await read { db in
            try Int.fetchOne(
                db, sql: "SELECT follower_count FROM audiences WHERE account = ?", arguments: [NulSafeText(name)]) ?? 0
        }
    }

    /// Deletes the audience of `account` and its profiles (audit history is kept).
    ///
    /// - Returns: Whether there was such an audience.
    /// - Throws: ``StoreError``.
    @discardableResult
    public func deleteAudience(account name: String) async throws -> Bool {
        try await write { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM audiences WHERE account = ?", arguments: [NulSafeText(name)])
            else { return false }
            try Self.deleteAudienceRows(db, audienceID: id)
            return true
        }
    }

    /// One page of the profiles of the audience of `account`; see
    /// ``AudienceStore/fetchProfilePage(audience:after:limit:)``.
    ///
    /// The audience lookup and the rows come from one read transaction (one snapshot), and the rows
    /// are one `row_key` range of the table's B-tree.
    ///
    /// - Complexity: O(`limit` + log *n*).
    public func fetchProfilePage(
        audience name: String,
        after cursor: AudienceProfileCursor?,
        limit: Int
    ) async throws -> AudienceProfilePage? {
        precondition(limit > 0, "limit must be positive")
        return try await read { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM audiences WHERE account = ?", arguments: [NulSafeText(name)])
            else { return nil }
            let start: Int64
            switch cursor {
            case nil: start = id << 32
            case let cursor? where cursor.audienceID == id: start = cursor.rowKey
            case _?: return AudienceProfilePage(profiles: [], cursor: AudienceProfileCursor(audienceID: id, rowKey: 0))
            }
            let statement = try db.cachedStatement(sql: ProfileColumns.selectRangeSQL)
            var profiles: [Profile] = []
            profiles.reserveCapacity(min(limit, 10_000))
            var key = start
            let rows = try Row.fetchCursor(statement, arguments: [start, (id << 32) | 0xFFFF_FFFF, limit])
            while let row = try rows.next() {
                key = row[0]
                profiles.append(try ProfileColumns.account(row))
            }
            return AudienceProfilePage(profiles: profiles, cursor: AudienceProfileCursor(audienceID: id, rowKey: key))
        }
    }
}
