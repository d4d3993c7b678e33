import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct AudienceSampleTests {
    @Test func sameSeedSameSampleWhateverTheBatching() {
        var whole = AudienceSample(size: 50, seed: 42)
        var left = AudienceSample(size: 50, seed: 42)
        var right = AudienceSample(size: 50, seed: 42)
        for i in 0..<1_000 {
            let account = Profile.fixture(id: ProfileID("id\(i)"))
            whole.insert(account)
            if i % 3 == 0 { left.insert(account) } else { right.insert(account) }
        }
        right.merge(left)
        #expect(whole.profiles.map(\.id) == right.profiles.map(\.id))
        #expect(whole.profiles.count == 50)
        #expect(right.populationCount == 1_000)
        var other = AudienceSample(size: 50, seed: 43)
        for i in 0..<1_000 { other.insert(.fixture(id: ProfileID("id\(i)"))) }
        #expect(other.profiles.map(\.id) != whole.profiles.map(\.id))
    }

    @Test func eachAccountIsEquallyLikelyToBeDrawn() {
        // Over many seeds, each of 20 accounts lands in a 5-sample about 25% of the time.
        var hits = [Int](repeating: 0, count: 20)
        for seed in 0..<2_000 {
            var sample = AudienceSample(size: 5, seed: UInt64(seed))
            for i in 0..<20 { sample.insert(.fixture(id: ProfileID("\(i)"))) }
            for account in sample.profiles { hits[Int(account.id.rawValue)!] += 1 }
        }
        for count in hits { #expect(abs(Double(count) / 2_000 - 0.25) < 0.05) }
    }

    @Test func topKKeepsTheSmallestUnderATotalOrder() {
        var top = TopK<Int>(capacity: 3, by: <)
        for value in [9, 4, 7, 1, 8, 2, 6, 3, 5, 0, 11, 10] { top.insert(value) }
        #expect(top.elements == [0, 1, 2])
        var empty = TopK<Int>(capacity: 0, by: <)
        empty.insert(1)
        #expect(empty.elements.isEmpty)
    }
}
