import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Testing
import TrueReachApp
import TrueReachCore
import TrueReachServer
import TrueReachStore

/// A real SQLite file in a temporary directory with stored, audited accounts, and the server over it.
final class ServerFixture: Sendable {
    static let now = Date(timeIntervalSince1970: 1_779_408_000)  // 2026-05-22
    static let hostileName = "<script>alert(1)</script>"
    static let hostileBio = "<img src=x onerror=alert(2)>"
    static let hostileHandle = "\"><svg onload=alert(3)>"

    let directory: URL
    let store: SQLiteStore
    /// An API token of the default workspace (which holds every account here).
    let token: String
    /// The `Authorization` header carrying ``token``.
    var auth: HTTPFields { [.authorization: "Bearer \(token)"] }
    var path: String { directory.appendingPathComponent("truereach.sqlite").path }

    /// Stores `acme` (its followers audited, with hostile profile text among them), `quiet` (imported,
    /// never audited) and `sampled` (audited from a sample: no follower results).
    init(followers: Int = 120) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("truereach-server-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteStore(path: directory.appendingPathComponent("truereach.sqlite").path)
        var profiles = Array(SyntheticAudience(count: followers - 3, now: Self.now, seed: 7))
        profiles.append(
            Profile(
                platform: .twitter, id: "hostile1", handle: "mallory", displayName: Self.hostileName,
                bio: Self.hostileBio, followersCount: 3, followingCount: 4_000, postsCount: 0))
        profiles.append(
            Profile(
                platform: .twitter, id: "hostile2", handle: Self.hostileHandle, displayName: "Eve \u{202E}gnp.exe",
                followersCount: 12, followingCount: 5_000, postsCount: 1))
        profiles.append(Profile(platform: .twitter, id: "plain", handle: "plain_jane", followersCount: 900))
        try await store.saveAudience(account: "acme", platform: .twitter, profiles: profiles, createdAt: Self.now)
        try await store.saveAudience(
            account: "quiet", platform: .mastodon, profiles: Array(profiles.prefix(5)), createdAt: Self.now)
        try await store.saveAudience(
            account: "sampled", platform: .twitter, profiles: Array(profiles.prefix(40)), createdAt: Self.now)
        let job = AuditJob(scorer: RuleScorer(), asOf: Self.now)
        let source = AudienceSource.stored(store, name: "acme")
        let result = try await job.run(source: source, account: "acme")
        try await job.record(result, source: source, account: "acme", in: store, at: Self.now)
        let sampler = AuditJob(scorer: RuleScorer(), asOf: Self.now, sample: SampleInfo(size: 10, seed: 1))
        let sampledSource = AudienceSource.stored(store, name: "sampled")
        let sampled = try await sampler.run(source: sampledSource, account: "sampled")
        try await sampler.record(sampled, source: sampledSource, account: "sampled", in: store, at: Self.now)
        token = try await APITokens(store: store).create(workspace: Workspace.defaultName, label: "tests").token
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// The application over this store, on port 0.
    func application(trustedProxies: [String] = []) async throws -> some ApplicationProtocol {
        try await buildApplication(
            configuration: ServerConfiguration(
                port: 0, database: .sqlite(path: path), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() },
                trustedProxies: trustedProxies),
            store: store)
    }
}

extension String {
    /// The response body as text.
    init(body: ByteBuffer) { self = String(buffer: body) }
}
