import Foundation
import Synchronization
import TrueReachConnectors

/// A clock that moves on at once by whatever a fetch sleeps, recording each sleep.
final class VirtualClock: FetchClock {
    private let state: Mutex<(now: Date, sleeps: [TimeInterval])>

    init(start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { state = Mutex((start, [])) }

    var now: Date { state.withLock { $0.now } }
    var sleeps: [TimeInterval] { state.withLock { $0.sleeps } }

    func sleep(seconds: TimeInterval) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(seconds)
            $0.now.addTimeInterval(max(0, seconds))
        }
    }

    func advance(_ seconds: TimeInterval) { state.withLock { $0.now.addTimeInterval(seconds) } }
}

/// One follower of a fake account.
struct FakeFollower: Sendable, Hashable {
    /// The platform's profile id.
    var id: String
    /// The follow's own id: newer follows have larger ones (Mastodon pages by it).
    var followID: Int
}

/// A Mastodon instance with one account, `alice`, whose followers tests can change, and faults on cue.
final class FakeMastodon: Sendable {
    struct State {
        var followers: [FakeFollower] = []
        var hideCollections = false
        var followersCount: Int?
        var statuses = 3
        /// Answers to send instead of the real one, by the 1-based number of the request.
        var faults: [Int: TestReply] = [:]
        /// Answers to send for every lookup, and every followers request, instead of the real ones.
        var lookupReply: TestReply?
        var followersReply: TestReply?
        /// Followers pages past the first `n` are held for two minutes before they are answered, so a
        /// fetch can be killed mid-walk whatever the machine's load (a delay per page was a race).
        var holdFollowersAfter: Int?
        /// Answers to send for every followers request after the first `n` such requests succeed.
        var failFollowersAfter: Int?
        var followersRequests = 0
        var requestCount = 0
        /// X-RateLimit headers: limit, then remaining counts down and the reset is `window` after start.
        var rateLimit: (limit: Int, window: TimeInterval)?
        var remaining = 0
        var resetAt = Date.distantPast
        /// Link `next` points here instead of this server.
        var foreignNext: String?
        /// Answer every page with 200 and an extra follower already listed (a shifted page).
        var repeatLastOfPreviousPage = false
        var lastOfPreviousPage: FakeFollower?
    }

    let state: Mutex<State>
    let clock: VirtualClock

    init(followers: Int, clock: VirtualClock) {
        self.clock = clock
        var state = State()
        state.followers = (0..<followers).map { FakeFollower(id: String(100_000 + $0), followID: 1_000_000 - $0) }
        self.state = Mutex(state)
    }

    func update(_ body: (inout State) -> Void) { state.withLock { body(&$0) } }

    var handler: @Sendable (TestRequest) -> TestReply { { [self] in self.handle($0) } }

    static func account(_ id: String, followers: Int? = 12) -> String {
        """
        {"id":"\(id)","username":"u\(id)","acct":"u\(id)@remote.example","display_name":"User \(id)",\
        "locked":false,"bot":false,"discoverable":true,"group":false,"created_at":"2021-03-04T00:00:00.000Z",\
        "note":"<p>Notes of \(id)</p>","url":"https://remote.example/@u\(id)","avatar":"https://remote.example/a/\(id).png",\
        "followers_count":\(followers.map(String.init) ?? "null"),"following_count":34,"statuses_count":56,\
        "last_status_at":"2026-11-01","emojis":[],"fields":[]}
        """
    }

