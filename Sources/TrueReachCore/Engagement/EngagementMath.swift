/// Small numeric helpers shared by the engagement, growth and cohort analytics.
///
/// Core may not import the C math library, so `exp` and the normal CDF are written here.
enum EngagementMath {
    /// Arithmetic mean; nil for an empty input.
    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Median (average of the two middle values for an even count); nil for an empty input.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        let mid = s.count / 2
        return s.count % 2 == 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
    }

    /// Median absolute deviation from the median (unscaled).
    static func mad(_ values: [Double]) -> Double? {
        guard let m = median(values) else { return nil }
        return median(values.map { abs($0 - m) })
    }

    /// Population standard deviation.
    static func standardDeviation(_ values: [Double]) -> Double? {
        guard let m = mean(values) else { return nil }
        let v = values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count)
        return v.squareRoot()
    }

    /// The `p` quantile (0…1) by linear interpolation between order statistics (type 7).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// e^x, by range reduction to |r| ≤ ln 2 / 2 and a Taylor series (relative error below 1e-15).
    static func exp(_ x: Double) -> Double {
        if x > 709 { return .infinity }
        if x < -745 { return 0 }
        let ln2 = 0.693_147_180_559_945_3
        let k = (x / ln2).rounded()
        let r = x - k * ln2
        var term = 1.0
        var sum = 1.0
        for n in 1...25 {
            term *= r / Double(n)
            sum += term
        }
        return sum * Double(sign: .plus, exponent: Int(k), significand: 1)
    }

    /// Complementary error function (Numerical Recipes `erfcc`, fractional error below 1.2e-7).
    static func erfc(_ x: Double) -> Double {
        let z = abs(x)
        let t = 1 / (1 + 0.5 * z)
        let poly =
            -z * z - 1.265_512_23
            + t
            * (1.000_023_68 + t
                * (0.374_091_96 + t
                    * (0.096_784_18
                        + t
                        * (-0.186_288_06 + t
                            * (0.278_868_07 + t
                                * (-1.135_203_98
                                    + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))))
        let r = t * exp(poly)
        return x >= 0 ? r : 2 - r
    }

    /// Standard normal upper-tail probability P(Z > z).
    static func normalUpperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// A uniform integer in 0..<n from any generator.
    static func index<G: RandomNumberGenerator>(below n: Int, using rng: inout G) -> Int {
        Int.random(in: 0..<n, using: &rng)
    }
}
