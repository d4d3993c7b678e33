import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct AudienceEvaluationTests {
    /// Three small labelled sets whose bots (few followers, many follows, no bio) and humans differ
    /// the same way, so a model trained on two of them ranks the third well.
    static func examples() -> [LabeledProfile] {
        var rng = SplitMix64(seed: 5)
        var out: [LabeledProfile] = []
        for name in ["set-a", "set-b", "set-c"] {
            for i in 0..<150 {
                let bot = i % 3 == 0
                let r = Int(rng.next() % 500)
                let account =
                    bot
                    ? Profile.fixture(
                        id: ProfileID("\(name)-\(i)"), handle: "u\(rng.next() % 100_000_000)", displayName: nil,
                        bio: nil, followers: r % 20, following: 900 + r, posts: r % 3, likes: 0, lists: 0)
                    : Profile.fixture(
                        id: ProfileID("\(name)-\(i)"), handle: "jane_\(r % 7)", followers: 150 + r,
                        following: 100 + r / 3, posts: 600 + r, likes: 300 + r, lists: r % 5)
                out.append(LabeledProfile(profile: account, label: bot ? .bot : .human, dataset: name))
            }
        }
        return out
    }

    @Test func everyPartIsMeasuredByEveryMethodAndWellRankedPartsAreEstimatedClosely() throws {
        let data = PreparedExamples(Self.examples(), asOf: Profile.fixtureNow)
        var configuration = AuthenticityTrainingConfiguration()
        configuration.parameters.treeCount = 10
        configuration.folds = 3
        var rng = SplitMix64(seed: 9)
        let result = try ModelValidation.audienceEvaluation(
            data, configuration: configuration, audienceSize: 200, repeats: 2, replicates: 20, using: &rng)
        #expect(result.parts.map(\.name) == ["set-a", "set-b", "set-c"])
        for part in result.parts {
            // The natural audience plus two per share.
            #expect(part.audiences.count == 1 + 2 * AudienceEvaluation.shares.count)
            #expect(part.audiences.filter(\.natural).map(\.truth) == [50.0 / 150])
            #expect(Set(part.methods.map(\.method)) == Set(QuantificationMethod.allCases))
            let em = try #require(part.methods.first { $0.method == .em })
            #expect(em.meanAbsoluteError < 0.1, "\(part.name): \(em)")
            #expect(try #require(part.rocAUC) > 0.95)
        }
        let pooledEM = try #require(result.pooled.first { $0.method == .em })
        let pooledCC = try #require(result.pooled.first { $0.method == .cc })
        #expect(pooledEM.meanAbsoluteError <= pooledCC.meanAbsoluteError + 1e-9)
        #expect(result.meanOverParts.count == QuantificationMethod.allCases.count)
    }
}
