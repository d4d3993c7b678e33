/// Why a fetch from a platform stopped.
///
/// Messages name the host and path asked for, never a token, and say what to do where there is
/// something to do. A fetch that stops with any of these keeps what it staged: running it again
/// continues.
public struct ConnectorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The URL or the address it resolves to is not one TrueReach may fetch (plain http off
        /// loopback, a private or link-local address, another origin than the one named).
        case refused
        /// The account name is not one the platform can look up.
        case badAccount = "bad_account"
        /// The account does not exist on the platform.
        case notFound = "not_found"
        /// The account's followers cannot be read: hidden by the account, or the instance refuses
        /// unauthenticated reads.
        case hidden
        /// The server kept failing (5xx, timeouts, broken or malformed bodies) past the retries.
        case unavailable
        /// An answer was larger than the most a request may return.
        case tooLarge = "too_large"
        /// The server answered in a way the platform's API does not (an unexpected status or shape).
        case unexpected
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

    public var description: String { message }
}
