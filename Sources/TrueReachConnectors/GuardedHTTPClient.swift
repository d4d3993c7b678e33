import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import TrueReachCore

/// The limits every request of a fetch is held to.
public struct HTTPLimits: Sendable, Hashable {
    /// Seconds to connect.
    public var connectTimeout: TimeInterval = 10
    /// Seconds without a byte from the server.
    public var readTimeout: TimeInterval = 30
    /// Seconds for a whole request, body included.
    public var requestTimeout: TimeInterval = 60
    /// The most bytes an answer may hold.
    public var maxResponseBytes: Int = 8 << 20
    /// Tries of one request that fails (5xx, a broken connection, a timeout, a malformed body).
    public var maxAttempts: Int = 6
    /// 429 answers in a row before giving up.
    public var maxRateLimitWaits: Int = 20
    /// Backoff: the first delay's ceiling and the largest, in seconds (full jitter between 0 and
    /// `min(backoffCap, backoffBase * 2^attempt)`).
    public var backoffBase: TimeInterval = 1
    public var backoffCap: TimeInterval = 60
    /// The longest wait for a rate limit to refill before giving up, in seconds.
    public var maxWait: TimeInterval = 3_600

    /// The defaults.
    public init() {}
}

/// An answer that passed every check.
public struct FetchedAnswer: Sendable {
    /// The URL asked for.
    public var url: URL
    /// The body.
    public var body: [UInt8]
    /// The headers.
    var headers: HTTPHeaders

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? { headers.first(name: name) }
}

