import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct SyntheticAudienceTests {
    static let now = Date(timeIntervalSince1970: 1_793_491_200)  // 2026-11-01T00:00:00Z

    static func audience(count: Int = 4_000, seed: UInt64 = 42, boughtShare: Double = 0.15) -> SyntheticAudience {
        SyntheticAudience(count: count, boughtShare: boughtShare, now: now, seed: seed)
    }

    @Test func sameSeedGivesIdenticalAccounts() {
        // Given two generators with the same seed
        var a = SeededGenerator(seed: 7)
        var b = SeededGenerator(seed: 7)
        // When each generates an audience
        let first = SyntheticAudience.generate(count: 500, now: Self.now, using: &a)
        let second = SyntheticAudience.generate(count: 500, now: Self.now, using: &b)
        // Then the accounts are identical
        #expect(first == second)
        #expect(first.count == 500)
    }

    @Test func differentSeedsGiveDifferentAccounts() {
        let first = Array(Self.audience(count: 200, seed: 1))
        let second = Array(Self.audience(count: 200, seed: 2))
        let same = zip(first, second).filter { $0 == $1 }.count
        #expect(same == 0)
    }

    @Test func accountsDependOnlyOnSeedAndPosition() {
        // Given one audience, read forwards, backwards and in a slice
        let audience = Self.audience(count: 300)
        let forwards = Array(audience)
        let backwards = Array(audience.reversed().reversed())
        let slice = Array(audience[100..<200])
        // Then every access path yields the same account at the same position
        #expect(forwards == backwards)
        #expect(slice == Array(forwards[100..<200]))
    }

    @Test func batchesCoverTheAudienceInOrder() {
        let audience = Self.audience(count: 1_003)
        var collected: [Profile] = []
        var starts: [Int] = []
        audience.forEachBatch(ofSize: 250) { batch, start in
            collected += batch
            starts.append(start)
        }
        #expect(starts == [0, 250, 500, 750, 1_000])
        #expect(collected == Array(audience))
    }

    @Test func identifiersAreUnique() {
        let audience = Self.audience(count: 20_000)
        let ids = Set(audience.map(\.id))
        #expect(ids.count == 20_000)
    }

    @Test(arguments: [0.0, 0.15, 0.5, 1.0])
    func boughtBlockHasTheRequestedShare(share: Double) {
        let audience = Self.audience(count: 3_001, boughtShare: share)
        let expected = Int((3_001 * share).rounded())
        let bought = (0..<audience.count).filter { audience.isBought(at: $0) }.count
        #expect(audience.boughtCount == expected)
        #expect(bought == expected)
    }

    @Test func boughtFollowersLookBought() throws {
        // Given the bought block of a 4,000-account audience
        let audience = Self.audience()
        let bought = audience.indices.filter { audience.isBought(at: $0) }.map { audience[$0] }
        try #require(bought.count == 600)
        // Then they follow many, are followed by few, have at most 3 posts and no real bio
        for account in bought {
            let following = try #require(account.followingCount)
            #expect((100...7_500).contains(following))
            #expect((account.followersCount ?? 0) <= 40)
            #expect((0...3).contains(account.postsCount ?? -1))
            #expect(account.verified == false)
            #expect(account.listsCount == 0)
        }
        let defaultAvatars = bought.filter { $0.defaultAvatar == true }.count
        #expect(Double(defaultAvatars) / Double(bought.count) > 0.8)
        let emptyBios = bought.filter { ($0.bio ?? "").isEmpty }.count
        #expect(Double(emptyBios) / Double(bought.count) > 0.85)
        let digitHeavy = bought.filter { Self.digits(in: $0.handle ?? "") >= 4 }.count
        #expect(Double(digitHeavy) / Double(bought.count) > 0.7)
        // And each purchase was created within three days, less than 420 days before now
        let created = bought.compactMap(\.createdAt)
        let oldest = try #require(created.min())
        #expect(Self.now.timeIntervalSince(oldest) <= 421 * 86_400)
        var start = 0
        for index in 1...audience.count
        where index == audience.count || audience.isBought(at: index) != audience.isBought(at: index - 1) {
            if audience.isBought(at: start) {
                let dates = (start..<index).compactMap { audience[$0].createdAt }
                let span = try #require(dates.max()).timeIntervalSince(try #require(dates.min()))
                #expect(span < 3 * 86_400)
            }
            start = index
        }
    }

    @Test func organicDistributionsAreInSaneRanges() throws {
        // Given the organic followers of a 20,000-account audience
        let audience = Self.audience(count: 20_000)
        let organic = audience.indices.filter { !audience.isBought(at: $0) }
        let profiles = organic.map { audience[$0] }
        let archetypes = organic.map { audience.archetype(at: $0) }
        let share = { (archetype: SyntheticAudience.Archetype) in
            Double(archetypes.filter { $0 == archetype }.count) / Double(organic.count)
        }
        // Then the archetype mix is as documented
        #expect((0.55...0.65).contains(share(.regular)))
        #expect((0.14...0.22).contains(share(.lurker)))
        #expect((0.11...0.19).contains(share(.inactive)))
        #expect((0.04...0.08).contains(share(.massFollower)))
        #expect((0.005...0.02).contains(share(.influencer)))
        // And counts are heavy-tailed with plausible medians
        let followers = profiles.compactMap(\.followersCount).sorted()
        let median = followers[followers.count / 2]
        #expect((40...400).contains(median))
        #expect(followers.last ?? 0 > 20_000)
        #expect(followers.first ?? -1 >= 0)
        for (account, archetype) in zip(profiles, archetypes) {
            let created = try #require(account.createdAt)
            #expect(created >= Date(timeIntervalSince1970: 1_152_921_600))
            #expect(created < Self.now)
            #expect(account.capturedAt == Self.now)
            if let lastPost = account.lastPostAt {
                #expect(lastPost >= created)
                #expect(lastPost <= Self.now)
            }
            switch archetype {
            case .lurker:
                #expect(account.postsCount == 0)
                #expect(account.lastPostAt == nil)
            case .inactive:
                let lastPost = try #require(account.lastPostAt)
                #expect(Self.now.timeIntervalSince(lastPost) > 90 * 86_400)
            case .massFollower:
                #expect((2_000...7_000).contains(account.followingCount ?? 0))
            case .influencer:
                #expect((account.followersCount ?? 0) > 5_000)
            case .regular:
                let lastPost = try #require(account.lastPostAt)
                #expect(Self.now.timeIntervalSince(lastPost) <= 90 * 86_400)
            case .bought:
                Issue.record("organic position reported as bought")
            }
            #expect((account.handle ?? "").utf8.count <= 15)
            #expect((account.handle ?? "").allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        }
        // And some bios are empty, some profiles verified, several languages appear
        let empty = profiles.filter { ($0.bio ?? "").isEmpty }.count
        #expect((0.2...0.45).contains(Double(empty) / Double(profiles.count)))
        let verified = profiles.filter { $0.verified == true }.count
        #expect((1...200).contains(verified))
        #expect(Set(profiles.compactMap(\.language)).count >= 8)
    }

    @Test func hostileTextsArePlantedOnce() {
        let profiles = Array(Self.audience(count: 1_000))
        let texts = profiles.flatMap { [$0.displayName ?? "", $0.bio ?? "", $0.location ?? "", $0.url ?? ""] }
        #expect(texts.filter { $0.contains("<script>") }.count == 1)
        #expect(texts.filter { $0.hasPrefix("=") }.count == 1)
        #expect(texts.filter { $0.unicodeScalars.contains("\u{202E}") }.count == 2)
        #expect(texts.filter { $0.unicodeScalars.contains("\u{1B}") }.count == 2)
        #expect(texts.filter { $0.hasPrefix("javascript:") }.count == 1)
    }

    @Test func smallAudiencesHaveNoHostileTexts() {
        let profiles = Array(Self.audience(count: 20))
        #expect(!profiles.contains { ($0.bio ?? "").contains("<script>") })
    }

    @Test func otherPlatformsGetTheirHandleShapes() {
        let instagram = SyntheticAudience(count: 200, platform: .instagram, now: Self.now, seed: 3)
        #expect(instagram.allSatisfy { $0.platform == .instagram && $0.handle == $0.handle?.lowercased() })
        let bluesky = SyntheticAudience(count: 200, platform: .bluesky, now: Self.now, seed: 3)
        #expect(bluesky.allSatisfy { $0.id.rawValue.hasPrefix("did:plc:") && $0.id.rawValue.count == 32 })
        #expect(bluesky.allSatisfy { $0.handle?.hasSuffix(".bsky.social") == true })
    }

    static func digits(in text: String) -> Int {
        text.utf8.filter { $0 >= 48 && $0 <= 57 }.count
    }
}

@Suite struct SeededGeneratorTests {
    @Test func matchesTestSupportSplitMix64() {
        var ours = SeededGenerator(seed: 12_345)
        var reference = SplitMix64(seed: 12_345)
        for _ in 0..<100 {
            #expect(ours.next() == reference.next())
        }
    }

    @Test func knownFirstOutputs() {
        // SplitMix64 reference values for seed 0.
        var rng = SeededGenerator(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func streamsAreDeterministicAndDistinct() {
        var a = SeededGenerator(seed: 9, stream: 1)
        var b = SeededGenerator(seed: 9, stream: 1)
        var c = SeededGenerator(seed: 9, stream: 2)
        let first = (0..<8).map { _ in a.next() }
        #expect(first == (0..<8).map { _ in b.next() })
        #expect(first != (0..<8).map { _ in c.next() })
    }
}
