/// Estimates the share of an audience that is fake or automated from its followers' probabilities.
///
/// Counting the followers above the strict per-follower threshold answers "whom would we flag",
/// not "how many are fake": under a change in the share of bots it is biased by construction
/// (Forman 2008). The estimator compares the audience's histogram of calibrated probabilities with
/// the out-of-fold histograms of the training bots and humans (``QuantificationProfile``) by one of
/// the published quantification methods, and gives a 95% interval from a seeded bootstrap of both
/// histograms, widened by the systematic error measured with whole datasets left out.
///
/// ```swift
/// let estimator = FakeShareEstimator(profile: model.quantification, threshold: model.threshold)
/// let estimate = estimator.estimate([.twitter: histogram])   // value, low, high, method
/// ```
///
/// A pure function of its inputs: the same histograms give the same estimate on every run.
public struct FakeShareEstimator: Sendable {
    /// The model's histograms, or nil (a scorer without one: the mean probability is used).
    public var profile: QuantificationProfile?
    /// The operating threshold (for ``QuantificationMethod/cc``).
    public var threshold: Double
    /// The method in use.
    public var method: QuantificationMethod
    /// The profile's temperature for EM (1 without a profile).
    public var temperature: Double { profile?.temperature ?? 1 }
    /// Bootstrap replicates for the interval.
    public var replicates: Int
    /// Seed of the bootstrap.
    public var seed: UInt64

    /// Creates an estimator.
    ///
    /// - Parameters:
    ///   - profile: The model's out-of-fold histograms.
    ///   - threshold: The per-follower operating threshold.
    ///   - method: Overrides the profile's method (nil: the profile's, else PCC).
    ///   - replicates: Bootstrap replicates (default 200).
    ///   - seed: Bootstrap seed.
    public init(
        profile: QuantificationProfile?,
        threshold: Double,
        method: QuantificationMethod? = nil,
        replicates: Int = 200,
        seed: UInt64 = 0x7A0E_5EED
    ) {
        self.profile = profile
        self.threshold = threshold
        let chosen = method ?? profile?.method ?? .pcc
        // Methods that need class histograms fall back to PCC without a profile.
        self.method = profile == nil && chosen != .cc ? .pcc : chosen
        self.replicates = max(0, replicates)
        self.seed = seed
    }

    // MARK: - Audience estimate

