import GRDB

/// One named, append-only schema change.
///
/// Migrations run in list order, each once, in its own transaction; the names of applied ones
/// are recorded in the database (GRDB's `grdb_migrations` table). A shipped migration is never
/// edited or renamed: change the schema by appending a new one. Names are prefixed by the area
/// that owns them (`store.`, `engagement.`) so lists from different files cannot collide.
struct StoreMigration: Sendable {
    /// The unique, permanent name (`"store.v1.audiences"`).
    var name: String
    /// The schema change; runs inside a transaction.
    var migrate: @Sendable (Database) throws -> Void

    init(_ name: String, migrate: @escaping @Sendable (Database) throws -> Void) {
        self.name = name
        self.migrate = migrate
    }
}

/// Lets another file of this module add migrations without editing the store's list.
///
/// The engagement tables (posts, interactions, series) live in `SQLiteStore+Posts.swift`, which
/// declares
///
/// ```swift
/// extension SQLiteStore {
///     static func engagementMigrations() -> [StoreMigration] {
///         [StoreMigration("engagement.v1.posts") { db in try db.create(table: "posts") { … } }]
///     }
/// }
/// ```
///
/// That concrete method wins over the empty default below, and ``SQLiteStore/migrator()`` runs its
/// list after the store's own. Append to that list; never reorder or edit a shipped entry.
protocol EngagementMigrationProviding {
    static func engagementMigrations() -> [StoreMigration]
}

extension EngagementMigrationProviding {
    static func engagementMigrations() -> [StoreMigration] { [] }
}

extension SQLiteStore: EngagementMigrationProviding {
    /// The store's own migrations, oldest first.
    ///
    /// Append only.
    static func storeMigrations() -> [StoreMigration] {
        [
            StoreMigration("store.v1.audiences", migrate: createAudiences),
            StoreMigration("store.v1.accounts", migrate: createAccounts),
            StoreMigration("store.v1.audits", migrate: createAudits),
            StoreMigration("store.v2.audits_unknown_headline", migrate: allowUnknownHeadline),
        ]
    }

    /// Every migration, in the order they are applied: the store's, then the engagement tables'.
    static func allMigrations() -> [StoreMigration] {
        storeMigrations() + engagementMigrations() + [
            // Appended after the engagement tables, which shipped before it.
            StoreMigration("store.v3.account_records", migrate: createAccountRecords),
            StoreMigration("store.v4.profiles", migrate: nameProfilesAndAccounts),
            StoreMigration("store.v5.fetches", migrate: createFetches),
            StoreMigration("store.v5.audit_followers", migrate: createAuditFollowers),
            StoreMigration("store.v6.access", migrate: createAccess),
            StoreMigration("store.v6.audit_follower_profiles") { db in
                // The overview looks engagers up by id in the latest audit's results.
                try db.execute(sql: "CREATE INDEX audit_followers_by_profile ON audit_followers (audit_id, profile)")
            },
            StoreMigration("store.v6.jobs", migrate: createJobs),
            StoreMigration("store.v6.sessions", migrate: createSessions),
            StoreMigration("store.v7.audit_follower_search", migrate: createAuditFollowerSearch),
            StoreMigration("store.v8.outcomes", migrate: createOutcomes),
        ]
    }

    /// Writes a database at `path` as a build whose last migration was `last` left it, then runs
    /// `sql` on it: for tests that upgrade a database written by an earlier build.
    static func makeEarlierDatabase(path: String, through last: String, sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try migrator().migrate(queue, upTo: last)
        try queue.write { try $0.execute(sql: sql) }
    }

