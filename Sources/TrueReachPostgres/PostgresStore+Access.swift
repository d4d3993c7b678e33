import Foundation
import PostgresNIO
import TrueReachCore
import TrueReachStore

// Workspaces, users and API tokens (`workspaces`, `workspace_accounts`, `users`, `api_tokens`).
extension PostgresStore: AccessStore {
    /// See ``AccessStore/createWorkspace(_:createdAt:)``.
    public func createWorkspace(_ name: String, createdAt: Date) async throws -> Bool {
        let inserted = try await rows(
            """
            INSERT INTO workspaces (name, created_at) VALUES (\(name), \(createdAt.timeIntervalSince1970))
            ON CONFLICT (name) DO NOTHING RETURNING name
            """)
        return !inserted.isEmpty
    }

    /// See ``AccessStore/fetchWorkspaces()``.
    public func fetchWorkspaces() async throws -> [Workspace] {
        try await rows("SELECT name, created_at FROM workspaces ORDER BY name").map { row in
            let (name, created) = try row.decode((String, Double).self)
            return Workspace(name: name, createdAt: Date(timeIntervalSince1970: created))
        }
    }

    /// See ``AccessStore/registerAccount(_:platform:workspace:createdAt:)``.
    public func registerAccount(_ account: String, platform: Platform?, workspace: String, createdAt: Date)
        async throws -> String
    {
        let stored = PostgresText.encode(account)
        let logger = self.logger
        return try await transaction { connection in
            let exists = try await connection.query(
                "SELECT 1 FROM workspaces WHERE name = \(workspace)", logger: logger
            ).collect()
            guard !exists.isEmpty else {
                throw StoreError(code: .notFound, message: "There is no workspace of that name.")
            }
            _ = try await connection.query(
                """
                INSERT INTO workspace_accounts (account, workspace, platform, created_at)
                VALUES (\(stored), \(workspace), \(platform?.rawValue), \(createdAt.timeIntervalSince1970))
                ON CONFLICT (account) DO NOTHING
                """,
                logger: logger
            ).collect()
            let holder = try await connection.query(
                "SELECT workspace FROM workspace_accounts WHERE account = \(stored)", logger: logger
            ).collect()
            return try holder.first?.decode(String.self) ?? workspace
        }
    }

    /// See ``AccessStore/fetchWorkspace(ofAccount:)``.
    public func fetchWorkspace(ofAccount account: String) async throws -> String? {
        try await rows(
            "SELECT workspace FROM workspace_accounts WHERE account = \(PostgresText.encode(account))"
        ).first?.decode(String.self)
    }

    /// See ``AccessStore/fetchRegisteredAccounts()``.
    public func fetchRegisteredAccounts() async throws -> [RegisteredAccount] {
        try await rows(
            "SELECT account, workspace, platform, created_at FROM workspace_accounts ORDER BY account"
        ).map { row in
            let (account, workspace, platform, created) = try row.decode((String, String, String?, Double).self)
            return RegisteredAccount(
                account: PostgresText.decode(account), workspace: workspace,
                platform: platform.flatMap(Platform.init(rawValue:)), createdAt: Date(timeIntervalSince1970: created))
        }
    }

    /// See ``AccessStore/createUser(_:passwordHash:createdAt:)``.
    public func createUser(_ name: String, passwordHash: String, createdAt: Date) async throws -> Bool {
        let inserted = try await rows(
            """
            INSERT INTO users (name, password_hash, created_at)
            VALUES (\(name), \(passwordHash), \(createdAt.timeIntervalSince1970))
            ON CONFLICT (name) DO NOTHING RETURNING name
            """)
        return !inserted.isEmpty
    }

    /// See ``AccessStore/fetchPasswordHash(user:)``.
    public func fetchPasswordHash(user name: String) async throws -> String? {
        try await rows("SELECT password_hash FROM users WHERE name = \(name)").first?.decode(String.self)
    }

    /// See ``AccessStore/fetchUserCount()``.
    public func fetchUserCount() async throws -> Int {
        Int(try await rows("SELECT count(*) FROM users").first?.decode(Int64.self) ?? 0)
    }

