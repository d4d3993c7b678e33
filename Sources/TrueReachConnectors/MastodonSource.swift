import Foundation
import Logging
import TrueReachApp
import TrueReachCore
import TrueReachIngest

/// A Mastodon account's followers and statuses through the instance's public REST API.
///
/// `GET /api/v1/accounts/lookup?acct=USER` on the account's own instance, then
/// `/api/v1/accounts/:id/followers?limit=80` (public since 4.0) following the `Link` header's
/// `next`, and `/api/v1/accounts/:id/statuses`. Follower entities carry their counts, so one request
/// per 80 followers. Paging requests are limited to 300 per 15 minutes per address in Mastodon's
/// code (tighter than the documented 300 per 5 minutes), so that is the window the ETA assumes
/// until the server's headers say otherwise.
public struct MastodonSource: FollowerSource {
    public let platform = Platform.mastodon
    public let account: String
    public let pageSize = 80
    public let requestsPerPage = 1
    /// The user name on the instance.
    public let user: String
    /// The instance's host.
    public let instance: String
    let baseURL: URL
    let client: GuardedHTTPClient

    /// Mastodon's window for paging requests (rack_attack: 300 per 15 minutes).
    public static let pagingWindow: TimeInterval = 900

    /// A source for `name` (`@user@instance`, `user@instance` or `https://instance/@user`).
    ///
    /// - Parameters:
    ///   - name: The account.
    ///   - baseURL: Where to send requests instead of `https://instance` (a mirror, a test server).
    ///   - token: A user token for instances that answer only their users.
    ///   - limits: Timeouts, size limit, retries.
    ///   - clock: What waits run on.
    ///   - logger: Where requests, waits and retries are logged.
    /// - Throws: ``ConnectorError`` `.badAccount` for a name without user and instance; `.refused` for
    ///   a base URL ``OutboundPolicy`` refuses.
    public init(
        account name: String, baseURL: String? = nil, token: String? = nil, limits: HTTPLimits = HTTPLimits(),
        clock: any FetchClock = SystemFetchClock(), logger: Logger = Logger(label: "truereach.fetch.mastodon")
    ) throws {
        let (user, instance) = try Self.parse(name)
        self.user = user
        self.instance = instance
        self.account = "@\(user)@\(instance)"
        let policy = try OutboundPolicy(baseURL: baseURL ?? "https://\(instance)", explicit: baseURL != nil)
        self.baseURL = policy.baseURL
        self.client = GuardedHTTPClient(policy: policy, limits: limits, clock: clock, token: token, logger: logger)
    }

    /// The user and instance of an account name.
    ///
    /// - Throws: ``ConnectorError`` `.badAccount`.
    public static func parse(_ name: String) throws -> (user: String, instance: String) {
        var text = name.trimmingCharacters(in: .whitespaces)
        if let url = URL(string: text), let host = url.host, url.scheme == "https" || url.scheme == "http" {
            let path = url.path.split(separator: "/").first.map(String.init) ?? ""
            text = path.hasPrefix("@") ? "\(path)@\(host)" : ""
        }
        if text.hasPrefix("@") { text.removeFirst() }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_.-"))
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            parts[0].unicodeScalars.allSatisfy(allowed.contains),
            parts[1].unicodeScalars.allSatisfy({ allowed.contains($0) || $0 == ":" })
        else {
            throw ConnectorError(
                .badAccount,
                "'\(name)' is not a Mastodon account: write it as @user@instance (e.g. @Gargron@mastodon.social).")
        }
        return (String(parts[0]), String(parts[1]).lowercased())
    }

    /// Ends the connections.
    public func shutdown() async { await client.shutdown() }

    public func budget() async -> FetchBudget? {
        await client.rateLimit.map { FetchBudget($0, window: Self.pagingWindow) }
    }

    private struct Lookup: Decodable {
        var id: String
        var acct: String?
        var followersCount: Int?
        var followingCount: Int?
        var statusesCount: Int?
        var hideCollections: Bool?

