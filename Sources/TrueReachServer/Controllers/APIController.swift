import Foundation
import Hummingbird
import TrueReachCore
import TrueReachReports
import TrueReachStore

/// The JSON API: what the pages show, as JSON (`/api/accounts…`).
///
/// Answers are `application/json; charset=utf-8`, keys snake_case and sorted. An account's report is
/// exactly what `truereach audit --format json` prints for it (without the engagement object, which
/// the audit computes from files and does not store). Errors are `{"error": {"code", "message"}}`.
struct APIController: Sendable {
    let queries: AccountQueries

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("/accounts", use: accounts)
        group.get("/accounts/:account", use: account)
        group.get("/accounts/:account/followers", use: followers)
    }

    @Sendable func accounts(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let accounts = try await queries.accounts().map { entry in
            AccountJSON(
                account: entry.info.account, platform: entry.info.platform.rawValue,
                followers: entry.info.followerCount, latestAudit: entry.latest.map(AuditJSONSummary.init))
        }
        return try Self.json(["accounts": accounts])
    }

    @Sendable func account(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let name = try context.account()
        guard let report = try await queries.overview(of: name).report else {
            throw ServerError(
                .notFound, "This account has no audit yet; run `truereach audit --account` with its name.")
        }
        return Self.json(text: try AuditJSON.render(report))
    }

    @Sendable func followers(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let name = try context.account()
        let parameters = try FollowerParameters(query: request.uri.query)
        let (audit, page) = try await queries.followers(of: name, parameters)
        return try Self.json(
            FollowerPageJSON(
                account: name, auditId: audit.id, total: page.total,
                followers: page.followers.map(FollowerJSON.init), next: page.next?.token))
    }

    static func json(_ value: some Encodable) throws -> Response {
        let body = try JSONEncoder.api.encode(value)
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    static func json(text: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

// MARK: - Shapes

struct AccountJSON: Encodable {
    var account: String
    var platform: String
    var followers: Int
    var latestAudit: AuditJSONSummary?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(account, forKey: .account)
        try container.encode(platform, forKey: .platform)
        try container.encode(followers, forKey: .followers)
        try container.encode(latestAudit, forKey: .latestAudit)  // null when never audited
    }

    enum CodingKeys: CodingKey { case account, platform, followers, latestAudit }
}

struct AuditJSONSummary: Encodable {
    var id: Int64
    var createdAt: Date
    var asOf: Date
    var audienceQualityScore: Int?
    var trueReach: Double?
    var followersTotal: Int
    var sampled: Bool

    init(_ audit: StoredAudit) {
        id = audit.id
        createdAt = audit.createdAt
        asOf = audit.asOf
        audienceQualityScore = audit.audienceQualityScore
        trueReach = audit.trueReach
        followersTotal = audit.followersTotal
        sampled = audit.sampled
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(asOf, forKey: .asOf)
        try container.encode(audienceQualityScore, forKey: .audienceQualityScore)
        try container.encode(trueReach, forKey: .trueReach)
        try container.encode(followersTotal, forKey: .followersTotal)
        try container.encode(sampled, forKey: .sampled)
    }

    enum CodingKeys: CodingKey { case id, createdAt, asOf, audienceQualityScore, trueReach, followersTotal, sampled }
}

struct FollowerPageJSON: Encodable {
    var account: String
    var auditId: Int64
    var total: Int
    var followers: [FollowerJSON]
    var next: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(account, forKey: .account)
        try container.encode(auditId, forKey: .auditId)
        try container.encode(total, forKey: .total)
        try container.encode(followers, forKey: .followers)
        try container.encode(next, forKey: .next)
    }

    enum CodingKeys: CodingKey { case account, auditId, total, followers, next }
}

struct FollowerJSON: Encodable {
    var position: Int
    var platform: String
    var profile: String
    var handle: String?
    var displayName: String?
    var probability: Double
    var category: String
    var followersCount: Int?
    var signals: [SignalJSON]

    init(_ follower: AuditFollower) {
        position = follower.position
        platform = follower.platform.rawValue
        profile = follower.profile.rawValue
        handle = follower.handle
        displayName = follower.displayName
        probability = follower.probability
        category = follower.category.rawValue
        followersCount = follower.followersCount
        signals = follower.signals.map { SignalJSON(code: $0.code, contribution: $0.contribution, text: $0.text) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(position, forKey: .position)
        try container.encode(platform, forKey: .platform)
        try container.encode(profile, forKey: .profile)
        try container.encode(handle, forKey: .handle)
        try container.encode(displayName, forKey: .displayName)
        try container.encode(probability, forKey: .probability)
        try container.encode(category, forKey: .category)
        try container.encode(followersCount, forKey: .followersCount)
        try container.encode(signals, forKey: .signals)
    }

    enum CodingKeys: CodingKey {
        case position, platform, profile, handle, displayName, probability, category, followersCount, signals
    }
}

struct SignalJSON: Encodable {
    var code: String
    var contribution: Double
    var text: String
}
