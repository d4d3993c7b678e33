public import Foundation
public import TrueReachCore
public import TrueReachIngest

/// A platform's live API as a fetch sees it: an account, its followers page by page, its posts.
///
/// The connectors (module `TrueReachConnectors`) implement this for Mastodon and Bluesky over HTTP;
/// ``FetchJob`` drives one, staging every page in the store so an interrupted fetch continues.
public protocol FollowerSource: Sendable {
    /// The platform.
    var platform: Platform { get }
    /// The name the audience is stored under (`@user@instance`, a Bluesky handle).
    var account: String { get }
    /// Followers a full page holds.
    var pageSize: Int { get }
    /// Requests one page of followers costs (Bluesky asks for their profiles too).
    var requestsPerPage: Int { get }

    /// Looks the account up.
    ///
    /// - Throws: The connector's errors: not found, hidden, refused, unavailable.
    func lookUp() async throws -> SourceAccount

    /// The page of followers after `cursor` (`nil` for the first page).
    func followers(of account: SourceAccount, after cursor: String?) async throws -> FollowerPage

    /// Up to `limit` of the account's most recent posts, with their counts.
    func posts(of account: SourceAccount, limit: Int) async throws -> PostBatch

    /// What the server last said of its rate limit, if anything.
    func budget() async -> FetchBudget?
}

/// The account a fetch reads, as the platform describes it.
public struct SourceAccount: Sendable, Hashable, Codable {
    /// The platform's id for it (a Mastodon account id, a Bluesky DID).
    public var id: String
    /// The handle, as the platform gives it.
    public var handle: String
    /// Followers, following and posts as the profile counts them; `nil` when hidden.
    public var followersCount: Int?
    public var followingCount: Int?
    public var postsCount: Int?

    /// Creates an account description.
    public init(id: String, handle: String, followersCount: Int?, followingCount: Int?, postsCount: Int?) {
        self.id = id
        self.handle = handle
        self.followersCount = followersCount
        self.followingCount = followingCount
        self.postsCount = postsCount
    }

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case id, handle
        case followersCount = "followers_count"
        case followingCount = "following_count"
        case postsCount = "posts_count"
    }
}

/// One page of followers.
public struct FollowerPage: Sendable {
    /// The followers, in the order the platform lists them.
    public var profiles: [Profile]
    /// Where the next page starts, or `nil` when this was the last.
    public var next: String?
    /// Records of the page that could not be read.
    public var issues: [IngestIssue]

    /// Creates a page.
    public init(profiles: [Profile], next: String?, issues: [IngestIssue] = []) {
        self.profiles = profiles
        self.next = next
        self.issues = issues
    }
}

/// A server's rate limit as last seen: what is left, and when it refills.
public struct FetchBudget: Sendable, Hashable {
    /// Requests per window.
    public var limit: Int?
    /// Requests left in this window.
    public var remaining: Int?
    /// When the window refills.
    public var resetAt: Date?
    /// The window's length: as the server says, else the platform's published one.
    public var window: TimeInterval

    /// Creates a budget.
    public init(limit: Int?, remaining: Int?, resetAt: Date?, window: TimeInterval) {
        self.limit = limit
        self.remaining = remaining
        self.resetAt = resetAt
        self.window = window
    }

    /// Seconds until `requests` more requests are done, at `secondsPerRequest` each, within the
    /// budget: the ETA a fetch shows.
    ///
    /// Windows are fixed: the first ends at `resetAt` (else after `window`) with `remaining` requests
    /// left, each later one holds `limit` and lasts `window`. A request counts against the window it
    /// starts in; one that finds its window spent waits for the next.
    /// - Complexity: O(windows spanned).
    public func secondsFor(requests: Int, secondsPerRequest: Double, now: Date) -> Double {
        let pace = max(0, secondsPerRequest)
        var todo = max(0, requests)
        guard let limit, limit > 0, window > 0 else { return Double(todo) * pace }
        var left = max(0, remaining ?? limit)
        var reset = max(0, resetAt.map { $0.timeIntervalSince(now) } ?? window)
        var t = 0.0
        while todo > 0 {
            if t >= reset {
                left = limit
                reset += (((t - reset) / window).rounded(.down) + 1) * window
            }
            if left == 0 {
                t = reset
                continue
            }
            let startable = pace > 0 ? Int(((reset - t) / pace).rounded(.up)) : left
            let n = min(todo, left, max(1, startable))
            t += Double(n) * pace
            left -= n
            todo -= n
        }
        return t
    }
}
