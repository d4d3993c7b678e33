import Foundation
import TrueReachCore

/// One X API v1.1 record: a user object, a Bot Repository `{"created_at", "user"}` wrapper (the
/// outer `created_at` becomes ``Profile/capturedAt``), a TwiBot-20 `{"ID", "profile"}` record, a
/// tweet with its `user`, or a `{"users": [...]}` page.
struct TwitterV1Record: Decodable {
    var profiles: [Result<Profile, any Error>]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        if c.contains(AnyKey("user")), c.hasObject(AnyKey("user")) {
            var account = try c.decode(TwitterV1User.self, forKey: AnyKey("user")).account
            account.capturedAt = try c.lenientDate(AnyKey("created_at"))
            profiles = [.success(account)]
        } else if c.contains(AnyKey("profile")), c.hasObject(AnyKey("profile")) {
            profiles = [.success(try c.decode(TwitterV1User.self, forKey: AnyKey("profile")).account)]
        } else if c.contains(AnyKey("users")), !c.contains(AnyKey("screen_name")) {
            let page = try c.decode([LossyElement<TwitterV1User>].self, forKey: AnyKey("users"))
            profiles = page.map { $0.result.map(\.account) }
        } else {
            profiles = [.success(try TwitterV1User(container: c).account)]
        }
    }
}
