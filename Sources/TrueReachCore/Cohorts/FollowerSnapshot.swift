public import FoundationEssentials

/// One follower in a snapshot, with the follow time when the export gives it.
public struct FollowerEntry: Sendable, Hashable, Codable {
    public var account: AccountID
    /// When the account started following (Instagram `followers_1.json` `timestamp`), where known.
    public var followedAt: Date?

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case account
        case followedAt = "followed_at"
    }

    /// Creates an entry.
    public init(account: AccountID, followedAt: Date? = nil) {
        self.account = account
        self.followedAt = followedAt
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
