public import Foundation
public import TrueReachCore

/// Who may reach what: workspaces and the accounts they hold, the server's users, and API tokens.
///
/// Both stores conform (``SQLiteStore``, `PostgresStore`), with the tables of migration
/// `store.v6.access`. An account name is unique across the database, as it always was; a workspace
/// holds an account by a row of `workspace_accounts`, and an account without one (imported before
/// workspaces existed, or by a command without `--workspace`) is in ``Workspace/defaultName``. The
/// rules built on this (which workspace a command or token may touch) live in the application
/// (`TrueReachApp.Workspaces`); the store only keeps the rows.
public protocol AccessStore: Sendable {
    /// Creates a workspace; `false` when one of that name exists (nothing changes then).
    func createWorkspace(_ name: String, createdAt: Date) async throws -> Bool

    /// Every workspace, by name (``Workspace/defaultName`` always among them).
    func fetchWorkspaces() async throws -> [Workspace]

    /// Registers `account` in `workspace` unless it is registered already, and returns the workspace
    /// that holds it afterwards (the existing one when it was registered: compare to see a conflict).
    ///
    /// - Throws: ``StoreError`` `.notFound` when the workspace does not exist.
    func registerAccount(_ account: String, platform: Platform?, workspace: String, createdAt: Date) async throws
        -> String

    /// The workspace `account` is registered in, or `nil` when it is not (then it is the default's).
    func fetchWorkspace(ofAccount account: String) async throws -> String?

    /// Every registered account, with its workspace and the platform given when it was registered.
    func fetchRegisteredAccounts() async throws -> [RegisteredAccount]

    /// Adds a user; `false` when one of that name exists (nothing changes then).
    func createUser(_ name: String, passwordHash: String, createdAt: Date) async throws -> Bool

    /// The stored password hash (bcrypt) of a user, or `nil` when there is no such user.
    func fetchPasswordHash(user name: String) async throws -> String?

    /// How many users exist.
    func fetchUserCount() async throws -> Int

    /// Stores a token's hash and returns it with its id.
    ///
    /// - Throws: ``StoreError`` `.notFound` when the workspace does not exist.
    func createToken(workspace: String, label: String, hash: String, prefix: String, createdAt: Date) async throws
        -> APIToken

    /// A workspace's tokens (not revoked), oldest first.
    func fetchTokens(workspace: String) async throws -> [APIToken]

    /// The token with this hash, or `nil`.
    func fetchToken(hash: String) async throws -> APIToken?

    /// Revokes (deletes) a workspace's token; `false` when that workspace has no token of that id.
    func revokeToken(id: Int64, workspace: String) async throws -> Bool

    // Sessions of the dashboard's signed-in users (migration `store.v6.sessions`), kept by the hash of
    // the session's key, never the key (the cookie's value) itself.

    /// Stores a new session; `false` when one with this key hash exists (nothing changes then).
    func createSession(keyHash: String, value: String, expiresAt: Date?) async throws -> Bool
    /// Stores or replaces a session; a `nil` expiry keeps the existing session's expiry.
    func setSession(keyHash: String, value: String, expiresAt: Date?) async throws
    /// The session with this key hash, unless it has expired at `now`.
    func fetchSession(keyHash: String, now: Date) async throws -> StoredSession?
    /// Deletes the session with this key hash, if any.
    func removeSession(keyHash: String) async throws
    /// Deletes the sessions expired at `now` and returns how many there were.
    func removeExpiredSessions(now: Date) async throws -> Int
}

/// A stored session: its encoded value and when it expires.
public struct StoredSession: Sendable, Hashable {
    /// The session's value as the server encoded it (JSON).
    public var value: String
    /// When it expires; `nil` for never.
    public var expiresAt: Date?

    /// Creates a value.
    public init(value: String, expiresAt: Date?) {
        self.value = value
        self.expiresAt = expiresAt
    }
}

/// A workspace: a named set of tracked accounts (an agency's client, a brand).
public struct Workspace: Sendable, Hashable, Codable {
    /// The workspace every database has, holding every account no other workspace registered.
    public static let defaultName = "default"

    /// Its unique name.
    public var name: String
    /// When it was created.
    public var createdAt: Date

    /// Creates a workspace value.
    public init(name: String, createdAt: Date) {
        self.name = name
        self.createdAt = createdAt
    }
}

/// An account a workspace registered (by a command with `--workspace`, an upload or the API).
public struct RegisteredAccount: Sendable, Hashable {
    /// The account's name (its audience's, when it has one).
    public var account: String
    /// The workspace holding it.
    public var workspace: String
    /// The platform given when it was registered, if any.
    public var platform: Platform?
    /// When it was registered.
    public var createdAt: Date

    /// Creates a value.
    public init(account: String, workspace: String, platform: Platform?, createdAt: Date) {
        self.account = account
        self.workspace = workspace
        self.platform = platform
        self.createdAt = createdAt
    }
}

/// An API token as stored: never the token itself, only its SHA-256 and its first characters.
public struct APIToken: Sendable, Hashable, Codable {
    /// Its id, for `token revoke`.
    public var id: Int64
    /// The workspace it reaches (and no other).
    public var workspace: String
    /// What its creator called it.
    public var label: String
    /// The token's first characters, to tell tokens apart in a list.
    public var prefix: String
    /// When it was created.
    public var createdAt: Date

    /// Creates a value.
    public init(id: Int64, workspace: String, label: String, prefix: String, createdAt: Date) {
        self.id = id
        self.workspace = workspace
        self.label = label
        self.prefix = prefix
        self.createdAt = createdAt
    }
}
