import Foundation
import TrueReachCore

extension Profile {
    /// A fixed reference time for tests: 2024-06-01T00:00:00Z.
    public static let fixtureNow = Date(timeIntervalSince1970: 1_717_200_000)

    /// An ordinary-looking human account; pass only what a test cares about.
    public static func fixture(
        platform: Platform = .twitter,
        id: ProfileID = "1",
        handle: String? = "jane_doe",
        displayName: String? = "Jane Doe",
        bio: String? = "Gardener, reader, occasional baker.",
        followers: Int? = 320,
        following: Int? = 280,
        posts: Int? = 1_200,
        likes: Int? = 900,
        lists: Int? = 3,
        createdAt: Date? = Date(timeIntervalSince1970: 1_400_000_000),
        capturedAt: Date? = Profile.fixtureNow,
        lastPostAt: Date? = Date(timeIntervalSince1970: 1_716_000_000),
        verified: Bool? = false,
        defaultAvatar: Bool? = false,
        bot: Bool? = nil
    ) -> Profile {
        Profile(
            platform: platform, id: id, handle: handle, displayName: displayName, bio: bio,
            followersCount: followers, followingCount: following, postsCount: posts, likesCount: likes,
            listsCount: lists, createdAt: createdAt, capturedAt: capturedAt, lastPostAt: lastPostAt,
            verified: verified, defaultAvatar: defaultAvatar, bot: bot
        )
    }
}
