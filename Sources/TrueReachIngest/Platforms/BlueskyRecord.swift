import Foundation
import TrueReachCore

/// One Bluesky record: a profile, or a `getProfiles` / `getFollowers` / `getFollows` page
/// (the page's `subject` is the account being looked at, not one of the list, and is skipped).
struct BlueskyRecord: Decodable {
    var accounts: [Result<Account, any Error>]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        for name in ["profiles", "followers", "follows"] where c.contains(AnyKey(name)) {
            let page = try c.decode([LossyElement<BlueskyProfile>].self, forKey: AnyKey(name))
            accounts = page.map { $0.result.map(\.account) }
            return
        }
        accounts = [.success(try BlueskyProfile(from: decoder).account)]
    }
}
