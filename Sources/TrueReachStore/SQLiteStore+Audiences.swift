import Foundation
import GRDB
import TrueReachCore

// MARK: - Import

extension SQLiteStore {
    /// Stores `batches` as the audience `name`, in one transaction.
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
    ///   - batches: Accounts in batches (about 10,000 each works well), in the order to keep.
    ///   - options: Strictness.
    ///   - createdAt: The import time to record.
    /// - Returns: What was stored and skipped.
    /// - Throws: ``StoreError`` (`.invalidRecord`, `.duplicateAccount`, `.databaseFailed`), or the
    ///   error the sequence threw, or `CancellationError`.
    /// - Complexity: O(*n* log *n*) in the number of accounts, with memory bounded by two batches.
    @discardableResult
    public func saveAudience<Batches: AsyncSequence>(
        name: String,
        platform: Platform,
        batches: Batches,
        options: AudienceImportOptions = AudienceImportOptions(),
        createdAt: Date = Date()
    ) async throws -> AudienceImportSummary where Batches.Element == [Account] {
        try await importAudience(name: name, platform: platform, options: options, createdAt: createdAt) { channel in
            for try await batch in batches {
                try Task.checkCancellation()
                try await channel.send(batch)
            }
        }
    }

    /// Stores `accounts`, a stream of single accounts, as the audience `name`, in one transaction.
    ///
    /// Batches the stream by ``StoreConfiguration/importBatchSize`` and otherwise behaves exactly
    /// like ``saveAudience(name:platform:batches:options:createdAt:)``.
    @discardableResult
    public func saveAudience<Accounts: AsyncSequence>(
        name: String,
        platform: Platform,
        accounts: Accounts,
        options: AudienceImportOptions = AudienceImportOptions(),
        createdAt: Date = Date()
    ) async throws -> AudienceImportSummary where Accounts.Element == Account {
        let batchSize = max(1, configuration.importBatchSize)
        return try await importAudience(name: name, platform: platform, options: options, createdAt: createdAt) {
            channel in
            var batch: [Account] = []
            batch.reserveCapacity(batchSize)
            for try await account in accounts {
                batch.append(account)
                if batch.count >= batchSize {
                    try Task.checkCancellation()
                    try await channel.send(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
            if !batch.isEmpty { try await channel.send(batch) }
        }
    }

    /// Stores an in-memory array as the audience `name` (small audiences and tests).
    ///
    /// Behaves like ``saveAudience(name:platform:batches:options:createdAt:)``.
    @discardableResult
    public func saveAudience(
        name: String,
        platform: Platform,
        accounts: [Account],
        options: AudienceImportOptions = AudienceImportOptions(),
        createdAt: Date = Date()
    ) async throws -> AudienceImportSummary {
        let batchSize = max(1, configuration.importBatchSize)
        return try await importAudience(name: name, platform: platform, options: options, createdAt: createdAt) {
            channel in
            var start = 0
            while start < accounts.count {
                let end = min(start + batchSize, accounts.count)
                try await channel.send(Array(accounts[start..<end]))
                start = end
            }
        }
    }

    /// Runs the producer (the caller's task) against one write transaction (the GRDB writer).
    private func importAudience(
        name: String,
        platform: Platform,
        options: AudienceImportOptions,
        createdAt: Date,
        produce: (BatchChannel<[Account]>) async throws -> Void
    ) async throws -> AudienceImportSummary {
        let channel = BatchChannel<[Account]>(capacity: 2)
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
        channel: BatchChannel<[Account]>
    ) throws -> AudienceImportSummary {
        var summary = AudienceImportSummary(audience: name)
        if let old = try Int64.fetchOne(db, sql: "SELECT id FROM audiences WHERE name = ?", arguments: [name]) {
            try deleteAudienceRows(db, audienceID: old)
            summary.replacedExisting = true
        }
        try db.execute(
            sql: "INSERT INTO audiences (name, platform, created_at) VALUES (?, ?, ?)",
            arguments: [name, platform.rawValue, createdAt.timeIntervalSince1970]
        )
        let audienceID = db.lastInsertedRowID
        let base = audienceID << 32
        let insert = try db.cachedStatement(sql: AccountColumns.insertSQL)
        var position: Int64 = 0
        while let batch = try channel.receive() {
            for account in batch {
                summary.accountsRead += 1
                if let kind = AccountColumns.problem(account) {
                    if options.strict {
                        throw StoreError(
                            code: .invalidRecord,
                            message: "Account \(summary.accountsRead) of the import is invalid (\(kind.rawValue)); "
                                + "nothing was stored. Fix the input or import without strict mode.",
                            recordIndex: summary.accountsRead
                        )
                    }
                    summary.invalidSkipped += 1
                    record(&summary, kind, options)
                    continue
                }
                position += 1
                guard position < (1 << 32) else {
                    throw StoreError(
                        code: .databaseFailed,
                        message: "An audience holds at most 4,294,967,295 accounts."
                    )
                }
                try AccountColumns.bind(account, rowKey: base | position, audienceID: audienceID, to: insert)
                try insert.execute()
                if db.changesCount == 0 {
                    if options.strict {
                        throw StoreError(
                            code: .duplicateAccount,
                            message: "Account \(summary.accountsRead) of the import repeats an earlier account "
                                + "(same platform and id); nothing was stored.",
                            recordIndex: summary.accountsRead
                        )
                    }
                    summary.duplicatesSkipped += 1
                    record(&summary, .duplicate, options)
                } else {
                    summary.accountsSaved += 1
                }
            }
        }
        try db.execute(
            sql: "UPDATE audiences SET account_count = ? WHERE id = ?",
            arguments: [summary.accountsSaved, audienceID]
        )
        return summary
    }

    private static func record(
        _ summary: inout AudienceImportSummary,
        _ kind: AudienceImportProblem.Kind,
        _ options: AudienceImportOptions
    ) {
        if summary.problems.count < options.maxListedProblems {
            summary.problems.append(AudienceImportProblem(recordIndex: summary.accountsRead, kind: kind))
        }
    }

    private static func deleteAudienceRows(_ db: Database, audienceID: Int64) throws {
        // A row_key range delete walks the table B-tree directly, faster than the cascade.
        try db.execute(
            sql: "DELETE FROM accounts WHERE row_key > ? AND row_key <= ?",
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
    public func fetchAudienceNames() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "SELECT name FROM audiences ORDER BY name") }
    }

    /// The stored audience `name`, or `nil` when there is none.
    ///
    /// - Throws: ``StoreError``.
    public func fetchAudience(name: String) async throws -> AudienceInfo? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT name, platform, created_at, account_count FROM audiences WHERE name = ?",
                    arguments: [name]
                )
            else { return nil }
            let platformName: String = row[1]
            guard let platform = Platform(rawValue: platformName) else {
                throw StoreError(code: .corruptData, message: "A stored audience has an unknown platform.")
            }
            return AudienceInfo(
                name: row[0],
                platform: platform,
                createdAt: Date(timeIntervalSince1970: row[2]),
                accountCount: row[3]
            )
        }
    }

    /// How many accounts are stored for audience `name` (0 when there is no such audience).
    ///
    /// - Complexity: O(1): the count is recorded at import.
    /// - Throws: ``StoreError``.
    public func fetchCount(audience name: String) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT account_count FROM audiences WHERE name = ?", arguments: [name]) ?? 0
        }
    }

    /// Deletes audience `name` and its accounts (audit history is kept).
    ///
    /// - Returns: Whether there was such an audience.
    /// - Throws: ``StoreError``.
    @discardableResult
    public func deleteAudience(name: String) async throws -> Bool {
        try await write { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM audiences WHERE name = ?", arguments: [name])
            else { return false }
            try Self.deleteAudienceRows(db, audienceID: id)
            return true
        }
    }

    /// Streams the accounts of audience `name` in import order, `batchSize` at a time.
    ///
    /// Each batch is its own short read, so memory stays flat and writers are never blocked for
    /// long. If the audience is replaced or deleted while it is being read, the next batch throws
    /// ``StoreError`` `.concurrentModification` rather than mixing two imports.
    ///
    /// ```swift
    /// for try await batch in store.fetchAudienceAccounts(name: "acme") {
    ///     accumulator.add(scorer.score(batch, asOf: now))
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - name: The audience.
    ///   - batchSize: Accounts per batch (must be positive).
    /// - Returns: A sequence of non-empty batches; iterating it throws ``StoreError`` `.notFound` when
    ///   there is no such audience.
    public func fetchAudienceAccounts(name: String, batchSize: Int = 10_000) -> AudienceAccountBatches {
        precondition(batchSize > 0, "batchSize must be positive")
        return AudienceAccountBatches(store: self, name: name, batchSize: batchSize)
    }
}

