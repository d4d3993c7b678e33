/// What overlap knows of one audience's real followers: their ids, a sketch of them, or nothing.
public struct OverlapAudience: Sendable, Hashable {
    /// The audience's members as overlap sees them.
    public enum Members: Sendable, Hashable {
        /// Every real follower's key.
        case exact(Set<FollowerKey>)
        /// The number of real followers (counted exactly) and a sketch of their keys.
        case sketch(count: Int, HyperLogLog)
        /// Not known, and why (a sampled audit stores no per-follower results).
        case unknown(reason: String)
    }

    /// The account the audience belongs to.
    public var account: String
    /// Its members.
    public var members: Members

    /// An audience known follower by follower.
    ///
    /// - Parameters:
    ///   - account: The account.
    ///   - followers: Its real followers.
    /// - Returns: The audience.
    public static func exact(account: String, followers: Set<FollowerKey>) -> OverlapAudience {
        OverlapAudience(account: account, members: .exact(followers))
    }

    /// An audience known by its exact count of real followers and a sketch of them.
    ///
    /// - Parameters:
    ///   - account: The account.
    ///   - realFollowers: How many real followers it has (distinct).
    ///   - sketch: A sketch of their keys.
    /// - Returns: The audience.
    public static func sketched(account: String, realFollowers: Int, sketch: HyperLogLog) -> OverlapAudience {
        OverlapAudience(account: account, members: .sketch(count: realFollowers, sketch))
    }

    /// An audience whose members are not known.
    ///
    /// - Parameters:
    ///   - account: The account.
    ///   - reason: Why, in words.
    /// - Returns: The audience.
    public static func unknown(account: String, reason: String) -> OverlapAudience {
        OverlapAudience(account: account, members: .unknown(reason: reason))
    }

    /// How many real followers it has (0 when unknown).
    public var realFollowers: Int {
        switch members {
        case .exact(let keys): keys.count
        case .sketch(let count, _): count
        case .unknown: 0
        }
    }

    var unknownReason: String? {
        if case .unknown(let reason) = members { return reason }
        return nil
    }
}
