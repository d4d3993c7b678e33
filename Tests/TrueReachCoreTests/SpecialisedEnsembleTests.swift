import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

/// The ensemble of specialised classifiers (one per kind of bot, maximum rule) and data selection.
@Suite struct SpecialisedEnsembleTests {
    static let fakeFollowers = "cresci-2015-fame-for-sale"
    static let spammers = "botrepo-pronbots-2019"
    static let humans = "botrepo-verified-2019"

    /// A bought follower: follows many, followed by few, never posts.
    static func fakeFollower(_ i: Int, _ r: Int) -> Profile {
        .fixture(
            id: ProfileID("f\(i)"), handle: "u\(10_000_000 + r * 7_919)", displayName: nil, bio: nil,
            followers: r % 30, following: 1_500 + r * 3, posts: r % 4, likes: 0, lists: 0)
    }

    /// A spammer: posts a great deal, follows and is followed by few, never likes.
    static func spammer(_ i: Int, _ r: Int) -> Profile {
        .fixture(
            id: ProfileID("s\(i)"), handle: "deals\(r % 50)", displayName: "Deals", bio: "Best deals",
            followers: 5 + r % 40, following: 3 + r % 20, posts: 60_000 + r * 50, likes: 0, lists: 0)
    }

    /// A person: moderate counts everywhere.
    static func human(_ i: Int, _ r: Int) -> Profile {
        .fixture(
            id: ProfileID("h\(i)"), handle: ["jane_doe", "maria", "tom.b", "ken_w"][r % 4] + "\(r % 7)",
            followers: 100 + r * 5, following: 80 + r, posts: 500 + r * 10, likes: 300 + r, lists: r % 20)
    }

