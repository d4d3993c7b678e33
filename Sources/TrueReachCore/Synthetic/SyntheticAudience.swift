public import FoundationEssentials

/// A seeded, synthetic follower audience for demos, tests and benchmarks.
///
/// **Every account is invented.** Names, handles and bios are random combinations of common first
/// names, surnames and phrases in several languages; no profile comes from real data. The
/// distributions are meant to look like a real follower list, not to reproduce one:
///
/// - Organic followers (archetypes in ``Archetype``): regular accounts with log-normal follower,
///   following, post and like counts; lurkers with no posts; inactive accounts whose last post is
///   more than 90 days old; mass followers following 2,000–7,000 accounts; about 1% influencers with
///   more than 5,000 followers, some verified. Profile ages are log-normal (median about seven years,
///   none before 2006-07-15). About a third of bios are empty; handles look like `maria_lopez`,
///   `tom_b1987` (`maria.lopez` on Instagram).
/// - Bought followers, exactly `round(count × boughtShare)` of them, in three purchase blocks of
///   consecutive positions (a follower list is ordered by follow time, and a purchase arrives at
///   once). Each purchase's accounts were created within the same three days (between 20 and 420
///   days before `now`), mostly keep the default avatar, have no bio, digit-heavy handles
///   (`user84736251`), follow hundreds to thousands of accounts, are followed by almost nobody and
///   have 0–3 posts.
/// - When `count` is at least 50, one account for each of a handful of hostile but realistic
///   texts (a bio with `<script>`, a name starting with `=`, a right-to-left override, a terminal
///   escape), spread over the list, so that reports built on the audience exercise their escaping.
///
/// The audience is a lazy `RandomAccessCollection`: the account at each position is computed on
/// access from the seed and the position alone, so 5,000,000 accounts never sit in memory, slices
/// can be generated in parallel, and every order of access yields the same accounts. All dates are
/// whole seconds, and `capturedAt` is `now` for every account.
///
/// ```swift
/// var rng = SeededGenerator(seed: 7)
/// let audience = SyntheticAudience(count: 5_000_000, now: now, using: &rng)
/// for account in audience { ... }                      // streaming
/// let first = Array(audience[0..<10_000])              // one batch
/// ```
public struct SyntheticAudience: Sendable, Hashable {
    /// The kind of follower an account was generated as: the ground truth of the synthetic data.
    public enum Archetype: String, Sendable, Hashable, Codable, CaseIterable {
        /// An ordinary, active account.
        case regular
        /// Follows and reads, never posts.
        case lurker
        /// Posted in the past; the last post is more than 90 days before `now`.
        case inactive
        /// Follows 2,000–7,000 accounts (follow-back behaviour).
        case massFollower
        /// More than 5,000 followers.
        case influencer
        /// Part of a purchased block of fake followers.
        case bought
    }

    /// The default share of bought followers: 15%.
    public static let defaultBoughtShare = 0.15

    /// The number of accounts.
    public let count: Int
    /// The requested share of bought followers, in `[0, 1]`.
    public let boughtShare: Double
    /// The platform the accounts are on.
    public let platform: Platform
    /// The capture time of every account; ages and last posts are measured back from it.
    public let now: Date
    /// The seed every account is derived from.
    public let seed: UInt64

    let nowSeconds: Int64
    let purchases: [Purchase]

    /// Creates the audience, drawing its seed from `rng`.
    ///
    /// Only one value is drawn from `rng`; the accounts themselves come from independent
    /// substreams of that seed (see ``SeededGenerator/init(seed:stream:)``).
    ///
    /// - Parameters:
    ///   - count: The number of accounts; zero or more.
    ///   - boughtShare: The share of bought followers, in `[0, 1]`; default 15%.
    ///   - platform: The platform of every account; default `.twitter`.
    ///   - now: The capture time.
    ///   - rng: The source of the seed.
    public init(
        count: Int,
        boughtShare: Double = SyntheticAudience.defaultBoughtShare,
        platform: Platform = .twitter,
        now: Date,
        using rng: inout some RandomNumberGenerator
    ) {
        self.init(count: count, boughtShare: boughtShare, platform: platform, now: now, seed: rng.next())
    }

