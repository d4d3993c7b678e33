import Foundation
import TrueReachCore

/// One X API v2 record: a user object, or a response page `{"data": [users] | user, ...}`.
struct TwitterV2Record: Decodable {
    var profiles: [Result<Profile, any Error>]

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: AnyKey.self)
        let data = AnyKey("data")
        if c.contains(data), !c.contains(AnyKey("username")) {
            if let page = try? c.decode([LossyElement<TwitterV2User>].self, forKey: data) {
                profiles = page.map { $0.result.map(\.account) }
            } else if c.hasObject(data) {
                profiles = [.success(try c.decode(TwitterV2User.self, forKey: data).account)]
            } else {
                profiles = []
            }
        } else if !c.contains(AnyKey("id")), c.contains(AnyKey("errors")) {
            profiles = []
        } else {
            profiles = [.success(try TwitterV2User(container: c).account)]
        }
    }
}