    func handle(_ request: TestRequest) -> TestReply {
        state.withLock { state in
            state.requestCount += 1
            let now = clock.now
            var headers: [(String, String)] = []
            if let (limit, window) = state.rateLimit {
                if now >= state.resetAt {
                    state.remaining = limit
                    state.resetAt = now.addingTimeInterval(window)
                }
                if state.remaining <= 0 {
                    return .status(
                        429, headers: Self.rateHeaders(limit, 0, state.resetAt), error: "Too many requests")
                }
                state.remaining -= 1
                headers = Self.rateHeaders(limit, state.remaining, state.resetAt)
            }
            if let fault = state.faults[state.requestCount] { return fault }
            let host = request.headers["host"] ?? "127.0.0.1"
            switch request.path {
            case "/api/v1/accounts/lookup":
                if let reply = state.lookupReply { return reply }
                guard request.parameter("acct") == "alice" else { return .status(404, error: "Record not found") }
                let count = state.followersCount ?? state.followers.count
                let hide = state.hideCollections ? #","hide_collections":true"# : ""
                return .json(
                    #"{"id":"42","username":"alice","acct":"alice","display_name":"Alice","followers_count":\#(count),"following_count":7,"statuses_count":\#(state.statuses)\#(hide)}"#,
                    headers: headers)
            case "/api/v1/accounts/42/followers":
                state.followersRequests += 1
                if let reply = state.followersReply { return reply }
                if let after = state.failFollowersAfter, state.followersRequests > after {
                    return .status(503, error: "Service Unavailable")
                }
                if state.hideCollections { return .json("[]", headers: headers) }
                let limit = min(80, Int(request.parameter("limit") ?? "40") ?? 40)
                let maxID = request.parameter("max_id").flatMap(Int.init) ?? Int.max
                var page = Array(state.followers.filter { $0.followID < maxID }.prefix(limit))
                if state.repeatLastOfPreviousPage, let repeated = state.lastOfPreviousPage {
                    page.insert(repeated, at: 0)
                }
                state.lastOfPreviousPage = page.last
                if let last = page.last {
                    let next = state.foreignNext ?? "http://\(host)"
                    headers.append(
                        (
                            "Link",
                            "<\(next)/api/v1/accounts/42/followers?limit=\(limit)&max_id=\(last.followID)>; rel=\"next\", "
                                + "<http://\(host)/api/v1/accounts/42/followers?limit=\(limit)&since_id=1>; rel=\"prev\""
                        ))
                }
                let reply = TestReply.json(
                    "[" + page.map { Self.account($0.id) }.joined(separator: ",") + "]", headers: headers)
                if let n = state.holdFollowersAfter, state.followersRequests > n { return .slow(seconds: 120, reply) }
                return reply
            case "/api/v1/accounts/42/statuses":
                let statuses = (0..<state.statuses).map { i in
                    #"{"id":"9\#(i)","created_at":"2026-11-2\#(i % 9)T10:00:00.000Z","in_reply_to_id":null,"in_reply_to_account_id":null,"reblog":null,"visibility":"public","language":"en","replies_count":\#(i),"reblogs_count":\#(2 * i),"favourites_count":\#(3 * i),"content":"<p>post \#(i)</p>","media_attachments":[],"account":{"id":"42","acct":"alice","followers_count":\#(state.followers.count),"following_count":7}}"#
                }
                return .json("[" + statuses.joined(separator: ",") + "]", headers: headers)
            default:
                return .status(404, error: "Record not found")
            }
        }
    }

    static func rateHeaders(_ limit: Int, _ remaining: Int, _ reset: Date) -> [(String, String)] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return [
            ("X-RateLimit-Limit", String(limit)), ("X-RateLimit-Remaining", String(remaining)),
            ("X-RateLimit-Reset", formatter.string(from: reset)),
        ]
    }
}

/// A Bluesky AppView with one account, `alice.test`, and faults on cue.
final class FakeBluesky: Sendable {
    struct State {
        var followers: [String] = []
        var faults: [Int: TestReply] = [:]
        var requestCount = 0
        var profileRequests = 0
        var largestProfileBatch = 0
        /// Followers getProfiles no longer describes (deleted since they were listed).
        var vanished: Set<String> = []
        var rateLimit: (limit: Int, window: TimeInterval)?
        var remaining = 0
        var resetAt = Date.distantPast
    }

    let state: Mutex<State>
    let clock: VirtualClock

    init(followers: Int, clock: VirtualClock) {
        self.clock = clock
        var state = State()
        state.followers = (0..<followers).map { "did:plc:f\($0)" }
        self.state = Mutex(state)
    }

    func update(_ body: (inout State) -> Void) { state.withLock { body(&$0) } }

    var handler: @Sendable (TestRequest) -> TestReply { { [self] in self.handle($0) } }

    static func view(_ did: String, detailed: Bool) -> String {
        let name = did.replacingOccurrences(of: "did:plc:", with: "")
        let counts = detailed ? #","followersCount":21,"followsCount":43,"postsCount":65"# : ""
        return
            #"{"did":"\#(did)","handle":"\#(name).bsky.social","displayName":"Name \#(name)","description":"About \#(name)","avatar":"https://cdn.bsky.app/img/avatar/\#(name).jpg","createdAt":"2024-01-02T00:00:00.000Z","indexedAt":"2024-01-02T00:00:00.000Z","labels":[]\#(counts)}"#
    }

