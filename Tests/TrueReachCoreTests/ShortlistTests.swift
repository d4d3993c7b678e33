import Testing
import TrueReachCore

@Suite struct ShortlistTests {
    static func keys(_ range: ClosedRange<Int>) -> Set<FollowerKey> {
        Set(range.map { FollowerKey(platform: .twitter, id: ProfileID("id\($0)")) })
    }

    static func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return false }
        return abs(a - b) < 1e-9
    }

    /// A (AQS 80, fake 20%, followers 1…10), B (AQS 70, fake 10%, followers 1…8: all A's), C (AQS 60,
    /// fake 10%, followers 11…20: none of A's or B's).
    static let three = [
        ShortlistCandidate(
            account: "a", audienceQualityScore: 80, estimatedFakeShare: 0.2,
            audience: .exact(account: "a", followers: keys(1...10))),
        ShortlistCandidate(
            account: "b", audienceQualityScore: 70, estimatedFakeShare: 0.1,
            audience: .exact(account: "b", followers: keys(1...8))),
        ShortlistCandidate(
            account: "c", audienceQualityScore: 60, estimatedFakeShare: 0.1,
            audience: .exact(account: "c", followers: keys(11...20))),
    ]

    @Test func ranksByTheWeightedFiguresAndRewardsNewFollowers() throws {
        // Given weights aqs 2, authentic 1, uniqueness 1 (relative: 0.5, 0.25, 0.25), the rest 0
        let weights = try ShortlistWeights([.audienceQualityScore: 2, .authentic: 1, .uniqueness: 1])
        // When ranked
        let ranking = Shortlist.rank(Self.three, weights: weights)
        // Then, by hand: step 1 (every uniqueness 1) a = .5·.8 + .25·.8 + .25 = .85, b = .825, c = .775;
        // step 2 b reaches no one new (.35 + .225 = .575) while c does (.775); then b.
        #expect(ranking.entries.map(\.account) == ["a", "c", "b"])
        #expect(ranking.entries.map(\.rank) == [1, 2, 3])
        #expect(Self.close(ranking.entries[0].score, 0.85))
        #expect(Self.close(ranking.entries[1].score, 0.775))
        #expect(Self.close(ranking.entries[2].score, 0.575))
        #expect(ranking.used == [.audienceQualityScore, .authentic, .uniqueness])
        #expect(ranking.notUsed.map(\.component) == [.trueReach, .engagement, .growth, .outcomes])
        #expect(ranking.notUsed.allSatisfy { $0.reason == "weight 0" })
        // And each entry shows its figures: b's uniqueness is 0 after a, exactly
        let b = ranking.entries[2]
        let parts = Dictionary(uniqueKeysWithValues: b.parts.map { ($0.component, $0) })
        #expect(parts[.audienceQualityScore]?.figure == 70)
        #expect(Self.close(parts[.audienceQualityScore]?.value, 0.7))
        #expect(Self.close(parts[.audienceQualityScore]?.weight, 0.5))
        #expect(Self.close(parts[.audienceQualityScore]?.contribution, 0.35))
        #expect(Self.close(parts[.authentic]?.figure, 0.9))
        #expect(parts[.uniqueness]?.figure == 0)
        #expect(parts[.uniqueness]?.method == .exact)
        #expect(b.knownWeight == 1)
        #expect(b.unknown.isEmpty)
        #expect(Self.close(b.parts.reduce(0) { $0 + $1.contribution }, b.score))
    }

    @Test func withoutUniquenessItIsASortByScore() throws {
        let weights = try ShortlistWeights([.audienceQualityScore: 2, .authentic: 1])
        let ranking = Shortlist.rank(Self.three, weights: weights)
        // a = (2·.8 + .8)/3 = .8, b = (1.4 + .9)/3 = .7667, c = (1.2 + .9)/3 = .7
        #expect(ranking.entries.map(\.account) == ["a", "b", "c"])
        #expect(Self.close(ranking.entries[1].score, 2.3 / 3))
    }

    @Test func anUnknownFigureCountsAsTheWorstAndOneUnknownForAllIsLeftOut() throws {
        // Given aqs, engagement and outcomes weighed alike; outcomes unknown for both, engagement for b
        let weights = try ShortlistWeights([.audienceQualityScore: 1, .engagement: 1, .outcomes: 1])
        let candidates = [
            ShortlistCandidate(
                account: "a", audienceQualityScore: 50, engagementRatio: 1, audience: .unknown(account: "a", reason: "")
            ),
            ShortlistCandidate(account: "b", audienceQualityScore: 90, audience: .unknown(account: "b", reason: "")),
        ]
        let ranking = Shortlist.rank(candidates, weights: weights)
        // Then outcomes is left out (the others weigh 1/2 each); a = .5·.5 + .5·.5 = .5 beats b = .5·.9 + 0
        #expect(
            ranking.notUsed.contains(ShortlistRanking.Unused(component: .outcomes, reason: "unknown for every account"))
        )
        #expect(ranking.used == [.audienceQualityScore, .engagement])
        #expect(ranking.entries.map(\.account) == ["a", "b"])
        #expect(Self.close(ranking.entries[0].score, 0.5))
        #expect(Self.close(ranking.entries[1].score, 0.45))
        // And b says its score rests on half the weight, engagement unknown
        #expect(ranking.entries[1].unknown == [.engagement])
        #expect(Self.close(ranking.entries[1].knownWeight, 0.5))
        #expect(ranking.entries[1].parts.first { $0.component == .engagement }?.value == nil)
    }

    @Test func anUnknownAudienceHasAnUnknownUniquenessAndSoDoesEveryoneBelowIt() throws {
        let weights = try ShortlistWeights([.audienceQualityScore: 1, .uniqueness: 1])
        let candidates = [
            ShortlistCandidate(
                account: "sampled", audienceQualityScore: 90, audience: .unknown(account: "s", reason: "")),
            ShortlistCandidate(
                account: "known", audienceQualityScore: 80, audience: .exact(account: "k", followers: Self.keys(1...5))),
        ]
        let ranking = Shortlist.rank(candidates, weights: weights)
        // Step 1: sampled = .45 + 0 (its uniqueness unknown, counted as 0), known = .4 + .5 = .9
        #expect(ranking.entries.map(\.account) == ["known", "sampled"])
        let last = ranking.entries[1]
        #expect(last.unknown == [.uniqueness])
        #expect(last.parts.first { $0.component == .uniqueness }?.method == .unknown)
        #expect(Self.close(last.score, 0.45))

        // And with a tie (sampled = .5 + 0, known = 0 + .5) the earlier account wins; the one below it
        // cannot know what it adds to an unknown audience.
        var tied = candidates
        tied[0].audienceQualityScore = 100
        tied[1].audienceQualityScore = 0
        let second = Shortlist.rank(tied, weights: weights)
        #expect(second.entries.map(\.account) == ["sampled", "known"])
        #expect(second.entries[1].unknown == [.uniqueness])
        #expect(second.entries[1].score == 0)
    }

    @Test func normalisesEachFigureAsDocumented() {
        #expect(Shortlist.normalise(.audienceQualityScore, 72) == 0.72)
        #expect(Shortlist.normalise(.engagement, 1) == 0.5)
        #expect(Shortlist.normalise(.engagement, 3) == 1)
        #expect(Shortlist.normalise(.growth, 0) == 1)
        #expect(Shortlist.normalise(.growth, 3) == 0.25)
        #expect(Shortlist.normalise(.outcomes, 5) == 0.25)
        #expect(Shortlist.normalise(.authentic, 1.2) == 1)
        #expect(Shortlist.normalise(.trueReach, .nan) == nil)
    }

    @Test func sketchedUniquenessIsWithinItsErrorOfTheExactShare() throws {
        // Given a (10,000 followers) and b (10,000, of which 3,000 follow a) as sketches: b brings 70% new
        func sketched(_ name: String, _ keys: Set<FollowerKey>) -> OverlapAudience {
            var sketch = HyperLogLog()
            for key in keys { sketch.insert(key) }
            return .sketched(account: name, realFollowers: keys.count, sketch: sketch)
        }
        let weights = try ShortlistWeights([.audienceQualityScore: 1, .uniqueness: 1])
        let candidates = [
            ShortlistCandidate(account: "a", audienceQualityScore: 90, audience: sketched("a", Self.keys(1...10_000))),
            ShortlistCandidate(
                account: "b", audienceQualityScore: 80, audience: sketched("b", Self.keys(7_001...17_000))),
        ]
        let ranking = Shortlist.rank(candidates, weights: weights)
        let unique = try #require(ranking.entries[1].parts.first { $0.component == .uniqueness })
        let share = try #require(unique.figure)
        let error = try #require(unique.standardError)
        #expect(unique.method == .hyperloglog)
        #expect(error > 0)
        #expect(abs(share - 0.7) <= 3 * error)
    }

    @Test func parsesWeightAssignmentsAndRejectsUnknownKeys() throws {
        let weights = try ShortlistWeights.parse(["aqs=0.3", "uniqueness: 0", "outcomes=0.5"])
        #expect(weights[.audienceQualityScore] == 0.3)
        #expect(weights[.uniqueness] == 0)
        #expect(weights[.outcomes] == 0.5)
        #expect(weights[.authentic] == ShortlistWeights.defaults[.authentic])
        let cases: [(String, ShortlistWeights.ParseError.Code)] = [
            ("reach=1", .unknownKey), ("aqs", .malformed), ("aqs=-1", .negative), ("aqs=lots", .notANumber),
            ("aqs=inf", .notANumber),
        ]
        for (text, code) in cases {
            #expect(throws: ShortlistWeights.ParseError.self, "\(text)") { try ShortlistWeights.parse([text]) }
            do {
                _ = try ShortlistWeights.parse([text])
            } catch {
                #expect(error.code == code, "\(text)")
            }
        }
        let zeros = ShortlistComponent.allCases.map { "\($0.key)=0" }
        do {
            _ = try ShortlistWeights.parse(zeros)
            Issue.record("all-zero weights were accepted")
        } catch {
            #expect(error.code == .allZero)
        }
    }

    @Test func theDefaultsSumToOne() {
        let sum = ShortlistComponent.allCases.reduce(0) { $0 + ShortlistWeights.defaults[$1] }
        #expect(Self.close(sum, 1))
    }
}
