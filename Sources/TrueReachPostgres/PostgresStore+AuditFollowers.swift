import Foundation
import Logging
import PostgresNIO
import TrueReachCore
import TrueReachStore

extension PostgresStore {
    /// Stores each follower's result of audit `id`; see ``AudienceStore/saveAuditFollowers(audit:batches:)``.
    ///
    /// One transaction: the old list is deleted, each batch is one `INSERT … SELECT … FROM unnest(…)`,
    /// and the list row is written last; readers see the previous list until the commit. Then the
    /// table is analysed: until autovacuum gets to it (a minute or so later), the planner would guess a
    /// search's selectivity without statistics and walk an order's index instead of seeking the
    /// trigram index, which costs seconds on a large list.
    @discardableResult
    public func saveAuditFollowers<Batches: AsyncSequence>(
        audit id: Int64,
        batches: Batches
    ) async throws -> Int where Batches.Element == [AuditFollower] {
        let count = try await insertAuditFollowers(audit: id, batches: batches)
        do {
            _ = try await rows("ANALYZE audit_followers")
        } catch {
            // The list is stored; without fresh statistics a search is only slower until autovacuum runs.
            logger.notice("Could not analyse audit_followers", metadata: ["error": "\(error)"])
        }
        return count
    }

    private func insertAuditFollowers<Batches: AsyncSequence>(
        audit id: Int64,
        batches: Batches
    ) async throws -> Int where Batches.Element == [AuditFollower] {
        let logger = self.logger
        return try await transaction { connection in
            let audit = try await connection.query("SELECT id FROM audits WHERE id = \(id) FOR UPDATE", logger: logger)
                .collect()
            guard !audit.isEmpty else {
                throw StoreError(code: .notFound, message: "There is no audit \(id) to store followers for.")
            }
            _ = try await connection.query("DELETE FROM audit_follower_lists WHERE audit_id = \(id)", logger: logger)
                .collect()
            _ = try await connection.query(
                "DELETE FROM audit_followers WHERE row_key > \(id << 32) AND row_key <= \((id << 32) | 0xFFFF_FFFF)",
                logger: logger
            ).collect()
            var count = 0
            var last = 0
            for try await batch in batches {
                try Task.checkCancellation()
                for follower in batch {
                    guard follower.position > last, follower.position <= AuditFollower.maximumPosition else {
                        throw StoreError(
                            code: .invalidRecord,
                            message:
                                "Audit follower positions must increase and lie in 1...\(AuditFollower.maximumPosition)."
                        )
                    }
                    last = follower.position
                }
                guard !batch.isEmpty else { continue }
                _ = try await connection.query(try Self.insertQuery(batch, audit: id), logger: logger).collect()
                count += batch.count
            }
            try Task.checkCancellation()
            _ = try await connection.query(
                "INSERT INTO audit_follower_lists (audit_id, follower_count) VALUES (\(id), \(count))",
                logger: logger
            ).collect()
            let kept = Int64(AuditFollower.listsKeptPerAccount)
            let older = try await connection.query(
                """
                SELECT l.audit_id FROM audit_follower_lists l JOIN audits a ON a.id = l.audit_id
                WHERE a.account IS NOT DISTINCT FROM (SELECT account FROM audits WHERE id = \(id))
                ORDER BY l.audit_id DESC OFFSET \(kept)
                """,
                logger: logger
            ).collect()
            for row in older {
                let audit = try row.decode(Int64.self)
                _ = try await connection.query(
                    "DELETE FROM audit_follower_lists WHERE audit_id = \(audit)", logger: logger
                ).collect()
                _ = try await connection.query(
                    """
                    DELETE FROM audit_followers WHERE row_key > \(audit << 32) AND row_key <= \((audit << 32) | 0xFFFF_FFFF)
                    """,
                    logger: logger
                ).collect()
            }
            return count
        }
    }

