import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import Synchronization
import TrueReachApp
import TrueReachCore
import TrueReachReports
import TrueReachStore

/// Tracked links' redirects (`GET /r/SLUG`), conversions (`POST /api/v1/conversions`) and the
/// outcome report (`GET /api/accounts/NAME/outcomes`, the page `GET /accounts/NAME/outcomes`).
///
/// A redirect answers `302 Found` to the destination with `tr_click=ID` appended, once its click is
/// stored (``ClickRecorder``'s group commit); if storing fails the visitor is still redirected and the
/// loss is counted in `truereach_clicks_lost_total` and logged. A `HEAD` request is answered the same
/// way, without a click id, and never recorded.
struct OutcomesController: Sendable {
    let queries: AccountQueries
    let store: any OutcomeStore & AudienceStore
    let classifier: ClickClassifier
    let recorder: ClickRecorder
    /// Whose `X-Forwarded-For` names the visitor (none by default).
    let proxies: TrustedProxies
    let links: LinkCache
    let logger: Logger

    init(
        queries: AccountQueries, store: any OutcomeStore & AudienceStore, classifier: ClickClassifier,
        recorder: ClickRecorder, proxies: TrustedProxies, logger: Logger
    ) {
        self.proxies = proxies
        self.queries = queries
        self.store = store
        self.classifier = classifier
        self.recorder = recorder
        self.links = LinkCache(store: store)
        self.logger = logger
    }

    func addRoutes(to router: Router<ServerRequestContext>, api: RouterGroup<ServerRequestContext>) {
        router.get("/r/:slug") { request, context in try await redirect(request, context: context, record: true) }
        router.head("/r/:slug") { request, context in try await redirect(request, context: context, record: false) }
        router.get("/accounts/:account/outcomes", use: page)
        api.post("/v1/conversions", use: createConversion)
        api.get("/accounts/:account/links", use: listLinks)
        api.post("/accounts/:account/links", use: createLink)
        api.get("/accounts/:account/outcomes", use: report)
    }

    // MARK: - Redirects

    func redirect(_ request: Request, context: ServerRequestContext, record: Bool) async throws -> Response {
        guard let slug = context.parameters.get("slug"), Self.isSlug(slug), let link = try await links.link(slug) else {
            throw ServerError(.notFound, "There is no tracked link at this address.")
        }
        guard record else { return Self.found(link.url) }
        let id = Outcomes.randomToken(characters: 22)
        var headers: [String: String] = [:]
        for name in ["sec-purpose", "purpose", "x-purpose", "x-moz", "sec-fetch-dest", "sec-fetch-mode", "accept"] {
            if let field = HTTPField.Name(name), let value = request.headers[field] { headers[name] = value }
        }
        // Stored header values are bounded: a hostile client's 60 kB user agent keeps its first 1,024 bytes.
        let agent = Outcomes.clipped(request.headers[.userAgent], toBytes: 1_024)
        let verdict = classifier.classify(
            ClickRequest(method: request.method.rawValue, userAgent: agent, headers: headers))
        let input = ClickInput(
            id: id, slug: slug, at: Date(), address: visitorAddress(request, context: context), userAgent: agent,
            referrer: Outcomes.clipped(request.headers[.referer], toBytes: 2_048), verdict: verdict)
        do {
            try await recorder.record(input)
            Self.clicks[verdict.clickClass]?.increment()
        } catch {
            Self.lost.increment()
            logger.error("A click on a tracked link was not stored", metadata: ["error": "\(error)"])
        }
        return Self.found(Outcomes.destination(link.url, click: id))
    }

    /// The visitor's address for the click's hash: the peer's, or behind a trusted proxy the one its
    /// `X-Forwarded-For` gives (``TrustedProxies``).
    func visitorAddress(_ request: Request, context: ServerRequestContext) -> String {
        guard !proxies.isEmpty, let name = Self.forwardedFor else { return context.remoteAddress ?? "" }
        return proxies.client(peer: context.remoteAddress, forwardedFor: request.headers[values: name]) ?? ""
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")

    /// The click counters, made once (a counter's creation looks it up in the registry).
    static let clicks: [ClickClass: Counter] = Dictionary(
        uniqueKeysWithValues: ClickClass.allCases.map {
            ($0, Counter(label: "truereach_clicks_total", dimensions: [("class", $0.rawValue)]))
        })
    static let lost = Counter(label: "truereach_clicks_lost_total")

    static func found(_ location: String) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        if let robots = HTTPField.Name("X-Robots-Tag") { headers[robots] = "noindex" }
        return Response(status: .found, headers: headers)
    }

