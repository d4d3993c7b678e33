import Foundation
import Testing

@Suite struct AuditCommandTests {
    @Test func jsonReportCarriesTheDocumentedKeys() async throws {
        // Given ten followers (6 real, 1 mass follower, 1 influencer, 2 bought)
        let runner = try CommandRunner()
        let input = try runner.write("followers.jsonl", Audiences.small)
        // When they are audited as JSON with the rule scorer
        let status = await runner.run([
            "audit", input, "--scorer", "rules", "--format", "json", "--output", runner.path("audit.json"),
            "--database", runner.path("db.sqlite"), "--quiet",
        ])
        // Then the report counts them as expected
        #expect(status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: runner.path("audit.json")))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(report["followers_total"] as? Int == 10)
        #expect(report["true_reach"] as? Int == 7 || report["true_reach"] as? Double == 7)
        let score = try #require(report["audience_quality_score"] as? Int)
        #expect((0...100).contains(score))
        let categories = try #require(report["categories"] as? [String: Any])
        let suspicious = try #require(categories["suspicious"] as? [String: Any])
        #expect(suspicious["count"] as? Int == 2)
        #expect(suspicious["share"] as? Double == 0.2)
        let mass = try #require(categories["mass_follower"] as? [String: Any])
        #expect(mass["count"] as? Int == 1)
    }

    @Test func auditsAStoredAudienceAndKeepsHistory() async throws {
        let runner = try CommandRunner()
        let input = try runner.write("followers.jsonl", Audiences.small)
        let database = runner.path("db.sqlite")
        #expect(await runner.run(["import", input, "--account", "acme", "--database", database, "--quiet"]) == 0)
        for name in ["first.html", "second.html"] {
            let status = await runner.run([
                "audit", "--account", "acme", "--scorer", "rules", "--format", "html", "--output", runner.path(name),
                "--database", database, "--quiet",
            ])
            #expect(status == 0)
        }
        let html = try runner.read("second.html")
        #expect(html.hasPrefix("<!DOCTYPE html>") || html.hasPrefix("<!doctype html>"))
        #expect(html.contains("user84736251"))
        #expect(!html.contains("<script"))
        // An unknown stored audience is bad input.
        #expect(await runner.run(["audit", "--account", "nobody", "--database", database, "--quiet"]) == 2)
    }

    @Test func sampleReportsIntervalsAndIsReproducible() async throws {
        let runner = try CommandRunner()
        var lines = ""
        for i in 0..<400 {
            lines +=
                Audiences.line(
                    id: "\(i)", handle: "p\(i)", followers: 100 + i, following: i % 5 == 0 ? 3_000 : 200, posts: 50)
                + "\n"
        }
        let input = try runner.write("many.jsonl", lines)
        let arguments = [
            "audit", input, "--sample", "100", "--seed", "9", "--scorer", "rules", "--format", "json",
            "--database", runner.path("db.sqlite"), "--quiet",
        ]
        #expect(await runner.run(arguments + ["--output", runner.path("a.json")]) == 0)
        #expect(await runner.run(arguments + ["--output", runner.path("b.json")]) == 0)
        #expect(try runner.read("a.json") == runner.read("b.json"))
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(runner.read("a.json").utf8)) as? [String: Any])
        #expect(report["followers_total"] as? Int == 400)
        #expect(report["followers_analysed"] as? Int == 100)
    }

    @Test func jsonHeadlineIsTheFakeShareEstimate() async throws {
        // Given the small audience, audited with the default model
        let runner = try CommandRunner()
        let input = try runner.write("followers.jsonl", Audiences.small)
        let status = await runner.run([
            "audit", input, "--format", "json", "--output", runner.path("audit.json"),
            "--database", runner.path("db.sqlite"), "--quiet",
        ])
        #expect(status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: runner.path("audit.json")))
        let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        // Then the estimate is an object with its interval, and the authentic share follows from it
        let fake = try #require(report["estimated_fake_share"] as? [String: Any])
        #expect(Set(fake.keys) == ["value", "low", "high", "method"])
        let value = try #require(fake["value"] as? Double)
        let low = try #require(fake["low"] as? Double)
        let high = try #require(fake["high"] as? Double)
        #expect(low <= value && value <= high)
        #expect(fake["method"] is String)
        let authentic = try #require(report["authentic_share"] as? Double)
        #expect(abs(authentic - (1 - value)) < 1e-5)
        let quality = try #require(report["quality"] as? [String: Any])
        #expect((quality["rests_on"] as? [String])?.contains("authenticity") == true)
    }

    @Test func aFollowerListWithoutCountsGetsNoScore() async throws {
        // Given a bare follower list (handles only, as a Bluesky getFollowers page gives)
        let runner = try CommandRunner()
        let lines = (0..<30).map { i in
            "{\"platform\":\"bluesky\",\"id\":\"did:plc:\(i)\",\"handle\":\"user\(i).bsky.social\"}"
        }
        let input = try runner.write("followers.jsonl", lines.joined(separator: "\n") + "\n")
        let arguments = ["audit", input, "--database", runner.path("db.sqlite"), "--quiet"]
        // When audited as JSON and as a table
        #expect(await runner.run(arguments + ["--format", "json", "--output", runner.path("a.json")]) == 0)
        #expect(await runner.run(arguments + ["--format", "table", "--output", runner.path("a.txt")]) == 0)
        // Then neither the fake share nor the score is given, and the report says what it could not measure
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(runner.read("a.json").utf8)) as? [String: Any])
        #expect(report["estimated_fake_share"] is NSNull)
        #expect(report["audience_quality_score"] is NSNull)
        #expect(report["counts_unknown_share"] as? Double == 1)
        let quality = try #require(report["quality"] as? [String: Any])
        #expect(quality["rests_on"] as? [String] == [])
        let table = try runner.read("a.txt")
        #expect(table.contains("Audience Quality Score  not measured"))
        #expect(table.contains("Not measured"))
    }
}
