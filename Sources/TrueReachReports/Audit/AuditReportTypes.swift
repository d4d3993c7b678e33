public import FoundationEssentials
import TrueReachCore

/// The output formats of an audit report (`truereach audit --format`).
public enum AuditReportFormat: String, Sendable, Hashable, CaseIterable {
    /// A readable terminal summary.
    case table
    /// Machine-readable JSON with snake_case keys, sorted.
    case json
    /// One row per category plus summary rows.
    case csv
    /// One self-contained HTML file with inline CSS and SVG charts.
    case html
}

/// An extra section of the HTML report, supplied by a caller (engagement, growth, …).
///
/// Its body is ``HTML``, so it can only come from this module's escaping renderers and charts.
public struct ReportSection: Sendable, Hashable {
    /// The section heading (escaped).
    public var title: String
    /// The section body.
    public var html: HTML

    /// Creates a section.
    public init(title: String, html: HTML) {
        self.title = title
        self.html = html
    }
}

/// One past audit of the same account, for the report's history section.
public struct AuditHistoryEntry: Sendable, Hashable {
    /// The audit's reference date.
    public var asOf: Date
    /// When the audit ran.
    public var createdAt: Date
    /// The Audience Quality Score; nil when it could not be measured.
    public var audienceQualityScore: Int?
    /// True reach (followers); nil when unknown.
    public var trueReach: Double?
    /// Followers at the time.
    public var followersTotal: Int

    /// Creates a history entry.
    public init(asOf: Date, createdAt: Date, audienceQualityScore: Int?, trueReach: Double?, followersTotal: Int) {
        self.asOf = asOf
        self.createdAt = createdAt
        self.audienceQualityScore = audienceQualityScore
        self.trueReach = trueReach
        self.followersTotal = followersTotal
    }
}

/// What the HTML report shows besides the report itself.
public struct HTMLReportOptions: Sendable, Hashable {
    /// Past audits of this account, any order (shown oldest to newest).
    public var history: [AuditHistoryEntry]
    /// Extra sections, shown after the audience sections in this order.
    public var sections: [ReportSection]
    /// Say in the footer that the data is synthetic (the demo).
    public var syntheticData: Bool
    /// When the report was generated, shown in the footer; `nil` shows nothing (byte-identical output).
    public var generatedAt: Date?
    /// The page title; defaults to "Audience audit: NAME".
    public var title: String?

    /// Creates options; every field defaults.
    public init(
        history: [AuditHistoryEntry] = [],
        sections: [ReportSection] = [],
        syntheticData: Bool = false,
        generatedAt: Date? = nil,
        title: String? = nil
    ) {
        self.history = history
        self.sections = sections
        self.syntheticData = syntheticData
        self.generatedAt = generatedAt
        self.title = title
    }
}

extension AudienceCategory {
    /// The plural name a marketer reads ("Real people", "Mass followers").
    var displayName: String {
        switch self {
        case .suspicious: "Suspicious"
        case .massFollower: "Mass followers"
        case .inactive: "Inactive"
        case .influencer: "Influencers"
        case .real: "Real people"
        case .unknown: "Not known"
        }
    }

    /// One sentence saying what the category means.
    func explanation(_ configuration: AudienceConfiguration) -> String {
        switch self {
        case .suspicious: "Likely bots or fake accounts (bot probability at or above the threshold)."
        case .massFollower:
            "Follow more than \(NumberText.grouped(configuration.massFollowingCutoff)) accounts, so rarely see any one post."
        case .inactive:
            "No post in the last \(configuration.inactiveDays) days, or never: quiet readers, not fakes."
        case .influencer:
            "Real accounts with more than \(NumberText.grouped(configuration.influencerFollowersCutoff)) followers."
        case .real: "Ordinary, active people who can see posts."
        case .unknown: "No follower, following or post count (ids or usernames only): real or fake cannot be told."
        }
    }

