public import Foundation
public import TrueReachStore

/// A tracked link as JSON, the same for `truereach link create --json`, `link list` and the API
/// (`POST`/`GET /api/accounts/NAME/links`): its fields, `path` (`/r/SLUG`, the redirect's path on the
/// server) and, where the caller knows the server's base URL, `tracked_url`.
public struct TrackedLinkJSON: Encodable, Sendable {
    public var slug: String
    public var path: String
    public var url: String
    public var account: String
    public var campaign: String?
    public var post: String?
    public var cost: Double?
    public var currency: String?
    public var createdAt: Date
    public var trackedURL: String?

    /// The JSON of `link`, with `trackedURL` (the base URL followed by the path) when it is known.
    public init(_ link: TrackedLink, trackedURL: String? = nil) {
        slug = link.slug
        path = "/r/" + link.slug
        url = link.url
        account = link.account
        campaign = link.campaign
        post = link.post
        cost = link.cost
        currency = link.currency
        createdAt = link.createdAt
        self.trackedURL = trackedURL
    }

    enum CodingKeys: String, CodingKey {
        case slug, path, url, account, campaign, post, cost, currency
        case createdAt = "created_at"
        case trackedURL = "tracked_url"
    }
}
