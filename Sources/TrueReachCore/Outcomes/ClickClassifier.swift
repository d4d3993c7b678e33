/// What a request to a tracked link was: a person's click, or something else.
///
/// The raw values are the names used in the click log, the data file and the API.
public enum ClickClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// A person clicking the link, including through an in-app browser (Instagram, Facebook, TikTok, ...).
    case human
    /// A bot or crawler: search engines, AI crawlers, SEO tools, monitors, HTTP libraries, headless browsers.
    case bot
    /// A chat or social service fetching the page to build a preview card (Slack, Discord, iMessage, Mastodon, ...).
    case linkPreview = "link_preview"
    /// A prefetch or prerender announced by a request header, or a known preloader.
    case prefetch
    /// An email security scanner or mail proxy following the link before (or instead of) the recipient.
    case emailScanner = "email_scanner"
    /// The same visitor clicking the same link again within the window; assigned by the caller, never by
    /// ``ClickClassifier``.
    case duplicate
}

/// The parts of an HTTP request to a tracked link that the classifier looks at.
public struct ClickRequest: Sendable {
    /// The HTTP method, for example `GET` or `HEAD`.
    public var method: String
    /// The `User-Agent` header, if any.
    public var userAgent: String?
    /// Other request headers that matter, names lowercased.
    ///
    /// For example "sec-purpose", "purpose", "x-purpose", "x-moz", "sec-fetch-dest" and "accept".
    public var headers: [String: String]

    /// Creates a request description.
    ///
    /// - Parameters:
    ///   - method: The HTTP method.
    ///   - userAgent: The `User-Agent` header, if any.
    ///   - headers: Other headers, names lowercased.
    public init(method: String, userAgent: String?, headers: [String: String] = [:]) {
        self.method = method
        self.userAgent = userAgent
        self.headers = headers
    }
}

/// A class for one request and the reason for it.
public struct ClickVerdict: Sendable, Hashable {
    /// The class.
    public var clickClass: ClickClass
    /// Why, for a person reading the click log.
    ///
    /// For example "user agent matches 'Slackbot' (group slack, source: https://api.slack.com/robots)",
    /// "header Sec-Purpose: prefetch" or "no user agent".
    public var reason: String

    /// Creates a verdict.
    ///
    /// - Parameters:
    ///   - clickClass: The class.
    ///   - reason: Why, in words for the click log.
    public init(clickClass: ClickClass, reason: String) {
        self.clickClass = clickClass
        self.reason = reason
    }
}

/// Sorts requests to a tracked link into human clicks, bots, link previews, prefetches and email scanners.
///
/// A pure function of the request and the rules: no I/O, no clock. The checks run in this order, and the
/// first that decides wins:
/// 1. the method: anything but `GET` (a `HEAD` check, an `OPTIONS` probe) is never a click, so it is a bot;
/// 2. prefetch headers: `Sec-Purpose` containing `prefetch` or `prerender`, `Purpose: prefetch` or `preview`,
///    `X-Purpose: prefetch` or `preview`, `X-Moz: prefetch`;
/// 3. a missing or blank user agent: a bot;
/// 4. the rules, in file order, first match wins (see ``ClickAgentRules``);
/// 5. otherwise a human click.
///
/// ```swift
/// let rules = try ClickAgentRules(parsing: text, source: "click-agents.tsv")
/// let verdict = ClickClassifier(rules: rules).classify(
///     ClickRequest(method: "GET", userAgent: "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"))
/// // verdict.clickClass == .linkPreview
/// ```
///
/// Detection by user agent only catches agents that say who they are; a scanner that sends a browser's user
/// agent is counted as a human here.
public struct ClickClassifier: Sendable {
    /// The rules, in the order they are tried.
    public let rules: ClickAgentRules

    /// Creates a classifier.
    ///
    /// - Parameter rules: The user-agent rules, usually the shipped file merged with the user's own.
    public init(rules: ClickAgentRules) {
        self.rules = rules
    }

    /// Classifies one request.
    ///
    /// Never returns ``ClickClass/duplicate``: duplicates depend on earlier clicks, which only the caller knows.
    ///
    /// - Parameter request: The request.
    /// - Returns: The class and the reason.
    /// - Complexity: O(*r* × *u*) for *r* rules and a user agent of *u* bytes, in the worst case.
    public func classify(_ request: ClickRequest) -> ClickVerdict {
        let method = request.method.uppercased()
        if method != "GET" {
            let shown = method.isEmpty ? "an empty method" : String(method.prefix(16))
            return ClickVerdict(clickClass: .bot, reason: "\(shown) request is never a click")
        }
        if let reason = Self.prefetchReason(request.headers) {
            return ClickVerdict(clickClass: .prefetch, reason: reason)
        }
        guard let agent = request.userAgent, agent.utf8.contains(where: { $0 != 0x20 && $0 != 0x09 }) else {
            return ClickVerdict(clickClass: .bot, reason: "no user agent")
        }
        let lowered = ClickAgentRules.asciiLowercasedBytes(agent)
        if let rule = rules.firstMatch(loweredAgent: lowered) {
            let kind = rule.clickClass == .human ? "human exception " : ""
            return ClickVerdict(
                clickClass: rule.clickClass,
                reason: "user agent matches \(kind)'\(rule.pattern)' (group \(rule.group), source: \(rule.source))")
        }
        return ClickVerdict(clickClass: .human, reason: "no pattern matched")
    }

    // MARK: - Prefetch headers

    /// The reason a request is a prefetch, or `nil` when no header announces one.
    static func prefetchReason(_ headers: [String: String]) -> String? {
        if let value = headerValue(headers, "sec-purpose"),
            value.contains("prefetch") || value.contains("prerender")
        {
            return "header Sec-Purpose: \(value)"
        }
        if let value = headerValue(headers, "purpose"), value == "prefetch" || value == "preview" {
            return "header Purpose: \(value)"
        }
        if let value = headerValue(headers, "x-purpose"), value == "prefetch" || value == "preview" {
            return "header X-Purpose: \(value)"
        }
        if let value = headerValue(headers, "x-moz"), value == "prefetch" {
            return "header X-Moz: \(value)"
        }
        return nil
    }

    /// A header's value, trimmed, ASCII-lowercased and cut to 64 characters, or `nil` when absent.
    private static func headerValue(_ headers: [String: String], _ name: String) -> String? {
        guard let raw = headers[name] else { return nil }
        let trimmed = raw.drop(while: { $0 == " " || $0 == "\t" })
        let end = trimmed.lastIndex(where: { $0 != " " && $0 != "\t" }).map { trimmed.index(after: $0) }
        let value = trimmed[..<(end ?? trimmed.startIndex)]
        return String(decoding: ClickAgentRules.asciiLowercasedBytes(String(value.prefix(64))), as: UTF8.self)
    }
}
