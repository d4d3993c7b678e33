import Foundation
import GRDB
import TrueReachCore

// Workspaces, users and API tokens (`workspaces`, `workspace_accounts`, `users`, `api_tokens`).
extension SQLiteStore: AccessStore {
    /// See ``AccessStore/createWorkspace(_:createdAt:)``.
    public func createWorkspace(_ name: String, createdAt: Date) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO workspaces (name, created_at) VALUES (?, ?)",
                arguments: [name, createdAt.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    /// See ``AccessStore/fetchWorkspaces()``.
    public func fetchWorkspaces() async throws -> [Workspace] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT name, created_at FROM workspaces ORDER BY name").map { row in
                Workspace(
                    name: row[0], createdAt: Date(timeIntervalSince1970: row[1] as Double))
            }
        }
    }

    /// See ``AccessStore/registerAccount(_:platform:workspace:createdAt:)``.
    public func registerAccount(_ account: String, platform: Platform?, workspace: String, createdAt: Date)
        async throws -> String
    {
        try await write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM workspaces WHERE name = ?", arguments: [workspace]) != nil
            else { throw StoreError(code: .notFound, message: "There is no workspace of that name.") }
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO workspace_accounts (account, workspace, platform, created_at)
                    VALUES (?, ?, ?, ?)
                    """,
                arguments: [
                    NulSafeText(account), workspace, platform?.rawValue, createdAt.timeIntervalSince1970,
                ])
            return try String.fetchOne(
                db, sql: "SELECT workspace FROM workspace_accounts WHERE account = ?",
                arguments: [NulSafeText(account)]) ?? workspace
        }
    }

    /// See ``AccessStore/fetchWorkspace(ofAccount:)``.
    public func fetchWorkspace(ofAccount account: String) async throws -> String? {
        try await read { db in
            try String.fetchOne(
                db, sql: "SELECT workspace FROM workspace_accounts WHERE account = ?",
                arguments: [NulSafeText(account)])
        }
    }

    /// See ``AccessStore/fetchRegisteredAccounts()``.
    public func fetchRegisteredAccounts() async throws -> [RegisteredAccount] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT account, workspace, platform, created_at FROM workspace_accounts ORDER BY account"
            ).map { row in
                RegisteredAccount(
                    account: (row[0] as NulSafeText).value ?? "", workspace: row[1],
                    platform: (row[2] as String?).flatMap(Platform.init(rawValue:)),
                    createdAt: Date(timeIntervalSince1970: row[3] as Double))
            }
        }
    }

    /// See ``AccessStore/createUser(_:passwordHash:createdAt:)``.
    public func createUser(_ name: String, passwordHash: String, createdAt: Date) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO users (name, password_hash, created_at) VALUES (?, ?, ?)",
                arguments: [name, passwordHash, createdAt.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    /// See ``AccessStore/fetchPasswordHash(user:)``.
    public func fetchPasswordHash(user name: String) async throws -> String? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT password_hash FROM users WHERE name = ?", arguments: [name])
        }
    }

    /// See ``AccessStore/fetchUserCount()``.
    public func fetchUserCount() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM users") ?? 0 }
    }

    /// See ``AccessStore/createToken(workspace:label:hash:prefix:createdAt:)``.
    public func createToken(workspace: String, label: String, hash: String, prefix: String, createdAt: Date)
        async throws -> APIToken
    {
        try await write { db in
            guard
                try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM workspaces WHERE name = ?", arguments: [workspace]) != nil
            else { throw StoreError(code: .notFound, message: "There is no workspace of that name.") }
            try db.execute(
                sql: """
                    INSERT INTO api_tokens (workspace, label, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [workspace, label, hash, prefix, createdAt.timeIntervalSince1970])
            return APIToken(
                id: db.lastInsertedRowID, workspace: workspace, label: label, prefix: prefix, createdAt: createdAt)
        }
    }

    /// See ``AccessStore/fetchTokens(workspace:)``.
    public func fetchTokens(workspace: String) async throws -> [APIToken] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "\(Self.tokenColumns) WHERE workspace = ? ORDER BY id", arguments: [workspace]
            ).map(Self.token)
        }
    }

    /// See ``AccessStore/fetchToken(hash:)``.
    public func fetchToken(hash: String) async throws -> APIToken? {
        try await read { db in
            try Row.fetchOne(db, sql: "\(Self.tokenColumns) WHERE token_hash = ?", arguments: [hash]).map(Self.token)
        }
    }

    /// See ``AccessStore/revokeToken(id:workspace:)``.
    public func revokeToken(id: Int64, workspace: String) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM api_tokens WHERE id = ? AND workspace = ?", arguments: [id, workspace])
            return db.changesCount == 1
        }
    }

    private static let tokenColumns = "SELECT id, workspace, label, prefix, created_at FROM api_tokens"

    private static func token(_ row: Row) -> APIToken {
        APIToken(
            id: row[0], workspace: row[1], label: row[2],
            prefix: row[3], createdAt: Date(timeIntervalSince1970: row[4] as Double))
    }

    // MARK: - Sessions

    /// See ``AccessStore/createSession(keyHash:value:expiresAt:)``.
    public func createSession(keyHash: String, value: String, expiresAt: Date?) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO sessions (key_hash, value, expires_at) VALUES (?, ?, ?)",
                arguments: [keyHash, value, expiresAt?.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    /// See ``AccessStore/setSession(keyHash:value:expiresAt:)``.
    public func setSession(keyHash: String, value: String, expiresAt: Date?) async throws {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO sessions (key_hash, value, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT (key_hash) DO UPDATE
                    SET value = excluded.value, expires_at = coalesce(excluded.expires_at, sessions.expires_at)
                    """,
                arguments: [keyHash, value, expiresAt?.timeIntervalSince1970])
        }
    }

    /// See ``AccessStore/fetchSession(keyHash:now:)``.
    public func fetchSession(keyHash: String, now: Date) async throws -> StoredSession? {
        try await read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT value, expires_at FROM sessions
                        WHERE key_hash = ? AND (expires_at IS NULL OR expires_at > ?)
                        """,
                    arguments: [keyHash, now.timeIntervalSince1970])
            else { return nil }
            let expires: Double? = row[1]
            return StoredSession(value: row[0], expiresAt: expires.map(Date.init(timeIntervalSince1970:)))
        }
    }

    /// See ``AccessStore/removeSession(keyHash:)``.
    public func removeSession(keyHash: String) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE key_hash = ?", arguments: [keyHash])
        }
    }

    /// See ``AccessStore/removeExpiredSessions(now:)``.
    public func removeExpiredSessions(now: Date) async throws -> Int {
        try await write { db in
            try db.execute(
                sql: "DELETE FROM sessions WHERE expires_at IS NOT NULL AND expires_at <= ?",
                arguments: [now.timeIntervalSince1970])
            return db.changesCount
        }
    }

    /// The signed-in users' sessions, by the SHA-256 of their key (store.v6.sessions).
    static func createSessions(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE sessions (
                    key_hash TEXT PRIMARY KEY,
                    value TEXT NOT NULL,
                    expires_at REAL
                );
                CREATE INDEX sessions_by_expiry ON sessions (expires_at)
                """)
    }

    // MARK: - Schema (store.v6.access)

    /// Workspaces (with `default`), the accounts they registered, users and API token hashes.
    static func createAccess(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE workspaces (
                    name TEXT PRIMARY KEY,
                    created_at REAL NOT NULL
                );
                INSERT INTO workspaces (name, created_at) VALUES ('default', CAST(strftime('%s', 'now') AS REAL));
                CREATE TABLE workspace_accounts (
                    account TEXT PRIMARY KEY,
                    workspace TEXT NOT NULL REFERENCES workspaces(name),
                    platform TEXT,
                    created_at REAL NOT NULL
                );
                CREATE INDEX workspace_accounts_workspace ON workspace_accounts (workspace, account);
                CREATE TABLE users (
                    name TEXT PRIMARY KEY,
                    password_hash TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE TABLE api_tokens (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    workspace TEXT NOT NULL REFERENCES workspaces(name),
                    label TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    prefix TEXT NOT NULL,
                    created_at REAL NOT NULL
                );
                CREATE INDEX api_tokens_workspace ON api_tokens (workspace, id);
                """
        )
    }
}
