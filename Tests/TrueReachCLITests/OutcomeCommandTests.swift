import Foundation
import Testing
import TrueReachStore

/// `link create`, `conversion add` and `outcomes` through the built executable, on a real SQLite file.
@Suite struct OutcomeCommandTests {
    static let formula = "=HYPERLINK(\"https://evil.example\")"

    @Test func linksConversionsAndTheReportWorkFromTheCommandLine() async throws {
        let runner = try CommandRunner()
        let database = ["--database", runner.path("db.sqlite")]
        // A link: its address printed alone
        let (status, printed, errors) = try CommandRunner.runProcess(
            [
                "link", "create", "https://shop.example/a?x=1", "--account", "acme", "--campaign", Self.formula,
                "--post", "reel-1", "--cost", "20", "--currency", "eur", "--base-url", "https://go.example.com/",
            ] + database, stdin: "")
        #expect(status == 0, "\(errors)")
        let address = printed.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(address.hasPrefix("https://go.example.com/r/"))
        let slug = String(address.dropFirst("https://go.example.com/r/".count))
        #expect(slug.count == 12)
        // Refused destinations and values: exit 2, the field named, nothing stored
        for arguments in [
            ["javascript:alert(1)"], ["https://a.example/", "--cost=-3"],
            ["https://a.example/", "--currency", "EURO"],
        ] {
            let (code, _, message) = try CommandRunner.runProcess(
                ["link", "create"] + arguments + ["--account", "acme"] + database, stdin: "")
            #expect(code == 2, "\(arguments): \(message)")
        }
        // Clicks as the server would have stored them
        let store = try SQLiteStore(path: runner.path("db.sqlite"))
        let now = Date()
        try await store.saveClicks([
            StoredClick(
                id: "click1", slug: slug, at: now, visitor: "v1", userAgent: "Mozilla/5.0", referrer: nil,
                clickClass: "human", reason: "no pattern matched"),
            StoredClick(
                id: "click2", slug: slug, at: now, visitor: "v2", userAgent: "Slackbot-LinkExpanding 1.0",
                referrer: nil, clickClass: "link_preview", reason: "slack"),
        ])
        let sale = [
            "conversion", "add", "--click", "click1", "--kind", "sale", "--value", "49.90", "--currency", "EUR",
        ]
        let (added, addedText, addedErrors) = try CommandRunner.runProcess(
            sale + ["--external-id", "o-1"] + database, stdin: "")
        #expect(added == 0, "\(addedErrors)")
        #expect(addedText.hasPrefix("Recorded"))
        let (again, againText, _) = try CommandRunner.runProcess(sale + ["--external-id", "o-1"] + database, stdin: "")
        #expect(again == 0)
        #expect(againText.hasPrefix("Already recorded"))
        let (unknown, _, unknownText) = try CommandRunner.runProcess(
            ["conversion", "add", "--click", "nope", "--kind", "lead"] + database, stdin: "")
        #expect(unknown == 2)
        #expect(unknownText.contains("click"))
        #expect(
            try CommandRunner.runProcess(["conversion", "add", "--click", "x", "--kind", "gift"], stdin: "").0 == 64)
        // The report in every format
        #expect(
            await runner.run(
                ["outcomes", "--account", "acme", "--format", "json", "--output", runner.path("o.json")] + database)
                == 0)
        let json = try JSONSerialization.jsonObject(with: Data(try runner.read("o.json").utf8)) as? [String: Any]
        let link = try #require((json?["links"] as? [[String: Any]])?.first)
        #expect(link["slug"] as? String == slug)
        #expect(link["campaign"] as? String == Self.formula)
        #expect((link["clicks"] as? [String: Any])?["human"] as? Int == 1)
        #expect((link["conversions"] as? [String: Any])?["count"] as? Int == 1)
        #expect(link["cost_per_human_click"] as? Double == 20)
        #expect(json?["real_followers"] == nil)
        #expect(
            await runner.run(
                ["outcomes", "--account", "acme", "--format", "csv", "--output", runner.path("o.csv")] + database)
                == 0)
        let csv = try runner.read("o.csv")
        #expect(csv.hasPrefix("level,name,url,campaign"))
        #expect(csv.contains("'=HYPERLINK") || csv.contains("\"'=HYPERLINK"))
        #expect(!csv.contains(",=HYPERLINK"))
        #expect(
            await runner.run(
                ["outcomes", "--account", "acme", "--format", "html", "--output", runner.path("o.html")] + database)
                == 0)
        let html = try runner.read("o.html")
        #expect(html.contains("Content-Security-Policy"))
        #expect(html.contains(slug))
        let (tableStatus, table, _) = try CommandRunner.runProcess(
            ["outcomes", "--account", "acme"] + database, stdin: "")
        #expect(tableStatus == 0)
        #expect(table.contains("link_preview 1"))
        #expect(table.contains("unknown (no audit)"))
        // Another workspace cannot read the account's outcomes
        #expect(try CommandRunner.runProcess(["workspace", "create", "other"] + database, stdin: "").0 == 0)
        let (foreign, _, _) = try CommandRunner.runProcess(
            ["outcomes", "--account", "acme", "--workspace", "other"] + database, stdin: "")
        #expect(foreign == 2)
        try await store.close()
    }
}