/// The one way connectors make requests: GETs to one origin (``OutboundPolicy``), with timeouts, a
/// size limit, no redirects, the server's rate limit honoured and transient failures retried with
/// backoff and jitter.
///
/// Before each request it waits, if the last answer said no requests are left, until the window
/// resets. A 429 waits for `Retry-After`, else the reset, else a backoff. A 5xx, a connection that
/// breaks, a timeout, or a body the caller's decoder rejects (truncated, malformed) is retried after
/// a backoff; past ``HTTPLimits/maxAttempts`` the request fails with `.unavailable`. Tokens go only
/// in the `Authorization` header and are never logged; logs carry the method, URL and status.
public actor GuardedHTTPClient {
    private let client: HTTPClient
    private let policy: OutboundPolicy
    private let limits: HTTPLimits
    private let clock: any FetchClock
    private let logger: Logger
    private let token: String?
    private let userAgent: String
    private var random: SeededGenerator
    private var shutDown = false

    /// What the last answer said of the rate limit.
    public private(set) var rateLimit: RateLimitStatus?
    /// Requests sent, retries included.
    public private(set) var requests = 0
    /// Seconds spent waiting for rate limits and backoffs.
    public private(set) var waited: TimeInterval = 0

    /// Creates a client for `policy`'s origin.
    ///
    /// - Parameters:
    ///   - policy: Where requests may go.
    ///   - limits: Timeouts, size limit, retries.
    ///   - clock: What waits run on (a test's clock moves on at once).
    ///   - token: A bearer token for the platform, sent as `Authorization` and never logged.
    ///   - logger: Where requests, waits and retries are logged.
    ///   - seed: Seeds the jitter (random unless given, so two fetches do not retry in step).
    public init(
        policy: OutboundPolicy, limits: HTTPLimits = HTTPLimits(), clock: any FetchClock = SystemFetchClock(),
        token: String? = nil, logger: Logger = Logger(label: "truereach.fetch"),
        seed: UInt64 = UInt64.random(in: 0...UInt64.max)
    ) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: .milliseconds(Int64(limits.connectTimeout * 1_000)),
                read: .milliseconds(Int64(limits.readTimeout * 1_000))))
        configuration.httpVersion = .http1Only
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.policy = policy
        self.limits = limits
        self.clock = clock
        self.token = token
        self.logger = logger
        self.random = SeededGenerator(seed: seed)
        self.userAgent = "TrueReach/1 (audience audit; +https://github.com/truereach)"
    }

    /// Ends the client's connections; call once when the fetch is over.
    public func shutdown() async {
        guard !shutDown else { return }
        shutDown = true
        try? await client.shutdown()
    }

    /// GETs `url` and decodes the body with `decode`, retrying as the type describes.
    ///
    /// - Parameters:
    ///   - url: What to get; it must be on the policy's origin.
    ///   - decode: Turns the body into the value; throwing makes the answer count as a failed try (a
    ///     truncated or malformed body), retried like a 5xx.
    /// - Returns: The decoded value.
    /// - Throws: ``ConnectorError``: `.refused` (origin, address), `.notFound` (404, 410), `.hidden`
    ///   (401, 403), `.tooLarge`, `.unexpected` (a redirect, another 4xx), `.unavailable` (retries
    ///   spent, a rate limit that does not refill within ``HTTPLimits/maxWait``); `CancellationError`.
    public func get<Value: Sendable>(
        _ url: URL, decode: @Sendable (FetchedAnswer) async throws -> Value
    ) async throws -> Value {
        try await policy.check(url)
        let shown = OutboundPolicy.redacted(url)
        var failures = 0
        var rateLimited = 0
        var lastProblem = ""
        while true {
            try Task.checkCancellation()
            try await waitForBudget(shown)
            requests += 1
            let outcome: Outcome
            do {
                outcome = try await send(url)
            } catch let error as ConnectorError {
                throw error
            } catch let error where Task.isCancelled || error is CancellationError {
                throw CancellationError()
            } catch {
                outcome = .retry(Self.describe(error), after: nil)
            }
            var retryAt: Date?
            switch outcome {
            case .answer(let answer):
                do {
                    return try await decode(answer)
                } catch let error as ConnectorError {
                    throw error
                } catch {
                    lastProblem = "the answer could not be read (\(String(describing: error).prefix(300)))"
                }
            case .rateLimited(let until):
                rateLimited += 1
                guard rateLimited <= limits.maxRateLimitWaits else {
                    throw ConnectorError(
                        .unavailable, "\(shown): still rate limited (429) after \(limits.maxRateLimitWaits) waits.")
                }
                let delay = until.map { max(0, $0.timeIntervalSince(clock.now)) } ?? backoff(rateLimited)
                try await pause(delay + jitter(1), reason: "rate limited (429)", shown)
                continue
            case .retry(let problem, let after):
                lastProblem = problem
                retryAt = after
            }
            failures += 1
            logger.warning("\(shown): \(lastProblem) (try \(failures) of \(limits.maxAttempts))")
            guard failures < limits.maxAttempts else {
                throw ConnectorError(
                    .unavailable,
                    "\(shown): \(lastProblem), \(failures) times; run the fetch again later to continue where it stopped."
                )
            }
            let delay = retryAt.map { max(0, $0.timeIntervalSince(clock.now)) } ?? backoff(failures)
            try await pause(delay, reason: lastProblem, shown)
        }
    }

    private enum Outcome {
        case answer(FetchedAnswer)
        case rateLimited(until: Date?)
        case retry(String, after: Date?)
    }

    private func send(_ url: URL) async throws -> Outcome {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: userAgent)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let deadline = NIODeadline.now() + .milliseconds(Int64(limits.requestTimeout * 1_000))
        let response = try await client.execute(request, deadline: deadline)
        let now = clock.now
        if let status = RateLimitStatus(header: { response.headers.first(name: $0) }, now: now) { rateLimit = status }
        let code = Int(response.status.code)
        let shown = OutboundPolicy.redacted(url)
        logger.debug("GET \(shown) -> \(code)")
        switch code {
        case 200..<300:
            if let length = response.headers.first(name: "Content-Length").flatMap(Int.init),
                length > limits.maxResponseBytes
            {
                throw tooLarge(shown)
            }
            let buffer: ByteBuffer
            do {
                buffer = try await response.body.collect(upTo: limits.maxResponseBytes)
            } catch is NIOTooManyBytesError {
                throw tooLarge(shown)
            }
            return .answer(FetchedAnswer(url: url, body: Array(buffer.readableBytesView), headers: response.headers))
        case 429:
            _ = try? await response.body.collect(upTo: 64 << 10)
            return .rateLimited(until: rateLimit?.retryAt ?? rateLimit?.resetAt)
        case 500..<600:
            _ = try? await response.body.collect(upTo: 64 << 10)
            return .retry("the server answered \(code)", after: code == 503 ? rateLimit?.retryAt : nil)
        default:
            let body = (try? await response.body.collect(upTo: 64 << 10)).map { String(buffer: $0) } ?? ""
            let reason = Self.serverReason(body)
            switch code {
            case 401, 403:
                throw ConnectorError(
                    .hidden,
                    "\(shown): the server refused to answer (\(code)\(reason)): it shows this only to its users "
                        + "or the account hides it.")
            case 400 where reason.lowercased().contains("not found"):
                // XRPC answers an unknown actor with 400 InvalidRequest "Profile not found".
                throw ConnectorError(.notFound, "\(shown): not found (\(code)\(reason)).")
            case 404, 410:
                throw ConnectorError(.notFound, "\(shown): not found (\(code)\(reason)).")
            case 300..<400:
                throw ConnectorError(
                    .unexpected, "\(shown): the server redirected (\(code)); redirects are not followed.")
            default:
                throw ConnectorError(.unexpected, "\(shown): the server answered \(code)\(reason).")
            }
        }
    }

    private func tooLarge(_ shown: String) -> ConnectorError {
        ConnectorError(.tooLarge, "\(shown): the answer is larger than \(limits.maxResponseBytes) bytes; not read.")
    }

    /// Waits for the window to reset when the last answer left no requests.
    private func waitForBudget(_ shown: String) async throws {
        guard let status = rateLimit, let remaining = status.remaining, remaining <= 0, let reset = status.resetAt
        else { return }
        let delay = reset.timeIntervalSince(clock.now)
        guard delay > 0 else { return }
        // Resets are often given to the second: a second's margin, and jitter so clients spread out.
        try await pause(delay + 1 + jitter(1), reason: "no requests left in the rate limit", shown)
        rateLimit?.remaining = nil
    }

    private func pause(_ seconds: TimeInterval, reason: String, _ shown: String) async throws {
        guard seconds <= limits.maxWait else {
            throw ConnectorError(
                .unavailable,
                "\(shown): \(reason); the server asks to wait \(Int(seconds)) s, longer than "
                    + "\(Int(limits.maxWait)) s. Run the fetch again later to continue where it stopped.")
        }
        logger.info("\(shown): \(reason); waiting \(String(format: "%.1f", seconds)) s")
        waited += seconds
        try await clock.sleep(seconds: seconds)
    }

    private func backoff(_ attempt: Int) -> TimeInterval {
        let ceiling = min(limits.backoffCap, limits.backoffBase * pow(2, Double(max(0, attempt - 1))))
        return jitter(ceiling)
    }

    private func jitter(_ ceiling: TimeInterval) -> TimeInterval {
        guard ceiling > 0 else { return 0 }
        return Double.random(in: 0...ceiling, using: &random)
    }

    /// The `error` (Mastodon) or `message` (XRPC) of an error body, as `: text`.
    static func serverReason(_ body: String) -> String {
        guard let data = body.data(using: .utf8),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return "" }
        let text = (object["message"] as? String) ?? (object["error"] as? String)
        guard let text, !text.isEmpty else { return "" }
        return ": " + String(text.prefix(200)).filter { !$0.isNewline && $0.asciiValue.map { $0 >= 32 } ?? true }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "the request timed out"
            case .remoteConnectionClosed: return "the server closed the connection before the answer ended"
            default: return "the request failed (\(error))"
            }
        default:
            return "the request failed (\(String(describing: error).prefix(200)))"
        }
    }
}
