import Foundation
import Hummingbird
import TrueReachCore
import TrueReachReports
import TrueReachApp
import TrueReachStore

/// The JSON API: what the pages show, as JSON (`/api/accounts…`), and creating workspaces and accounts.
///
/// Every route sits behind ``APIAccessMiddleware``: the request carries a token and reaches that
/// token's workspace only (another workspace's account answers 404, as one that does not exist).
///
/// Answers are `application/json; charset=utf-8`, keys snake_case and sorted. An account's report is
/// exactly what `truereach audit --format json` prints for it (without the engagement object, which
/// the audit computes from files and does not store). Errors are `{"error": {"code", "message"}}`.
struct APIController: Sendable {
    let queries: AccountQueries

    func addRoutes(to group: RouterGroup<ServerRequestContext>) {
        group.get("/workspace", use: workspace)
        group.post("/workspaces", use: createWorkspace)
        group.get("/accounts", use: accounts)
        group.post("/accounts", use: createAccount)
        group.get("/accounts/:account", use: account)
        group.get("/accounts/:account/followers", use: followers)
        group.get("/compare", use: compare)
    }

    /// The token's workspace and how many accounts it holds.
    @Sendable func workspace(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let name = try context.tokenWorkspace()
        let all = try await queries.workspaces.all()
        guard let workspace = all.first(where: { $0.name == name }) else {
            throw ServerError(.notFound, "This token's workspace no longer exists.")
        }
        let count = try await queries.accounts(access: context.access).count
        return try Self.json(WorkspaceJSON(name: workspace.name, createdAt: workspace.createdAt, accounts: count))
    }

    /// Creates a workspace and answers it with a token of its own (shown once): a token reaches one
    /// workspace only, so the caller's token cannot reach the new one.
    @Sendable func createWorkspace(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.tokenWorkspace()
        let body = try await Self.decode(CreateWorkspaceBody.self, from: request, context: context)
        let workspace = try await queries.workspaces.create(body.name)
        let label = body.tokenName ?? "created by the API"
        let (token, record) = try await APITokens(store: queries.store).create(workspace: workspace.name, label: label)
        return try Self.json(
            CreatedWorkspaceJSON(
                workspace: WorkspaceJSON(name: workspace.name, createdAt: workspace.createdAt, accounts: 0),
                token: token, tokenId: record.id),
            status: .created)
    }

    @Sendable func accounts(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let accounts = try await queries.accounts(access: context.access).map(AccountJSON.init)
        return try Self.json(["accounts": accounts])
    }

