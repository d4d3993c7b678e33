/// How many real followers several audiences share, pair by pair, and how many distinct real
/// followers they reach together.
///
/// Real followers are the followers an audit did not flag as `suspicious` (docs/metrics.md, "Compare
/// and overlap"). For each pair (a, b), in the order given:
///
/// - `shared` = |A ∩ B|, and `share_of_smaller` = |A ∩ B| ÷ min(|A|, |B|) (the share of the smaller
///   audience that both reach; none when the smaller has no real followers);
/// - `unique_real_followers` = |A₁ ∪ … ∪ Aₖ|.
///
/// **Exact** when every audience's ids are given (``OverlapAudience/exact(account:followers:)``).
/// **Estimated** when any of them is a sketch: |A| and |B| are still counted exactly, the union comes
/// from the merged HyperLogLog sketches, Û = |A ∪ B| clamped to [max(|A|, |B|), |A| + |B|], and by
/// inclusion–exclusion |A ∩ B| = |A| + |B| − Û. Its standard error is the union's absolute error,
/// SE = ε·Û with ε = 1.04/√m the sketch's relative standard error (the exact counts add none), and the
/// 95% interval is |A| + |B| − (Û ± 1.96·SE), clamped to [0, min(|A|, |B|)]. The error is in followers,
/// not relative to the intersection: a small overlap of large audiences is known only to ± about
/// 1.6·ε·|A ∪ B| (at the default precision, ±1.6% of the union), which can be more than the overlap.
/// The union of all is estimated the same way (SE = ε·Û, clamped to [max |Aᵢ|, Σ |Aᵢ|]).
///
/// An audience whose ids are not known (``OverlapAudience/unknown(account:reason:)``) makes its pairs
/// and the union unknown, with the reason.
public struct AudienceOverlap: Sendable, Hashable {
    /// Each pair of audiences, in input order: (0, 1), (0, 2), …, (1, 2), ….
    public var pairs: [PairOverlap]
    /// The number of distinct real followers over all audiences; nil when unknown.
    public var uniqueRealFollowers: OverlapFigure?
    /// How ``uniqueRealFollowers`` was found.
    public var uniqueMethod: OverlapMethod
    /// Why ``uniqueRealFollowers`` is unknown, when it is.
    public var uniqueReason: String?

    /// The normal quantile of the 95% intervals.
    public static let z95 = 1.959_963_985

    /// Creates an overlap from its parts.
    ///
    /// - Parameters:
    ///   - pairs: Each pair's overlap.
    ///   - uniqueRealFollowers: The union's size, nil when unknown.
    ///   - uniqueMethod: How the union was found.
    ///   - uniqueReason: Why it is unknown, when it is.
    public init(
        pairs: [PairOverlap], uniqueRealFollowers: OverlapFigure?, uniqueMethod: OverlapMethod,
        uniqueReason: String? = nil
    ) {
        self.pairs = pairs
        self.uniqueRealFollowers = uniqueRealFollowers
        self.uniqueMethod = uniqueMethod
        self.uniqueReason = uniqueReason
    }

    /// Measures the overlap of `audiences`.
    ///
    /// - Parameter audiences: The audiences, each with its exact ids, a sketch or an unknown reason. Exact
    ///   ids are sketched (at the other sketches' precision) when paired with a sketch.
    /// - Returns: The pairs in input order and the union.
    /// - Complexity: Exact: O(k · Σ|Aᵢ|) set lookups for k audiences. Sketches: O(k² · m).
    public static func measure(_ audiences: [OverlapAudience]) -> AudienceOverlap {
        let precision =
            audiences.lazy.compactMap { audience -> Int? in
                if case .sketch(_, let sketch) = audience.members { return sketch.precision }
                return nil
            }.first ?? HyperLogLog.defaultPrecision
        var sketches: [HyperLogLog?] = Array(repeating: nil, count: audiences.count)
        func sketch(_ index: Int) -> HyperLogLog? {
            if let cached = sketches[index] { return cached }
            let made: HyperLogLog?
            switch audiences[index].members {
            case .sketch(_, let sketch): made = sketch
            case .exact(let keys):
                var sketch = HyperLogLog(precision: precision)
                for key in keys { sketch.insert(key) }
                made = sketch
            case .unknown: made = nil
            }
            sketches[index] = made
            return made
        }

        var pairs: [PairOverlap] = []
        for i in audiences.indices {
            for j in audiences.indices where j > i {
                let (a, b) = (audiences[i], audiences[j])
                if let reason = a.unknownReason ?? b.unknownReason {
                    pairs.append(PairOverlap(a: a.account, b: b.account, method: .unknown, reason: reason))
                    continue
                }
                let (na, nb) = (a.realFollowers, b.realFollowers)
                let smaller = min(na, nb)
                let shared: OverlapFigure
                let method: OverlapMethod
                if case .exact(let left) = a.members, case .exact(let right) = b.members {
                    let (small, large) = left.count <= right.count ? (left, right) : (right, left)
                    var count = 0
                    for key in small where large.contains(key) { count += 1 }
                    shared = .exact(Double(count))
                    method = .exact
                } else if let left = sketch(i), let right = sketch(j) {
                    let union = estimate(left.merging(right), bounds: Double(max(na, nb))...Double(na + nb))
                    let total = Double(na + nb)
                    shared = OverlapFigure(
                        value: total - union.value, standardError: union.standardError,
                        low: total - union.high, high: total - union.low)
                    method = .hyperloglog
                } else {
                    continue
                }
                pairs.append(
                    PairOverlap(
                        a: a.account, b: b.account, method: method, shared: shared,
                        shareOfSmaller: smaller > 0 ? shared.divided(by: Double(smaller)) : nil))
            }
        }

        if let reason = audiences.lazy.compactMap(\.unknownReason).first {
            return AudienceOverlap(pairs: pairs, uniqueRealFollowers: nil, uniqueMethod: .unknown, uniqueReason: reason)
        }
        let exactSets = audiences.compactMap { audience -> Set<FollowerKey>? in
            if case .exact(let keys) = audience.members { return keys }
            return nil
        }
        if exactSets.count == audiences.count {
            // Each follower counted in the first audience that holds it: no union set is built.
            var count = 0
            for (index, keys) in exactSets.enumerated() {
                for key in keys where !exactSets[..<index].contains(where: { $0.contains(key) }) { count += 1 }
            }
            return AudienceOverlap(pairs: pairs, uniqueRealFollowers: .exact(Double(count)), uniqueMethod: .exact)
        }
        var union = HyperLogLog(precision: precision)
        for index in audiences.indices { if let member = sketch(index) { union.merge(member) } }
        let counts = audiences.map(\.realFollowers)
        let figure = estimate(union, bounds: Double(counts.max() ?? 0)...Double(counts.reduce(0, +)))
        return AudienceOverlap(pairs: pairs, uniqueRealFollowers: figure, uniqueMethod: .hyperloglog)
    }

    /// A union's estimate, clamped to what the exact counts allow, with SE = ε·Û and the 95% interval.
    static func estimate(_ sketch: HyperLogLog, bounds: ClosedRange<Double>) -> OverlapFigure {
        let value = min(max(sketch.count, bounds.lowerBound), bounds.upperBound)
        let error = sketch.relativeStandardError * value
        return OverlapFigure(
            value: value, standardError: error,
            low: max(bounds.lowerBound, value - z95 * error), high: min(bounds.upperBound, value + z95 * error))
    }
}
