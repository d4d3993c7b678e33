import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct TrainCommandTests {
    /// Two small synthetic labelled datasets as canonical JSON lines with a `label` key.
    static func writeDatasets(_ runner: CommandRunner) throws -> [String] {
        var rng = SplitMix64(seed: 3)
        var paths: [String] = []
        for name in ["set-a", "set-b"] {
            try FileManager.default.createDirectory(atPath: runner.path(name), withIntermediateDirectories: true)
            var lines: [String] = []
            for i in 0..<160 {
                let bot = i % 2 == 0
                let r = Int(rng.next() % 1_000)
                let line =
                    bot
                    ? #"{"platform":"twitter","id":"\#(name)-\#(i)","handle":"u\#(rng.next() % 100_000_000)","followers_count":\#(r % 30),"following_count":\#(1_000 + r),"posts_count":\#(r % 4),"likes_count":0,"lists_count":0,"created_at":"2019-05-01T00:00:00Z","captured_at":"2019-06-01T00:00:00Z","label":"bot"}"#
                    : #"{"platform":"twitter","id":"\#(name)-\#(i)","handle":"jane_\#(r % 9)","display_name":"Jane","bio":"Reader and gardener","followers_count":\#(200 + r),"following_count":\#(100 + r / 2),"posts_count":\#(900 + r),"likes_count":\#(400 + r),"lists_count":\#(r % 9),"created_at":"2012-05-01T00:00:00Z","captured_at":"2019-06-01T00:00:00Z","label":"human"}"#
                lines.append(line)
            }
            try runner.write("\(name)/accounts.jsonl", lines.joined(separator: "\n") + "\n")
            paths.append(runner.path(name))
        }
        return paths
    }

    @Test func trainWritesALoadableDeterministicModel() async throws {
        // Given
        let runner = try CommandRunner()
        let data = try Self.writeDatasets(runner)
        let args = ["--seed", "1", "--created-at", "2026-01-01", "--trees", "15", "--quiet"]
        // When trained twice with the same seed
        let first = await runner.run(["train", "--data"] + data + ["--output", runner.path("a.json")] + args)
        let second = await runner.run(["train", "--data"] + data + ["--output", runner.path("b.json")] + args)
        // Then
        #expect(first == 0 && second == 0)
        let a = try Data(contentsOf: URL(fileURLWithPath: runner.path("a.json")))
        let b = try Data(contentsOf: URL(fileURLWithPath: runner.path("b.json")))
        #expect(a == b)
        let model = try AuthenticityModel.decode(from: a)
        #expect(model.trainingData.count == 2)
        #expect(model.trainingData.allSatisfy { $0.sha256.count == 64 })
        #expect(model.trainingCounts["set-a"] == DatasetCount(bots: 80, humans: 80))
        try ScorerConformance.check(TreeEnsembleScorer(model: model))
    }

    @Test func evaluateRunsCrossValidationAndLeaveOneDatasetOut() async throws {
        let runner = try CommandRunner()
        let data = try Self.writeDatasets(runner)
        #expect(
            await runner.run(
                ["train", "--data"] + data + ["--output", runner.path("m.json"), "--trees", "10", "--quiet"]
            ) == 0
        )
        let code = await runner.run(
            ["evaluate", "--model", runner.path("m.json"), "--data"] + data
                + ["--cv", "3", "--leave-one-dataset-out", "--format", "json", "--trees", "10"]
        )
        #expect(code == 0)
        #expect(await runner.run(["evaluate", "--model", runner.path("m.json"), "--data"] + data) == 0)
    }

    @Test func aModelForAnotherSchemaFailsWithAClearError() async throws {
        let runner = try CommandRunner()
        let data = try Self.writeDatasets(runner)
        #expect(
            await runner.run(
                ["train", "--data"] + data + ["--output", runner.path("m.json"), "--trees", "5", "--quiet"]
            ) == 0
        )
        var json = try runner.read("m.json")
        json = json.replacingOccurrences(
            of: "\"version\" : \"\(FeatureExtractor.schema.version)\"",
            with: "\"version\" : \"profile-0\""
        )
        try runner.write("old.json", json)
        #expect(await runner.run(["evaluate", "--model", runner.path("old.json"), "--data"] + data) == 1)
        do {
            _ = try AuthenticityModel.decode(from: Data(json.utf8))
            Issue.record("expected an error")
        } catch let error as ModelError {
            #expect(error.code == .featureSchemaMismatch)
        }
    }

    @Test func trainRejectsMissingData() async throws {
        let runner = try CommandRunner()
        #expect(await runner.run(["train", "--output", runner.path("m.json")]) == 64)
    }
}
