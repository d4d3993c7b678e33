/// An account's outcomes: what its tracked links brought in, per link, per post, per campaign and in
/// all.
public struct OutcomeReport: Sendable, Hashable, Codable {
    /// The account.
    public var account: String
    /// The campaign the report is limited to, if any.
    public var campaign: String?
    /// The account's real followers (the latest audit's true reach), or `nil` without an audit.
    public var realFollowers: Double?
    /// Each link, oldest first.
    public var links: [LinkOutcome]
    /// Each post that has links, by name.
    public var posts: [GroupOutcome]
    /// Each campaign that has links, by name.
    public var campaigns: [GroupOutcome]
    /// Every link of the account (of the campaign) together.
    public var total: OutcomeFigures

    /// Creates a report.
    public init(
        account: String, campaign: String?, realFollowers: Double?, links: [LinkOutcome], posts: [GroupOutcome],
        campaigns: [GroupOutcome], total: OutcomeFigures
    ) {
        self.account = account
        self.campaign = campaign
        self.realFollowers = realFollowers
        self.links = links
        self.posts = posts
        self.campaigns = campaigns
        self.total = total
    }

    enum CodingKeys: String, CodingKey {
        case account, campaign
        case realFollowers = "real_followers"
        case links, posts, campaigns, total
    }
}

/// One tracked link's outcomes.
public struct LinkOutcome: Sendable, Hashable, Codable {
    /// The link's slug (`/r/SLUG`).
    public var slug: String
    /// Its destination.
    public var url: String
    /// Its campaign, if any.
    public var campaign: String?
    /// Its post, if any.
    public var post: String?
    /// What it brought in.
    public var figures: OutcomeFigures

    /// Creates a value.
    public init(slug: String, url: String, campaign: String?, post: String?, figures: OutcomeFigures) {
        self.slug = slug
        self.url = url
        self.campaign = campaign
        self.post = post
        self.figures = figures
    }

    enum CodingKeys: String, CodingKey {
        case slug, url, campaign, post
    }

    /// Writes the link's fields and its figures at the same level
    /// (`{"slug", "url", "campaign", "clicks": {…}, "conversions": {…}, …}`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(slug, forKey: .slug)
        try container.encode(url, forKey: .url)
        try container.encode(campaign, forKey: .campaign)
        try container.encode(post, forKey: .post)
        try figures.encode(to: encoder)
    }

    /// Reads what ``encode(to:)`` writes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        slug = try container.decode(String.self, forKey: .slug)
        url = try container.decode(String.self, forKey: .url)
        campaign = try container.decodeIfPresent(String.self, forKey: .campaign)
        post = try container.decodeIfPresent(String.self, forKey: .post)
        figures = try OutcomeFigures(from: decoder)
    }
}

/// The outcomes of a group of links (a post's or a campaign's).
public struct GroupOutcome: Sendable, Hashable, Codable {
    /// The post's id or the campaign's name.
    public var name: String
    /// Its links' slugs.
    public var links: [String]
    /// What they brought in together.
    public var figures: OutcomeFigures

    /// Creates a value.
    public init(name: String, links: [String], figures: OutcomeFigures) {
        self.name = name
        self.links = links
        self.figures = figures
    }

    enum CodingKeys: String, CodingKey {
        case name, links
    }

    /// Writes the group's name and links and its figures at the same level.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(links, forKey: .links)
        try figures.encode(to: encoder)
    }

    /// Reads what ``encode(to:)`` writes.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        links = try container.decode([String].self, forKey: .links)
        figures = try OutcomeFigures(from: decoder)
    }
}