    /// Registers a new account in the token's workspace (its data arrives by upload or the CLI).
    @Sendable func createAccount(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let workspace = try context.tokenWorkspace()
        let body = try await Self.decode(CreateAccountBody.self, from: request, context: context)
        try AccountQueries.validateName(body.account)
        var platform: Platform?
        if let raw = body.platform {
            guard let known = Platform(rawValue: raw) else {
                throw ServerError(
                    .badRequest,
                    "platform must be one of: \(Platform.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            platform = known
        }
        let store = queries.store
        let audience = try await store.fetchAudience(account: body.account)
        let audits = try await store.fetchAudits(account: body.account, limit: 1)
        let holder = try await store.fetchWorkspace(ofAccount: body.account)
        if audience != nil || !audits.isEmpty || holder != nil {
            // The same answer whichever workspace holds it: names are unique across the database.
            throw ServerError(.conflict, "An account of that name exists; choose another name.")
        }
        try await queries.workspaces.claim(body.account, platform: platform, for: workspace, exists: false)
        guard
            let entry = try await queries.accounts(access: context.access).first(where: { $0.account == body.account })
        else { throw ServerError(.internalError, "The new account was not found after it was created.") }
        return try Self.json(AccountJSON(entry), status: .created)
    }

    @Sendable func account(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let name = try context.account()
        guard let report = try await queries.overview(of: name, access: context.access).report else {
            throw ServerError(
                .notFound, "This account has no audit yet; run `truereach audit --account` with its name.")
        }
        return Self.json(text: try AuditJSON.render(report))
    }

    @Sendable func followers(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let name = try context.account()
        let parameters = try FollowerParameters(query: request.uri.query)
        let (audit, page) = try await queries.followers(of: name, parameters, access: context.access)
        let body = try FollowerPageJSON(
            account: name, auditId: audit.id, total: page.total,
            followers: page.followers.map(FollowerJSON.init), next: page.next?.token
        ).written()
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Decodes a JSON body of at most 64 KiB.
    ///
    /// - Throws: ``ServerError`` `.badRequest` naming what is wrong (not JSON, a missing or mistyped field).
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: ServerRequestContext)
        async throws -> T
    {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: 64 * 1_024)
        } catch {
            throw ServerError(.payloadTooLarge, "The request body is larger than 64 KiB.")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw ServerError(.badRequest, "The body has no \"\(key.stringValue)\" field.")
        } catch DecodingError.typeMismatch(_, let where_), DecodingError.valueNotFound(_, let where_) {
            let field = where_.codingPath.map(\.stringValue).joined(separator: ".")
            throw ServerError(.badRequest, "The body's \"\(field)\" field has the wrong type.")
        } catch {
            throw ServerError(.badRequest, "The body is not a JSON object.")
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let body = try JSONEncoder.api.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
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
    var workspace: String
    var platform: String?
    var followers: Int
    var latestAudit: AuditJSONSummary?

    init(_ entry: AccountQueries.Entry) {
        account = entry.account
        workspace = entry.workspace
        platform = entry.platform?.rawValue
        followers = entry.followers
        latestAudit = entry.latest.map(AuditJSONSummary.init)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(account, forKey: .account)
        try container.encode(workspace, forKey: .workspace)
        try container.encode(platform, forKey: .platform)  // null for an account registered before any data
        try container.encode(followers, forKey: .followers)
        try container.encode(latestAudit, forKey: .latestAudit)  // null when never audited
    }

    enum CodingKeys: CodingKey { case account, workspace, platform, followers, latestAudit }
}

struct WorkspaceJSON: Encodable {
    var name: String
    var createdAt: Date
    var accounts: Int
}

struct CreatedWorkspaceJSON: Encodable {
    var workspace: WorkspaceJSON
    var token: String
    var tokenId: Int64
}

struct CreateWorkspaceBody: Decodable {
    var name: String
    var tokenName: String?
}

struct CreateAccountBody: Decodable {
    var account: String
    var platform: String?
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

    /// The page as the API's compact JSON, written by ``JSONWriter`` (keys sorted, as
    /// `JSONEncoder.api` sorts them; a test holds the two equal): the encoder spent most of a
    /// follower page's time.
    ///
    /// - Returns: The UTF-8 bytes of the answer.
    /// - Throws: ``JSONWriter/NonFiniteNumber`` for a probability or contribution that is not finite.
    func written() throws -> [UInt8] {
        var json = JSONWriter(capacity: 512 + followers.count * 640)
        json.beginObject()
        json.key("account")
        json.string(account)
        json.key("audit_id")
        json.integer(auditId)
        json.key("followers")
        json.beginArray()
        for follower in followers { try follower.write(to: &json) }
        json.endArray()
        json.key("next")
        json.string(next)
        json.key("total")
        json.integer(total)
        json.endObject()
        return json.bytes
    }
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

    /// Writes the follower as an object with sorted keys (see ``FollowerPageJSON/written()``).
    ///
    /// - Parameter json: The writer.
    /// - Throws: ``JSONWriter/NonFiniteNumber`` for a probability or contribution that is not finite.
    func write(to json: inout JSONWriter) throws {
        json.beginObject()
        json.key("category")
        json.string(category)
        json.key("display_name")
        json.string(displayName)
        json.key("followers_count")
        json.integer(followersCount)
        json.key("handle")
        json.string(handle)
        json.key("platform")
        json.string(platform)
        json.key("position")
        json.integer(position)
        json.key("probability")
        try json.number(probability)
        json.key("profile")
        json.string(profile)
        json.key("signals")
        json.beginArray()
        for signal in signals {
            json.beginObject()
            json.key("code")
            json.string(signal.code)
            json.key("contribution")
            try json.number(signal.contribution)
            json.key("text")
            json.string(signal.text)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }
}

struct SignalJSON: Encodable {
    var code: String
    var contribution: Double
    var text: String
}

extension ServerRequestContext {
    /// The workspace of the request's API token.
    ///
    /// - Throws: ``ServerError`` `.unauthorized` when the request carries no token (a route outside
    ///   ``APIAccessMiddleware``).
    func tokenWorkspace() throws -> String {
        guard let workspace = access.workspace else {
            throw ServerError(.unauthorized, "This route needs an API token.")
        }
        return workspace
    }
}
