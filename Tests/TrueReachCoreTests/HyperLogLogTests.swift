import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct HyperLogLogTests {
    /// `count` distinct followers with consecutive ids from a seeded random start (realistic ids: numbers).
    static func keys(_ count: Int, seed: UInt64) -> [FollowerKey] {
        var rng = SplitMix64(seed: seed)
        let start = rng.next() % 1_000_000_000_000
        return (0..<UInt64(count)).map { FollowerKey(platform: .twitter, id: ProfileID(String(start + $0))) }
    }

    @Test(arguments: [0, 1, 100, 10_000, 1_000_000])
    func countIsWithinThreeStandardErrorsOfTheExactAnswer(size: Int) {
        // Given a sketch of `size` distinct followers
        var sketch = HyperLogLog()
        for key in Self.keys(size, seed: UInt64(size) &+ 7) { sketch.insert(key) }
        // Then its count is exact for an empty set and within 3 standard errors otherwise
        if size == 0 {
            #expect(sketch.count == 0)
        } else {
            let relative = abs(sketch.count - Double(size)) / Double(size)
            #expect(relative <= 3 * sketch.relativeStandardError, "\(size): \(sketch.count)")
        }
    }

    @Test func randomIdsWithRepeatsCountTheDistinctOnes() {
        // Given 20,000 random draws from 15,000 ids (so many repeats)
        var rng = SplitMix64(seed: 11)
        var sketch = HyperLogLog()
        var exact = Set<FollowerKey>()
        for _ in 0..<20_000 {
            let key = FollowerKey(platform: .mastodon, id: ProfileID("user\(rng.next() % 15_000)"))
            sketch.insert(key)
            exact.insert(key)
        }
        // Then the sketch counts the distinct ids, not the draws
        let relative = abs(sketch.count - Double(exact.count)) / Double(exact.count)
        #expect(relative <= 3 * sketch.relativeStandardError)
    }

    @Test func theStandardErrorIsOnePointZeroFourOverRootM() {
        #expect(HyperLogLog().registerCount == 16_384)
        #expect(abs(HyperLogLog().relativeStandardError - 0.008125) < 1e-12)
        #expect(HyperLogLog(precision: 12).registerCount == 4_096)
        #expect(abs(HyperLogLog(precision: 12).relativeStandardError - 0.01625) < 1e-12)
    }

    @Test func aSmallSetIsCountedByLinearCounting() {
        // Given 100 followers in 16,384 registers (almost all empty)
        var sketch = HyperLogLog()
        for key in Self.keys(100, seed: 3) { sketch.insert(key) }
        // Then the estimate is linear counting's m·ln(m/V), the small-range correction
        let m = Double(sketch.registerCount)
        let empty = Double(sketch.registers.filter { $0 == 0 }.count)
        let linear = m * log(m / empty)
        #expect(abs(sketch.count - linear) / linear < 0.001)
    }

    @Test func mergeIsTheSketchOfTheUnion() {
        // Given followers 0..<6,000 and 4,000..<10,000 sketched apart
        let keys = Self.keys(10_000, seed: 5)
        var left = HyperLogLog()
        var right = HyperLogLog()
        var whole = HyperLogLog()
        for key in keys[..<6_000] { left.insert(key) }
        for key in keys[4_000...] { right.insert(key) }
        for key in keys { whole.insert(key) }
        // When merged, either way round
        // Then the registers are those of one sketch of the union
        #expect(left.merging(right) == whole)
        #expect(right.merging(left) == whole)
        var again = left
        again.merge(left)
        #expect(again == left)
    }

    @Test func insertingTheSameFollowerTwiceChangesNothing() {
        var once = HyperLogLog(precision: 10)
        var twice = HyperLogLog(precision: 10)
        for key in Self.keys(500, seed: 9) {
            once.insert(key)
            twice.insert(key)
            twice.insert(key)
        }
        #expect(once == twice)
    }

    @Test func theMiddleOfTheRangeHasNoBiasJump() {
        // Around 2.5·m distinct, where the classic estimator switches from linear counting, the
        // mean relative error over 10 sketches stays under one standard error.
        var total = 0.0
        for seed in 0..<10 {
            var sketch = HyperLogLog()
            for key in Self.keys(41_000, seed: UInt64(100 + seed)) { sketch.insert(key) }
            total += sketch.count / 41_000 - 1
        }
        #expect(abs(total / 10) < HyperLogLog().relativeStandardError)
    }
}
