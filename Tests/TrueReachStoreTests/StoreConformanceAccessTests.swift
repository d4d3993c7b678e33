import Foundation
import Testing
import TrueReachCore
import TrueReachStore

/// Workspaces, registered accounts, users and token hashes: the same on every store.
@Suite(.timeLimit(.minutes(10))) struct StoreConformanceAccessTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000.25)

    static func access(_ fixture: StoreFixture) throws -> any AccessStore {
        try #require(fixture.store as? any AccessStore, "\(fixture.kind) does not keep access records")
    }

    @Test(arguments: StoreKind.available)
    func workspacesStartWithDefaultAndNamesAreUnique(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.access(fixture)
            #expect(try await store.fetchWorkspaces().map(\.name) == [Workspace.defaultName])
            #expect(try await store.createWorkspace("acme", createdAt: Self.now))
            #expect(try await store.createWorkspace("acme", createdAt: Self.now.addingTimeInterval(5)) == false)
            #expect(try await store.createWorkspace(Workspace.defaultName, createdAt: Self.now) == false)
            let all = try await store.fetchWorkspaces()
            #expect(all.map(\.name) == ["acme", Workspace.defaultName])
            #expect(all.first?.createdAt == Self.now)
        }
    }

    @Test(arguments: StoreKind.available)
    func sessionsAreKeptUntilTheyExpireOrAreRemoved(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.access(fixture)
            let later = Self.now.addingTimeInterval(3_600)
            #expect(try await store.createSession(keyHash: "k1", value: #"{"user":"alice"}"#, expiresAt: later))
            #expect(try await store.createSession(keyHash: "k1", value: "{}", expiresAt: nil) == false)
            let first = try await store.fetchSession(keyHash: "k1", now: Self.now)
            #expect(first == StoredSession(value: #"{"user":"alice"}"#, expiresAt: later))
            // Setting without an expiry keeps the existing one; with one, replaces it.
            try await store.setSession(keyHash: "k1", value: #"{"user":"bob"}"#, expiresAt: nil)
            let kept = try await store.fetchSession(keyHash: "k1", now: Self.now)
            #expect(kept == StoredSession(value: #"{"user":"bob"}"#, expiresAt: later))
            try await store.setSession(keyHash: "k2", value: "{}", expiresAt: Self.now.addingTimeInterval(10))
            try await store.setSession(keyHash: "k3", value: "{}", expiresAt: nil)
            // An expired session is not returned, and the tidy deletes only expired ones.
            #expect(try await store.fetchSession(keyHash: "k2", now: Self.now.addingTimeInterval(10)) == nil)
            #expect(try await store.removeExpiredSessions(now: Self.now.addingTimeInterval(60)) == 1)
            #expect(try await store.fetchSession(keyHash: "k3", now: later.addingTimeInterval(1)) != nil)
            #expect(try await store.fetchSession(keyHash: "k1", now: later) == nil)
            try await store.removeSession(keyHash: "k3")
            #expect(try await store.fetchSession(keyHash: "k3", now: Self.now) == nil)
            #expect(try await store.removeExpiredSessions(now: later.addingTimeInterval(1)) == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func anAccountIsRegisteredOnceAndTheFirstWorkspaceKeepsIt(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.access(fixture)
            _ = try await store.createWorkspace("acme", createdAt: Self.now)
            let name = "@brand\u{0}\u{202E}"
            #expect(try await store.fetchWorkspace(ofAccount: name) == nil)
            #expect(
                try await store.registerAccount(name, platform: .instagram, workspace: "acme", createdAt: Self.now)
                    == "acme")
            // A second workspace's claim changes nothing and says who holds it.
            let again = try await store.registerAccount(
                name, platform: .twitter, workspace: Workspace.defaultName, createdAt: Self.now)
            #expect(again == "acme")
            #expect(try await store.fetchWorkspace(ofAccount: name) == "acme")
            let registered = try await store.fetchRegisteredAccounts()
            #expect(
                registered == [
                    RegisteredAccount(account: name, workspace: "acme", platform: .instagram, createdAt: Self.now)
                ])
            await #expect(throws: StoreError.self) {
                _ = try await store.registerAccount("x", platform: nil, workspace: "nowhere", createdAt: Self.now)
            }
            #expect(try await store.fetchWorkspace(ofAccount: "x") == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func usersKeepTheirHashAndNamesAreUnique(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.access(fixture)
            #expect(try await store.fetchUserCount() == 0)
            #expect(try await store.createUser("alice", passwordHash: "$2b$04$hash", createdAt: Self.now))
            #expect(try await store.createUser("alice", passwordHash: "$2b$04$other", createdAt: Self.now) == false)
            #expect(try await store.fetchPasswordHash(user: "alice") == "$2b$04$hash")
            #expect(try await store.fetchPasswordHash(user: "bob") == nil)
            #expect(try await store.fetchUserCount() == 1)
        }
    }

    @Test(arguments: StoreKind.available)
    func tokensAreFoundByHashListedByWorkspaceAndRevokedOnlyThere(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.access(fixture)
            _ = try await store.createWorkspace("acme", createdAt: Self.now)
            let first = try await store.createToken(
                workspace: "acme", label: "ci <b>", hash: "h1", prefix: "trk_ab", createdAt: Self.now)
            let second = try await store.createToken(
                workspace: "acme", label: "", hash: "h2", prefix: "trk_cd", createdAt: Self.now)
            let other = try await store.createToken(
                workspace: Workspace.defaultName, label: "x", hash: "h3", prefix: "trk_ef", createdAt: Self.now)
            #expect(first.id != second.id)
            #expect(try await store.fetchToken(hash: "h1") == first)
            #expect(try await store.fetchToken(hash: "nope") == nil)
            #expect(try await store.fetchTokens(workspace: "acme") == [first, second])
            // Another workspace's id does not revoke it.
            #expect(try await store.revokeToken(id: other.id, workspace: "acme") == false)
            #expect(try await store.fetchToken(hash: "h3") == other)
            #expect(try await store.revokeToken(id: first.id, workspace: "acme"))
            #expect(try await store.fetchToken(hash: "h1") == nil)
            #expect(try await store.revokeToken(id: first.id, workspace: "acme") == false)
            #expect(try await store.fetchTokens(workspace: "acme") == [second])
            await #expect(throws: StoreError.self) {
                _ = try await store.createToken(
                    workspace: "nowhere", label: "", hash: "h4", prefix: "p", createdAt: Self.now)
            }
        }
    }

    @Test(arguments: StoreKind.persistent)
    func accessRecordsSurviveReopening(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.access(fixture)
            _ = try await store.createWorkspace("acme", createdAt: Self.now)
            _ = try await store.registerAccount("brand", platform: nil, workspace: "acme", createdAt: Self.now)
            _ = try await store.createToken(workspace: "acme", label: "", hash: "h", prefix: "p", createdAt: Self.now)
            let reopen = try #require(fixture.reopen)
            let again = try await reopen()
            let access = try #require(again as? any AccessStore)
            #expect(try await access.fetchWorkspace(ofAccount: "brand") == "acme")
            #expect(try await access.fetchToken(hash: "h")?.workspace == "acme")
            try await again.close()
        }
    }
}