        enum CodingKeys: String, CodingKey {
            case id, acct
            case followersCount = "followers_count"
            case followingCount = "following_count"
            case statusesCount = "statuses_count"
            case hideCollections = "hide_collections"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let text = try? c.decode(String.self, forKey: .id) {
                id = text
            } else {
                id = String(try c.decode(Int64.self, forKey: .id))
            }
            acct = try c.decodeIfPresent(String.self, forKey: .acct)
            followersCount = try c.decodeIfPresent(Int.self, forKey: .followersCount)
            followingCount = try c.decodeIfPresent(Int.self, forKey: .followingCount)
            statusesCount = try c.decodeIfPresent(Int.self, forKey: .statusesCount)
            hideCollections = try c.decodeIfPresent(Bool.self, forKey: .hideCollections)
        }
    }

    public func lookUp() async throws -> SourceAccount {
        var components = URLComponents(
            url: baseURL.appending(path: "api/v1/accounts/lookup"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "acct", value: user)]
        guard let url = components?.url else { throw ConnectorError(.badAccount, "'\(account)' cannot be looked up.") }
        let found: Lookup
        do {
            found = try await client.get(url) { try AnswerReading.decode(Lookup.self, $0) }
        } catch let error as ConnectorError where error.code == .notFound {
            throw ConnectorError(
                .notFound,
                "\(account): no such account on \(instance). If the instance's web address differs from the "
                    + "handle's domain, name it with --base-url https://ADDRESS.")
        }
        if found.hideCollections == true {
            throw ConnectorError(
                .hidden,
                "\(account) hides its followers (hide_collections): the instance lists them to no one else. "
                    + "Nothing was fetched; import a follower list the account holder exports instead.")
        }
        if found.followersCount == -1 {
            throw ConnectorError(
                .hidden,
                "\(instance) hides follower counts and lists (the profile counts -1): nothing was fetched.")
        }
        return SourceAccount(
            id: found.id, handle: found.acct ?? user,
            followersCount: found.followersCount.flatMap { $0 >= 0 ? $0 : nil },
            followingCount: found.followingCount.flatMap { $0 >= 0 ? $0 : nil },
            postsCount: found.statusesCount.flatMap { $0 >= 0 ? $0 : nil })
    }

    public func followers(of source: SourceAccount, after cursor: String?) async throws -> FollowerPage {
        let url: URL
        if let cursor {
            guard let next = URL(string: cursor) else {
                throw ConnectorError(.unexpected, "A stored next-page link is not a URL.")
            }
            url = next
        } else {
            var components = URLComponents(
                url: baseURL.appending(path: "api/v1/accounts/\(source.id)/followers"), resolvingAgainstBaseURL: false)
            components?.queryItems = [URLQueryItem(name: "limit", value: String(pageSize))]
            guard let first = components?.url else {
                throw ConnectorError(.unexpected, "Bad account id '\(source.id)'.")
            }
            url = first
        }
        return try await client.get(url) { answer in
            let next = LinkHeader.target(answer.header("Link"), relation: "next")
            if AnswerReading.isEmptyArray(answer) { return FollowerPage(profiles: [], next: nil) }
            let (profiles, issues) = try await AnswerReading.profiles(answer, format: .mastodonAccount)
            return FollowerPage(profiles: profiles, next: next?.absoluteString, issues: issues)
        }
    }

    public func posts(of source: SourceAccount, limit: Int) async throws -> PostBatch {
        var components = URLComponents(
            url: baseURL.appending(path: "api/v1/accounts/\(source.id)/statuses"), resolvingAgainstBaseURL: false)
        components?.queryItems = [
            URLQueryItem(name: "limit", value: String(min(40, max(1, limit)))),
            URLQueryItem(name: "exclude_reblogs", value: "true"),
        ]
        var next = components?.url
        var batch = PostBatch()
        while let url = next, batch.posts.count < limit {
            let (page, link, empty) = try await client.get(url) { answer -> (PostBatch, URL?, Bool) in
                let link = LinkHeader.target(answer.header("Link"), relation: "next")
                if AnswerReading.isEmptyArray(answer) { return (PostBatch(), nil, true) }
                return (try await AnswerReading.posts(answer, format: .mastodon), link, false)
            }
            if empty { break }
            batch.append(page)
            next = link
        }
        if batch.posts.count > limit { batch.posts = Array(batch.posts.prefix(limit)) }
        return batch
    }
}
