/// One content group (a post kind, format or tag) and its engagement.
public struct ContentGroup: Sendable, Hashable, Codable {
    public var key: String
    public var posts: Int
    public var mean: Double?
    public var median: Double?
    /// Percentile bootstrap interval of the mean, at the comparison's confidence.
    public var lower: Double?
    public var upper: Double?
    /// Fewer posts than the comparison's `smallSample` size: read its numbers as rough.
    public var smallSample: Bool

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case key, posts, mean, median, lower, upper
        case smallSample = "small_sample"
    }
}

/// A group against the baseline group.
public struct ContentContrast: Sendable, Hashable, Codable {
    /// What the answer is, in words a reader can act on.
    public enum Verdict: String, Sendable, Hashable, Codable {
        case higher
        case lower
        case noClearDifference = "no_clear_difference"
        case tooFewPosts = "too_few_posts"
    }

    public var group: String
    public var baseline: String
    /// mean(group) − mean(baseline).
    public var difference: Double?
    /// Percentile bootstrap interval of the difference of means.
    public var lower: Double?
    public var upper: Double?
    /// Mann–Whitney U of the group against the baseline.
    public var mannWhitneyU: Double?
    /// Two-sided p-value (normal approximation with tie and continuity corrections).
    public var pValue: Double?
    public var verdict: Verdict

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case group, baseline, difference, lower, upper
        case mannWhitneyU = "mann_whitney_u"
        case pValue = "p_value"
        case verdict
    }
}

/// What engages: groups of posts compared with uncertainty.
public struct ContentComparison: Sendable, Hashable, Codable {
    /// How posts were grouped.
    public enum Grouping: String, Sendable, Hashable, Codable, CaseIterable {
        /// By ``PostKind`` (original, reply, repost, quote).
        case kind
        /// By ``PostFormat`` (photo, video, link, text); posts without a format are `unknown`.
        case format
        /// By user tag; a post with several tags is in several groups; untagged posts are `untagged`.
        case tag
    }

    /// The metric compared (`rate_by_followers` when every post has a follower count, else `engagements`).
    public var metric: String
    public var confidence: Double
    public var resamples: Int
    public var groups: [ContentGroup]
    public var contrasts: [ContentContrast]

    /// Compares groups of values.
    ///
    /// Each group gets its mean, median and a percentile bootstrap interval of the mean; each non-baseline
    /// group is compared with `baseline` (default: the largest group) by a bootstrap interval of the
    /// difference of means and a two-sided Mann–Whitney rank test. The verdict is `higher`/`lower` only
    /// when the interval excludes 0 **and** p < 1 − confidence; `tooFewPosts` when either side has fewer
    /// than 3 posts.
    /// - Parameters:
    ///   - groups: values per group key.
    ///   - metric: the name of the metric compared, recorded in the result.
    ///   - baseline: the reference group key.
    ///   - resamples: bootstrap resamples (default 2,000).
    ///   - confidence: interval level (default 0.95).
    ///   - smallSample: groups smaller than this are marked `smallSample` (default 10).
    ///   - rng: the seeded generator that drives resampling.
    /// - Returns: the statistics of every group in key order and a contrast of each other group with the
    ///   baseline (none when there are no groups).
    /// - Complexity: O(resamples × n) for n values.
    public static func compare<G: RandomNumberGenerator>(
        _ groups: [String: [Double]],
        metric: String,
        baseline: String? = nil,
        resamples: Int = 2_000,
        confidence: Double = 0.95,
        smallSample: Int = 10,
        using rng: inout G
    ) -> ContentComparison {
        precondition(resamples > 0, "resamples must be positive")
        let keys = groups.keys.sorted()
        let alpha = 1 - confidence
        var stats: [ContentGroup] = []
        for key in keys {
            let values = groups[key] ?? []
            let interval = bootstrapMean(values, resamples: resamples, alpha: alpha, using: &rng)
            stats.append(
                ContentGroup(
                    key: key,
                    posts: values.count,
                    mean: EngagementMath.mean(values),
                    median: EngagementMath.median(values),
                    lower: interval?.0,
                    upper: interval?.1,
                    smallSample: values.count < smallSample
                ))
        }
        let base =
            baseline.flatMap { groups[$0] != nil ? $0 : nil }
            ?? keys.max(by: { (groups[$0]?.count ?? 0, $1) < (groups[$1]?.count ?? 0, $0) })
        var contrasts: [ContentContrast] = []
        if let base, let b = groups[base] {
            for key in keys where key != base {
                let a = groups[key] ?? []
                contrasts.append(
                    contrast(a, b, group: key, baseline: base, alpha: alpha, resamples: resamples, using: &rng))
            }
        }
        return ContentComparison(
            metric: metric, confidence: confidence, resamples: resamples, groups: stats, contrasts: contrasts)
    }

