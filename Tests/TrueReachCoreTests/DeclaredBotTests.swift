import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

/// No training set carries the self-declared bot flag, so the learned scorer applies it as an override.
@Suite struct DeclaredBotTests {
    @Test func selfDeclaredBotIsSuspiciousWithTheReasonFirst() throws {
        // Given the trained model used by the model-file tests and an otherwise ordinary Mastodon account
        let scorer = TreeEnsembleScorer(model: try ModelFileTests.trainedModel())
        let person = Profile.fixture(platform: .mastodon, bot: false)
        var bot = person
        bot.bot = true
        // When both are scored
        let scores = scorer.score([person, bot], asOf: Profile.fixtureNow)
        // Then only the declared bot is raised, and it says why
        #expect(scores[1].probability >= TreeEnsembleScorer.declaredBotProbability)
        #expect(scores[1].signals.first?.text == "declares itself a bot")
        #expect(scores[0].probability < scores[1].probability)
        // And the prepared-features path agrees
        let features = FeatureMatrix(
            rows: [person, bot].map { scorer.extractor.extract($0, asOf: Profile.fixtureNow) },
            columnCount: FeatureExtractor.schema.count)
        let fast = scorer.probabilities(features, platform: .mastodon)
        #expect(abs(fast[1] - scores[1].probability) < 1e-12)
        #expect(abs(fast[0] - scores[0].probability) < 1e-12)
    }
}