    /// The category's chart colour.
    var color: String {
        switch self {
        case .suspicious: "#d64545"
        case .massFollower: "#e8a33d"
        case .inactive: "#9aa5b1"
        case .influencer: "#3d7dd8"
        case .real: "#2f9e6b"
        case .unknown: "#d5dbe1"
        }
    }
}

extension AudienceReport {
    /// The categories a table or chart shows: all of them, but `unknown` only when some follower is
    /// in it (JSON and CSV always list every category).
    var shownCategories: [AudienceCategory] {
        AudienceCategory.allCases.filter { $0 != .unknown || breakdown($0).count > 0 }
    }

    /// "census of 1,000 followers" or "sample of 400 of 1,000 followers (seed 7), 95% intervals".
    var coverageText: String {
        if let sample {
            return "sample of \(NumberText.grouped(followersAnalysed)) of \(NumberText.grouped(followersTotal)) "
                + "followers (seed \(sample.seed)); ranges are 95% intervals"
        }
        return "census of all \(NumberText.grouped(followersTotal)) followers"
    }

    /// The category breakdown for `category`, or a zero one.
    func breakdown(_ category: AudienceCategory) -> CategoryBreakdown {
        categories.first { $0.category == category }
            ?? CategoryBreakdown(category: category, count: 0, share: Estimate(value: 0))
    }
}

extension Estimate {
    /// `12.0%` or `12.0% (9.8–14.2%)`.
    var percentText: String {
        var text = NumberText.percent(value)
        if let lower, let upper {
            text += " (" + NumberText.fixed(lower * 100, decimals: 1) + "–" + NumberText.percent(upper) + ")"
        }
        return text
    }

    /// `500` or `500 (460–540)`.
    var countText: String {
        var text = NumberText.grouped(value)
        if let lower, let upper { text += " (" + NumberText.grouped(lower) + "–" + NumberText.grouped(upper) + ")" }
        return text
    }
}

/// Wording shared by the table, CSV and HTML renderers.
enum AuditText {
    /// `15.0% (95%: 11.0–19.0%), method em`.
    static func fakeShare(_ e: FakeShareEstimate) -> String {
        NumberText.percent(e.value) + " (95%: " + NumberText.fixed(e.low * 100, decimals: 1) + "–"
            + NumberText.percent(e.high) + "), method " + e.method
    }

    /// `80.0%`, `80.0% (unknown for 12.0%)`, or `unknown` when none is known.
    static func known(_ share: Estimate?, unknown: Double) -> String {
        guard let share else { return "unknown" }
        guard unknown > 0 else { return share.percentText }
        return share.percentText + " of known (unknown for " + NumberText.percent(unknown) + ")"
    }

    /// `English 61.0%, Spanish 12.0%, other 4.0%, unknown 23.0%` (the ISO code where no name is known;
    /// other and unknown only when non-zero).
    static func origins(_ breakdown: OriginBreakdown) -> String {
        originParts(breakdown).joined(separator: ", ")
    }

    /// ``origins(_:)`` wrapped at `width` columns, never cut (the unknown share comes last).
    static func originLines(_ breakdown: OriginBreakdown, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for part in originParts(breakdown) {
            let candidate = line.isEmpty ? part : line + ", " + part
            if !line.isEmpty && TerminalText.displayWidth(candidate) > width {
                lines.append(line + ",")
                line = part
            } else {
                line = candidate
            }
        }
        lines.append(line)
        return lines
    }

    static func originParts(_ breakdown: OriginBreakdown) -> [String] {
        var parts = breakdown.top.map { $0.label + " " + NumberText.percent($0.share) }
        if breakdown.otherCount > 0 { parts.append("other " + NumberText.percent(breakdown.otherShare)) }
        if breakdown.unknownCount > 0 { parts.append("unknown " + NumberText.percent(breakdown.unknownShare)) }
        return parts.isEmpty ? ["none"] : parts
    }
}
