public import FoundationEssentials

/// Running totals of an audit, built batch by batch and merged.
///
/// Each parallel task fills its own accumulator; the parent merges them. Every kept
/// list uses a total order and every histogram sum is exact, so the merged result is the
/// same whatever the batching or the merge order.
public struct AudienceAccumulator: Sendable {
    /// The analyzer whose rules sort followers.
    public let analyzer: AudienceAnalyzer
    /// Followers added so far.
    public internal(set) var count = 0
    var categoryCounts = [Int](repeating: 0, count: AudienceCategory.allCases.count)
    /// Followers by reachability: known reachable, known not reachable, unknown.
    var reachabilityCounts = [Int](repeating: 0, count: 3)
    /// Followers by activity: active, inactive by the window, never posted, unknown.
    var activityCounts = [Int](repeating: 0, count: 4)
    /// Followers with no follower, following or post count at all.
    var countsUnknownCount = 0
    var signalCounts: [String: Int] = [:]
    /// Followers per language and per country code (see ``AudienceAnalyzer/origins``).
    var languageCounts: [String: Int] = [:]
    var countryCounts: [String: Int] = [:]
    var histogram = [Int](repeating: 0, count: 10)
    /// Per-platform probability histograms, in first-seen order (the report sorts them by platform).
    var platforms: [PlatformTotals] = []
    var lastPlatform: Platform?
    var lastSlot = 0
    var influential: TopK<Ranked>
    var suspicious: TopK<Ranked>
    var scatter: TopK<Keyed>

    /// One platform's probability histograms.
    struct PlatformTotals: Sendable, Hashable {
        var platform: Platform
        /// Every follower.
        var audience = ProbabilityHistogram()
        /// The followers who may be in true reach, by ``ReachCell``.
        var cells = [ProbabilityHistogram](repeating: ProbabilityHistogram(), count: ReachCell.count)

        init(platform: Platform) { self.platform = platform }

        mutating func merge(_ other: PlatformTotals) {
            audience.merge(other.audience)
            for index in cells.indices { cells[index].merge(other.cells[index]) }
        }
    }

    /// Reachability × activity of a follower who is not known to be outside true reach.
    enum ReachCell: Int, CaseIterable {
        case reachableActive
        case reachableActivityUnknown
        case reachUnknownActive
        case reachUnknownActivityUnknown

        static let count = allCases.count

        init?(reachable: Bool?, active: Bool?) {
            switch (reachable, active) {
            case (true, true): self = .reachableActive
            case (true, nil): self = .reachableActivityUnknown
            case (nil, true): self = .reachUnknownActive
            case (nil, nil): self = .reachUnknownActivityUnknown
            default: return nil
            }
        }

        var reachKnown: Bool { self == .reachableActive || self == .reachableActivityUnknown }
        var activityKnown: Bool { self == .reachableActive || self == .reachUnknownActive }
    }

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

    /// A probability rounded to a multiple of 2⁻²⁴, in the same histogram bin as the original.
    ///
    /// Sums of such values stay exact in a `Double` up to 2²⁹ followers, so histogram sums (and the
    /// mean the estimator may use) do not depend on the order batches are added or merged in. A value
    /// that rounding would carry over a bin edge (0.2 rounds just below 0.2) moves one step back.
    @inline(__always)
    static func exact(_ probability: Double) -> Double {
        guard probability.isFinite else { return 0 }
        let scale = 16_777_216.0
        let p = Swift.min(1, Swift.max(0, probability))
        let q = (p * scale).rounded() / scale
        let bin = ProbabilityHistogram.bin(of: p)
        let rounded = ProbabilityHistogram.bin(of: q)
        if rounded == bin { return q }
        return rounded < bin ? q + 1 / scale : q - 1 / scale
    }

    /// The slot of `platform` in ``platforms``, added when new.
    @inline(__always)
    mutating func slot(of platform: Platform) -> Int {
        if platform == lastPlatform { return lastSlot }
        let found = platforms.firstIndex { $0.platform == platform }
        let index: Int
        if let found {
            index = found
        } else {
            platforms.append(PlatformTotals(platform: platform))
            index = platforms.count - 1
        }
        lastPlatform = platform
        lastSlot = index
        return index
    }

    /// Adds one scored follower.
    public mutating func add(_ account: Profile, score: ProfileScore, asOf now: Date) {
        let reachable = analyzer.reachability(of: account)
        let active = analyzer.activity(of: account, asOf: now)
        let category = analyzer.category(
            probability: score.probability, reachable: reachable, active: active,
            followers: account.followersCount, countsKnown: AudienceAnalyzer.hasCounts(account))
        count += 1
        categoryCounts[category.index] += 1
        reachabilityCounts[reachable.map { $0 ? 0 : 1 } ?? 2] += 1
        activityCounts[active.map { $0 ? 0 : (account.postsCount == 0 ? 2 : 1) } ?? 3] += 1
        if account.followersCount == nil && account.followingCount == nil && account.postsCount == nil {
            countsUnknownCount += 1
        }
        if let guesser = analyzer.origins {
            let (language, country) = guesser.origin(of: account)
            if let language { languageCounts[language.rawValue, default: 0] += 1 }
            if let country { countryCounts[country.rawValue, default: 0] += 1 }
        }
        let bin = min(9, max(0, Int(score.probability * 10)))
        histogram[bin] += 1
        let probability = Self.exact(score.probability)
        let index = slot(of: account.platform)
        platforms[index].audience.add(probability)
        if let cell = ReachCell(reachable: reachable, active: active) {
            platforms[index].cells[cell.rawValue].add(probability)
        }

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
    public mutating func add(_ profiles: [Profile], scores: [ProfileScore], asOf now: Date) {
        precondition(profiles.count == scores.count, "one score per account")
        for (account, score) in zip(profiles, scores) { add(account, score: score, asOf: now) }
    }

    /// Merges totals built from another part of the same audience.
    public mutating func merge(_ other: AudienceAccumulator) {
        count += other.count
        for index in categoryCounts.indices { categoryCounts[index] += other.categoryCounts[index] }
        for index in reachabilityCounts.indices { reachabilityCounts[index] += other.reachabilityCounts[index] }
        for index in activityCounts.indices { activityCounts[index] += other.activityCounts[index] }
        countsUnknownCount += other.countsUnknownCount
        for (code, value) in other.signalCounts { signalCounts[code, default: 0] += value }
        for (code, value) in other.languageCounts { languageCounts[code, default: 0] += value }
        for (code, value) in other.countryCounts { countryCounts[code, default: 0] += value }
        for index in histogram.indices { histogram[index] += other.histogram[index] }
        for part in other.platforms {
            let index = slot(of: part.platform)
            platforms[index].merge(part)
        }
        influential.merge(other.influential)
        suspicious.merge(other.suspicious)
        scatter.merge(other.scatter)
    }

    /// Every follower's probabilities, per platform.
    public var audienceHistograms: [Platform: ProbabilityHistogram] {
        Dictionary(
            platforms.map { ($0.platform, $0.audience) },
            uniquingKeysWith: { a, b in
                var merged = a
                merged.merge(b)
                return merged
            })
    }
}