    /// Creates the audience from an explicit seed.
    ///
    /// - Parameters:
    ///   - count: The number of accounts; zero or more.
    ///   - boughtShare: The share of bought followers, in `[0, 1]`; default 15%.
    ///   - platform: The platform of every account; default `.twitter`.
    ///   - now: The capture time.
    ///   - seed: The seed every account is derived from.
    public init(
        count: Int,
        boughtShare: Double = SyntheticAudience.defaultBoughtShare,
        platform: Platform = .twitter,
        now: Date,
        seed: UInt64
    ) {
        precondition(count >= 0, "count must not be negative")
        precondition(boughtShare >= 0 && boughtShare <= 1, "boughtShare must be in [0, 1]")
        self.count = count
        self.boughtShare = boughtShare
        self.platform = platform
        self.now = now
        self.seed = seed
        let nowSeconds = Int64(now.timeIntervalSince1970.rounded(.down))
        self.nowSeconds = nowSeconds
        self.purchases = Purchase.plan(count: count, boughtShare: boughtShare, now: nowSeconds, seed: seed)
    }

    /// Generates `count` accounts at once.
    ///
    /// Prefer iterating a ``SyntheticAudience`` for large counts: this array holds every account.
    ///
    /// - Parameters:
    ///   - count: The number of accounts.
    ///   - boughtShare: The share of bought followers, in `[0, 1]`; default 15%.
    ///   - platform: The platform of every account; default `.twitter`.
    ///   - now: The capture time.
    ///   - rng: The source of the seed (one value is drawn).
    /// - Returns: The accounts, in follower-list order.
    /// - Complexity: O(`count`).
    public static func generate(
        count: Int,
        boughtShare: Double = SyntheticAudience.defaultBoughtShare,
        platform: Platform = .twitter,
        now: Date,
        using rng: inout some RandomNumberGenerator
    ) -> [Profile] {
        Array(SyntheticAudience(count: count, boughtShare: boughtShare, platform: platform, now: now, using: &rng))
    }

    /// Calls `body` with consecutive batches of at most `size` accounts, in order.
    ///
    /// Only one batch is in memory at a time.
    ///
    /// - Parameters:
    ///   - size: The batch size; greater than zero.
    ///   - body: Receives each batch and the position of its first account.
    /// - Complexity: O(`count`).
    public func forEachBatch(
        ofSize size: Int,
        _ body: (_ batch: [Profile], _ startIndex: Int) throws -> Void
    ) rethrows {
        precondition(size > 0, "batch size must be positive")
        var start = 0
        while start < count {
            let end = Swift.min(start + size, count)
            try body(Array(self[start..<end]), start)
            start = end
        }
    }

    /// The number of bought followers: `round(count × boughtShare)`.
    public var boughtCount: Int {
        purchases.reduce(0) { $0 + $1.size }
    }

    /// Whether the account at `index` is a bought follower.
    ///
    /// - Complexity: O(1).
    public func isBought(at index: Int) -> Bool {
        purchase(at: index) != nil
    }

    /// The archetype the account at `index` was generated as.
    ///
    /// - Complexity: O(1).
    public func archetype(at index: Int) -> Archetype {
        if isBought(at: index) { return .bought }
        var rng = generator(at: index)
        return Self.organicArchetype(rng.unit())
    }
}

// MARK: - Collection

extension SyntheticAudience: RandomAccessCollection {
    /// The position of the first account: 0.
    public var startIndex: Int { 0 }

    /// One past the position of the last account: `count`.
    public var endIndex: Int { count }

    /// The account at `position`, computed from the seed and the position.
    ///
    /// - Complexity: O(1).
    public subscript(position: Int) -> Profile {
        precondition(position >= 0 && position < count, "index out of range")
        return makeProfile(at: position)
    }
}
