/// The server's own failures: bad requests, missing things, refused configurations.
///
/// Match on ``code``. Messages say what went wrong and what to do, without profile text. How each
/// code becomes an HTTP response (status, JSON or HTML body) is decided in one place,
/// `Errors+HTTP.swift`.
public struct ServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The request's parameters are unusable (an unknown category or sort, a bad cursor or limit).
        case badRequest = "bad_request"
        /// The request needs a signed-in user or an API token and has neither (401).
        case unauthorized
        /// The request may not do this (a cross-site form, a stale CSRF token) (403).
        case forbidden
        /// The thing to create exists already (409).
        case conflict
        /// An upload is larger than the server accepts (413).
        case payloadTooLarge = "payload_too_large"
        /// An upload or body could not be read; the message names the file, line and field (422).
        case unprocessable = "unprocessable_content"
        /// No such account, or nothing of it to show.
        case notFound = "not_found"
        /// The request named a host this server does not answer for (DNS rebinding protection).
        case misdirectedRequest = "misdirected_request"
        /// Anything unexpected; the details are logged, not sent.
        case internalError = "internal_error"
        /// `serve` was asked to bind an address beyond loopback while no user exists to sign in.
        case needsUser = "needs_user"
        /// `serve` was given an unusable setting.
        case invalidConfiguration = "invalid_configuration"
    }

    /// The kind of failure.
    public var code: Code
    /// One sentence for a person.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "ServerError.\(code.rawValue): \(message)" }
}
