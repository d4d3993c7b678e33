public import FoundationEssentials

/// Running totals of an audit, built batch by batch and merged.
///
/// Each parallel task fills its own accumulator; the parent merges them. Every kept
/// list uses a total order, so the merged result is the same whatever the batching.
public struct AudienceAccumulator: Sendable {
    /// The analyzer whose rules sort followers.
    public let analyzer: AudienceAnalyzer
    /// Followers added so far.
    public private(set) var count = 0
    var categoryCounts = [Int](repeating: 0, count: AudienceCategory.allCases.count)
    var reachableCount = 0
    var activeCount = 0
    var signalCounts: [String: Int] = [:]
    var histogram = [Int](repeating: 0, count: 10)
    var influential: TopK<Ranked>
    var suspicious: TopK<Ranked>
    var scatter: TopK<Keyed>

    struct Ranked: Sendable {
        var rank: Double
        var summary: FollowerSummary
    }

    struct Keyed: Sendable {
        var key: UInt64
        var point: ScatterPoint
    }

    /// The number of points kept for the followers-vs-following chart.
    public static let scatterSize = 1_500

    init(analyzer: AudienceAnalyzer) {
        self.analyzer = analyzer
        let size = analyzer.configuration.topListSize
        let byRank: @Sendable (Ranked, Ranked) -> Bool = { lhs, rhs in
            if lhs.rank != rhs.rank { return lhs.rank > rhs.rank }
            return (lhs.summary.platform.rawValue, lhs.summary.id) < (rhs.summary.platform.rawValue, rhs.summary.id)
        }
        influential = TopK(capacity: size, by: byRank)
        suspicious = TopK(capacity: size, by: byRank)
        scatter = TopK(capacity: Self.scatterSize) { $0.key < $1.key }
    }

    /// Adds one scored follower.
    public mutating func add(_ account: Account, score: AccountScore, asOf now: Date) {
        let category = analyzer.category(of: account, probability: score.probability, asOf: now)
        count += 1
        categoryCounts[category.index] += 1
        if analyzer.isReachable(account) { reachableCount += 1 }
        if analyzer.isActive(account, asOf: now) { activeCount += 1 }
        let bin = min(9, max(0, Int(score.probability * 10)))
        histogram[bin] += 1

        func summary() -> FollowerSummary {
            FollowerSummary(
                platform: account.platform, id: account.id, handle: account.handle, displayName: account.displayName,
                followersCount: account.followersCount, followingCount: account.followingCount,
                probability: score.probability, category: category, signals: score.signals)
        }
        if category == .suspicious {
            for signal in score.signals where signal.contribution > 0 {
                signalCounts[signal.code, default: 0] += 1
            }
            suspicious.insert(Ranked(rank: score.probability, summary: summary()))
        } else if category == .real || category == .influencer, let followers = account.followersCount {
            influential.insert(Ranked(rank: Double(followers), summary: summary()))
        }
        if let followers = account.followersCount, let following = account.followingCount {
            let key = StableHash.hash(platform: account.platform, id: account.id, seed: 0x5CA7)
            scatter.insert(
                Keyed(key: key, point: ScatterPoint(followers: followers, following: following, category: category)))
        }
    }

    /// Adds a batch of followers with their scores (same order).
    public mutating func add(_ accounts: [Account], scores: [AccountScore], asOf now: Date) {
        precondition(accounts.count == scores.count, "one score per account")
        for (account, score) in zip(accounts, scores) { add(account, score: score, asOf: now) }
    }

    /// Merges totals built from another part of the same audience.
    public mutating func merge(_ other: AudienceAccumulator) {
        count += other.count
        for index in categoryCounts.indices { categoryCounts[index] += other.categoryCounts[index] }
        reachableCount += other.reachableCount
        activeCount += other.activeCount
        for (code, value) in other.signalCounts { signalCounts[code, default: 0] += value }
        for index in histogram.indices { histogram[index] += other.histogram[index] }
        influential.merge(other.influential)
        suspicious.merge(other.suspicious)
        scatter.merge(other.scatter)
    }
}