    /// The names of every migration this build knows, in order (for diagnostics and tests).
    public static var migrationNames: [String] { allMigrations().map(\.name) }

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in allMigrations() {
            migrator.registerMigration(migration.name, migrate: migration.migrate)
        }
        return migrator
    }

    // MARK: - store.v1

    // Dates are REAL seconds since 1970-01-01 UTC, so SQL can read them with `datetime(x, 'unixepoch')`.
    private static func createAudiences(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE audiences (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE,
                    platform TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    account_count INTEGER NOT NULL DEFAULT 0
                )
                """
        )
    }

    // `row_key` is (audience_id << 32) | position-in-import: one audience's accounts are one
    // contiguous range of the table's own B-tree, read back in import order with no extra index.
    private static func createAccounts(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE accounts (
                    row_key INTEGER PRIMARY KEY,
                    audience_id INTEGER NOT NULL REFERENCES audiences(id) ON DELETE CASCADE,
                    platform TEXT NOT NULL,
                    id TEXT NOT NULL,
                    handle TEXT,
                    display_name TEXT,
                    bio TEXT,
                    followers_count INTEGER,
                    following_count INTEGER,
                    posts_count INTEGER,
                    likes_count INTEGER,
                    lists_count INTEGER,
                    created_at REAL,
                    captured_at REAL,
                    last_post_at REAL,
                    verified INTEGER,
                    default_avatar INTEGER,
                    default_profile INTEGER,
                    background_image INTEGER,
                    private INTEGER,
                    bot INTEGER,
                    url TEXT,
                    location TEXT,
                    language TEXT,
                    handle_length INTEGER,
                    handle_digits INTEGER,
                    display_name_length INTEGER,
                    display_name_digits INTEGER,
                    bio_length INTEGER,
                    has_url INTEGER,
                    UNIQUE (audience_id, platform, id)
                )
                """
        )
    }

    private static func createAudits(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE audits (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    account TEXT,
                    as_of REAL NOT NULL,
                    created_at REAL NOT NULL,
                    scorer TEXT NOT NULL,
                    threshold REAL NOT NULL,
                    followers_total INTEGER NOT NULL,
                    followers_analysed INTEGER NOT NULL,
                    sampled INTEGER NOT NULL,
                    true_reach REAL NOT NULL,
                    audience_quality_score INTEGER NOT NULL,
                    report BLOB NOT NULL
                );
                CREATE INDEX audits_by_account ON audits (account, created_at);
                """
        )
    }

    // MARK: - store.v3

    /// What an audited account holds besides its followers: one JSON record per row, keyed by the
    /// account's name (the audience's name), the kind and the record's position.
    static func createAccountRecords(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE account_records (
                    account TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (account, kind, position)
                ) WITHOUT ROWID
                """
        )
    }

    /// Makes true reach and the quality score nullable.
    ///
    /// An audit whose fake share cannot be measured (a bare list of handles) has neither. SQLite cannot
    /// drop NOT NULL in place, so the table is rebuilt.
    private static func allowUnknownHeadline(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE audits_v2 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    account TEXT,
                    as_of REAL NOT NULL,
                    created_at REAL NOT NULL,
                    scorer TEXT NOT NULL,
                    threshold REAL NOT NULL,
                    followers_total INTEGER NOT NULL,
                    followers_analysed INTEGER NOT NULL,
                    sampled INTEGER NOT NULL,
                    true_reach REAL,
                    audience_quality_score INTEGER,
                    report BLOB NOT NULL
                );
                INSERT INTO audits_v2 (id, account, as_of, created_at, scorer, threshold, followers_total,
                    followers_analysed, sampled, true_reach, audience_quality_score, report)
                SELECT id, account, as_of, created_at, scorer, threshold, followers_total,
                    followers_analysed, sampled, true_reach, audience_quality_score, report FROM audits;
                DROP TABLE audits;
                ALTER TABLE audits_v2 RENAME TO audits;
                CREATE INDEX audits_by_account ON audits (account, created_at);
                """
        )
    }

    // MARK: - store.v4

    /// One name per thing: the audited account is `account`, a follower's record is a profile.
    ///
    /// The follower table `accounts` becomes `profiles`; an audience is keyed by `account` and counts
    /// `follower_count`; an interaction names the `profile` that acted.
    private static func nameProfilesAndAccounts(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE accounts RENAME TO profiles;
                ALTER TABLE audiences RENAME COLUMN name TO account;
                ALTER TABLE audiences RENAME COLUMN account_count TO follower_count;
                ALTER TABLE interactions RENAME COLUMN account TO profile;
                DROP INDEX interactions_account;
                CREATE INDEX interactions_profile ON interactions (platform, profile);
                """
        )
    }

    // MARK: - store.v5

    /// Fetches in progress: one row per account being fetched, and the followers it has staged.
    private static func createFetches(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE fetches (
                    account TEXT PRIMARY KEY,
                    platform TEXT NOT NULL,
                    started_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    state TEXT NOT NULL,
                    staged_count INTEGER NOT NULL,
                    next_position INTEGER NOT NULL
                );
                CREATE TABLE fetch_profiles (
                    account TEXT NOT NULL,
                    profile_id TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    body TEXT NOT NULL,
                    PRIMARY KEY (account, profile_id)
                );
                CREATE UNIQUE INDEX fetch_profiles_order ON fetch_profiles (account, position);
                """
        )
    }
}
