import Foundation
import TrueReachCore

/// The fields of a Bluesky `profileView` / `profileViewDetailed` that ``Profile`` needs.
///
/// `did` is the id; `followsCount` is the following count. Follower-list items (`profileView`)
/// carry no counts. Bluesky has no likes count, lists count, verified badge or private accounts;
/// a profile without `avatar` has the default avatar.
struct BlueskyProfile: Decodable {
    var account: Profile

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        guard let id = try c.lenientID(AnyKey("did")) else {
            throw DecodingError.keyNotFound(
                AnyKey("did"),
                .init(codingPath: c.codingPath, debugDescription: "missing required field")
            )
        }
        var account = Profile(platform: .bluesky, id: ProfileID(id))
        account.handle = try c.lenientString(AnyKey("handle"))
        account.displayName = try c.lenientString(AnyKey("displayName"))
        account.bio = try c.lenientString(AnyKey("description"))
        account.followersCount = try c.lenientCount(AnyKey("followersCount"))
        account.followingCount = try c.lenientCount(AnyKey("followsCount"))
        account.postsCount = try c.lenientCount(AnyKey("postsCount"))
        account.createdAt = try c.lenientDate(AnyKey("createdAt"))
        account.defaultAvatar = nonEmpty(try c.lenientString(AnyKey("avatar"))) == nil
        self.account = account
    }
}