/// The accounts of one stored audience, in batches; see ``SQLiteStore/fetchAudienceAccounts(name:batchSize:)``.
public struct AudienceAccountBatches: AsyncSequence, Sendable {
    /// A batch of accounts, in import order.
    public typealias Element = [Account]

    let store: SQLiteStore
    let name: String
    let batchSize: Int

    /// Creates an iterator that starts at the first account.
    public func makeAsyncIterator() -> Iterator {
        Iterator(store: store, name: name, batchSize: batchSize)
    }

    /// Reads one batch per `next()`.
    public struct Iterator: AsyncIteratorProtocol {
        let store: SQLiteStore
        let name: String
        let batchSize: Int
        private var audienceID: Int64?
        private var lastKey: Int64 = 0
        private var done = false

        init(store: SQLiteStore, name: String, batchSize: Int) {
            self.store = store
            self.name = name
            self.batchSize = batchSize
        }

        /// The next batch, or `nil` after the last.
        ///
        /// - Throws: ``StoreError`` `.notFound` or `.concurrentModification`, `CancellationError`.
        public mutating func next() async throws -> [Account]? {
            if done { return nil }
            try Task.checkCancellation()
            let (name, expected, lastKey, limit) = (self.name, audienceID, self.lastKey, batchSize)
            let result: (id: Int64, accounts: [Account], lastKey: Int64) = try await store.read { db in
                guard
                    let id = try Int64.fetchOne(db, sql: "SELECT id FROM audiences WHERE name = ?", arguments: [name])
                else {
                    if expected == nil {
                        throw StoreError(code: .notFound, message: "There is no stored audience with that name.")
                    }
                    throw StoreError(
                        code: .concurrentModification,
                        message: "The audience was deleted while it was being read; read it again."
                    )
                }
                if let expected, expected != id {
                    throw StoreError(
                        code: .concurrentModification,
                        message: "The audience was re-imported while it was being read; read it again."
                    )
                }
                let start = expected == nil ? id << 32 : lastKey
                let statement = try db.cachedStatement(sql: AccountColumns.selectRangeSQL)
                var accounts: [Account] = []
                accounts.reserveCapacity(limit)
                var key = start
                let rows = try Row.fetchCursor(statement, arguments: [start, (id << 32) | 0xFFFF_FFFF, limit])
                while let row = try rows.next() {
                    key = row[0]
                    accounts.append(try AccountColumns.account(row))
                }
                return (id, accounts, key)
            }
            audienceID = result.id
            self.lastKey = result.lastKey
            if result.accounts.count < batchSize { done = true }
            if result.accounts.isEmpty { return nil }
            return result.accounts
        }
    }
}
