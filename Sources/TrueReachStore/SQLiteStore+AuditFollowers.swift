import Foundation
import GRDB
import TrueReachCore

// MARK: - Schema (store.v5)

extension SQLiteStore {
    /// Each follower's result of an audit, and the published lists.
    ///
    /// `row_key` is (audit_id << 32) | position, as for profiles: one audit's followers are one key
    /// range. The sort keys are stored ascending (`sort_probability` = −probability, `sort_followers` =
    /// −followers, unknown as 1), so each order with its tie-break by position is one index and its
    /// keyset condition one row-value comparison. The two orders' indexes also hold the category and
    /// the search text, so a search scans an index, not the table (measured on 1,000,000 followers: a
    /// search matching almost none, which reads the whole list, 2 s without them, 0.15 s with them). A
    /// list is visible only once its row in `audit_follower_lists` exists (written last).
    static func createAuditFollowers(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE audit_followers (
                    row_key INTEGER PRIMARY KEY,
                    audit_id INTEGER NOT NULL REFERENCES audits(id) ON DELETE CASCADE,
                    position INTEGER NOT NULL,
                    platform TEXT NOT NULL,
                    profile TEXT NOT NULL,
                    handle TEXT,
                    display_name TEXT,
                    probability REAL NOT NULL,
                    category TEXT NOT NULL,
                    followers_count INTEGER,
                    signals TEXT NOT NULL,
                    sort_probability REAL NOT NULL,
                    sort_followers INTEGER NOT NULL,
                    search_text TEXT NOT NULL
                );
                CREATE INDEX audit_followers_by_probability
                    ON audit_followers (audit_id, sort_probability, position, category, search_text);
                CREATE INDEX audit_followers_by_followers
                    ON audit_followers (audit_id, sort_followers, position, category, search_text);
                CREATE INDEX audit_followers_by_category_probability
                    ON audit_followers (audit_id, category, sort_probability, position);
                CREATE INDEX audit_followers_by_category_followers
                    ON audit_followers (audit_id, category, sort_followers, position);
                CREATE TABLE audit_follower_lists (
                    audit_id INTEGER PRIMARY KEY REFERENCES audits(id) ON DELETE CASCADE,
                    follower_count INTEGER NOT NULL
                );
                """
        )
    }

    // MARK: - Schema (store.v7)

    /// A trigram index of the search text, so a search that matches few followers seeks instead of
    /// reading the whole list.
    ///
    /// An FTS5 table with the `trigram` tokenizer (case-sensitive: `search_text` is lowercased
    /// already) over `audit_followers.search_text` as external content keyed by `row_key`, kept by
    /// triggers, with `detail=none` (no positions: a search asks for rows holding each of its
    /// three-character windows, and checks the candidates' text). Measured on 1,000,000 followers:
    /// 43 MB, a rebuild 21 s, a page of a search matching 35 followers 2 ms instead of 0.3 s. Rows
    /// written before it are indexed by its `rebuild`.
    static func createAuditFollowerSearch(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE VIRTUAL TABLE audit_follower_search USING fts5(
                    search_text, content = 'audit_followers', content_rowid = 'row_key',
                    tokenize = 'trigram case_sensitive 1', detail = 'none'
                );
                CREATE TRIGGER audit_follower_search_insert AFTER INSERT ON audit_followers BEGIN
                    INSERT INTO audit_follower_search (rowid, search_text) VALUES (new.row_key, new.search_text);
                END;
                CREATE TRIGGER audit_follower_search_delete AFTER DELETE ON audit_followers BEGIN
                    INSERT INTO audit_follower_search (audit_follower_search, rowid, search_text)
                        VALUES ('delete', old.row_key, old.search_text);
                END;
                CREATE TRIGGER audit_follower_search_update AFTER UPDATE OF row_key, search_text ON audit_followers
                BEGIN
                    INSERT INTO audit_follower_search (audit_follower_search, rowid, search_text)
                        VALUES ('delete', old.row_key, old.search_text);
                    INSERT INTO audit_follower_search (rowid, search_text) VALUES (new.row_key, new.search_text);
                END;
                INSERT INTO audit_follower_search (audit_follower_search) VALUES ('rebuild');
                """
        )
    }
}

// MARK: - AudienceStore

