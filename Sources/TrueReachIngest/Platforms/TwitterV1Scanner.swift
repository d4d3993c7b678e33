import FoundationEssentials
import TrueReachCore

/// A byte-level reader for X v1.1 user records.
///
/// It reads a user object or a Bot Repository `{"created_at", "user"}` wrapper. It extracts only the fields ``Profile`` needs and validates
/// (but does not build) everything else.
///
/// It returns `nil` whenever the record is anything but plain (values of unexpected types, numbers
/// as strings, TwiBot padding, duplicate keys, malformed JSON, invalid UTF-8): the caller then
/// decodes the record with the Codable path (``TwitterV1Record``), which is the oracle and gives
/// the issue. A differential test checks both give identical accounts.
enum TwitterV1Scanner {
    /// Scans `bytes[start..<end]`.
    static func scan(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Profile? {
        // The one unsafe region: bounds are checked by hand against `end` throughout the parser.
        bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(buffer: buffer, position: start, end: end)
            return parser.record()
        }
    }

    struct Fields {
        var seen: UInt32 = 0
        var id: String?
        var idStr: String?
        var handle: String?
        var name: String?
        var bio: String?
        var location: String?
        var language: String?
        var url: String?
        var expandedURL: String?
        var followers: Int?
        var following: Int?
        var posts: Int?
        var likes: Int?
        var lists: Int?
        var createdAt: Date?
        var verified: Bool?
        var defaultAvatar: Bool?
        var defaultProfile: Bool?
        var backgroundImage: Bool?
        var isPrivate: Bool?
        var lastPostAt: Date?

        func account() -> Profile? {
            guard let id = idStr ?? id else { return nil }
            var account = Profile(platform: .twitter, id: ProfileID(id))
            account.handle = handle
            account.displayName = name
            account.bio = bio
            account.followersCount = followers
            account.followingCount = following
            account.postsCount = posts
            account.likesCount = likes
            account.listsCount = lists
            account.createdAt = createdAt
            account.verified = verified
            account.defaultAvatar = defaultAvatar
            account.defaultProfile = defaultProfile
            account.backgroundImage = backgroundImage
            account.private = isPrivate
            account.lastPostAt = lastPostAt
            account.location = location
            account.language = language
            account.url = nonEmpty(expandedURL) ?? nonEmpty(url)
            return account
        }
    }
}