    /// See ``AccessStore/createToken(workspace:label:hash:prefix:createdAt:)``.
    public func createToken(workspace: String, label: String, hash: String, prefix: String, createdAt: Date)
        async throws -> APIToken
    {
        let logger = self.logger
        return try await transaction { connection in
            let exists = try await connection.query(
                "SELECT 1 FROM workspaces WHERE name = \(workspace)", logger: logger
            ).collect()
            guard !exists.isEmpty else {
                throw StoreError(code: .notFound, message: "There is no workspace of that name.")
            }
            let inserted = try await connection.query(
                """
                INSERT INTO api_tokens (workspace, label, token_hash, prefix, created_at)
                VALUES (\(workspace), \(label), \(hash), \(prefix), \(createdAt.timeIntervalSince1970))
                RETURNING id
                """,
                logger: logger
            ).collect()
            guard let id = try inserted.first?.decode(Int64.self) else {
                throw StoreError(code: .databaseFailed, message: "The new token's row was not returned.")
            }
            return APIToken(id: id, workspace: workspace, label: label, prefix: prefix, createdAt: createdAt)
        }
    }

    /// See ``AccessStore/fetchTokens(workspace:)``.
    public func fetchTokens(workspace: String) async throws -> [APIToken] {
        try await rows(
            "SELECT id, workspace, label, prefix, created_at FROM api_tokens WHERE workspace = \(workspace) ORDER BY id"
        ).map(Self.token)
    }

    /// See ``AccessStore/fetchToken(hash:)``.
    public func fetchToken(hash: String) async throws -> APIToken? {
        try await rows(
            "SELECT id, workspace, label, prefix, created_at FROM api_tokens WHERE token_hash = \(hash)"
        ).first.map(Self.token)
    }

    /// See ``AccessStore/revokeToken(id:workspace:)``.
    public func revokeToken(id: Int64, workspace: String) async throws -> Bool {
        !(try await rows(
            "DELETE FROM api_tokens WHERE id = \(id) AND workspace = \(workspace) RETURNING id"
        )).isEmpty
    }

    /// See ``AccessStore/createSession(keyHash:value:expiresAt:)``.
    public func createSession(keyHash: String, value: String, expiresAt: Date?) async throws -> Bool {
        let expires = expiresAt?.timeIntervalSince1970
        return
            !(try await rows(
                """
                INSERT INTO sessions (key_hash, value, expires_at) VALUES (\(keyHash), \(value), \(expires))
                ON CONFLICT (key_hash) DO NOTHING RETURNING key_hash
                """
            )).isEmpty
    }

    /// See ``AccessStore/setSession(keyHash:value:expiresAt:)``.
    public func setSession(keyHash: String, value: String, expiresAt: Date?) async throws {
        let expires = expiresAt?.timeIntervalSince1970
        _ = try await rows(
            """
            INSERT INTO sessions (key_hash, value, expires_at) VALUES (\(keyHash), \(value), \(expires))
            ON CONFLICT (key_hash) DO UPDATE
            SET value = excluded.value, expires_at = coalesce(excluded.expires_at, sessions.expires_at)
            """
        )
    }

    /// See ``AccessStore/fetchSession(keyHash:now:)``.
    public func fetchSession(keyHash: String, now: Date) async throws -> StoredSession? {
        let now = now.timeIntervalSince1970
        guard
            let row = try await rows(
                """
                SELECT value, expires_at FROM sessions
                WHERE key_hash = \(keyHash) AND (expires_at IS NULL OR expires_at > \(now))
                """
            ).first
        else { return nil }
        let (value, expires) = try row.decode((String, Double?).self)
        return StoredSession(value: value, expiresAt: expires.map(Date.init(timeIntervalSince1970:)))
    }

    /// See ``AccessStore/removeSession(keyHash:)``.
    public func removeSession(keyHash: String) async throws {
        _ = try await rows("DELETE FROM sessions WHERE key_hash = \(keyHash)")
    }

    /// See ``AccessStore/removeExpiredSessions(now:)``.
    public func removeExpiredSessions(now: Date) async throws -> Int {
        let now = now.timeIntervalSince1970
        return try await rows(
            "DELETE FROM sessions WHERE expires_at IS NOT NULL AND expires_at <= \(now) RETURNING key_hash"
        ).count
    }

    private static func token(_ row: PostgresRow) throws -> APIToken {
        let (id, workspace, label, prefix, created) = try row.decode((Int64, String, String, String, Double).self)
        return APIToken(
            id: id, workspace: workspace, label: label, prefix: prefix, createdAt: Date(timeIntervalSince1970: created))
    }
}