extension SQLiteStore {
    /// Stores each follower's result of audit `id`; see ``AudienceStore/saveAuditFollowers(audit:batches:)``.
    ///
    /// One write transaction per batch (so `batches` may read this store, even in memory), and the
    /// list is published by a last one; a failure deletes what was written.
    @discardableResult
    public func saveAuditFollowers<Batches: AsyncSequence>(
        audit id: Int64,
        batches: Batches
    ) async throws -> Int where Batches.Element == [AuditFollower] {
        try await write { db in
            guard try Int64.fetchOne(db, sql: "SELECT id FROM audits WHERE id = ?", arguments: [id]) != nil else {
                throw StoreError(code: .notFound, message: "There is no audit \(id) to store followers for.")
            }
            try Self.deleteAuditFollowerRows(db, audit: id)
        }
        var count = 0
        var last = 0
        do {
            for try await batch in batches {
                try Task.checkCancellation()
                try AuditFollowerRows.checkPositions(batch, after: &last)
                let rows = try batch.map { try AuditFollowerRows(audit: id, $0) }
                try await write { db in
                    let insert = try db.cachedStatement(sql: AuditFollowerRows.insertSQL)
                    for row in rows {
                        insert.setUncheckedArguments(row.arguments)
                        try insert.execute()
                    }
                }
                count += batch.count
            }
            try Task.checkCancellation()
            let stored = count
            try await write { db in
                try db.execute(
                    sql: "INSERT INTO audit_follower_lists (audit_id, follower_count) VALUES (?, ?)",
                    arguments: [id, stored])
                let older = try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT l.audit_id FROM audit_follower_lists l JOIN audits a ON a.id = l.audit_id
                        WHERE a.account IS (SELECT account FROM audits WHERE id = ?)
                        ORDER BY l.audit_id DESC LIMIT -1 OFFSET ?
                        """,
                    arguments: [id, AuditFollower.listsKeptPerAccount])
                for audit in older { try Self.deleteAuditFollowerRows(db, audit: audit) }
            }
        } catch {
            _ = try? await write { db in try Self.deleteAuditFollowerRows(db, audit: id) }
            throw error
        }
        return count
    }

    /// One keyset page of an audit's followers; see ``AudienceStore/fetchAuditFollowerPage(_:)``.
    ///
    /// - Complexity: O(`limit` + log *n*) without a search; with one, up to O(*n*).
    public func fetchAuditFollowerPage(_ query: AuditFollowerQuery) async throws -> AuditFollowerPage? {
        query.validate()
        return try await read { db in
            guard
                let total = try Int.fetchOne(
                    db, sql: "SELECT follower_count FROM audit_follower_lists WHERE audit_id = ?",
                    arguments: [query.audit])
            else { return nil }
            let candidates = try Self.searchCandidates(query, db)
            if candidates?.isEmpty == true { return AuditFollowerPage(query: query, fetched: [], total: total) }
            let (sql, values) = Self.pageSQL(query, candidates: candidates)
            let arguments = StatementArguments(values)
            var followers: [AuditFollower] = []
            followers.reserveCapacity(min(query.limit, 1_000) + 1)
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                followers.append(try AuditFollowerRows.follower(row))
            }
            return AuditFollowerPage(query: query, fetched: followers, total: total)
        }
    }

    /// See ``AudienceStore/fetchAuditFollowers(audit:profiles:)``.
    public func fetchAuditFollowers(audit: Int64, profiles: [ProfileID]) async throws -> [AuditFollower] {
        let ids = Array(Set(profiles.map(\.rawValue)))
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            var found: [AuditFollower] = []
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(start + 500, ids.count)]
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                var arguments: [(any DatabaseValueConvertible)?] = [audit]
                arguments += chunk.map { NulSafeText($0) }
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT \(AuditFollowerRows.selectColumns) FROM audit_followers
                        WHERE audit_id = ? AND profile IN (\(marks))
                        """,
                    arguments: StatementArguments(arguments))
                while let row = try rows.next() { found.append(try AuditFollowerRows.follower(row)) }
            }
            return found
        }
    }

    /// At most this many trigram candidates make a search take the trigram index
    /// (`audit_follower_search`): the page then reads each candidate's row and sorts them, about 6 ms
    /// for 800 candidates on 1,000,000 followers, while walking the order's index finds a page of a
    /// search that matches more than that within a few thousand entries.
    static let searchSeekCandidates = 1_000

    /// The `row_key`s of the followers of `query`'s audit whose search text holds every three-character
    /// window of the search (a superset of the matches), when the trigram index can answer it with at
    /// most ``searchSeekCandidates``; `nil` when the order's index should be walked instead (no search,
    /// one shorter than three characters, or more candidates).
    ///
    /// The index stores no positions (`detail=none`), so this is an `AND` of the windows, read from
    /// the index alone; the page query checks each candidate's text.
    private static func searchCandidates(_ query: AuditFollowerQuery, _ db: Database) throws -> [Int64]? {
        guard let key = query.searchKey else { return nil }
        let scalars = Array(key.unicodeScalars)
        guard scalars.count >= 3 else { return nil }
        let windows = Set((0...(scalars.count - 3)).map { String(String.UnicodeScalarView(scalars[$0..<$0 + 3])) })
        let match = windows.sorted().map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: " AND ")
        let range = auditFollowerKeys(query.audit)
        let candidates = try Int64.fetchAll(
            db,
            sql: """
                SELECT rowid FROM audit_follower_search
                WHERE audit_follower_search MATCH ? AND rowid > ? AND rowid <= ? LIMIT ?
                """,
            arguments: [match, range.lowerBound, range.upperBound, searchSeekCandidates + 1])
        return candidates.count <= searchSeekCandidates ? candidates : nil
    }

    /// The `row_key`s of audit `id`'s followers: above `lowerBound`, up to `upperBound`.
    private static func auditFollowerKeys(_ id: Int64) -> (lowerBound: Int64, upperBound: Int64) {
        (id << 32, (id << 32) | 0xFFFF_FFFF)
    }

    /// The page statement: `limit` + 1 rows, to tell whether another page follows.
    ///
    /// With `candidates` (a search's, from the trigram index), those rows are read by key, checked and
    /// sorted; otherwise the order's index is walked from the cursor, testing each entry's search text.
    private static func pageSQL(
        _ query: AuditFollowerQuery,
        candidates: [Int64]?
    ) -> (String, [(any DatabaseValueConvertible)?]) {
        let column = query.sort == .probability ? "sort_probability" : "sort_followers"
        var conditions: [String]
        var arguments: [(any DatabaseValueConvertible)?]
        if let candidates, query.searchKey != nil {
            // By key alone (not also audit_id, which could lead SQLite to an order's index): the
            // candidates are this audit's.
            let marks = Array(repeating: "?", count: candidates.count).joined(separator: ", ")
            conditions = ["row_key IN (\(marks))"]
            arguments = candidates.map { $0 }
        } else {
            conditions = ["audit_id = ?"]
            arguments = [query.audit]
        }
        if let category = query.category {
            conditions.append("category = ?")
            arguments.append(category.rawValue)
        }
        if let search = query.searchKey {
            conditions.append("instr(search_text, ?) > 0")
            arguments.append(search)
        }
        if let after = query.after {
            conditions.append("(\(column), position) > (?, ?)")
            arguments.append(query.sort == .probability ? after.probabilityKey : after.key)
            arguments.append(after.position)
        }
        arguments.append(query.limit + 1)
        let sql = """
            SELECT \(AuditFollowerRows.selectColumns) FROM audit_followers
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(column), position LIMIT ?
            """
        return (sql, arguments)
    }

    private static func deleteAuditFollowerRows(_ db: Database, audit id: Int64) throws {
        try db.execute(sql: "DELETE FROM audit_follower_lists WHERE audit_id = ?", arguments: [id])
        try db.execute(
            sql: "DELETE FROM audit_followers WHERE row_key > ? AND row_key <= ?",
            arguments: [auditFollowerKeys(id).lowerBound, auditFollowerKeys(id).upperBound])
    }
}

