/// A small, fast, seeded random number generator (SplitMix64) for deterministic samples and synthetic data.
///
/// Core never reaches for system randomness: callers that need reproducible draws (the synthetic
/// audience, seeded samples) create a `SeededGenerator` from a seed and pass it in. The sequence is
/// SplitMix64 (Steele, Lea and Flood, 2014), the same as TestSupport's `SplitMix64`: for a given seed
/// both produce the same numbers, on every platform.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42)
/// let audience = SyntheticAudience.generate(count: 1_000, now: now, using: &rng)
/// ```
///
/// Not suitable for cryptography.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Hashable {
    private var state: UInt64

    /// Creates a generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// Creates the generator for one independent substream of `seed`.
    ///
    /// Parallel workers (or a generator that must produce item `i` without producing items
    /// `0..<i` first) each take their own stream number, and so draw deterministic,
    /// decorrelated sequences without sharing state.
    ///
    /// - Parameters:
    ///   - seed: The seed of the whole family of streams.
    ///   - stream: The number of this stream; any value.
    public init(seed: UInt64, stream: UInt64) {
        state = Self.mix(seed ^ Self.mix(stream &+ 0x632B_E59B_D9B4_E019))
    }

    /// Returns the next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// The SplitMix64 output function: a bijective avalanche of 64 bits.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

// MARK: - Draws used by the synthetic audience

extension SeededGenerator {
    /// A uniform double in `[0, 1)` with 53 random bits.
    @inline(__always)
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// `true` with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// A uniform integer in `range` (slight modulo bias, irrelevant at these range sizes).
    @inline(__always)
    mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        return range.lowerBound + Int(truncatingIfNeeded: next() % width)
    }

    /// A standard normal draw (Marsaglia's polar method, one value per accepted pair).
    mutating func normal() -> Double {
        while true {
            let u = 2.0 * unit() - 1.0
            let v = 2.0 * unit() - 1.0
            let s = u * u + v * v
            if s > 0, s < 1 {
                return u * (-2.0 * SyntheticMath.log(s) / s).squareRoot()
            }
        }
    }

    /// A log-normal draw with the given median and log-scale spread, rounded down to an integer.
    mutating func logNormal(median: Double, sigma: Double) -> Int {
        let value = median * SyntheticMath.exp(sigma * normal())
        return value >= 9.0e15 ? 9_000_000_000_000_000 : Int(value)
    }

    /// An exponential draw with the given mean.
    mutating func exponential(mean: Double) -> Double {
        -mean * SyntheticMath.log(1.0 - unit())
    }

    /// One element of a non-empty array, uniformly.
    @inline(__always)
    mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[Int(truncatingIfNeeded: next() % UInt64(elements.count))]
    }
}