    /// Groups measured posts and compares them (see ``compare(_:metric:baseline:resamples:confidence:smallSample:using:)``).
    public static func compare<G: RandomNumberGenerator>(
        _ measured: [PostEngagement],
        by grouping: Grouping,
        baseline: String? = nil,
        resamples: Int = 2_000,
        confidence: Double = 0.95,
        using rng: inout G
    ) -> ContentComparison {
        let useRate = !measured.isEmpty && measured.allSatisfy { $0.rateByFollowers != nil }
        var groups: [String: [Double]] = [:]
        for row in measured {
            let value = useRate ? (row.rateByFollowers ?? 0) : Double(row.engagements)
            let keys: [String]
            switch grouping {
            case .kind: keys = [row.kind.rawValue]
            case .format: keys = [row.format?.rawValue ?? "unknown"]
            case .tag: keys = row.tags.isEmpty ? ["untagged"] : Array(Set(row.tags)).sorted()
            }
            for k in keys { groups[k, default: []].append(value) }
        }
        return compare(
            groups, metric: useRate ? "rate_by_followers" : "engagements", baseline: baseline,
            resamples: resamples, confidence: confidence, using: &rng)
    }

    static func bootstrapMean<G: RandomNumberGenerator>(
        _ values: [Double], resamples: Int, alpha: Double, using rng: inout G
    ) -> (Double, Double)? {
        guard values.count >= 2 else { return nil }
        var means: [Double] = []
        means.reserveCapacity(resamples)
        for _ in 0..<resamples { means.append(resampleMean(values, using: &rng)) }
        means.sort()
        guard let lo = EngagementMath.quantile(means, alpha / 2), let hi = EngagementMath.quantile(means, 1 - alpha / 2)
        else {
            return nil
        }
        return (lo, hi)
    }

    static func resampleMean<G: RandomNumberGenerator>(_ values: [Double], using rng: inout G) -> Double {
        var sum = 0.0
        for _ in 0..<values.count { sum += values[EngagementMath.index(below: values.count, using: &rng)] }
        return sum / Double(values.count)
    }

    static func contrast<G: RandomNumberGenerator>(
        _ a: [Double], _ b: [Double], group: String, baseline: String, alpha: Double, resamples: Int,
        using rng: inout G
    ) -> ContentContrast {
        guard a.count >= 3, b.count >= 3, let ma = EngagementMath.mean(a), let mb = EngagementMath.mean(b) else {
            var d: Double?
            if let ma = EngagementMath.mean(a), let mb = EngagementMath.mean(b) { d = ma - mb }
            return ContentContrast(
                group: group, baseline: baseline, difference: d, lower: nil, upper: nil, mannWhitneyU: nil,
                pValue: nil, verdict: .tooFewPosts)
        }
        var diffs: [Double] = []
        diffs.reserveCapacity(resamples)
        for _ in 0..<resamples { diffs.append(resampleMean(a, using: &rng) - resampleMean(b, using: &rng)) }
        diffs.sort()
        let lo = EngagementMath.quantile(diffs, alpha / 2) ?? 0
        let hi = EngagementMath.quantile(diffs, 1 - alpha / 2) ?? 0
        let test = mannWhitney(a, b)
        let clear = (lo > 0 || hi < 0) && test.p < alpha
        let verdict: ContentContrast.Verdict = clear ? (ma > mb ? .higher : .lower) : .noClearDifference
        return ContentContrast(
            group: group, baseline: baseline, difference: ma - mb, lower: lo, upper: hi, mannWhitneyU: test.u,
            pValue: test.p, verdict: verdict)
    }

    /// Mann–Whitney U of `a` against `b`, with the two-sided p-value from the normal approximation
    /// (tie-corrected variance, continuity correction 0.5).
    static func mannWhitney(_ a: [Double], _ b: [Double]) -> (u: Double, p: Double) {
        let n1 = Double(a.count)
        let n2 = Double(b.count)
        let all = (a.map { ($0, 0) } + b.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var ranks = [Double](repeating: 0, count: all.count)
        var tieTerm = 0.0
        var i = 0
        while i < all.count {
            var j = i
            while j + 1 < all.count && all[j + 1].0 == all[i].0 { j += 1 }
            let rank = Double(i + j + 2) / 2
            for k in i...j { ranks[k] = rank }
            let t = Double(j - i + 1)
            tieTerm += t * t * t - t
            i = j + 1
        }
        var r1 = 0.0
        for (k, item) in all.enumerated() where item.1 == 0 { r1 += ranks[k] }
        let u = r1 - n1 * (n1 + 1) / 2
        let n = n1 + n2
        let mu = n1 * n2 / 2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return (u, 1) }
        let z = max(abs(u - mu) - 0.5, 0) / variance.squareRoot()
        return (u, min(1, 2 * EngagementMath.normalUpperTail(z)))
    }
}