/// How an ``AuditFollower`` maps to a row of `audit_followers`.
private struct AuditFollowerRows: Sendable {
    var arguments: StatementArguments

    static let insertSQL = """
        INSERT INTO audit_followers (row_key, audit_id, position, platform, profile, handle, display_name,
            probability, category, followers_count, signals, sort_probability, sort_followers, search_text)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let selectColumns =
        "position, platform, profile, handle, display_name, probability, category, followers_count, signals"

    init(audit: Int64, _ follower: AuditFollower) throws {
        let signals = try AuditFollowerSignals.encode(follower.signals)
        arguments = [
            (audit << 32) | Int64(follower.position), audit, follower.position, follower.platform.rawValue,
            NulSafeText(follower.profile.rawValue), NulSafeText(follower.handle), NulSafeText(follower.displayName),
            follower.probability, follower.category.rawValue, follower.followersCount, signals,
            follower.probabilityKey, follower.followersKey, follower.searchText,
        ]
    }

    /// Throws unless each position is in range and above the one before.
    static func checkPositions(_ batch: [AuditFollower], after last: inout Int) throws {
        for follower in batch {
            guard follower.position > last, follower.position <= AuditFollower.maximumPosition else {
                throw StoreError(
                    code: .invalidRecord,
                    message: "Audit follower positions must increase and lie in 1...\(AuditFollower.maximumPosition).")
            }
            last = follower.position
        }
    }

    static func follower(_ row: Row) throws -> AuditFollower {
        let platformName: String = row[1]
        let categoryName: String = row[6]
        guard let platform = Platform(rawValue: platformName), let category = AudienceCategory(rawValue: categoryName)
        else {
            throw StoreError(
                code: .corruptData, message: "A stored audit follower has an unknown platform or category.")
        }
        return AuditFollower(
            position: row[0],
            platform: platform,
            profile: ProfileID((row[2] as NulSafeText?)?.value ?? ""),
            handle: (row[3] as NulSafeText?)?.value,
            displayName: (row[4] as NulSafeText?)?.value,
            probability: row[5],
            category: category,
            followersCount: row[7],
            signals: try AuditFollowerSignals.decode(row[8])
        )
    }
}
