import Foundation
import TrueReachApp
import TrueReachCore
import TrueReachReports
import TrueReachStore

/// What the pages and the API read from the store, the same for both, confined to what the
/// request's access may see (a token: its workspace only; the local or a signed-in user: every workspace).
struct AccountQueries: Sendable {
    let store: any AudienceStore & AccessStore
    /// Decoded reports, by audit id (shared by the copies of these queries).
    var reports = ReportCache()

    var workspaces: Workspaces { Workspaces(store: store) }

    /// One account of the list: its audience (if imported yet), workspace and latest audit.
    struct Entry: Sendable {
        var account: String
        var workspace: String
        var platform: Platform?
        var followers: Int
        var latest: StoredAudit?
    }

    /// Every account `access` may see, sorted by name: those with an audience and those a workspace
    /// registered before any data arrived.
    ///
    /// - Parameters:
    ///   - access: Who asks: a token sees its workspace's accounts only.
    ///   - workspace: Only this workspace's (a page's filter); a token's is applied regardless.
    /// - Returns: The accounts.
    /// - Throws: `StoreError` when the store cannot be read.
    func accounts(access: ServerRequestContext.Access, workspace: String? = nil) async throws -> [Entry] {
        let registered = try await store.fetchRegisteredAccounts()
        var holders: [String: RegisteredAccount] = [:]
        for account in registered { holders[account.account] = account }
        var names = Set(try await store.fetchAudienceAccounts())
        names.formUnion(holders.keys)
        var out: [Entry] = []
        for name in names.sorted() {
            let holder = holders[name]?.workspace ?? Workspace.defaultName
            if let only = access.workspace, only != holder { continue }
            if let workspace, workspace != holder { continue }
            let info = try await store.fetchAudience(account: name)
            out.append(
                Entry(
                    account: name, workspace: holder, platform: info?.platform ?? holders[name]?.platform,
                    followers: info?.followerCount ?? 0,
                    latest: try await store.fetchAudits(account: name, limit: 1).first))
        }
        return out
    }

