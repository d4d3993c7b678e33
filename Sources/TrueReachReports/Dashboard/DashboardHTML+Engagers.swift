public import TrueReachCore

/// One of an account's most engaged accounts, with its audit result when the latest audit scored it.
public struct TopEngagerRow: Sendable, Hashable {
    /// The engager's id (untrusted text).
    public var profile: ProfileID
    /// Its handle and display name from the audit, when it is a follower the audit scored (untrusted text).
    public var handle: String?
    public var displayName: String?
    /// Distinct posts it engaged with, and all its interactions.
    public var posts: Int
    public var interactions: Int
    /// Its bot probability and category in the latest audit; `nil` when that audit did not score it
    /// (not a follower, or the audit kept no per-follower results).
    public var probability: Double?
    public var category: AudienceCategory?

    /// Creates a row.
    public init(
        profile: ProfileID, handle: String?, displayName: String?, posts: Int, interactions: Int,
        probability: Double?, category: AudienceCategory?
    ) {
        self.profile = profile
        self.handle = handle
        self.displayName = displayName
        self.posts = posts
        self.interactions = interactions
        self.probability = probability
        self.category = category
    }
}

extension DashboardHTML {
    /// The "Top engagers" section: the accounts that engaged with the most distinct posts.
    ///
    /// - Parameters:
    ///   - rows: The engagers, most engaged first.
    ///   - scoredByAudit: Whether the latest audit kept per-follower results to look engagers up in;
    ///     without them every score shows as not known.
    /// - Returns: The section body.
    public static func topEngagers(_ rows: [TopEngagerRow], scoredByAudit: Bool) -> HTML {
        let body = rows.map { r -> HTML in
            let who: HTML =
                r.handle.map { h -> HTML in "<bdi class=\"handle\">@\(h)</bdi>" }
                ?? "<bdi class=\"handle\">\(r.profile.rawValue)</bdi>"
            let name: HTML = r.displayName.map { n -> HTML in "<br><bdi class=\"name\">\(n)</bdi>" } ?? .empty
            let score: HTML =
                r.probability.map { p -> HTML in "\(NumberText.percent(p, decimals: 1))" }
                ?? "<span class=\"muted\">not known</span>"
            let category: HTML =
                r.category.map { c -> HTML in "<span class=\"badge \(c.rawValue)\">\(c.displayName)</span>" }
                ?? "<span class=\"muted\">not a scored follower</span>"
            return """
                <tr><td>\(who)\(name)</td><td class="num">\(r.posts)</td><td class="num">\(r.interactions)</td>\
                <td class="num">\(score)</td><td>\(category)</td></tr>
                """
        }
        let note: HTML =
            scoredByAudit
            ? "<p class=\"muted\">Scores are the latest audit's; an engager it did not score is not one of the audited followers.</p>"
            : "<p class=\"muted\">The latest audit kept no per-follower results (a sample, or an audit of files), so engagers' scores are not known; run <code>truereach audit --account NAME</code>.</p>"
        return """
            <table class="data"><thead><tr><th>Engager</th><th class="num">Posts</th><th class="num">Interactions</th>\
            <th class="num">Bot probability</th><th>Category</th></tr></thead>
            <tbody>\(body)</tbody></table>
            \(note)
            """
    }
}