    /// The estimated fake share of an audience given as one histogram per platform.
    ///
    /// Each platform is estimated against its own training histograms and the results are
    /// weighted by follower count. The interval is the 2.5th and 97.5th percentile of bootstrap
    /// replicates (audience and training histograms resampled), never narrower than the Wilson
    /// interval of the estimate over the audience's follower count, then widened in quadrature by the
    /// profile's systematic error.
    ///
    /// - Returns: The estimate, or nil when the histograms are empty.
    public func estimate(_ audience: [Platform: ProbabilityHistogram]) -> FakeShareEstimate? {
        let parts = audience.filter { $0.value.total > 0 }.sorted { $0.key.rawValue < $1.key.rawValue }
        let n = parts.reduce(0) { $0 + $1.value.total }
        guard n > 0 else { return nil }
        var value = 0.0
        for (platform, histogram) in parts {
            value += histogram.total / n * pointEstimate(histogram, platform: platform)
        }
        var draws = [Double](repeating: 0, count: replicates)
        for (platform, histogram) in parts {
            let weight = histogram.total / n
            let classes = profile?.histograms(for: platform)
            // Replicates carry bin centres only; centre them on the exact point estimate, so the mean
            // of the exact probabilities and the mean of the bin centres cannot skew the interval.
            let point = pointEstimate(histogram, platform: platform)
            let binned = Self.estimate(
                ProbabilityHistogram(counts: histogram.counts), classes: classes, method: method, threshold: threshold,
                temperature: temperature)
            var rng = SeededGenerator(
                seed: seed, stream: platform.rawValue.utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) })
            for r in 0..<replicates {
                let resampled = Self.resample(histogram, using: &rng)
                let estimate: Double
                if let classes {
                    let bots = Self.resample(classes.bots, using: &rng)
                    let humans = Self.resample(classes.humans, using: &rng)
                    estimate = Self.estimate(
                        resampled, classes: .init(bots: bots, humans: humans), method: method, threshold: threshold,
                        temperature: temperature)
                } else {
                    estimate = Self.estimate(
                        resampled, classes: nil, method: method, threshold: threshold, temperature: temperature)
                }
                draws[r] += weight * (estimate - binned + point)
            }
        }
        var low = value
        var high = value
        if replicates > 0 {
            draws.sort()
            low = Swift.min(value, Self.quantile(draws, 0.025))
            high = Swift.max(value, Self.quantile(draws, 0.975))
        }
        // Never narrower than the Wilson interval of the same share over the same number of followers:
        // a handful of accounts cannot pin a share down, however alike their probabilities are.
        let trials = Int(n.rounded())
        let (wilsonLow, wilsonHigh) = AudienceAnalyzer.wilsonInterval(
            successes: Int((Self.clamp(value) * Double(trials)).rounded()), trials: trials, population: .max)
        low = Swift.min(low, wilsonLow)
        high = Swift.max(high, wilsonHigh)
        let systematic = profile?.systematicError ?? 0
        if systematic > 0 {
            low = value - ((value - low) * (value - low) + systematic * systematic).squareRoot()
            high = value + ((high - value) * (high - value) + systematic * systematic).squareRoot()
        }
        return FakeShareEstimate(
            value: Self.clamp(value), low: Self.clamp(low), high: Self.clamp(high), method: method.rawValue)
    }

    /// The point estimate for one platform's histogram (no interval).
    public func pointEstimate(_ histogram: ProbabilityHistogram, platform: Platform) -> Double {
        Self.estimate(
            histogram, classes: profile?.histograms(for: platform), method: method, threshold: threshold,
            temperature: temperature)
    }

    /// For each bin, the probability that a follower there is authentic, given the audience's
    /// estimated fake share.
    ///
    /// The calibrated probabilities assume bots and humans equally common; they are re-weighted to
    /// the prior π at which the audience's expected fake count equals `fakeShare` × followers
    /// (Bayes' rule with the prior changed, π found by bisection), so summing the weights of any
    /// subset of followers (say, the reachable and active ones) gives its expected authentic count,
    /// consistent with the headline estimate.
    ///
    /// - Returns: ``ProbabilityHistogram/binCount`` weights in [0, 1].
    public static func authenticWeights(audience: ProbabilityHistogram, fakeShare: Double) -> [Double] {
        let target = clamp(fakeShare) * audience.total
        let centres = ProbabilityHistogram.binCentres
        func fakeCount(_ prior: Double) -> Double {
            var sum = 0.0
            for b in 0..<ProbabilityHistogram.binCount where audience.counts[b] > 0 {
                sum += audience.counts[b] * adjusted(centres[b], prior: prior)
            }
            return sum
        }
        var lo = 0.0
        var hi = 1.0
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if fakeCount(mid) < target { lo = mid } else { hi = mid }
        }
        let prior = (lo + hi) / 2
        return centres.map { 1 - adjusted($0, prior: prior) }
    }

    // MARK: - Methods

    /// One estimate by one method (clamped to [0, 1]).
    static func estimate(
        _ audience: ProbabilityHistogram,
        classes: QuantificationProfile.ClassHistograms?,
        method: QuantificationMethod,
        threshold: Double,
        temperature: Double = 1
    ) -> Double {
        guard audience.total > 0 else { return 0 }
        guard let classes, classes.bots.total > 0, classes.humans.total > 0 else {
            return method == .cc ? audience.share(atOrAbove: threshold) : clamp(audience.mean)
        }
        switch method {
        case .cc:
            return audience.share(atOrAbove: threshold)
        case .pcc:
            return clamp(audience.mean)
        case .acc:
            let t = bestSeparatingBin(classes)
            return adjust(
                audience.share(fromBin: t), positives: classes.bots.share(fromBin: t),
                negatives: classes.humans.share(fromBin: t))
        case .pacc:
            return adjust(audience.mean, positives: classes.bots.mean, negatives: classes.humans.mean)
        case .em:
            return expectationMaximisation(audience, probabilities: tempered(temperature))
        case .emRecalibrated:
            return expectationMaximisation(audience, probabilities: recalibrated(classes))
        case .hdy:
            return hellingerMatch(audience, classes)
        case .medianSweep:
            return medianSweep(audience, classes)
        }
    }

    /// (observed − fpr) / (tpr − fpr), clamped; the observed share itself when the rates do not separate.
    static func adjust(_ observed: Double, positives tpr: Double, negatives fpr: Double) -> Double {
        let denominator = tpr - fpr
        guard denominator > 1e-8 else { return clamp(observed) }
        return clamp((observed - fpr) / denominator)
    }

    /// The bin edge that maximises tpr − fpr on the training histograms (Forman's MAX).
    static func bestSeparatingBin(_ classes: QuantificationProfile.ClassHistograms) -> Int {
        var best = ProbabilityHistogram.binCount / 2
        var bestGap = -Double.infinity
        for b in 1..<ProbabilityHistogram.binCount {
            let gap = classes.bots.share(fromBin: b) - classes.humans.share(fromBin: b)
            if gap > bestGap {
                bestGap = gap
                best = b
            }
        }
        return best
    }

    /// The median of ACC over every bin edge with tpr − fpr > 0.25 (Forman's MS2); PACC if none.
    static func medianSweep(_ audience: ProbabilityHistogram, _ classes: QuantificationProfile.ClassHistograms)
        -> Double
    {
        var estimates: [Double] = []
        for b in 1..<ProbabilityHistogram.binCount {
            let tpr = classes.bots.share(fromBin: b)
            let fpr = classes.humans.share(fromBin: b)
            guard tpr - fpr > 0.25 else { continue }
            estimates.append((audience.share(fromBin: b) - fpr) / (tpr - fpr))
        }
        guard !estimates.isEmpty else {
            return adjust(audience.mean, positives: classes.bots.mean, negatives: classes.humans.mean)
        }
        estimates.sort()
        return clamp(quantile(estimates, 0.5))
    }

    /// The prior that maximises the audience's likelihood, by the EM iteration of Saerens et al.
    ///
    /// The calibrated probabilities are class-balanced (prior ½), so the E-step is Bayes' rule with
    /// the prior changed from ½ to the current estimate, and the M-step the mean adjusted posterior.
    static func expectationMaximisation(_ audience: ProbabilityHistogram, probabilities centres: [Double]) -> Double {
        let q = audience.normalised
        var prior = 0.5
        for iteration in 0..<1_000 {
            var next = 0.0
            for b in 0..<ProbabilityHistogram.binCount where q[b] > 0 {
                next += q[b] * adjusted(centres[b], prior: prior)
            }
            let change = abs(next - prior)
            prior = next
            if change < 1e-7, iteration > 10 { break }
        }
        return clamp(prior)
    }

    /// Each bin's class-balanced bot share in the profile, made non-decreasing by pool-adjacent-violators
    /// (bins the profile never saw take their neighbours' value; none at all: the bin centres).
    static func recalibrated(_ classes: QuantificationProfile.ClassHistograms) -> [Double] {
        let bots = classes.bots.normalised
        let humans = classes.humans.normalised
        // Pool adjacent violators over the bins the profile saw: blocks of (mean, weight, bins).
        var means: [Double] = []
        var weights: [Double] = []
        var members: [[Int]] = []
        for b in 0..<ProbabilityHistogram.binCount {
            let weight = bots[b] + humans[b]
            guard weight > 0 else { continue }
            means.append(bots[b] / weight)
            weights.append(weight)
            members.append([b])
            while means.count > 1, means[means.count - 2] > means[means.count - 1] {
                let w = weights[weights.count - 2] + weights[weights.count - 1]
                let m =
                    (means[means.count - 2] * weights[weights.count - 2] + means[means.count - 1]
                        * weights[weights.count - 1]) / w
                let bins = members[members.count - 2] + members[members.count - 1]
                means.removeLast(2)
                weights.removeLast(2)
                members.removeLast(2)
                means.append(m)
                weights.append(w)
                members.append(bins)
            }
        }
        guard !means.isEmpty else { return ProbabilityHistogram.binCentres }
        var values = [Double](repeating: .nan, count: ProbabilityHistogram.binCount)
        for (m, bins) in zip(means, members) { for b in bins { values[b] = m } }
        // Bins the profile never saw take the nearest seen bin's value below (else above).
        var last = means[0]
        for b in values.indices {
            if values[b].isNaN { values[b] = last } else { last = values[b] }
        }
        return values.map { Swift.min(0.999, Swift.max(0.001, $0)) }
    }

    /// The mixture weight whose blend of the class histograms is nearest the audience in Hellinger
    /// distance, the median over five bin widths (after González-Castro, Alaiz-Rodríguez and Alegre, 2013).
    static func hellingerMatch(_ audience: ProbabilityHistogram, _ classes: QuantificationProfile.ClassHistograms)
        -> Double
    {
        var estimates: [Double] = []
        for bins in [10, 20, 25, 50, 100] {
            estimates.append(hellingerFit(audience, classes, bins: bins).alpha)
        }
        estimates.sort()
        return clamp(estimates[estimates.count / 2])
    }

    /// The best blend weight at one bin width and its Hellinger distance to the audience.
    static func hellingerFit(
        _ audience: ProbabilityHistogram, _ classes: QuantificationProfile.ClassHistograms, bins: Int
    ) -> (alpha: Double, distance: Double) {
        let u = rebin(audience.normalised, into: bins)
        let pos = rebin(classes.bots.normalised, into: bins)
        let neg = rebin(classes.humans.normalised, into: bins)
        // 1 − Σ√(m·u) is convex in α (√ of a linear function is concave): ternary search.
        func distance(_ alpha: Double) -> Double {
            var affinity = 0.0
            for b in 0..<bins {
                let m = alpha * pos[b] + (1 - alpha) * neg[b]
                affinity += (m * u[b]).squareRoot()
            }
            return 1 - affinity
        }
        var lo = 0.0
        var hi = 1.0
        for _ in 0..<80 {
            let a = lo + (hi - lo) / 3
            let c = hi - (hi - lo) / 3
            if distance(a) <= distance(c) { hi = c } else { lo = a }
        }
        let alpha = (lo + hi) / 2
        // 1 − affinity is the squared Hellinger distance.
        return (alpha, Swift.max(0, distance(alpha)).squareRoot())
    }

    // MARK: - Helpers

    /// Bayes' rule moving a class-balanced probability to prior `prior`.
    @inline(__always)
    static func adjusted(_ p: Double, prior: Double) -> Double {
        let bot = prior * p
        let human = (1 - prior) * (1 - p)
        let total = bot + human
        return total > 0 ? bot / total : prior
    }

    /// The bin centres with their log-odds divided by `temperature`.
    static func tempered(_ temperature: Double) -> [Double] {
        guard temperature != 1, temperature > 0 else { return ProbabilityHistogram.binCentres }
        return ProbabilityHistogram.binCentres.map { p in
            let odds = p / (1 - p)
            return 1 / (1 + SyntheticMath.exp(-SyntheticMath.log(odds) / temperature))
        }
    }

    /// Sums adjacent bins of a 100-bin vector into `bins` bins (`bins` divides 100).
    static func rebin(_ values: [Double], into bins: Int) -> [Double] {
        let width = values.count / bins
        return (0..<bins).map { k in values[(k * width)..<((k + 1) * width)].reduce(0, +) }
    }

    /// A bootstrap copy: every bin's count drawn from a Poisson law with that mean (the Poisson
    /// bootstrap; normal for counts above 50).
    static func resample(_ histogram: ProbabilityHistogram, using rng: inout SeededGenerator) -> ProbabilityHistogram {
        var counts = histogram.counts
        for b in counts.indices where counts[b] > 0 {
            counts[b] = poisson(mean: counts[b], using: &rng)
        }
        return ProbabilityHistogram(counts: counts)
    }

    static func poisson(mean: Double, using rng: inout SeededGenerator) -> Double {
        if mean > 50 {
            return Swift.max(0, (mean + mean.squareRoot() * rng.normal()).rounded())
        }
        // Knuth's multiplication method.
        let limit = SyntheticMath.exp(-mean)
        var k = 0.0
        var product = rng.unit()
        while product > limit {
            k += 1
            product *= rng.unit()
        }
        return k
    }

    /// Linear-interpolated quantile of sorted values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let position = q * Double(sorted.count - 1)
        let lower = Int(position)
        let upper = Swift.min(sorted.count - 1, lower + 1)
        let t = position - Double(lower)
        return sorted[lower] + t * (sorted[upper] - sorted[lower])
    }

    @inline(__always)
    static func clamp(_ x: Double) -> Double {
        x.isFinite ? Swift.min(1, Swift.max(0, x)) : 0
    }
}

extension ProbabilityHistogram {
    /// Share of the count in bins `bin` and above.
    func share(fromBin bin: Int) -> Double {
        let n = total
        guard n > 0 else { return 0 }
        return counts[bin...].reduce(0, +) / n
    }
}
