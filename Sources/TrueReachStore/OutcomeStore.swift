public import Foundation

/// Tracked links, the clicks they receive and the conversions attributed to those clicks.
///
/// Both stores conform (``SQLiteStore``, `PostgresStore`), with the tables of migration
/// `store.v8.outcomes`. A link belongs to an account (and through it to a workspace); a click to a
/// link; a conversion to a click. The store keeps rows and counts them; what a click is (its class)
/// and what the counts mean are decided in the application and the core.
public protocol OutcomeStore: Sendable {
    /// Stores a link; `false` when a link with its slug exists (nothing changes then).
    func createLink(_ link: TrackedLink) async throws -> Bool

    /// The link with this slug, or `nil`.
    func fetchLink(slug: String) async throws -> TrackedLink?

    /// An account's links, oldest first, only those of `campaign` when it is given.
    func fetchLinks(account: String, campaign: String?) async throws -> [TrackedLink]

    /// Stores clicks in one transaction: all of them or, when it throws, none.
    func saveClicks(_ clicks: [StoredClick]) async throws

    /// The click with this id, or `nil`.
    func fetchClick(id: String) async throws -> StoredClick?

    /// The clicks counted as human at or after `since`, oldest first (to rebuild the duplicate window).
    func fetchHumanClicks(since: Date) async throws -> [StoredClick]

    /// Stores a conversion, unless one with the same external id exists for the same click's account:
    /// then that one is returned with `created` false and nothing changes.
    ///
    /// - Throws: ``StoreError`` `.notFound` when no click has the conversion's click id.
    func saveConversion(_ conversion: NewConversion) async throws -> (conversion: StoredConversion, created: Bool)

    /// Clicks and conversions of an account's links (of one campaign when given), counted per link.
    func fetchLinkOutcomes(account: String, campaign: String?) async throws -> [LinkOutcomeCounts]

    /// Unique human visitors of an account's links (of one campaign when given), per group of links.
    ///
    /// A visitor is counted once per group however many of its links they clicked.
    func fetchUniqueHumanVisitors(account: String, campaign: String?, by grouping: OutcomeGrouping) async throws
        -> [String: Int]

    /// The salt of the visitor hashes for `day` (`yyyy-MM-dd`, UTC): the stored one, or `candidate`
    /// stored now when the day has none. Every other day's salt is deleted, so a hash cannot be
    /// recomputed from an address once its day is over.
    func visitorSalt(day: String, candidate: String) async throws -> String
}

/// A tracked link: a slug on the server that redirects to a destination and counts who follows it.
public struct TrackedLink: Sendable, Hashable, Codable {
    /// The unguessable path segment (`/r/SLUG`).
    public var slug: String
    /// Where the link leads (http or https).
    public var url: String
    /// The account whose audience the link was posted to.
    public var account: String
    /// The campaign it belongs to, if any.
    public var campaign: String?
    /// The post it was placed in, if any.
    public var post: String?
    /// What placing it cost, if known.
    public var cost: Double?
    /// The cost's currency (ISO 4217), if given.
    public var currency: String?
    /// When it was created.
    public var createdAt: Date

    /// Creates a value.
    public init(
        slug: String, url: String, account: String, campaign: String? = nil, post: String? = nil,
        cost: Double? = nil, currency: String? = nil, createdAt: Date
    ) {
        self.slug = slug
        self.url = url
        self.account = account
        self.campaign = campaign
        self.post = post
        self.cost = cost
        self.currency = currency
        self.createdAt = createdAt
    }
}

/// A recorded click on a tracked link.
///
/// No address is stored, only a salted hash of the visitor.
public struct StoredClick: Sendable, Hashable {
    /// The click id appended to the destination as `tr_click`.
    public var id: String
    /// The link's slug.
    public var slug: String
    /// When the redirect was asked for.
    public var at: Date
    /// The visitor's hash (address and user agent under the day's salt).
    public var visitor: String
    /// The user agent as sent, if any.
    public var userAgent: String?
    /// The referrer as sent, if any.
    public var referrer: String?
    /// The click's class (`ClickClass`'s raw value: `human`, `bot`, `link_preview`, …).
    public var clickClass: String
    /// Why it has that class.
    public var reason: String

    /// Creates a value.
    public init(
        id: String, slug: String, at: Date, visitor: String, userAgent: String?, referrer: String?,
        clickClass: String, reason: String
    ) {
        self.id = id
        self.slug = slug
        self.at = at
        self.visitor = visitor
        self.userAgent = userAgent
        self.referrer = referrer
        self.clickClass = clickClass
        self.reason = reason
    }
}

/// What a conversion is.
public enum ConversionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Someone left their details.
    case lead
    /// Someone signed up.
    case signup
    /// Someone bought.
    case sale
}

/// A conversion to store.
public struct NewConversion: Sendable, Hashable {
    /// The click it follows (`tr_click`).
    public var clickID: String
    /// What it is.
    public var kind: ConversionKind
    /// Its value, if any.
    public var value: Double?
    /// The value's currency (ISO 4217), if any.
    public var currency: String?
    /// The sender's own id for it: a second conversion with the same one is the same conversion.
    public var externalID: String?
    /// When it happened.
    public var at: Date

    /// Creates a value.
    public init(
        clickID: String, kind: ConversionKind, value: Double? = nil, currency: String? = nil,
        externalID: String? = nil, at: Date
    ) {
        self.clickID = clickID
        self.kind = kind
        self.value = value
        self.currency = currency
        self.externalID = externalID
        self.at = at
    }
}

/// A stored conversion, attributed to its click's link, campaign, post and account.
public struct StoredConversion: Sendable, Hashable {
    /// Its id in the store.
    public var id: Int64
    /// The conversion as recorded.
    public var conversion: NewConversion
    /// The click's link.
    public var slug: String
    /// The link's account.
    public var account: String
    /// The link's campaign, if any.
    public var campaign: String?
    /// The link's post, if any.
    public var post: String?

    /// Creates a value.
    public init(
        id: Int64, conversion: NewConversion, slug: String, account: String, campaign: String?, post: String?
    ) {
        self.id = id
        self.conversion = conversion
        self.slug = slug
        self.account = account
        self.campaign = campaign
        self.post = post
    }
}

/// How links are grouped when their visitors are counted.
public enum OutcomeGrouping: String, Sendable, Hashable, CaseIterable {
    /// One group per link (by slug).
    case link
    /// One group per post (links without a post are left out).
    case post
    /// One group per campaign (links without a campaign are left out).
    case campaign
    /// One group: the whole account (key `""`).
    case account
}

/// One link's counts as the store keeps them.
public struct LinkOutcomeCounts: Sendable, Hashable {
    /// The link.
    public var link: TrackedLink
    /// Its clicks, by class (`ClickClass` raw values).
    public var clicksByClass: [String: Int]
    /// Conversions attributed to its clicks.
    public var conversions: Int
    /// Their value, by currency (`""` for values given without one).
    public var valueByCurrency: [String: Double]

    /// Creates a value.
    public init(
        link: TrackedLink, clicksByClass: [String: Int] = [:], conversions: Int = 0,
        valueByCurrency: [String: Double] = [:]
    ) {
        self.link = link
        self.clicksByClass = clicksByClass
        self.conversions = conversions
        self.valueByCurrency = valueByCurrency
    }
}
