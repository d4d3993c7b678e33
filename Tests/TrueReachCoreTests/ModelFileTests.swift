import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct ModelFileTests {
    static func syntheticExamples(count: Int = 600, seed: UInt64 = 5) -> [LabeledProfile] {
        var rng = SplitMix64(seed: seed)
        var out: [LabeledProfile] = []
        for i in 0..<count {
            let bot = i % 2 == 0
            let dataset = i % 4 < 2 ? "a" : "b"
            let r = Int(rng.next() % 1_000)
            let account: Profile =
                bot
                ? .fixture(
                    id: ProfileID("\(i)"),
                    handle: "u\(rng.next() % 100_000_000)",
                    displayName: nil,
                    bio: nil,
                    followers: r % 40,
                    following: 1_000 + r * 3,
                    posts: r % 5,
                    likes: 0,
                    lists: 0,
                    createdAt: Profile.fixtureNow.addingTimeInterval(-Double(86_400 * (1 + r % 60))),
                    defaultAvatar: r % 3 == 0
                )
                : .fixture(
                    id: ProfileID("\(i)"),
                    handle: ["jane_doe", "maria", "tom.b", "ken_w"][r % 4] + "\(r % 7)",
                    followers: 100 + r * 5,
                    following: 80 + r,
                    posts: 500 + r * 10,
                    likes: 300 + r,
                    lists: r % 20
                )
            out.append(LabeledProfile(profile: account, label: bot ? .bot : .human, dataset: dataset))
        }
        return out
    }

    static func trainedModel() throws -> AuthenticityModel {
        var rng = SplitMix64(seed: 1)
        let config = AuthenticityTrainingConfiguration(
            parameters: TreeEnsembleParameters(treeCount: 20, maxDepth: 3),
            folds: 3
        )
        return try AuthenticityTrainer.train(
            syntheticExamples(),
            asOf: Profile.fixtureNow,
            configuration: config,
            createdAt: Date(timeIntervalSince1970: 1_790_000_000),
            trainingData: [TrainingDataFile(path: "synthetic", sha256: String(repeating: "0", count: 64), bytes: 0)],
            using: &rng
        )
    }

    @Test(.tags(.model)) func trainsAUsefulModelOnSyntheticData() throws {
        let model = try Self.trainedModel()
        let oof = try #require(model.metrics["out_of_fold/all"])
        #expect((oof.rocAUC ?? 0) >= 0.9)
        #expect((oof.falsePositiveRate ?? 1) <= 0.02)
        #expect(model.threshold >= 0.5 && model.threshold <= 1)
    }

    @Test func roundTripsByteForByte() throws {
        let model = try Self.trainedModel()
        let data = try model.encoded()
        let decoded = try AuthenticityModel.decode(from: data)
        #expect(decoded == model)
        #expect(try decoded.encoded() == data)
    }

    @Test func trainingIsDeterministic() throws {
        #expect(try Self.trainedModel().encoded() == Self.trainedModel().encoded())
    }

    @Test func otherSchemaThrowsFeatureSchemaMismatch() throws {
        let data = try Self.trainedModel().encoded()
        let other = FeatureSchema(version: "profile-0", names: ["followers_count"])
        do {
            _ = try AuthenticityModel.decode(from: data, expecting: other)
            Issue.record("expected an error")
        } catch let error as ModelError {
            #expect(error.code == .featureSchemaMismatch)
        }
    }

    @Test func garbageAndFutureVersionsAreRejected() throws {
        do {
            _ = try AuthenticityModel.decode(from: Data("{}".utf8))
            Issue.record("expected an error")
        } catch let error as ModelError {
            #expect(error.code == .invalidModelFile)
        }
        var json = String(decoding: try Self.trainedModel().encoded(), as: UTF8.self)
        json = json.replacingOccurrences(of: "\"format_version\" : 1", with: "\"format_version\" : 99")
        do {
            _ = try AuthenticityModel.decode(from: Data(json.utf8))
            Issue.record("expected an error")
        } catch let error as ModelError {
            #expect(error.code == .unsupportedFormatVersion)
        }
    }

    @Test func filesWithoutPlatformCalibrationsStillLoad() throws {
        let data = try Self.trainedModel().encoded()
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["platform_calibrations"] = nil
        let model = try AuthenticityModel.decode(from: JSONSerialization.data(withJSONObject: object))
        #expect(model.platformCalibrations.isEmpty)
    }

    @Test func scorerPassesConformance() throws {
        try ScorerConformance.check(TreeEnsembleScorer(model: try Self.trainedModel()))
    }

    @Test func scorerExplainsABoughtLookingFollower() throws {
        let scorer = TreeEnsembleScorer(model: try Self.trainedModel())
        let account = Profile.fixture(
            handle: "u83920174",
            displayName: nil,
            bio: nil,
            followers: 3,
            following: 2_400,
            posts: 0,
            likes: 0,
            lists: 0
        )
        let score = try #require(scorer.score([account], asOf: Profile.fixtureNow).first)
        #expect(score.probability >= scorer.threshold)
        #expect(!score.signals.isEmpty)
        #expect(score.signals.contains { $0.contribution > 0 })
        // Fast path agrees with the explained path.
        let features = scorer.extractor.extract([account], asOf: Profile.fixtureNow)
        #expect(abs(scorer.probabilities(features)[0] - score.probability) < 1e-9)
    }
}

extension Tag {
    @Tag static var model: Self
}
