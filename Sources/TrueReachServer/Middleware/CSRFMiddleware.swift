import Foundation
import HTTPTypes
public import Hummingbird
import TrueReachApp

/// Protects the dashboard's forms against cross-site request forgery.
///
/// Two checks, so one mistake is not enough:
/// - **Origin.** A request that changes something (any method but GET, HEAD and OPTIONS) to a page
///   route is refused (403) when the browser says it came from another site: an `Origin` that is not
///   this server's (`http://` + `Host`), or `Sec-Fetch-Site: cross-site`.
/// - **Token (double submit).** Every page response carries a cookie `truereach_csrf` (random, 32
///   bytes, `HttpOnly`, `SameSite=Strict`); its value is in ``ServerRequestContext/csrfToken`` for the
///   page to put in its forms as the hidden field `csrf_token`, and each form handler calls
///   ``ServerRequestContext/verifyCSRF(_:)`` with the submitted field. Another site can neither read
///   the cookie nor set it, so it cannot submit a matching field.
///
/// `/api` routes are exempt: they need a bearer token in a header, which a cross-site form cannot send.
public struct CSRFMiddleware: RouterMiddleware {
    public typealias Context = ServerRequestContext

    /// The cookie that carries the token.
    public static let cookieName = "truereach_csrf"
    /// The form field that must repeat it.
    public static let fieldName = "csrf_token"

    /// Creates the middleware.
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        if path == "/api" || path.hasPrefix("/api/") { return try await next(request, context) }
        let unsafe = ![.get, .head, .options].contains(request.method)
        if unsafe, Self.isCrossSite(request) {
            throw ServerError(.forbidden, "This form was sent from another site; open the page here and send it again.")
        }
        var context = context
        let existing = request.cookies[Self.cookieName]?.value
        let token = existing.flatMap { Self.isWellFormed($0) ? $0 : nil } ?? Self.newToken()
        context.csrfToken = token
        var response = try await next(request, context)
        if existing != token {
            response.setCookie(
                Cookie(name: Self.cookieName, value: token, path: "/", httpOnly: true, sameSite: .strict))
        }
        return response
    }

    /// Whether the browser says the request came from another site.
    static func isCrossSite(_ request: Request) -> Bool {
        if request.headers[.secFetchSite]?.lowercased() == "cross-site" { return true }
        guard let origin = request.headers[.origin] else { return false }
        guard let host = request.head.authority ?? request.headers[.host] else { return true }
        return origin.lowercased() != "http://\(host.lowercased())"
            && origin.lowercased() != "https://\(host.lowercased())"
    }

    /// 32 random bytes, base64url without padding (43 characters).
    static func newToken() -> String { Secrets.randomToken() }

    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 43
            && token.utf8.allSatisfy { byte in
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            }
    }
}

extension ServerRequestContext {
    /// Checks a form's `csrf_token` field against the request's cookie.
    ///
    /// - Throws: ``ServerError`` `.forbidden` when the field is missing or does not match.
    public func verifyCSRF(_ submitted: String?) throws {
        guard let expected = csrfToken, let submitted,
            Data(expected.utf8).withUnsafeBytes({ lhs in
                Data(submitted.utf8).withUnsafeBytes { rhs in safeCompare(lhs, rhs) }
            })
        else {
            throw ServerError(
                .forbidden, "This form's security token is missing or stale; reload the page and send it again.")
        }
    }
}

/// Constant-time comparison of two byte strings (length is not secret).
private func safeCompare(_ lhs: UnsafeRawBufferPointer, _ rhs: UnsafeRawBufferPointer) -> Bool {
    guard lhs.count == rhs.count else { return false }
    var difference: UInt8 = 0
    for index in 0..<lhs.count { difference |= lhs[index] ^ rhs[index] }
    return difference == 0
}

extension HTTPField.Name {
    static let secFetchSite = named("Sec-Fetch-Site")
}
