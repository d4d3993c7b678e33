import Foundation
import Testing
import TrueReachCLI

@Suite struct CohortsCommandTests {
    @Test func instagramSnapshotsGiveCohortsAndDepartures() async throws {
        let runner = try CommandRunner()
        func entry(_ name: String, _ ts: Int) -> String {
            "{\"title\":\"\",\"media_list_data\":[],\"string_list_data\":[{\"href\":\"https://www.instagram.com/\(name)\",\"value\":\"\(name)\",\"timestamp\":\(ts)}]}"
        }
        // 1709251200 = 2024-03-01, 1711929600 = 2024-04-01
        let first = try runner.write(
            "a.json", "[" + [entry("ann", 1_709_251_200), entry("bot1", 1_709_251_200)].joined(separator: ",") + "]")
        let second = try runner.write(
            "b.json", "[" + [entry("ann", 1_709_251_200), entry("cy", 1_711_929_600)].joined(separator: ",") + "]")
        let scores = try runner.write("scores.csv", "account,probability\nbot1,0.95\nann,0.05\n")
        let status = await runner.run([
            "cohorts", first, second, "--scores", scores, "--format", "json", "--output", runner.path("c.json"),
        ])
        #expect(status == 0)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try runner.read("c.json").utf8)) as? [String: Any])
        let cohorts = try #require(json["cohorts"] as? [[String: Any]])
        #expect(cohorts.map { $0["label"] as? String } == ["2024-03", "2024-04"])
        #expect(cohorts.first?["left"] as? Int == 1)
        #expect(cohorts.first?["suspicious_share"] as? Double == 0.5)
    }

    @Test func emptyOrMissingSnapshots() async throws {
        let runner = try CommandRunner()
        #expect(await runner.run(["cohorts", runner.path("none.json")]) == 3)
        let empty = try runner.write("empty.json", "")
        #expect(await runner.run(["cohorts", empty]) == 2)
    }

    /// Issue 8, defect 2: one threshold for "suspicious" everywhere.
    ///
    /// `cohorts` defaulted `--threshold` to 0.5 while `score` and `audit` flag at the model's threshold: a
    /// follower scored 0.6 was suspicious here and authentic in the audit.
    @Test func theDefaultThresholdIsTheModelsAsInScoreAndAudit() async throws {
        let runner = try CommandRunner()
        let snapshot = try runner.write("s.csv", "account,followed_at\nann,2024-03-01\nbob,2024-03-02\n")
        let scores = try runner.write("scores.csv", "account,probability\nann,0.6\nbob,0.05\n")
        func suspiciousShare(_ extra: [String]) async throws -> Double? {
            let status = await runner.run(
                ["cohorts", snapshot, "--scores", scores, "--format", "json", "--output", runner.path("c.json")]
                    + extra)
            #expect(status == 0)
            let json = try #require(
                try JSONSerialization.jsonObject(with: Data(try runner.read("c.json").utf8)) as? [String: Any])
            return (json["cohorts"] as? [[String: Any]])?.first?["suspicious_share"] as? Double
        }
        // The shipped model's operating threshold is above 0.6: ann is not suspicious by default
        #expect(try await suspiciousShare([]) == 0)
        // An explicit threshold still wins
        #expect(try await suspiciousShare(["--threshold", "0.5"]) == 0.5)
    }
}
