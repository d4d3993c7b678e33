import Crypto
public import Foundation
import HummingbirdBcrypt
public import TrueReachStore

/// The server's users: names with bcrypt password hashes.
public struct Users: Sendable {
    let store: any AccessStore
    let cost: UInt8

    /// The shortest password `user create` accepts.
    public static let minimumPasswordLength = 10

    /// Creates the rules over a store.
    ///
    /// - Parameters:
    ///   - store: Where users are kept.
    ///   - cost: bcrypt's work factor (2^cost rounds); 12 unless a test needs speed.
    public init(store: any AccessStore, cost: UInt8 = 12) {
        self.store = store
        self.cost = cost
    }

    /// Adds a user with a bcrypt hash of `password` (never the password itself).
    ///
    /// - Throws: ``AppError`` `.badInput` for a bad name or a password shorter than
    ///   ``minimumPasswordLength`` or longer than bcrypt reads (72 bytes), `.conflict` when the user exists.
    public func create(_ name: String, password: String, now: Date = Date()) async throws {
        try Workspaces.validate(name, what: "user")
        guard password.count >= Self.minimumPasswordLength else {
            throw AppError(.badInput, "The password must be at least \(Self.minimumPasswordLength) characters.")
        }
        guard password.utf8.count <= 72 else {
            throw AppError(.badInput, "The password must be at most 72 bytes (bcrypt ignores the rest).")
        }
        let hash = Bcrypt.hash(password, cost: cost)
        guard try await store.createUser(name, passwordHash: hash, createdAt: now) else {
            throw AppError(.conflict, "A user named \(name) exists already.")
        }
    }

    /// Whether `password` is the user's.
    ///
    /// A name that does not exist costs the same bcrypt check, so timing does not tell which names exist.
    public func verify(_ name: String, password: String) async throws -> Bool {
        guard let hash = try await store.fetchPasswordHash(user: name) else {
            _ = Bcrypt.verify(password, hash: Self.placeholderHash)
            return false
        }
        return Bcrypt.verify(password, hash: hash)
    }

    /// Whether any user exists (a server bound beyond loopback needs one).
    public func any() async throws -> Bool { try await store.fetchUserCount() > 0 }

    /// A hash of nothing anyone knows, at cost 12, checked for names that do not exist.
    static let placeholderHash = Bcrypt.hash(UUID().uuidString, cost: 12)
}

/// API tokens: random secrets shown once, stored as SHA-256, each reaching one workspace.
public struct APITokens: Sendable {
    let store: any AccessStore

    /// What every token starts with, so a leaked one is recognisable.
    public static let scheme = "trk_"

    /// Creates the rules over a store.
    public init(store: any AccessStore) { self.store = store }

    /// Creates a token for `workspace` and returns it (the only time it is seen) with its stored record.
    ///
    /// - Throws: ``AppError`` `.notFound` for a workspace that does not exist, `.badInput` for a label
    ///   longer than 100 characters or holding control characters.
    public func create(workspace: String, label: String, now: Date = Date()) async throws -> (
        token: String, record: APIToken
    ) {
        try await Workspaces(store: store).require(workspace)
        guard label.count <= 100, !label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw AppError(.badInput, "A token's --name is at most 100 characters, without control characters.") }
        let token = Self.scheme + Secrets.randomToken()
        let record = try await store.createToken(
            workspace: workspace, label: label, hash: Secrets.sha256Hex(token),
            prefix: String(token.prefix(Self.scheme.count + 6)), createdAt: now)
        return (token, record)
    }

    /// The stored token a presented one stands for, or `nil` (unknown, revoked or malformed).
    public func authenticate(_ presented: String) async throws -> APIToken? {
        guard presented.hasPrefix(Self.scheme), presented.utf8.count < 200 else { return nil }
        return try await store.fetchToken(hash: Secrets.sha256Hex(presented))
    }

    /// A workspace's tokens.
    public func list(workspace: String) async throws -> [APIToken] {
        try await Workspaces(store: store).require(workspace)
        return try await store.fetchTokens(workspace: workspace)
    }

    /// Revokes a token of a workspace.
    ///
    /// - Throws: ``AppError`` `.notFound` when that workspace has no token of that id.
    public func revoke(id: Int64, workspace: String) async throws {
        try await Workspaces(store: store).require(workspace)
        guard try await store.revokeToken(id: id, workspace: workspace) else {
            throw AppError(.notFound, "Workspace \(workspace) has no token \(id); `truereach token list` shows them.")
        }
    }
}

/// Random secrets and their stored form, shared by API tokens, sessions and CSRF tokens.
public enum Secrets {
    /// 32 random bytes from the system's generator, base64url without padding (43 characters).
    ///
    /// - Returns: The secret.
    public static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The stored form of a secret: SHA-256, lowercase hex.
    ///
    /// The secrets carry 256 random bits, so a fast hash is enough (a slow one like bcrypt would cost
    /// every request).
    ///
    /// - Parameter secret: The secret as presented.
    /// - Returns: 64 hex digits.
    public static func sha256Hex(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
