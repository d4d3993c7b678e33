/// A seeded uniform random sample of accounts drawn from a stream, without replacement.
///
/// Each account gets a key from ``StableHash`` under the seed; the sample is the `size`
/// accounts with the smallest keys (bottom-k sampling). Every subset of that size is
/// equally likely, the draw is reproducible for a seed, memory stays at `size` accounts,
/// and partial samples from parallel batches merge exactly.
public struct AudienceSample: Sendable {
    /// The number of accounts to keep.
    public let size: Int
    /// The seed of the draw.
    public let seed: UInt64
    /// Profiles offered so far (the population size once the stream ends).
    public private(set) var populationCount = 0
    private var kept: TopK<Keyed>

    private struct Keyed: Sendable {
        var key: UInt64
        var account: Profile
    }

    /// Creates an empty sample of at most `size` accounts.
    public init(size: Int, seed: UInt64) {
        precondition(size > 0, "a sample needs at least one account")
        self.size = size
        self.seed = seed
        kept = TopK(capacity: size) { lhs, rhs in
            lhs.key != rhs.key
                ? lhs.key < rhs.key
                : (lhs.account.platform.rawValue, lhs.account.id) < (rhs.account.platform.rawValue, rhs.account.id)
        }
    }

    /// A sample that holds `profiles`, drawn from `populationCount` profiles: a partial sample read
    /// back (``profiles`` of a sample with the same size and seed, and its ``populationCount``).
    public init(size: Int, seed: UInt64, populationCount: Int, profiles: [Profile]) {
        self.init(size: size, seed: seed)
        for profile in profiles { insert(profile) }
        self.populationCount = populationCount
    }

    /// Offers one account to the draw.
    public mutating func insert(_ account: Profile) {
        populationCount += 1
        kept.insert(
            Keyed(key: StableHash.hash(platform: account.platform, id: account.id, seed: seed), account: account))
    }

    /// Merges a sample drawn with the same seed from another part of the stream.
    public mutating func merge(_ other: AudienceSample) {
        precondition(other.seed == seed && other.size == size, "samples must share seed and size")
        populationCount += other.populationCount
        kept.merge(other.kept)
    }

    /// The sampled accounts, in key order.
    public var profiles: [Profile] { kept.elements.map(\.account) }
}