    /// Two kinds of bot (from datasets mapped to two kinds) and one set of humans.
    static func examples(count: Int = 900, seed: UInt64 = 11) -> [LabeledProfile] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { i in
            let r = Int(rng.next() % 1_000)
            switch i % 3 {
            case 0: return LabeledProfile(profile: fakeFollower(i, r), label: .bot, dataset: fakeFollowers)
            case 1: return LabeledProfile(profile: spammer(i, r), label: .bot, dataset: spammers)
            default: return LabeledProfile(profile: human(i, r), label: .human, dataset: humans)
            }
        }
    }

    static func configuration(
        _ ensemble: AuthenticityTrainingConfiguration.EnsembleMethod,
        combination: AuthenticityTrainingConfiguration.SpecialistCombination = .maximum
    ) -> AuthenticityTrainingConfiguration {
        AuthenticityTrainingConfiguration(
            parameters: TreeEnsembleParameters(treeCount: 15, maxDepth: 3), folds: 3, ensemble: ensemble,
            specialistCombination: combination)
    }

    static func fit(_ ensemble: AuthenticityTrainingConfiguration.EnsembleMethod) throws -> (
        AuthenticityTrainer.Fit, PreparedExamples
    ) {
        let data = PreparedExamples(examples(), asOf: Profile.fixtureNow)
        var rng = SplitMix64(seed: 3)
        let fit = try AuthenticityTrainer.fit(
            data, rows: Array(0..<data.count), configuration: configuration(ensemble), using: &rng)
        return (fit, data)
    }

    @Test func oneSpecialistPerKindOfBot() throws {
        let (fit, _) = try Self.fit(.specialised)
        #expect(fit.kinds == ["fake-follower", "spammer"])
        let (general, _) = try Self.fit(.specialisedWithGeneral)
        #expect(general.kinds == [AuthenticityTrainer.generalKind, "fake-follower", "spammer"])
        let (single, _) = try Self.fit(.single)
        #expect(single.ensembles.count == 1)
        #expect(AuthenticityTrainingConfiguration.botKind(ofDataset: "some-new-set") == "some-new-set")
    }

    @Test func maximumRuleFlagsABotOfEitherKind() throws {
        let (fit, _) = try Self.fit(.specialised)
        let fresh = [Self.fakeFollower(0, 123), Self.spammer(1, 456), Self.human(2, 789)]
        let test = PreparedExamples(
            zip(fresh, [ProfileLabel.bot, .bot, .human]).map {
                LabeledProfile(profile: $0, label: $1, dataset: "test")
            },
            asOf: Profile.fixtureNow)
        let margins = AuthenticityTrainer.margins(fit, test, rows: [0, 1, 2])
        #expect(margins[0] > 0, "a fake follower scores as a bot")
        #expect(margins[1] > 0, "a spammer scores as a bot")
        #expect(margins[2] < 0, "a person scores as a human")
        // The combined margin is the highest specialist's, and each bot is caught by its own.
        let matrix = test.matrix(rows: [0, 1, 2], handleModel: fit.handleModel)
        let each = fit.ensembles.map { $0.predictMargins(matrix) }
        for k in 0..<3 { #expect(margins[k] == each.map { $0[k] }.max()) }
        #expect(each[0][0] > each[1][0])
        #expect(each[1][1] > each[0][1])
    }

    static func trainedModel(
        _ ensemble: AuthenticityTrainingConfiguration.EnsembleMethod,
        combination: AuthenticityTrainingConfiguration.SpecialistCombination = .maximum
    ) throws -> AuthenticityModel {
        var rng = SplitMix64(seed: 1)
        return try AuthenticityTrainer.train(
            examples(), asOf: Profile.fixtureNow, configuration: configuration(ensemble, combination: combination),
            createdAt: Date(timeIntervalSince1970: 1_790_000_000), using: &rng)
    }

    @Test(.tags(.model), arguments: AuthenticityTrainingConfiguration.SpecialistCombination.allCases)
    func specialisedModelRoundTripsAndScores(
        combination: AuthenticityTrainingConfiguration.SpecialistCombination
    ) throws {
        let model = try Self.trainedModel(.specialised, combination: combination)
        #expect(model.specialists.map(\.kind) == ["fake-follower", "spammer"])
        #expect(model.name.hasPrefix("gbdt-esc2-"))
        #expect(model.formatVersion == AuthenticityModel.specialistsFormatVersion)
        #expect(model.specialistCombination == combination)
        #expect(model.specialists.allSatisfy { $0.offset == 0 } == (combination != .alignedMaximum))
        let data = try model.encoded()
        let decoded = try AuthenticityModel.decode(from: data)
        #expect(decoded == model)
        #expect(try decoded.encoded() == data)
        #expect(decoded.configuration?.ensemble == .specialised)

        let scorer = TreeEnsembleScorer(model: decoded)
        let profiles = [Self.fakeFollower(0, 321), Self.spammer(1, 654), Self.human(2, 987)]
        let scores = scorer.score(profiles, asOf: Profile.fixtureNow)
        let features = scorer.extractor.extract(profiles, asOf: Profile.fixtureNow)
        let fast = scorer.probabilities(features)
        for k in 0..<3 {
            // The explained path picks the same (highest) specialist as the fast path.
            #expect(abs(fast[k] - scores[k].probability) < 1e-9)
            #expect(abs(decoded.probability(features.row(k), platform: .twitter) - fast[k]) < 1e-9)
        }
        #expect(scores[0].probability >= scorer.threshold)
        #expect(scores[1].probability >= scorer.threshold)
        #expect(scores[2].probability < scorer.threshold)
        // Explanations come from the winning specialist: bot signals push towards bot.
        #expect(scores[0].signals.contains { $0.contribution > 0 })
        #expect(scores[1].signals.contains { $0.contribution > 0 })
        try ScorerConformance.check(scorer)
    }

    @Test func alignedMaximumShiftsEachSpecialistToItsHumanQuantile() throws {
        let data = PreparedExamples(Self.examples(), asOf: Profile.fixtureNow)
        var rng = SplitMix64(seed: 3)
        let fit = try AuthenticityTrainer.fit(
            data, rows: Array(0..<data.count),
            configuration: Self.configuration(.specialised, combination: .alignedMaximum),
            using: &rng)
        let humans = (0..<data.count).filter { !data.labels[$0] }
        let matrix = data.matrix(rows: humans, handleModel: fit.handleModel)
        for (ensemble, offset) in zip(fit.ensembles, fit.offsets) {
            let above = ensemble.predictMargins(matrix).filter { $0 - offset > 0 }.count
            #expect(
                Double(above) <= (1 - AuthenticityTrainingConfiguration.alignmentHumanQuantile) * Double(humans.count)
                    + 1)
        }
        #expect(
            AuthenticityTrainer.combine([1, 5], offsets: [0, 4.5], combination: .alignedMaximum, kinds: ["a", "b"]) == 1
        )
        #expect(AuthenticityTrainer.combine([1, 5], offsets: [0, 0], combination: .mean, kinds: ["a", "b"]) == 3)
        let general = [AuthenticityTrainer.generalKind, "a", "b"]
        #expect(AuthenticityTrainer.meanWeights(kinds: general, combination: .meanWithGeneral) == [0.5, 0.25, 0.25])
        #expect(
            AuthenticityTrainer.combine([2, 0, 4], offsets: [0, 0, 0], combination: .meanWithGeneral, kinds: general)
                == 2)
    }

    @Test func singleModelFilesHaveNoSpecialistsAndOldFilesStillLoad() throws {
        let model = try Self.trainedModel(.single)
        let data = try model.encoded()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["specialists"] == nil)
        let configuration = try #require(object["configuration"] as? [String: Any])
        #expect(configuration["ensemble"] == nil)
        #expect(configuration["excludedTrainingDatasets"] == nil)
        // A file written before these keys existed is exactly such a file.
        let decoded = try AuthenticityModel.decode(from: data)
        #expect(decoded.specialists.isEmpty)
        #expect(decoded.configuration?.ensemble == .single)
        #expect(decoded.configuration?.excludedTrainingDatasets == [])
        #expect(decoded.ensembles.count == 1)
    }

    @Test func excludedTrainingDatasetsAreNotTrainedOn() throws {
        let data = PreparedExamples(Self.examples(), asOf: Profile.fixtureNow)
        var configuration = Self.configuration(.specialised)
        configuration.excludedTrainingDatasets = [Self.spammers]
        var rng = SplitMix64(seed: 3)
        let fit = try AuthenticityTrainer.fit(
            data, rows: Array(0..<data.count), configuration: configuration, using: &rng)
        #expect(fit.kinds == ["fake-follower"])
        var rng2 = SplitMix64(seed: 1)
        let model = try AuthenticityTrainer.train(
            Self.examples(), asOf: Profile.fixtureNow, configuration: configuration,
            createdAt: Date(timeIntervalSince1970: 1_790_000_000), using: &rng2)
        #expect(model.trainingCounts[Self.spammers] == nil)
        #expect(model.trainingCounts[Self.fakeFollowers] != nil)
    }
}