    func handle(_ request: TestRequest) -> TestReply {
        state.withLock { state in
            state.requestCount += 1
            let now = clock.now
            var headers: [(String, String)] = []
            if let (limit, window) = state.rateLimit {
                if now >= state.resetAt {
                    state.remaining = limit
                    state.resetAt = now.addingTimeInterval(window)
                }
                let reset = String(Int(state.resetAt.timeIntervalSince1970))
                if state.remaining <= 0 {
                    let wait = String(Int(state.resetAt.timeIntervalSince(now).rounded(.up)))
                    return .status(
                        429,
                        headers: [
                            ("RateLimit-Limit", String(limit)), ("RateLimit-Remaining", "0"),
                            ("RateLimit-Reset", reset),
                            ("Retry-After", wait),
                        ], error: "RateLimitExceeded")
                }
                state.remaining -= 1
                headers = [
                    ("RateLimit-Limit", String(limit)), ("RateLimit-Remaining", String(state.remaining)),
                    ("RateLimit-Reset", reset), ("RateLimit-Policy", "\(limit);w=\(Int(window))"),
                ]
            }
            if let fault = state.faults[state.requestCount] { return fault }
            switch request.path {
            case "/xrpc/app.bsky.actor.getProfile":
                guard request.parameter("actor") == "alice.test" else {
                    return .answer(
                        status: 400, headers: [],
                        body: #"{"error":"InvalidRequest","message":"Profile not found"}"#)
                }
                return .json(
                    #"{"did":"did:plc:alice","handle":"alice.test","followersCount":\#(state.followers.count),"followsCount":3,"postsCount":2}"#,
                    headers: headers)
            case "/xrpc/app.bsky.graph.getFollowers":
                guard request.parameter("actor") == "did:plc:alice" else {
                    return .answer(status: 400, headers: [], body: #"{"error":"InvalidRequest","message":"bad actor"}"#)
                }
                let limit = min(100, Int(request.parameter("limit") ?? "50") ?? 50)
                let start = request.parameter("cursor").flatMap { Int($0.dropFirst(1)) } ?? 0
                let page = Array(state.followers.dropFirst(start).prefix(limit))
                let cursor = start + page.count < state.followers.count ? #","cursor":"c\#(start + page.count)""# : ""
                let subject = Self.view("did:plc:alice", detailed: false)
                return .json(
                    #"{"subject":\#(subject),"followers":["#
                        + page.map { Self.view($0, detailed: false) }.joined(separator: ",")
                        + "]\(cursor)}", headers: headers)
            case "/xrpc/app.bsky.actor.getProfiles":
                state.profileRequests += 1
                let actors = request.query["actors"] ?? []
                state.largestProfileBatch = max(state.largestProfileBatch, actors.count)
                guard actors.count <= 25 else {
                    return .answer(
                        status: 400, headers: [], body: #"{"error":"InvalidRequest","message":"too many actors"}"#)
                }
                let known = actors.filter { !state.vanished.contains($0) }
                return .json(
                    #"{"profiles":["# + known.map { Self.view($0, detailed: true) }.joined(separator: ",") + "]}",
                    headers: headers)
            case "/xrpc/app.bsky.feed.getAuthorFeed":
                let author = Self.view("did:plc:alice", detailed: false)
                let items = (0..<2).map { i in
                    #"{"post":{"uri":"at://did:plc:alice/app.bsky.feed.post/p\#(i)","cid":"c\#(i)","author":\#(author),"record":{"$type":"app.bsky.feed.post","text":"post \#(i)","createdAt":"2026-11-1\#(i)T00:00:00.000Z"},"replyCount":\#(i),"repostCount":\#(i + 1),"likeCount":\#(i + 2),"quoteCount":0,"indexedAt":"2026-11-1\#(i)T00:00:00.000Z"}}"#
                }
                return .json(#"{"feed":["# + items.joined(separator: ",") + "]}", headers: headers)
            default:
                return .status(404, error: "MethodNotImplemented")
            }
        }
    }
}
