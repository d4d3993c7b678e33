/// The social network an account or post belongs to.
///
/// Raw values are the canonical names used in every format, column and flag
/// (`platform` in JSON lines and CSV, `--platform` on the command line).
public enum Platform: String, Sendable, Hashable, Codable, CaseIterable {
    case twitter
    case instagram
    case mastodon
    case bluesky
    case facebook
    case tiktok
    case youtube
    case twitch
    case other
}