    /// Whether `slug` can be a slug (letters and digits, at most 64): anything else is not looked up.
    static func isSlug(_ slug: String) -> Bool {
        (1...64).contains(slug.utf8.count)
            && slug.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            }
    }

    // MARK: - Links

    struct LinkBody: Decodable {
        var url: String
        var campaign: String?
        var post: String?
        var cost: Double?
        var currency: String?
    }

    struct LinkListJSON: Encodable {
        var account: String
        var links: [TrackedLinkJSON]
    }

    /// Creates a tracked link for an account the token's workspace holds: 201 with it, 400 naming the
    /// field that is wrong (a destination that is not http or https, a bad cost or currency), 404 for an
    /// account that does not exist or is another workspace's.
    @Sendable func createLink(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let name = try context.account()
        _ = try await queries.history(of: name, access: context.access)
        let body = try await APIController.decode(LinkBody.self, from: request, context: context)
        let link = try await Outcomes(store: store).createLink(
            url: body.url, account: name, campaign: body.campaign, post: body.post, cost: body.cost,
            currency: body.currency, at: Date())
        return try APIController.json(TrackedLinkJSON(link), status: .created)
    }

    /// The account's tracked links, oldest first (`?campaign=` for one campaign's).
    @Sendable func listLinks(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let name = try context.account()
        _ = try await queries.history(of: name, access: context.access)
        let campaign = request.uri.queryParameters.get("campaign").flatMap { $0.isEmpty ? nil : $0 }
        let links = try await store.fetchLinks(account: name, campaign: campaign)
        return try APIController.json(LinkListJSON(account: name, links: links.map { TrackedLinkJSON($0) }))
    }

    // MARK: - Conversions

    struct ConversionBody: Decodable {
        var clickId: String
        var kind: String
        var value: Double?
        var currency: String?
        var externalId: String?
    }

    struct ConversionJSON: Encodable {
        var id: Int64
        var clickId: String
        var kind: String
        var value: Double?
        var currency: String?
        var externalId: String?
        var at: Date
        var account: String
        var link: String
        var campaign: String?
        var post: String?
        var created: Bool

        init(_ stored: StoredConversion, created: Bool) {
            id = stored.id
            clickId = stored.conversion.clickID
            kind = stored.conversion.kind.rawValue
            value = stored.conversion.value
            currency = stored.conversion.currency
            externalId = stored.conversion.externalID
            at = stored.conversion.at
            account = stored.account
            link = stored.slug
            campaign = stored.campaign
            post = stored.post
            self.created = created
        }
    }

    /// Records a conversion: 201 with it, 200 with the earlier one for a repeated `external_id`, 400 for
    /// a malformed body (the field named), 404 for a click id that is unknown or of another workspace.
    @Sendable func createConversion(_ request: Request, context: ServerRequestContext) async throws -> Response {
        _ = try context.tokenWorkspace()
        let body = try await APIController.decode(ConversionBody.self, from: request, context: context)
        guard let kind = ConversionKind(rawValue: body.kind) else {
            throw ServerError(
                .badRequest,
                "The body's \"kind\" field must be one of: \(ConversionKind.allCases.map(\.rawValue).joined(separator: ", "))."
            )
        }
        let unknown = ServerError(.notFound, "There is no click with that id.")
        guard Self.isSlug(body.clickId), let click = try await store.fetchClick(id: body.clickId),
            let link = try await links.link(click.slug)
        else { throw unknown }
        do {
            try await queries.checkVisible(link.account, access: context.access)
        } catch {
            throw unknown
        }
        let (stored, created) = try await Outcomes(store: store).addConversion(
            NewConversion(
                clickID: body.clickId, kind: kind, value: body.value, currency: body.currency,
                externalID: body.externalId, at: Date()))
        return try APIController.json(ConversionJSON(stored, created: created), status: created ? .created : .ok)
    }

    // MARK: - Reports

    func outcomeReport(_ request: Request, context: ServerRequestContext) async throws -> OutcomeReport {
        let name = try context.account()
        // 404 for an account that does not exist or is another workspace's, as every account route.
        _ = try await queries.history(of: name, access: context.access)
        let campaign = request.uri.queryParameters.get("campaign").flatMap { $0.isEmpty ? nil : $0 }
        return try await Outcomes(store: store).report(account: name, campaign: campaign)
    }

    @Sendable func report(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let report = try await outcomeReport(request, context: context)
        return APIController.json(text: try OutcomeRendering.json(report, pretty: false))
    }

    /// The outcomes page; it reloads itself every 2 seconds (no script), so a click shows within two.
    @Sendable func page(_ request: Request, context: ServerRequestContext) async throws -> Response {
        let report = try await outcomeReport(request, context: context)
        return DashboardController.page(
            title: "Outcomes of \(report.account)", body: DashboardHTML.outcomes(report), context: context,
            refreshSeconds: 2)
    }
}

/// The links the redirects have looked up.
///
/// A link never changes once created, so it is read from the store once. Unknown slugs are not remembered (a link may be created a moment later), and the
/// cache holds at most 100,000 links (then it starts afresh).
final class LinkCache: Sendable {
    let store: any OutcomeStore
    private let links = Mutex<[String: TrackedLink]>([:])

    init(store: any OutcomeStore) { self.store = store }

    func link(_ slug: String) async throws -> TrackedLink? {
        if let cached = links.withLock({ $0[slug] }) { return cached }
        guard let link = try await store.fetchLink(slug: slug) else { return nil }
        links.withLock { links in
            if links.count >= 100_000 { links.removeAll() }
            links[slug] = link
        }
        return link
    }
}
