import HTTPTypes
public import Hummingbird

/// Adds the security headers to every response, errors included.
///
/// `Content-Security-Policy` allows no script at all, styles only from this origin
/// (`/static/app.css`; the pages carry no inline style), images from this origin and `data:` URLs,
/// forms that post only here, and no framing; `X-Content-Type-Options: nosniff`,
/// `Referrer-Policy: same-origin` and `X-Frame-Options: DENY` (for browsers without
/// `frame-ancestors`).
///
/// `same-origin`, not `no-referrer`: other sites still get no `Referer` (addresses carry account
/// names and searches), but under `no-referrer` a browser sends `Origin: null` with the dashboard's
/// own form posts (Fetch, "serializing a request origin"), which ``CSRFMiddleware`` must refuse as
/// another site's; every form then failed in a real browser (found by `scripts/browser-test`).
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The policy sent with every response.
    public static var contentSecurityPolicy: String {
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    /// Creates the middleware.
    public init() {}

    public func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        response.headers[.xFrameOptions] = "DENY"
        return response
    }
}

extension HTTPField.Name {
    static let referrerPolicy = named("Referrer-Policy")
    static let xFrameOptions = named("X-Frame-Options")
}
