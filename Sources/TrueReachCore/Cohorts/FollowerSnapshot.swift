public import FoundationEssentials

/// One follower in a snapshot, with the follow time when the export gives it.
public struct FollowerEntry: Sendable, Hashable, Codable {
    public var profile: ProfileID
    /// When the account started following (Instagram `followers_1.json` `timestamp`), where known.
    public var followedAt: Date?

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case profile
        case followedAt = "followed_at"
    }

    private enum LegacyKeys: String, CodingKey {
        /// What `profile` was called before store.v4.
        case account
    }

    /// Creates an entry.
    public init(profile: ProfileID, followedAt: Date? = nil) {
        self.profile = profile
        self.followedAt = followedAt
    }

    /// Decodes an entry; `profile` is also read under its earlier key `account`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let profile = try c.decodeIfPresent(ProfileID.self, forKey: .profile) {
            self.profile = profile
        } else {
            profile = try decoder.container(keyedBy: LegacyKeys.self).decode(ProfileID.self, forKey: .account)
        }
        followedAt = try c.decodeIfPresent(Date.self, forKey: .followedAt)
    }
}

/// The follower list of one account at one time.
public struct FollowerSnapshot: Sendable, Hashable, Codable {
    /// A label (the file name).
    public var name: String
    /// When the list was taken, where known (else the newest follow time stands in).
    public var takenAt: Date?
    public var entries: [FollowerEntry]

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case name
        case takenAt = "taken_at"
        case entries
    }

    /// Creates a snapshot.
    public init(name: String, takenAt: Date? = nil, entries: [FollowerEntry]) {
        self.name = name
        self.takenAt = takenAt
        self.entries = entries
    }

    /// `takenAt`, or the newest follow time when that is unknown.
    public var effectiveDate: Date? { takenAt ?? entries.compactMap(\.followedAt).max() }
}
