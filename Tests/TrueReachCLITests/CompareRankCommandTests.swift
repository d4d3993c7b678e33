import Foundation
import Testing

/// `compare --rank`, `--weight` and `--format html`.
@Suite struct CompareRankCommandTests {
    @Test func rankOrdersTheAccountsWithTheFiguresBehindEachRank() async throws {
        // Given alpha and beta audited (10 real followers shared)
        let runner = try CommandRunner()
        let database = try await CompareCommandTests.twoAudited(runner)
        // When ranked as JSON with a weight changed
        let status = await runner.run([
            "compare", "--account", "alpha", "--account", "beta", "--rank", "--weight", "uniqueness=0.5",
            "--format", "json", "--database", database, "--output", runner.path("rank.json"),
        ])
        #expect(status == 0)
        let report = try CompareCommandTests.json(runner, "rank.json")
        let ranking = try #require(report["ranking"] as? [String: Any])
        #expect((ranking["weights"] as? [String: Double])?["uniqueness"] == 0.5)
        let entries = try #require(ranking["entries"] as? [[String: Any]])
        #expect(entries.count == 2)
        // Then the second account's uniqueness is what the first does not reach: 30 of its 40
        let second = try #require(entries.last?["components"] as? [[String: Any]])
        let unique = try #require(second.first { $0["component"] as? String == "uniqueness" })
        #expect(unique["figure"] as? Double == 0.75)
        #expect(unique["method"] as? String == "exact")
        // And engagement and growth, unknown for both, are left out
        let notUsed = try #require(ranking["not_used"] as? [[String: Any]])
        #expect(
            Set(notUsed.compactMap { $0["component"] as? String }) == ["engagement", "growth", "outcomes"])

        // The table shows the shortlist too
        #expect(
            await runner.run([
                "compare", "--account", "alpha", "--account", "beta", "--rank", "--database", database, "--output",
                runner.path("rank.txt"),
            ]) == 0)
        #expect(try runner.read("rank.txt").contains("Shortlist: weighted figures"))
    }

    @Test func anUnknownWeightKeyIsAUsageError() async throws {
        let runner = try CommandRunner()
        let database = try await CompareCommandTests.twoAudited(runner)
        for weight in ["reach=1", "aqs", "aqs=-2"] {
            let status = await runner.run([
                "compare", "--account", "alpha", "--account", "beta", "--weight", weight, "--database", database,
            ])
            #expect(status == 64, "\(weight)")
        }
    }

    @Test func htmlIsOneSelfContainedPageWithNamesEscaped() async throws {
        let runner = try CommandRunner()
        let hostile = "<img src=x onerror=alert(1)>"
        let database = try await CompareCommandTests.twoAudited(runner, names: ("alpha", hostile))
        let status = await runner.run([
            "compare", "--account", "alpha", "--account", hostile, "--format", "html", "--rank", "--database",
            database, "--output", runner.path("compare.html"),
        ])
        #expect(status == 0)
        let page = try runner.read("compare.html")
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(!page.contains("<img"))
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(page.contains("10 shared"))
        #expect(page.contains("<h2>Shortlist</h2>"))
        #expect(!page.contains("<script"))
    }
}
