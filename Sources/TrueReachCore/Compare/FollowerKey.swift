/// One follower as overlap counts it: the same platform and id are the same person in every audience.
public struct FollowerKey: Sendable, Hashable {
    /// The follower's platform.
    public var platform: Platform
    /// The follower's id on the platform.
    public var id: ProfileID

    /// Creates a key.
    ///
    /// - Parameters:
    ///   - platform: The follower's platform.
    ///   - id: The follower's id on the platform.
    public init(platform: Platform, id: ProfileID) {
        self.platform = platform
        self.id = id
    }

    /// The key's 64-bit hash for sketches: ``StableHash/hash(platform:id:seed:)`` with seed 0 (FNV-1a
    /// over the platform and id, then the SplitMix64 finaliser), the same on every run and machine, so
    /// sketches built anywhere merge.
    public var hash: UInt64 { StableHash.hash(platform: platform, id: id, seed: 0) }
}
