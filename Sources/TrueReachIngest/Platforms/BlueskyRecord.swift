import Foundation
import TrueReachCore

/// One Bluesky record: a profile, or a `getProfiles` / `getFollowers` / `getFollows` page
/// (the page's `subject` is the account being looked at, not one of the list, and is skipped).
struct BlueskyRecord: Decodable {
    var profiles: [Result<Profile, any Error>]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        for name in ["profiles", "followers", "follows"] where c.contains(AnyKey(name)) {
            let page = try c.decode([LossyElement<BlueskyProfile>].self, forKey: AnyKey(name))
            profiles = page.map { $0.result.map(\.account) }
            return
        }
        profiles = [.success(try BlueskyProfile(from: decoder).account)]
    }
}
