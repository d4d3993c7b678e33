import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct RuleScorerTests {
    let scorer = RuleScorer()
    let now = Profile.fixtureNow

    @Test func ordinaryPersonScoresLow() throws {
        let score = try #require(scorer.score([.fixture()], asOf: now).first)
        #expect(score.probability < 0.2)
        #expect(score.signals.allSatisfy { $0.contribution < 0 })
    }

    @Test func boughtFollowerScoresHighWithReasonsInWords() throws {
        // Given a profile shaped like a bought follower
        let account = Profile.fixture(
            handle: "user84736251", displayName: "", bio: "", followers: 3, following: 1_900, posts: 0,
            likes: 0, lists: 0, defaultAvatar: true)
        // When it is scored
        let score = try #require(scorer.score([account], asOf: now).first)
        // Then it is flagged and the strongest reason names its own numbers
        #expect(score.probability >= scorer.threshold)
        let texts = score.signals.map(\.text)
        #expect(texts.contains("follows 1,900, followed by 3"))
        #expect(score.signals.count <= scorer.maximumSignals)
    }

    @Test func unknownFieldsNeitherFireNorCount() throws {
        let bare = Profile(platform: .instagram, id: "x")
        let score = try #require(scorer.score([bare], asOf: now).first)
        #expect(score.signals.isEmpty)
        #expect(abs(score.probability - 1 / (1 + exp(1.5))) < 1e-12)
    }

    @Test func selfDeclaredBotAndVerifiedDominate() throws {
        let scores = scorer.score([.fixture(bot: true), .fixture(verified: true)], asOf: now)
        #expect(scores[0].probability > 0.5)
        #expect(scores[0].signals.first?.code == "rule.self_declared_bot")
        #expect(scores[1].probability < 0.05)
    }

    @Test(arguments: [("I am a bot.", true), ("bottle collector", false), ("BOT account", true)])
    func botInBioMatchesWholeWords(bio: String, fires: Bool) throws {
        let score = try #require(scorer.score([.fixture(bio: bio)], asOf: now).first)
        let all = RuleScorer(maximumSignals: 50).score([.fixture(bio: bio)], asOf: now)[0]
        #expect(all.signals.contains { $0.code == "rule.bot_in_bio" } == fires)
        #expect(score.probability >= 0 && score.probability <= 1)
    }

    @Test func countsAreGroupedForReading() {
        #expect(CountText.grouped(0) == "0")
        #expect(CountText.grouped(999) == "999")
        #expect(CountText.grouped(4_800) == "4,800")
        #expect(CountText.grouped(-1_234_567) == "-1,234,567")
        #expect(CountText.grouped(100_000) == "100,000")
        #expect(CountText.grouped(Int.max) == "9,223,372,036,854,775,807")
        #expect(CountText.grouped(Int.min) == "-9,223,372,036,854,775,808")
        #expect(CountText.percent(0.1234) == "12.3%")
        #expect(CountText.percent(1) == "100.0%")
    }
}

@Suite struct RuleScorerConformanceTests {
    @Test func ruleScorerPassesTheScorerConformanceSuite() throws {
        try ScorerConformance.check(RuleScorer())
    }
}
