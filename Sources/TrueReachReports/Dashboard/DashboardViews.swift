public import FoundationEssentials
public import TrueReachCore

/// The account list's "Add an account" form: the workspaces to offer and the one preselected.
public struct AddAccountForm: Sendable, Hashable {
    /// Workspace names, in order.
    public var workspaces: [String]
    /// The preselected workspace (the listed one), else the first.
    public var selected: String?

    /// Creates the form's view.
    public init(workspaces: [String], selected: String?) {
        self.workspaces = workspaces
        self.selected = selected
    }
}

/// One stored account as the dashboard's account list shows it.
public struct DashboardAccount: Sendable, Hashable {
    /// The account's name (untrusted text).
    public var account: String
    /// Its platform (`nil` for an account registered before any data arrived).
    public var platform: Platform?
    /// How many followers are stored.
    public var followers: Int
    /// The latest audit, when there is one.
    public var latestAudit: AuditHistoryEntry?
    /// The workspace holding it.
    public var workspace: String

    /// Creates a row of the account list.
    public init(
        account: String, platform: Platform?, followers: Int, latestAudit: AuditHistoryEntry?,
        workspace: String = "default"
    ) {
        self.account = account
        self.platform = platform
        self.followers = followers
        self.latestAudit = latestAudit
        self.workspace = workspace
    }
}

/// One follower's row in the follower explorer: who, score, category, followers and signals.
public struct FollowerRow: Sendable, Hashable {
    /// The follower's place in the audit (1-based import order).
    public var position: Int
    /// The follower's id on its platform (untrusted text).
    public var profile: ProfileID
    /// The handle (untrusted text).
    public var handle: String?
    /// The display name (untrusted text).
    public var displayName: String?
    /// The bot / fake probability.
    public var probability: Double
    /// The audience category.
    public var category: AudienceCategory
    /// The follower's own follower count, when known.
    public var followersCount: Int?
    /// The signals behind the score (their texts quote profile values: untrusted).
    public var signals: [Signal]

    /// Creates a row.
    public init(
        position: Int, profile: ProfileID, handle: String?, displayName: String?, probability: Double,
        category: AudienceCategory, followersCount: Int?, signals: [Signal]
    ) {
        self.position = position
        self.profile = profile
        self.handle = handle
        self.displayName = displayName
        self.probability = probability
        self.category = category
        self.followersCount = followersCount
        self.signals = signals
    }
}

/// What the follower explorer page shows: the filters as asked, one page of rows and where the next starts.
public struct FollowerExplorerView: Sendable, Hashable {
    /// The orders the explorer offers, by their query value.
    public enum Order: String, Sendable, Hashable, CaseIterable {
        /// Bot probability, highest first.
        case probability
        /// Follower count, highest first.
        case followers

        var label: String { self == .probability ? "Bot probability" : "Followers" }
    }

    /// The account whose followers these are (untrusted text).
    public var account: String
    /// The audit the rows come from.
    public var auditDate: Date
    /// How many followers the audit's list holds.
    public var total: Int
    /// The rows of this page.
    public var rows: [FollowerRow]
    /// The category filter, when set.
    public var category: AudienceCategory?
    /// The order.
    public var order: Order
    /// The search text as asked (untrusted).
    public var search: String?
    /// Rows per page.
    public var limit: Int
    /// The next page's opaque cursor, when there is one.
    public var next: String?

    /// Creates an explorer view.
    public init(
        account: String, auditDate: Date, total: Int, rows: [FollowerRow], category: AudienceCategory?,
        order: Order, search: String?, limit: Int, next: String?
    ) {
        self.account = account
        self.auditDate = auditDate
        self.total = total
        self.rows = rows
        self.category = category
        self.order = order
        self.search = search
        self.limit = limit
        self.next = next
    }
}

/// One workspace as the workspace page lists it.
public struct DashboardWorkspace: Sendable, Hashable {
    /// Its name.
    public var name: String
    /// When it was created.
    public var createdAt: Date
    /// How many accounts it holds.
    public var accounts: Int

    /// Creates a row.
    public init(name: String, createdAt: Date, accounts: Int) {
        self.name = name
        self.createdAt = createdAt
        self.accounts = accounts
    }
}

/// What every page's frame shows besides its content: who is signed in, and the CSRF token its
/// forms carry (the sign-out button is a form).
public struct PageChrome: Sendable, Hashable {
    /// The signed-in user's name; `nil` for the local user of a loopback server, or nobody.
    public var userName: String?
    /// The token forms carry in their hidden `csrf_token` field.
    public var csrfToken: String?

    /// Creates a frame.
    public init(userName: String? = nil, csrfToken: String? = nil) {
        self.userName = userName
        self.csrfToken = csrfToken
    }
}
