import Foundation
import TrueReachCore

/// The fields of a Mastodon REST API Account entity that ``Profile`` needs.
///
/// `note` is HTML and becomes plain text; `acct` (`user` or `user@instance`) is the handle;
/// `locked` is private; `bot` is the self-declared flag; `last_status_at` is a date only; an avatar
/// URL ending in `missing.png` is the default avatar; a count of -1 is one the instance hides
/// (glitch-soc), so it is unknown. Mastodon has no likes, lists, verified badge or language on
/// accounts; the profile `url` is the account's own page, not a website, so it is not mapped.
struct MastodonAccount: Decodable {
    var account: Profile

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        guard let id = try c.lenientID(AnyKey("id")) else {
            throw DecodingError.keyNotFound(
                AnyKey("id"),
                .init(codingPath: c.codingPath, debugDescription: "missing required field")
            )
        }
        var account = Profile(platform: .mastodon, id: ProfileID(id))
        account.handle = try c.lenientString(AnyKey("acct")) ?? c.lenientString(AnyKey("username"))
        account.displayName = try c.lenientString(AnyKey("display_name"))
        account.bio = try c.lenientString(AnyKey("note")).map(HTMLText.plainText)
        account.followersCount = try c.lenientCount(AnyKey("followers_count"), hiddenAs: -1)
        account.followingCount = try c.lenientCount(AnyKey("following_count"), hiddenAs: -1)
        account.postsCount = try c.lenientCount(AnyKey("statuses_count"), hiddenAs: -1)
        account.createdAt = try c.lenientDate(AnyKey("created_at"))
        account.lastPostAt = try c.lenientDate(AnyKey("last_status_at"))
        account.private = try c.lenientBool(AnyKey("locked"))
        account.bot = try c.lenientBool(AnyKey("bot"))
        if let avatar = try c.lenientString(AnyKey("avatar")) {
            account.defaultAvatar = avatar.isEmpty || avatar.hasSuffix("missing.png")
        }
        self.account = account
    }
}