    /// Checks a new account's name: 1 to 256 characters without control characters.
    ///
    /// - Parameter account: The name.
    /// - Throws: ``ServerError`` `.badRequest` otherwise.
    static func validateName(_ account: String) throws {
        guard !account.isEmpty, account.count <= 256,
            !account.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw ServerError(.badRequest, "account must be 1 to 256 characters without control characters.")
        }
    }

    /// Checks that `access` may see `account`; another workspace's account is "not found".
    func checkVisible(_ account: String, access: ServerRequestContext.Access) async throws {
        guard let workspace = access.workspace else { return }
        guard try await workspaces.workspace(of: account) == workspace else {
            throw ServerError(.notFound, "There is no account of that name.")
        }
    }

    /// The account's audits, newest first.
    ///
    /// - Throws: ``ServerError`` `.notFound` when `access` may not see it or the store has neither an
    ///   audience, an audit nor a registration of that name.
    func history(of account: String, access: ServerRequestContext.Access) async throws -> [StoredAudit] {
        try await checkVisible(account, access: access)
        let audits = try await store.fetchAudits(account: account, limit: 1_000)
        if audits.isEmpty, try await store.fetchAudience(account: account) == nil,
            try await store.fetchWorkspace(ofAccount: account) == nil
        {
            throw ServerError(.notFound, "There is no account of that name.")
        }
        return audits
    }

    /// The workspace holding `account`.
    func workspace(of account: String) async throws -> String { try await workspaces.workspace(of: account) }

    /// The report of the account's latest audit, with the history; `nil` report when it has no audit.
    func overview(of account: String, access: ServerRequestContext.Access) async throws -> (
        report: AudienceReport?, history: [StoredAudit]
    ) {
        let history = try await history(of: account, access: access)
        guard let latest = history.first else { return (nil, history) }
        let report = try await reports.report(of: latest.id) { try await store.fetchAuditReport(id: latest.id) }
        return (report, history)
    }

    /// The sections what the account holds besides its followers adds to its overview: engagement
    /// over time with authentic engagement, top engagers (interactions), growth integrity with
    /// anomalies marked (follower-count series) and follower cohorts (snapshots), built from the stored
    /// records as `audit --account` builds them.
    ///
    /// Engagers are looked up in the latest audit's per-follower results (index `(audit_id, profile)`),
    /// which gives their scores (authentic engagement, the top engagers' categories) and which of them
    /// follow. Cohort members are not: those who left are in no audit, so the cohorts' suspicious shares
    /// show as unknown rather than as a share of the few that stayed. Records that cannot make a
    /// section (posts without engagement counts) leave it out.
    ///
    /// - Parameters:
    ///   - account: The account.
    ///   - report: Its latest audit's report.
    ///   - audit: That audit's id.
    /// - Returns: The sections, in the report's order.
    /// - Throws: `StoreError` when the store cannot be read.
    func extraSections(of account: String, report: AudienceReport, audit: Int64) async throws -> [ReportSection] {
        let records = try await store.fetchAccountRecords(account: account)
        guard !records.isEmpty else { return [] }
        let inputs = AuditExtraInputs(records)
        let interactions = records.interactions
        var scored: [ProfileID: AuditFollower] = [:]
        var listed = false
        if !interactions.isEmpty {
            listed = try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: audit, limit: 1)) != nil
            if listed {
                let engagers = Array(Set(interactions.map(\.profile)).prefix(Self.engagersLookedUp))
                for follower in try await store.fetchAuditFollowers(audit: audit, profiles: engagers) {
                    scored[follower.profile] = follower
                }
            }
        }
        var engagement = inputs
        engagement.snapshots = []
        var cohorts = inputs
        cohorts.posts = nil
        cohorts.series = []
        var sections = Self.build(
            engagement, report: report, probabilities: scored.mapValues(\.probability),
            members: listed ? Set(scored.keys) : nil)
        if !interactions.isEmpty {
            let rows = EngagerAnalysis.communityCore(interactions, minimumPosts: 1, limit: 20).map { member in
                let follower = scored[member.profile]
                return TopEngagerRow(
                    profile: member.profile, handle: follower?.handle, displayName: follower?.displayName,
                    posts: member.posts, interactions: member.interactions, probability: follower?.probability,
                    category: follower?.category)
            }
            let at = sections.firstIndex { $0.title == "Engagement" }.map { $0 + 1 } ?? sections.count
            sections.insert(
                ReportSection(title: "Top engagers", html: DashboardHTML.topEngagers(rows, scoredByAudit: listed)),
                at: at)
        }
        if !cohorts.isEmpty { sections += Self.build(cohorts, report: report, probabilities: [:], members: nil) }
        return sections
    }

    /// At most this many distinct engagers are looked up for one overview.
    static let engagersLookedUp = 100_000

    private static func build(
        _ inputs: AuditExtraInputs, report: AudienceReport, probabilities: [ProfileID: Double],
        members: Set<ProfileID>?
    ) -> [ReportSection] {
        guard !inputs.isEmpty else { return [] }
        do {
            return try AuditExtras.build(
                inputs, report: report, probabilities: probabilities, audienceMembers: members,
                threshold: report.threshold
            ).sections
        } catch {
            var withoutPosts = inputs
            withoutPosts.posts = nil
            guard !withoutPosts.isEmpty else { return [] }
            return
                (try? AuditExtras.build(
                    withoutPosts, report: report, probabilities: [:], audienceMembers: nil, threshold: report.threshold
                ).sections) ?? []
        }
    }

    /// One page of the followers of the account's latest audit, or of the audit a cursor continues.
    ///
    /// - Throws: ``ServerError`` `.notFound` (no account, no audit, or an audit without follower
    ///   results), `.badRequest` (a cursor of another account's audit).
    func followers(
        of account: String, _ parameters: FollowerParameters, access: ServerRequestContext.Access
    ) async throws -> (audit: StoredAudit, page: AuditFollowerPage) {
        let history = try await history(of: account, access: access)
        guard let latest = history.first else {
            throw ServerError(
                .notFound, "This account has no audit yet; run `truereach audit --account` with its name.")
        }
        var audit = latest
        if let after = parameters.after, after.audit != latest.id {
            // A cursor keeps paging the audit it started on, if that audit is this account's.
            guard let pinned = history.first(where: { $0.id == after.audit }) else {
                throw ServerError(.badRequest, "after belongs to another account; start from the first page.")
            }
            audit = pinned
        }
        guard let page = try await store.fetchAuditFollowerPage(parameters.query(audit: audit.id)) else {
            throw ServerError(
                .notFound,
                "The latest audit has no per-follower results (it was a sample, or of files); run `truereach audit --account` with this name."
            )
        }
        return (audit, page)
    }
}

extension AuditHistoryEntry {
    init(_ audit: StoredAudit) {
        self.init(
            asOf: audit.asOf, createdAt: audit.createdAt, audienceQualityScore: audit.audienceQualityScore,
            trueReach: audit.trueReach, followersTotal: audit.followersTotal)
    }
}

extension FollowerRow {
    init(_ follower: AuditFollower) {
        self.init(
            position: follower.position, profile: follower.profile, handle: follower.handle,
            displayName: follower.displayName, probability: follower.probability, category: follower.category,
            followersCount: follower.followersCount, signals: follower.signals)
    }
}
