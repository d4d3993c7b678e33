/// Counts of calibrated bot probabilities in equal bins over [0, 1], with their exact sum.
///
/// The audit keeps one per platform while it streams (mergeable in any order, so no second pass
/// over the input), and the model file keeps one per class of its out-of-fold training
/// predictions; ``FakeShareEstimator`` compares the two. Counts are `Double` so a profile can
/// hold weighted counts; integer counts stay exact up to 2⁵³.
public struct ProbabilityHistogram: Sendable, Hashable, Codable {
    /// Bins of width 0.01.
    public static let binCount = 100

    /// Count per bin; bin `b` holds probabilities in [b/100, (b+1)/100), the last bin also 1.
    public private(set) var counts: [Double]
    /// The sum of the probabilities added (for the exact mean).
    public private(set) var sum: Double

    /// An empty histogram.
    public init() {
        counts = [Double](repeating: 0, count: Self.binCount)
        sum = 0
    }

    /// A histogram with the given counts; the sum is taken from the bin centres.
    ///
    /// - Precondition: `counts.count == binCount`.
    public init(counts: [Double]) {
        precondition(counts.count == Self.binCount, "one count per bin")
        self.counts = counts
        sum = zip(counts, Self.binCentres).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The bin of a probability (NaN goes to bin 0).
    @inline(__always)
    public static func bin(of probability: Double) -> Int {
        guard probability > 0 else { return 0 }
        return Swift.min(binCount - 1, Int(probability * Double(binCount)))
    }

    /// The centre of each bin.
    public static let binCentres: [Double] = (0..<binCount).map { (Double($0) + 0.5) / Double(binCount) }

    /// Adds a probability.
    @inline(__always)
    public mutating func add(_ probability: Double, weight: Double = 1) {
        counts[Self.bin(of: probability)] += weight
        if probability.isFinite { sum += weight * probability }
    }

    /// Adds everything in another histogram.
    public mutating func merge(_ other: ProbabilityHistogram) {
        for b in counts.indices { counts[b] += other.counts[b] }
        sum += other.sum
    }

    /// Total count.
    public var total: Double { counts.reduce(0, +) }

    /// Mean probability (0 when empty).
    public var mean: Double {
        let n = total
        return n > 0 ? sum / n : 0
    }

    /// Counts normalised to sum to 1 (all zero when empty).
    public var normalised: [Double] {
        let n = total
        guard n > 0 else { return counts }
        return counts.map { $0 / n }
    }

    /// Share of the count at or above `threshold` (whole bins from the threshold's bin up).
    public func share(atOrAbove threshold: Double) -> Double {
        let n = total
        guard n > 0 else { return 0 }
        let first = Self.bin(of: threshold)
        return counts[first...].reduce(0, +) / n
    }

    private enum CodingKeys: String, CodingKey {
        case counts, sum
    }

    /// Decodes and checks the bin count.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        counts = try c.decode([Double].self, forKey: .counts)
        sum = try c.decode(Double.self, forKey: .sum)
        guard counts.count == Self.binCount else {
            throw DecodingError.dataCorruptedError(
                forKey: .counts, in: c, debugDescription: "expected \(Self.binCount) bins, found \(counts.count)")
        }
    }
}
