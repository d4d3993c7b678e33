import Foundation
import Hummingbird
import ServiceLifecycle
import TrueReachApp
import TrueReachStore

/// The signed-in users' sessions, kept in the store (`sessions`, migration `store.v6.sessions`), so a
/// restart signs nobody out and every server over one database shares them.
///
/// hummingbird-auth's `SessionMiddleware` hands this driver the session's key (the cookie's value) and
/// its value; the store keeps only the key's SHA-256 (a copy of the database does not let anyone in)
/// and the value as JSON. An expired session is never returned; the driver's service deletes them every
/// ``tidyInterval`` until the application stops.
struct StoreSessionDriver: PersistDriver {
    let store: any AccessStore
    var tidyInterval: Duration = .seconds(600)

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        let created = try await store.createSession(
            keyHash: Secrets.sha256Hex(key), value: try Self.encode(value), expiresAt: Self.date(after: expires))
        guard created else { throw PersistError.duplicate }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await store.setSession(
            keyHash: Secrets.sha256Hex(key), value: try Self.encode(value), expiresAt: Self.date(after: expires))
    }

    func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        guard let stored = try await store.fetchSession(keyHash: Secrets.sha256Hex(key), now: Date()) else {
            return nil
        }
        // A value of another shape (written by another version) is no session, not an error.
        return try? JSONDecoder().decode(type, from: Data(stored.value.utf8))
    }

    func remove(key: String) async throws {
        try await store.removeSession(keyHash: Secrets.sha256Hex(key))
    }

    func run() async throws {
        let (store, interval) = (self.store, tidyInterval)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = try? await store.removeExpiredSessions(now: Date())
                try? await Task.sleep(for: interval)
            }
        }
    }

    private static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    private static func date(after duration: Duration?) -> Date? {
        guard let duration else { return nil }
        let (seconds, attoseconds) = duration.components
        return Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
    }
}