    /// One keyset page of an audit's followers; see ``AudienceStore/fetchAuditFollowerPage(_:)``.
    ///
    /// The list row and the page come from one snapshot (one `REPEATABLE READ` read-only transaction).
    public func fetchAuditFollowerPage(_ query: AuditFollowerQuery) async throws -> AuditFollowerPage? {
        query.validate()
        let page = try Self.pageQuery(query)
        let logger = self.logger
        return try await transaction { connection in
            _ = try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: logger)
                .collect()
            let list = try await connection.query(
                "SELECT follower_count FROM audit_follower_lists WHERE audit_id = \(query.audit)", logger: logger
            ).collect()
            guard let total = try list.first?.decode(Int.self) else { return nil }
            var followers: [AuditFollower] = []
            for row in try await connection.query(page, logger: logger).collect() {
                followers.append(try Self.follower(row.makeRandomAccess()))
            }
            return AuditFollowerPage(query: query, fetched: followers, total: total)
        }
    }

    /// See ``AudienceStore/fetchAuditFollowers(audit:profiles:)``.
    public func fetchAuditFollowers(audit: Int64, profiles: [ProfileID]) async throws -> [AuditFollower] {
        let ids = Array(Set(profiles.map { PostgresText.encode($0.rawValue) }))
        guard !ids.isEmpty else { return [] }
        var found: [AuditFollower] = []
        for start in stride(from: 0, to: ids.count, by: 5_000) {
            var p = Parameters()
            let auditPlaceholder = try p.add(audit)
            let array = try p.array(Array(ids[start..<min(start + 5_000, ids.count)]), as: "text")
            let rows = try await rows(
                p.query(
                    """
                    SELECT position, platform, profile, handle, display_name, probability, category, followers_count, signals
                    FROM audit_followers
                    WHERE audit_id = \(auditPlaceholder)
                        AND md5(profile) = ANY(ARRAY(SELECT md5(id) FROM unnest(\(array)) AS t(id)))
                        AND profile = ANY(\(array))
                    """))
            for row in rows { found.append(try Self.follower(row.makeRandomAccess())) }
        }
        return found
    }

    private static func pageQuery(_ query: AuditFollowerQuery) throws -> PostgresQuery {
        let column = query.sort == .probability ? "sort_probability" : "sort_followers"
        var p = Parameters()
        var conditions = ["audit_id = \(try p.add(query.audit))"]
        if let category = query.category { conditions.append("category = \(try p.add(category.rawValue))") }
        if let search = query.searchKey { conditions.append("search_text LIKE \(try p.add(Self.likePattern(search)))") }
        if let after = query.after {
            let key = query.sort == .probability ? try p.add(after.probabilityKey) : try p.add(after.key)
            let position = try p.add(Int64(after.position))
            conditions.append("(\(column), position) > (\(key), \(position))")
        }
        let limit = try p.add(Int64(query.limit + 1))
        return p.query(
            """
            SELECT position, platform, profile, handle, display_name, probability, category, followers_count, signals
            FROM audit_followers WHERE \(conditions.joined(separator: " AND "))
            ORDER BY \(column), position LIMIT \(limit)
            """
        )
    }

    /// The `LIKE` pattern matching text that contains `key` (`\\`, `%` and `_` escaped): unlike
    /// `strpos`, a `LIKE` can use the trigram index of migration `store.v7.audit_follower_search`.
    static func likePattern(_ key: String) -> String {
        var pattern = String.UnicodeScalarView()
        pattern.append("%")
        for scalar in key.unicodeScalars {
            if scalar == "\\" || scalar == "%" || scalar == "_" { pattern.append("\\") }
            pattern.append(scalar)
        }
        pattern.append("%")
        return String(pattern)
    }

    private static func insertQuery(_ followers: [AuditFollower], audit: Int64) throws -> PostgresQuery {
        var p = Parameters()
        let auditPlaceholder = try p.add(audit)
        let arrays = [
            try p.array(followers.map { (audit << 32) | Int64($0.position) }, as: "int8"),
            try p.array(followers.map { Int64($0.position) }, as: "int8"),
            try p.array(followers.map { $0.platform.rawValue }, as: "text"),
            try p.array(followers.map { PostgresText.encode($0.profile.rawValue) }, as: "text"),
            try p.array(followers.map { PostgresText.encode($0.handle) }, as: "text"),
            try p.array(followers.map { PostgresText.encode($0.displayName) }, as: "text"),
            try p.array(followers.map(\.probability), as: "float8"),
            try p.array(followers.map(\.category.rawValue), as: "text"),
            try p.array(followers.map { $0.followersCount.map(Int64.init) }, as: "int8"),
            try p.array(try followers.map { try AuditFollowerSignals.encode($0.signals) }, as: "text"),
            try p.array(followers.map(\.probabilityKey), as: "float8"),
            try p.array(followers.map(\.followersKey), as: "int8"),
            try p.array(followers.map(\.searchText), as: "text"),
        ]
        let columns = """
            row_key, position, platform, profile, handle, display_name, probability, category, followers_count, \
            signals, sort_probability, sort_followers, search_text
            """
        return p.query(
            """
            INSERT INTO audit_followers (audit_id, \(columns))
            SELECT \(auditPlaceholder), \(columns) FROM unnest(\(arrays.joined(separator: ", "))) AS t(\(columns))
            """
        )
    }

    private static func follower(_ cells: PostgresRandomAccessRow) throws -> AuditFollower {
        let platformName = try cells[1].decode(String.self)
        let categoryName = try cells[6].decode(String.self)
        guard let platform = Platform(rawValue: platformName), let category = AudienceCategory(rawValue: categoryName)
        else {
            throw StoreError(
                code: .corruptData, message: "A stored audit follower has an unknown platform or category.")
        }
        return AuditFollower(
            position: try cells[0].decode(Int.self),
            platform: platform,
            profile: ProfileID(PostgresText.decode(try cells[2].decode(String.self))),
            handle: PostgresText.decode(try cells[3].decode(String?.self)),
            displayName: PostgresText.decode(try cells[4].decode(String?.self)),
            probability: try cells[5].decode(Double.self),
            category: category,
            followersCount: try cells[7].decode(Int?.self),
            signals: try AuditFollowerSignals.decode(try cells[8].decode(String.self))
        )
    }
}
