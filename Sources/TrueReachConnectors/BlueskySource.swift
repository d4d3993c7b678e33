import Foundation
import Logging
import TrueReachApp
import TrueReachCore
import TrueReachIngest

/// A Bluesky account's followers and posts through the public AppView (`public.api.bsky.app`).
///
/// `app.bsky.actor.getProfile` for the account, `app.bsky.graph.getFollowers` (100 a page, paged by
/// `cursor`), then `app.bsky.actor.getProfiles` 25 at a time for the counts a follower list lacks,
/// and `app.bsky.feed.getAuthorFeed` for posts. No login. The AppView publishes no figure of its
/// own ("generous"); until its `RateLimit-*` headers say otherwise the ETA assumes the published
/// PDS limit, 3,000 requests per 5 minutes.
public struct BlueskySource: FollowerSource {
    public let platform = Platform.bluesky
    public let account: String
    public let pageSize = 100
    /// A page of 100 followers, then 4 requests for their profiles.
    public let requestsPerPage = 5
    let baseURL: URL
    let client: GuardedHTTPClient

    /// The public AppView.
    public static let appView = "https://public.api.bsky.app"
    /// The window of the published limit (3,000 per 5 minutes).
    public static let publishedWindow: TimeInterval = 300
    /// Profiles one `getProfiles` request takes.
    public static let profileBatch = 25

    /// A source for `handle` (`alice.bsky.social`, `@alice.bsky.social` or a `did:`).
    ///
    /// - Throws: ``ConnectorError`` `.badAccount`, or `.refused` for a base URL ``OutboundPolicy`` refuses.
    public init(
        handle: String, baseURL: String? = nil, limits: HTTPLimits = HTTPLimits(),
        clock: any FetchClock = SystemFetchClock(), logger: Logger = Logger(label: "truereach.fetch.bluesky")
    ) throws {
        var name = handle.trimmingCharacters(in: .whitespaces).lowercased()
        if name.hasPrefix("@") { name.removeFirst() }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789.-:_")
        guard !name.isEmpty, name.unicodeScalars.allSatisfy(allowed.contains),
            name.hasPrefix("did:") || (name.contains(".") && !name.hasPrefix(".") && !name.hasSuffix("."))
        else {
            throw ConnectorError(
                .badAccount, "'\(handle)' is not a Bluesky handle: write it as name.bsky.social (or a did:).")
        }
        self.account = name
        let policy = try OutboundPolicy(baseURL: baseURL ?? Self.appView, explicit: baseURL != nil)
        self.baseURL = policy.baseURL
        self.client = GuardedHTTPClient(policy: policy, limits: limits, clock: clock, logger: logger)
    }

    /// Ends the connections.
    public func shutdown() async { await client.shutdown() }

    public func budget() async -> FetchBudget? {
        await client.rateLimit.map { FetchBudget($0, window: Self.publishedWindow) }
    }

    private func url(_ method: String, _ query: [(String, String)]) throws -> URL {
        var components = URLComponents(url: baseURL.appending(path: "xrpc/\(method)"), resolvingAgainstBaseURL: false)
        components?.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        guard let url = components?.url else { throw ConnectorError(.badAccount, "'\(account)' cannot be asked for.") }
        return url
    }

    private struct Described: Decodable {
        var did: String
        var handle: String?
        var followersCount: Int?
        var followsCount: Int?
        var postsCount: Int?
    }

    private struct FollowerList: Decodable {
        struct Entry: Decodable { var did: String }
        var followers: [Entry]
        var cursor: String?
    }

    public func lookUp() async throws -> SourceAccount {
        let found: Described
        do {
            found = try await client.get(try url("app.bsky.actor.getProfile", [("actor", account)])) {
                try AnswerReading.decode(Described.self, $0)
            }
        } catch let error as ConnectorError where error.code == .notFound {
            throw ConnectorError(.notFound, "\(account): no such Bluesky account.")
        }
        return SourceAccount(
            id: found.did, handle: found.handle ?? account, followersCount: found.followersCount,
            followingCount: found.followsCount, postsCount: found.postsCount)
    }

    public func followers(of source: SourceAccount, after cursor: String?) async throws -> FollowerPage {
        var query = [("actor", source.id), ("limit", String(pageSize))]
        if let cursor { query.append(("cursor", cursor)) }
        let (list, listed, listIssues) = try await client.get(try url("app.bsky.graph.getFollowers", query)) {
            answer -> (FollowerList, [Profile], [IngestIssue]) in
            let list = try AnswerReading.decode(FollowerList.self, answer)
            guard !list.followers.isEmpty else { return (list, [], []) }
            let (profiles, issues) = try await AnswerReading.profiles(answer, format: .blueskyProfile)
            return (list, profiles, issues)
        }
        // The list's entries lack counts: ask for the full profiles, 25 at a time, and keep the list's
        // order. A follower the AppView no longer describes (deleted since) keeps the list's entry.
        var detailed: [String: Profile] = [:]
        var issues = listIssues
        let dids = listed.map(\.id.rawValue)
        for start in stride(from: 0, to: dids.count, by: Self.profileBatch) {
            let batch = dids[start..<min(dids.count, start + Self.profileBatch)]
            let (profiles, batchIssues) = try await client.get(
                try url("app.bsky.actor.getProfiles", batch.map { ("actors", $0) })
            ) { answer in
                try await AnswerReading.profiles(answer, format: .blueskyProfile)
            }
            issues += batchIssues
            for profile in profiles { detailed[profile.id.rawValue] = profile }
        }
        let profiles = listed.map { detailed[$0.id.rawValue] ?? $0 }
        return FollowerPage(profiles: profiles, next: list.followers.isEmpty ? nil : list.cursor, issues: issues)
    }

    public func posts(of source: SourceAccount, limit: Int) async throws -> PostBatch {
        struct Feed: Decodable {
            var feed: [AnyEntry]
            var cursor: String?
            struct AnyEntry: Decodable {}
        }
        var batch = PostBatch()
        var cursor: String?
        repeat {
            var query = [
                ("actor", source.id), ("limit", String(min(100, max(1, limit)))), ("filter", "posts_no_replies"),
            ]
            if let cursor { query.append(("cursor", cursor)) }
            let (page, next, empty) = try await client.get(try url("app.bsky.feed.getAuthorFeed", query)) {
                answer -> (PostBatch, String?, Bool) in
                let feed = try AnswerReading.decode(Feed.self, answer)
                if feed.feed.isEmpty { return (PostBatch(), nil, true) }
                return (try await AnswerReading.posts(answer, format: .blueskyFeed), feed.cursor, false)
            }
            if empty { break }
            batch.append(page)
            cursor = next
        } while cursor != nil && batch.posts.count < limit
        if batch.posts.count > limit { batch.posts = Array(batch.posts.prefix(limit)) }
        return batch
    }
}
