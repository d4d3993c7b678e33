import Foundation
import GRDB
public import TrueReachCore

// Posts, interactions and daily count series, stored beside accounts.
// Dates are REAL seconds since 1970-01-01 UTC; days are INTEGER days since 1970-01-01.
extension SQLiteStore {
    /// The engagement tables' migrations, oldest first.
    ///
    /// Append only; never edit a shipped entry.
    static func engagementMigrations() -> [StoreMigration] {
        [
            StoreMigration("engagement.v1.posts") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE posts (
                            platform TEXT NOT NULL,
                            id TEXT NOT NULL,
                            author TEXT NOT NULL,
                            created_at REAL,
                            kind TEXT NOT NULL,
                            text TEXT,
                            links TEXT NOT NULL,
                            media_count INTEGER NOT NULL,
                            tags TEXT NOT NULL,
                            likes INTEGER, replies INTEGER, reposts INTEGER, quotes INTEGER, saves INTEGER,
                            clicks INTEGER, impressions INTEGER, reach INTEGER,
                            followers_at_posting INTEGER,
                            format TEXT,
                            engaged_users INTEGER,
                            PRIMARY KEY (platform, id)
                        ) WITHOUT ROWID;
                        CREATE INDEX posts_author ON posts(platform, author, created_at);
                        """)
            },
            StoreMigration("engagement.v1.interactions") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE interactions (
                            platform TEXT NOT NULL,
                            post TEXT NOT NULL,
                            account TEXT NOT NULL,
                            kind TEXT NOT NULL,
                            created_at REAL,
                            text TEXT
                        );
                        CREATE INDEX interactions_post ON interactions(platform, post);
                        CREATE INDEX interactions_account ON interactions(platform, account);
                        """)
            },
            StoreMigration("engagement.v1.count_points") { db in
                try db.execute(
                    sql: """
                        CREATE TABLE count_points (
                            series TEXT NOT NULL,
                            platform TEXT,
                            day INTEGER NOT NULL,
                            followers INTEGER,
                            following INTEGER,
                            estimated INTEGER NOT NULL,
                            PRIMARY KEY (series, day)
                        ) WITHOUT ROWID;
                        """)
            },
        ]
    }

    /// Saves posts, replacing any with the same platform and id, in one transaction.
    ///
    /// - Throws: ``StoreError`` when the database cannot be written.
    public func savePosts(_ posts: [Post]) async throws {
        try await write { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO posts (platform, id, author, created_at, kind, text, links, media_count, tags,
                    likes, replies, reposts, quotes, saves, clicks, impressions, reach, followers_at_posting, format,
                    engaged_users) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for p in posts {
                let values: [(any DatabaseValueConvertible)?] = [
                    p.platform.rawValue, p.id.rawValue, p.author.rawValue, p.createdAt?.timeIntervalSince1970,
                    p.kind.rawValue, NulSafeText(p.text), StoreCoding.encodeList(p.links), p.mediaCount,
                    StoreCoding.encodeList(p.tags), p.likes,
                    p.replies, p.reposts, p.quotes, p.saves, p.clicks, p.impressions, p.reach, p.followersAtPosting,
                    p.format?.rawValue, p.engagedUsers,
                ]
                try statement.execute(arguments: StatementArguments(values))
            }
        }
    }

    /// The posts of one author, oldest first (undated last).
    public func fetchPosts(platform: Platform, author: ProfileID) async throws -> [Post] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT * FROM posts WHERE platform = ? AND author = ? ORDER BY created_at IS NULL, created_at, id",
                arguments: [platform.rawValue, author.rawValue]
            ).compactMap(Self.post)
        }
    }

    /// Appends interactions in one transaction.
    public func saveInteractions(_ interactions: [Interaction]) async throws {
        try await write { db in
            let statement = try db.cachedStatement(
                sql:
                    "INSERT INTO interactions (platform, post, profile, kind, created_at, text) VALUES (?, ?, ?, ?, ?, ?)"
            )
            for i in interactions {
                try statement.execute(arguments: [
                    i.platform.rawValue, i.post.rawValue, i.profile.rawValue, i.kind.rawValue,
                    i.createdAt?.timeIntervalSince1970, NulSafeText(i.text),
                ])
            }
        }
    }

    /// The interactions with one post, in insertion order.
    public func fetchInteractions(platform: Platform, post: PostID) async throws -> [Interaction] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM interactions WHERE platform = ? AND post = ? ORDER BY rowid",
                arguments: [platform.rawValue, post.rawValue]
            ).compactMap { row -> Interaction? in
                guard let platform = Platform(rawValue: row["platform"]),
                    let kind = InteractionKind(rawValue: row["kind"])
                else { return nil }
                let created: Double? = row["created_at"]
                return Interaction(
                    platform: platform, post: PostID(row["post"] as String),
                    profile: ProfileID(row["profile"] as String),
                    kind: kind, createdAt: created.map { Date(timeIntervalSince1970: $0) }, text: row["text"])
            }
        }
    }

    /// Saves a count series, replacing the days it holds.
    public func saveCountSeries(_ series: CountSeries) async throws {
        try await write { db in
            let statement = try db.cachedStatement(
                sql:
                    "INSERT OR REPLACE INTO count_points (series, platform, day, followers, following, estimated) VALUES (?, ?, ?, ?, ?, ?)"
            )
            for p in series.points {
                try statement.execute(arguments: [
                    series.name, series.platform?.rawValue, p.day.daysSinceEpoch, p.followers, p.following, p.estimated,
                ])
            }
        }
    }

    /// A stored count series by name, or nil when none is stored.
    public func fetchCountSeries(name: String) async throws -> CountSeries? {
        try await read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM count_points WHERE series = ? ORDER BY day", arguments: [name])
            guard !rows.isEmpty else { return nil }
            let platform: String? = rows[0]["platform"]
            let points = rows.map { row in
                CountPoint(
                    day: CalendarDay(daysSinceEpoch: row["day"]), followers: row["followers"],
                    following: row["following"],
                    estimated: row["estimated"])
            }
            return CountSeries(name: name, platform: platform.flatMap(Platform.init(rawValue:)), points: points)
        }
    }

    static func post(_ row: Row) -> Post? {
        guard let platform = Platform(rawValue: row["platform"]), let kind = PostKind(rawValue: row["kind"]) else {
            return nil
        }
        let created: Double? = row["created_at"]
        let format: String? = row["format"]
        return Post(
            platform: platform, id: PostID(row["id"] as String), author: ProfileID(row["author"] as String),
            createdAt: created.map { Date(timeIntervalSince1970: $0) }, kind: kind, text: row["text"],
            links: StoreCoding.decodeList(row["links"]), mediaCount: row["media_count"],
            tags: StoreCoding.decodeList(row["tags"]),
            likes: row["likes"], replies: row["replies"], reposts: row["reposts"], quotes: row["quotes"],
            saves: row["saves"], clicks: row["clicks"], impressions: row["impressions"], reach: row["reach"],
            followersAtPosting: row["followers_at_posting"], format: format.flatMap(PostFormat.init(rawValue:)),
            engagedUsers: row["engaged_users"])
    }
}
