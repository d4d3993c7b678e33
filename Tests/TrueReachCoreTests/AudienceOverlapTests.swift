import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct AudienceOverlapTests {
    static func keys(_ range: Range<Int>, platform: Platform = .twitter) -> Set<FollowerKey> {
        Set(range.map { FollowerKey(platform: platform, id: ProfileID("id\($0)")) })
    }

    static func sketched(_ account: String, _ keys: Set<FollowerKey>) -> OverlapAudience {
        var sketch = HyperLogLog()
        for key in keys { sketch.insert(key) }
        return .sketched(account: account, realFollowers: keys.count, sketch: sketch)
    }

    @Test func exactOverlapCountsTheSharedFollowers() throws {
        // Given A = 100,000 followers and B = 100,000 of which 30,000 follow A too
        let a = Self.keys(0..<100_000)
        let b = Self.keys(70_000..<170_000)
        // When measured exactly
        let overlap = AudienceOverlap.measure([.exact(account: "a", followers: a), .exact(account: "b", followers: b)])
        // Then 30,000 are shared, 30% of the smaller, and 170,000 are unique
        let pair = try #require(overlap.pairs.first)
        #expect(overlap.pairs.count == 1)
        #expect(pair.a == "a" && pair.b == "b" && pair.method == .exact)
        #expect(pair.shared == .exact(30_000))
        #expect(pair.shareOfSmaller?.value == 0.3)
        #expect(pair.shareOfSmaller?.isExact == true)
        #expect(overlap.uniqueRealFollowers == .exact(170_000))
        #expect(overlap.uniqueMethod == .exact)
    }

    @Test func sketchedOverlapIsWithinItsStatedErrorOfTheExactAnswer() throws {
        // Given the same audiences as sketches (30% overlap)
        let a = Self.keys(0..<100_000)
        let b = Self.keys(70_000..<170_000)
        let overlap = AudienceOverlap.measure([Self.sketched("a", a), Self.sketched("b", b)])
        let pair = try #require(overlap.pairs.first)
        let shared = try #require(pair.shared)
        // Then the estimate is within 3 of its standard errors (ε·Û) and its 95% interval holds 30,000
        #expect(pair.method == .hyperloglog)
        #expect(abs(shared.standardError - HyperLogLog().relativeStandardError * (200_000 - shared.value)) < 1e-6)
        #expect(abs(shared.value - 30_000) <= 3 * shared.standardError, "\(shared)")
        #expect(shared.low <= 30_000 && 30_000 <= shared.high)
        #expect(shared.low >= 0 && shared.high <= 100_000)
        let share = try #require(pair.shareOfSmaller)
        #expect(abs(share.value - shared.value / 100_000) < 1e-12)
        let unique = try #require(overlap.uniqueRealFollowers)
        #expect(overlap.uniqueMethod == .hyperloglog)
        #expect(abs(unique.value - 170_000) <= 3 * unique.standardError)
    }

    @Test func theUnionOfManyIsCountedOncePerFollower() throws {
        // Given three audiences: 0..<1,000, 500..<1,500 and 1,400..<2,000, plus one on another platform
        let audiences: [OverlapAudience] = [
            .exact(account: "a", followers: Self.keys(0..<1_000)),
            .exact(account: "b", followers: Self.keys(500..<1_500)),
            .exact(account: "c", followers: Self.keys(1_400..<2_000)),
            .exact(account: "d", followers: Self.keys(0..<100, platform: .mastodon)),
        ]
        let overlap = AudienceOverlap.measure(audiences)
        // Then the pairs come in input order and the union holds 2,000 + 100 followers
        #expect(overlap.pairs.map { "\($0.a)\($0.b)" } == ["ab", "ac", "ad", "bc", "bd", "cd"])
        #expect(overlap.pairs.map { $0.shared?.value } == [500, 0, 0, 100, 0, 0])
        #expect(overlap.uniqueRealFollowers?.value == 2_100)
        // And as sketches, the union is within 3 standard errors
        let sketched = AudienceOverlap.measure(
            audiences.map { audience in
                guard case .exact(let keys) = audience.members else { return audience }
                return Self.sketched(audience.account, keys)
            })
        let unique = try #require(sketched.uniqueRealFollowers)
        #expect(abs(unique.value - 2_100) <= 3 * unique.standardError)
    }

    @Test func aSketchPairedWithExactIdsIsEstimated() throws {
        let overlap = AudienceOverlap.measure([
            .exact(account: "a", followers: Self.keys(0..<10_000)),
            Self.sketched("b", Self.keys(5_000..<20_000)),
        ])
        let shared = try #require(overlap.pairs.first?.shared)
        #expect(overlap.pairs.first?.method == .hyperloglog)
        #expect(abs(shared.value - 5_000) <= 3 * shared.standardError)
    }

    @Test func anUnknownAudienceMakesItsPairsAndTheUnionUnknown() throws {
        let overlap = AudienceOverlap.measure([
            .exact(account: "a", followers: Self.keys(0..<10)),
            .unknown(account: "s", reason: "sampled"),
            .exact(account: "b", followers: Self.keys(5..<10)),
        ])
        #expect(overlap.pairs.map(\.method) == [.unknown, .exact, .unknown])
        #expect(overlap.pairs[0].shared == nil && overlap.pairs[0].reason == "sampled")
        #expect(overlap.pairs[1].shared == .exact(5))
        #expect(overlap.pairs[1].shareOfSmaller == .exact(1))
        #expect(overlap.uniqueRealFollowers == nil)
        #expect(overlap.uniqueMethod == .unknown && overlap.uniqueReason == "sampled")
    }

    @Test func anAudienceWithNoRealFollowersHasNoShareOfSmaller() throws {
        let overlap = AudienceOverlap.measure([
            .exact(account: "a", followers: []), .exact(account: "b", followers: Self.keys(0..<3)),
        ])
        #expect(overlap.pairs.first?.shared == .exact(0))
        #expect(overlap.pairs.first?.shareOfSmaller == nil)
    }
}
