import Foundation
import TrueReachCore

/// The fields of an X API v2 user object that ``Profile`` needs.
///
/// Handles the TwiBot annotation-study quirks: every value padded with a trailing space,
/// `"False "` flags, ids such as `u480604244` (kept verbatim), Python-repr `entities`.
struct TwitterV2User: Decodable {
    var account: Profile

    init(from decoder: any Decoder) throws {
        try self.init(container: decoder.container(keyedBy: AnyKey.self))
    }

    /// Reads the user from an already opened container (JSONDecoder builds a key table per container).
    init(container c: KeyedDecodingContainer<AnyKey>) throws {
        let padded = c.isText(AnyKey("protected")) || c.isText(AnyKey("verified"))
        guard let id = try c.lenientID(AnyKey("id")) else {
            throw DecodingError.keyNotFound(
                AnyKey("id"),
                .init(codingPath: c.codingPath, debugDescription: "missing required field")
            )
        }
        var account = Profile(platform: .twitter, id: ProfileID(id))
        account.handle = try c.lenientString(AnyKey("username"), padded: padded)
        account.displayName = try c.lenientString(AnyKey("name"), padded: padded)
        account.bio = try c.lenientString(AnyKey("description"), padded: padded)
        account.location = try c.lenientString(AnyKey("location"), padded: padded)
        account.createdAt = try c.lenientDate(AnyKey("created_at"))
        account.verified = try c.lenientBool(AnyKey("verified"))
        account.private = try c.lenientBool(AnyKey("protected"))
        if let imageURL = try c.lenientString(AnyKey("profile_image_url"), padded: padded) {
            account.defaultAvatar = imageURL.contains("default_profile_images")
        }
        let plainURL = try c.lenientString(AnyKey("url"), padded: padded)
        account.url = nonEmpty(TwitterV1User.expandedURL(c)) ?? nonEmpty(plainURL)
        if let metrics = try? c.nestedContainer(keyedBy: AnyKey.self, forKey: AnyKey("public_metrics")) {
            account.followersCount = try metrics.lenientCount(AnyKey("followers_count"))
            account.followingCount = try metrics.lenientCount(AnyKey("following_count"))
            account.postsCount = try metrics.lenientCount(AnyKey("tweet_count"))
            account.listsCount = try metrics.lenientCount(AnyKey("listed_count"))
            account.likesCount = try metrics.lenientCount(AnyKey("like_count"))
        }
        self.account = account
    }
}
