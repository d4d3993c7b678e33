import Foundation
import TrueReachApp

/// What a server said of its rate limit in one answer's headers.
///
/// Mastodon sends `X-RateLimit-Limit`, `-Remaining` and `-Reset` (an ISO 8601 time); Bluesky's
/// services send `RateLimit-Limit`, `-Remaining`, `-Reset` (seconds since 1970) and
/// `RateLimit-Policy: <limit>;w=<seconds>`; either may send `Retry-After` (seconds or an HTTP date)
/// with a 429. A reset given as a small number is read as seconds from now (the IETF draft's form).
public struct RateLimitStatus: Sendable, Hashable {
    /// Requests allowed per window.
    public var limit: Int?
    /// Requests left in this window.
    public var remaining: Int?
    /// When the window ends and `remaining` is back to `limit`.
    public var resetAt: Date?
    /// The window's length, when the server says (`RateLimit-Policy`).
    public var window: TimeInterval?
    /// When to try again, from `Retry-After`.
    public var retryAt: Date?

    /// Creates a status.
    public init(
        limit: Int? = nil, remaining: Int? = nil, resetAt: Date? = nil, window: TimeInterval? = nil,
        retryAt: Date? = nil
    ) {
        self.limit = limit
        self.remaining = remaining
        self.resetAt = resetAt
        self.window = window
        self.retryAt = retryAt
    }

    /// Reads the headers of an answer received at `now`; `nil` when they say nothing of a limit.
    ///
    /// - Parameters:
    ///   - header: The value of a header by its name, case-insensitive.
    ///   - now: When the answer came.
    public init?(header: (String) -> String?, now: Date) {
        func value(_ name: String) -> String? {
            (header("X-RateLimit-\(name)") ?? header("RateLimit-\(name)"))?.trimmingCharacters(in: .whitespaces)
        }
        limit = value("Limit").flatMap { Int($0.prefix { $0.isNumber }) }
        remaining = value("Remaining").flatMap { Int($0) }
        resetAt = value("Reset").flatMap { Self.time($0, now: now) }
        if let policy = header("RateLimit-Policy"),
            let w = policy.split(separator: ";").first(where: {
                $0.trimmingCharacters(in: .whitespaces).hasPrefix("w=")
            })
        {
            window = TimeInterval(w.trimmingCharacters(in: .whitespaces).dropFirst(2))
        }
        retryAt = header("Retry-After").flatMap { Self.time($0.trimmingCharacters(in: .whitespaces), now: now) }
        if limit == nil && remaining == nil && resetAt == nil && retryAt == nil { return nil }
    }

    /// A time given as seconds from now, seconds since 1970, ISO 8601 or an HTTP date.
    static func time(_ text: String, now: Date) -> Date? {
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 {
            // Anything past 2001 as seconds since 1970 is a time; smaller numbers are a delay.
            return seconds > 1_000_000_000 ? Date(timeIntervalSince1970: seconds) : now.addingTimeInterval(seconds)
        }
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = iso.date(from: text) { return date }
        iso.formatOptions = [.withInternetDateTime]
        if let date = iso.date(from: text) { return date }
        let http = DateFormatter()
        http.locale = Locale(identifier: "en_US_POSIX")
        http.timeZone = TimeZone(identifier: "GMT")
        http.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return http.date(from: text)
    }
}

/// The clock a fetch reads and sleeps on: the real one, or a test's, which moves time on at once.
public protocol FetchClock: Sendable {
    /// The current time.
    var now: Date { get }
    /// Waits `seconds` (cancellable).
    func sleep(seconds: TimeInterval) async throws
}

/// The system clock.
public struct SystemFetchClock: FetchClock {
    /// Creates the system clock.
    public init() {}

    public var now: Date { Date() }

    public func sleep(seconds: TimeInterval) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(min(seconds, 86_400) * 1_000_000_000))
    }
}

extension FetchBudget {
    /// The budget a server's last headers describe; `window` stands in when they give none.
    init(_ status: RateLimitStatus, window: TimeInterval) {
        self.init(
            limit: status.limit, remaining: status.remaining, resetAt: status.resetAt, window: status.window ?? window)
    }
}
