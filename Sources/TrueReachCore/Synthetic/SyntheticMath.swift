/// `exp` and `log` in plain Swift, for the synthetic audience's distributions.
///
/// Core imports no C math library, and these give the same bits on every platform (a libm's
/// last-place rounding differs between systems, which would make synthetic output differ).
/// Accuracy is a few units in the last place over the ranges used here, which is plenty
/// for drawing follower counts.
enum SyntheticMath {
    private static let ln2Hi = 6.931_471_803_691_238_164_90e-01
    private static let ln2Lo = 1.908_214_929_270_587_700_02e-10
    private static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// e raised to `x`; `x` is clamped to ±700 so the result stays finite and non-zero.
    static func exp(_ x: Double) -> Double {
        let x = min(max(x, -700), 700)
        let k = (x / ln2).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo  // |r| <= ln2 / 2
        // Taylor series to r^13 / 13!: the remainder is below 1e-17 for |r| <= 0.35.
        var term = 1.0
        var sum = 1.0
        for n in 1...13 {
            term *= r / Double(n)
            sum += term
        }
        return Double(sign: .plus, exponent: Int(k), significand: sum)
    }

    /// The natural logarithm of a positive, finite `x`.
    static func log(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "log of a non-positive or non-finite value")
        var exponent = Double(x.exponent)
        var m = x.significand  // [1, 2)
        if m > 1.414_213_562_373_095 {
            m *= 0.5
            exponent += 1
        }
        // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172: 11 odd terms reach 1e-18.
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var power = s
        var sum = 0.0
        var n = 1.0
        for _ in 0..<11 {
            sum += power / n
            power *= s2
            n += 2
        }
        return exponent * ln2 + 2 * sum
    }
}
