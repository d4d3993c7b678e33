import Foundation
import GRDB

// Tracked links, clicks, conversions and the day's visitor salt (`links`, `clicks`, `conversions`,
// `visitor_salts`).
extension SQLiteStore: OutcomeStore {
    // MARK: - store.v8

    /// The outcome tables.
    ///
    /// A conversion keeps its link's account, so an external id is unique per
    /// account (`NULL`s are distinct: conversions without one are never merged).
    static func createOutcomes(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE links (
                    slug TEXT PRIMARY KEY,
                    url TEXT NOT NULL,
                    account TEXT NOT NULL,
                    campaign TEXT,
                    post TEXT,
                    cost REAL,
                    currency TEXT,
                    created_at REAL NOT NULL
                );
                CREATE INDEX links_by_account ON links (account, campaign);
                CREATE TABLE clicks (
                    id TEXT PRIMARY KEY,
                    slug TEXT NOT NULL REFERENCES links(slug),
                    at REAL NOT NULL,
                    visitor TEXT NOT NULL,
                    user_agent TEXT,
                    referrer TEXT,
                    class TEXT NOT NULL,
                    reason TEXT NOT NULL
                );
                CREATE INDEX clicks_by_link ON clicks (slug, class);
                CREATE INDEX clicks_by_class ON clicks (class, at);
                CREATE TABLE conversions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    click_id TEXT NOT NULL REFERENCES clicks(id),
                    account TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    value REAL,
                    currency TEXT,
                    external_id TEXT,
                    at REAL NOT NULL,
                    UNIQUE (account, external_id)
                );
                CREATE INDEX conversions_by_click ON conversions (click_id);
                CREATE TABLE visitor_salts (
                    day TEXT PRIMARY KEY,
                    salt TEXT NOT NULL
                );
                """
        )
    }

    private static let linkColumns = "slug, url, account, campaign, post, cost, currency, created_at"

    private static func link(_ row: Row, from start: Int = 0) -> TrackedLink {
        TrackedLink(
            slug: row[start], url: row[start + 1], account: (row[start + 2] as NulSafeText).value ?? "",
            campaign: (row[start + 3] as NulSafeText?)?.value, post: (row[start + 4] as NulSafeText?)?.value,
            cost: row[start + 5], currency: row[start + 6],
            createdAt: Date(timeIntervalSince1970: row[start + 7] as Double))
    }

    private static func click(_ row: Row) -> StoredClick {
        StoredClick(
            id: row[0], slug: row[1], at: Date(timeIntervalSince1970: row[2] as Double), visitor: row[3],
            userAgent: (row[4] as NulSafeText?)?.value, referrer: (row[5] as NulSafeText?)?.value,
            clickClass: row[6], reason: row[7])
    }

    private static let clickColumns = "id, slug, at, visitor, user_agent, referrer, class, reason"

    /// See ``OutcomeStore/createLink(_:)``.
    public func createLink(_ link: TrackedLink) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO links (\(Self.linkColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [
                    link.slug, link.url, NulSafeText(link.account), link.campaign.map(NulSafeText.init),
                    link.post.map(NulSafeText.init), link.cost, link.currency, link.createdAt.timeIntervalSince1970,
                ])
            return db.changesCount == 1
        }
    }

    /// See ``OutcomeStore/fetchLink(slug:)``.
    public func fetchLink(slug: String) async throws -> TrackedLink? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.linkColumns) FROM links WHERE slug = ?", arguments: [slug])
                .map { Self.link($0) }
        }
    }

    /// See ``OutcomeStore/fetchLinks(account:campaign:)``.
    public func fetchLinks(account: String, campaign: String?) async throws -> [TrackedLink] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.linkColumns) FROM links WHERE account = ? AND (?2 IS NULL OR campaign = ?2)
                    ORDER BY created_at, slug
                    """,
                arguments: [NulSafeText(account), campaign.map(NulSafeText.init)]
            ).map { Self.link($0) }
        }
    }

    /// See ``OutcomeStore/saveClicks(_:)``.
    public func saveClicks(_ clicks: [StoredClick]) async throws {
        guard !clicks.isEmpty else { return }
        try await write { db in
            let statement = try db.cachedStatement(
                sql: "INSERT INTO clicks (\(Self.clickColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
            for click in clicks {
                try statement.execute(arguments: [
                    click.id, click.slug, click.at.timeIntervalSince1970, click.visitor,
                    click.userAgent.map(NulSafeText.init), click.referrer.map(NulSafeText.init), click.clickClass,
                    click.reason,
                ])
            }
        }
    }

    /// See ``OutcomeStore/fetchClick(id:)``.
    public func fetchClick(id: String) async throws -> StoredClick? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.clickColumns) FROM clicks WHERE id = ?", arguments: [id])
                .map(Self.click)
        }
    }

    /// See ``OutcomeStore/fetchHumanClicks(since:)``.
    public func fetchHumanClicks(since: Date) async throws -> [StoredClick] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(Self.clickColumns) FROM clicks WHERE class = 'human' AND at >= ? ORDER BY at, id",
                arguments: [since.timeIntervalSince1970]
            ).map(Self.click)
        }
    }

    /// See ``OutcomeStore/saveConversion(_:)``.
    public func saveConversion(_ conversion: NewConversion) async throws
        -> (conversion: StoredConversion, created: Bool)
    {
        try await write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT \(Self.linkColumns) FROM clicks JOIN links USING (slug) WHERE clicks.id = ?
                        """,
                    arguments: [conversion.clickID])
            else { throw StoreError(code: .notFound, message: "There is no click with that id.") }
            let link = Self.link(row)
            if let external = conversion.externalID,
                let existing = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, click_id, kind, value, currency, external_id, at FROM conversions
                        WHERE account = ? AND external_id = ?
                        """,
                    arguments: [NulSafeText(link.account), NulSafeText(external)])
            {
                return (try Self.storedConversion(existing, db: db), false)
            }
            try db.execute(
                sql: """
                    INSERT INTO conversions (click_id, account, kind, value, currency, external_id, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    conversion.clickID, NulSafeText(link.account), conversion.kind.rawValue, conversion.value,
                    conversion.currency, conversion.externalID.map(NulSafeText.init),
                    conversion.at.timeIntervalSince1970,
                ])
            let stored = StoredConversion(
                id: db.lastInsertedRowID, conversion: conversion, slug: link.slug, account: link.account,
                campaign: link.campaign, post: link.post)
            return (stored, true)
        }
    }

    private static func storedConversion(_ row: Row, db: Database) throws -> StoredConversion {
        let clickID: String = row[1]
        guard
            let kind = ConversionKind(rawValue: row[2]),
            let linkRow = try Row.fetchOne(
                db, sql: "SELECT \(linkColumns) FROM clicks JOIN links USING (slug) WHERE clicks.id = ?",
                arguments: [clickID])
        else { throw StoreError(code: .corruptData, message: "A stored conversion cannot be read.") }
        let link = link(linkRow)
        let conversion = NewConversion(
            clickID: clickID, kind: kind, value: row[3], currency: row[4],
            externalID: (row[5] as NulSafeText?)?.value, at: Date(timeIntervalSince1970: row[6] as Double))
        return StoredConversion(
            id: row[0], conversion: conversion, slug: link.slug, account: link.account, campaign: link.campaign,
            post: link.post)
    }

    /// See ``OutcomeStore/fetchLinkOutcomes(account:campaign:)``.
    public func fetchLinkOutcomes(account: String, campaign: String?) async throws -> [LinkOutcomeCounts] {
        try await read { db in
            let arguments: StatementArguments = [NulSafeText(account), campaign.map(NulSafeText.init)]
            var outcomes: [LinkOutcomeCounts] = []
            var index: [String: Int] = [:]
            let links = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.linkColumns) FROM links WHERE account = ? AND (?2 IS NULL OR campaign = ?2)
                    ORDER BY created_at, slug
                    """,
                arguments: arguments)
            for row in links {
                let link = Self.link(row)
                index[link.slug] = outcomes.count
                outcomes.append(LinkOutcomeCounts(link: link))
            }
            let clicks = try Row.fetchAll(
                db,
                sql: """
                    SELECT clicks.slug, clicks.class, count(*) FROM clicks JOIN links USING (slug)
                    WHERE links.account = ? AND (?2 IS NULL OR links.campaign = ?2)
                    GROUP BY clicks.slug, clicks.class
                    """,
                arguments: arguments)
            for row in clicks {
                guard let at = index[row[0] as String] else { continue }
                outcomes[at].clicksByClass[row[1] as String] = row[2] as Int
            }
            let conversions = try Row.fetchAll(
                db,
                sql: """
                    SELECT clicks.slug, coalesce(conversions.currency, ''), count(*), sum(conversions.value)
                    FROM conversions JOIN clicks ON clicks.id = conversions.click_id JOIN links USING (slug)
                    WHERE links.account = ? AND (?2 IS NULL OR links.campaign = ?2)
                    GROUP BY clicks.slug, coalesce(conversions.currency, '')
                    """,
                arguments: arguments)
            for row in conversions {
                guard let at = index[row[0] as String] else { continue }
                outcomes[at].conversions += row[2] as Int
                if let value = row[3] as Double? { outcomes[at].valueByCurrency[row[1] as String] = value }
            }
            return outcomes
        }
    }

    /// See ``OutcomeStore/fetchUniqueHumanVisitors(account:campaign:by:)``.
    public func fetchUniqueHumanVisitors(account: String, campaign: String?, by grouping: OutcomeGrouping)
        async throws -> [String: Int]
    {
        let key =
            switch grouping {
            case .link: "links.slug"
            case .post: "links.post"
            case .campaign: "links.campaign"
            case .account: "''"
            }
        return try await read { db in
            var counts: [String: Int] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(key), count(DISTINCT clicks.visitor) FROM clicks JOIN links USING (slug)
                    WHERE clicks.class = 'human' AND links.account = ? AND (?2 IS NULL OR links.campaign = ?2)
                    AND \(key) IS NOT NULL GROUP BY \(key)
                    """,
                arguments: [NulSafeText(account), campaign.map(NulSafeText.init)])
            for row in rows {
                counts[(row[0] as NulSafeText).value ?? ""] = row[1] as Int
            }
            return counts
        }
    }

    /// See ``OutcomeStore/visitorSalt(day:candidate:)``.
    public func visitorSalt(day: String, candidate: String) async throws -> String {
        try await write { db in
            try db.execute(sql: "DELETE FROM visitor_salts WHERE day <> ?", arguments: [day])
            try db.execute(
                sql: "INSERT OR IGNORE INTO visitor_salts (day, salt) VALUES (?, ?)", arguments: [day, candidate])
            return try String.fetchOne(db, sql: "SELECT salt FROM visitor_salts WHERE day = ?", arguments: [day])
                ?? candidate
        }
    }
}
