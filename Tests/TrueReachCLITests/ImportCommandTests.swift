import Foundation
import Testing

@Suite struct ImportCommandTests {
    @Test func failedImportLeavesTheDatabaseAsItWas() async throws {
        // Given a stored audience
        let runner = try CommandRunner()
        let database = runner.path("db.sqlite")
        let good = try runner.write("good.jsonl", Audiences.small)
        #expect(await runner.run(["import", good, "--account", "acme", "--database", database, "--quiet"]) == 0)
        let before = await runner.run([
            "audit", "--account", "acme", "--scorer", "rules", "--format", "json", "--output",
            runner.path("before.json"),
            "--database", database, "--quiet",
        ])
        #expect(before == 0)

        // When a re-import under the same name fails part-way in strict mode
        let bad = try runner.write(
            "bad.jsonl", Audiences.line(id: "x1", handle: "new", followers: 1, following: 1, posts: 1) + "\nnot json\n")
        let status = await runner.run([
            "import", bad, "--account", "acme", "--strict", "--database", database, "--quiet",
        ])
        #expect(status == 2)

        // Then the earlier audience is intact
        #expect(
            await runner.run([
                "audit", "--account", "acme", "--scorer", "rules", "--format", "json", "--output",
                runner.path("after.json"),
                "--database", database, "--quiet",
            ]) == 0)
        let after = try #require(
            try JSONSerialization.jsonObject(with: Data(runner.read("after.json").utf8)) as? [String: Any])
        #expect(after["followers_total"] as? Int == 10)
    }
}
