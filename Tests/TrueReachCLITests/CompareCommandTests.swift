import Foundation
import Testing
import TrueReachStore

@Suite struct CompareCommandTests {
    /// `people` ordinary followers with ids `p<i>` and `bots` bought ones with ids `b<i>`.
    static func audience(people: ClosedRange<Int>, bots: ClosedRange<Int>) -> String {
        var lines: [String] = []
        for i in people {
            lines.append(
                Audiences.line(id: "p\(i)", handle: "person_\(i)", followers: 150 + i, following: 200, posts: 400))
        }
        for i in bots {
            lines.append(
                Audiences.line(
                    id: "b\(i)", handle: "user\(9_000_000 + i)", followers: 2, following: 1_900, posts: 0, bio: "",
                    avatar: false, lastPost: nil))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A database with `alpha` (p1…p40 and bots b1…b5) and `beta` (p31…p70, the same bots), both audited
    /// as a census with the rule scorer: 10 real followers shared, 70 unique; the bots are left out.
    static func twoAudited(_ runner: CommandRunner, names: (String, String) = ("alpha", "beta")) async throws -> String
    {
        let database = runner.path("db.sqlite")
        let files = [
            (names.0, try runner.write("a.jsonl", audience(people: 1...40, bots: 1...5))),
            (names.1, try runner.write("b.jsonl", audience(people: 31...70, bots: 1...5))),
        ]
        for (name, file) in files {
            #expect(await runner.run(["import", file, "--account", name, "--database", database, "--quiet"]) == 0)
            #expect(
                await runner.run([
                    "audit", "--account", name, "--scorer", "rules", "--format", "json", "--output",
                    runner.path("audit-\(files.count).json"), "--database", database, "--quiet",
                ]) == 0)
        }
        return database
    }

    static func json(_ runner: CommandRunner, _ name: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(runner.read(name).utf8)) as? [String: Any])
    }

    @Test func jsonCountsTheSharedRealFollowersExactly() async throws {
        // Given two audited audiences sharing 10 real followers and 5 bots
        let runner = try CommandRunner()
        let database = try await Self.twoAudited(runner)
        // When compared as JSON
        let status = await runner.run([
            "compare", "--account", "alpha", "--account", "beta", "--format", "json", "--database", database,
            "--output", runner.path("compare.json"),
        ])
        #expect(status == 0)
        let report = try Self.json(runner, "compare.json")
        // Then the accounts carry their audits' figures, unknowns as null
        #expect(report["schema"] as? String == "truereach.compare.v1")
        let accounts = try #require(report["accounts"] as? [[String: Any]])
        #expect(accounts.map { $0["account"] as? String } == ["alpha", "beta"])
        #expect(accounts.map { $0["followers"] as? Int } == [45, 45])
        #expect(accounts.map { $0["real_followers"] as? Int } == [40, 40])
        let first = accounts[0]
        #expect(first["estimated_fake_share"] is [String: Any])
        #expect(first["audience_quality_score"] is Int)
        #expect(first["engagement"] is NSNull)
        #expect(first["growth_anomalies"] is NSNull)
        let outcomes = try #require(first["outcomes"] as? [String: Any])
        #expect(outcomes["clicks_per_1000_real_followers"] is NSNull)
        // And the overlap is exact: 10 shared, a quarter of the smaller, 70 unique (the bots left out)
        let overlap = try #require(report["overlap"] as? [[String: Any]])
        #expect(overlap.count == 1)
        #expect(overlap[0]["a"] as? String == "alpha" && overlap[0]["b"] as? String == "beta")
        #expect(overlap[0]["shared"] as? Int == 10)
        #expect(overlap[0]["share_of_smaller"] as? Double == 0.25)
        #expect(overlap[0]["method"] as? String == "exact")
        let error = try #require(overlap[0]["error"] as? [String: Any])
        #expect(error["standard_error"] as? Double == 0)
        let unique = try #require(report["unique_real_followers"] as? [String: Any])
        #expect(unique["value"] as? Int == 70)
        #expect(unique["method"] as? String == "exact")
    }

    @Test func engagementAndGrowthComeFromTheStoredPostsAndSeries() async throws {
        // Given alpha stored with posts (7 engagements over 6 posts, no follower counts) and a count series
        // with one spike of bought followers, and beta with neither
        let runner = try CommandRunner()
        let database = try await Self.twoAudited(runner)
        let posts = try runner.write("posts.jsonl", AuditExtrasTests.posts)
        let series = try runner.write("series.csv", GrowthCommandTests.series)
        #expect(
            await runner.run([
                "import", "--account", "alpha", "--posts", posts, "--series", series, "--database", database, "--quiet",
            ]) == 0)
        // When compared
        let status = await runner.run([
            "compare", "--account", "alpha", "--account", "beta", "--format", "json", "--database", database,
            "--output", runner.path("compare.json"),
        ])
        #expect(status == 0)
        let accounts = try #require(try Self.json(runner, "compare.json")["accounts"] as? [[String: Any]])
        // Then alpha's engagement rate is over its audited audience (45) against the 0–1K tier average
        let engagement = try #require(accounts[0]["engagement"] as? [String: Any])
        let rate = try #require(engagement["rate"] as? Double)
        #expect(abs(rate - 7.0 / 6.0 / 45.0) < 1e-6)
        let benchmark = try #require(engagement["benchmark"] as? [String: Any])
        #expect(benchmark["rate"] as? Double == 0.1058)
        let ratio = try #require(engagement["ratio_to_benchmark"] as? Double)
        #expect(abs(ratio - 7.0 / 6.0 / 45.0 / 0.1058) < 1e-5)
        #expect(accounts[0]["growth_anomalies"] as? Int == 1)
        // And beta's stay unknown
        #expect(accounts[1]["engagement"] is NSNull)
        #expect(accounts[1]["growth_anomalies"] is NSNull)
    }

    @Test func exactUpToZeroEstimatesFromSketchesWithTheErrorStated() async throws {
        let runner = try CommandRunner()
        let database = try await Self.twoAudited(runner)
        let status = await runner.run([
            "compare", "--account", "alpha", "--account", "beta", "--format", "json", "--exact-up-to", "0",
            "--database", database, "--output", runner.path("compare.json"),
        ])
        #expect(status == 0)
        let report = try Self.json(runner, "compare.json")
        let pair = try #require((report["overlap"] as? [[String: Any]])?.first)
        #expect(pair["method"] as? String == "hyperloglog")
        let error = try #require(pair["error"] as? [String: Any])
        let standardError = try #require(error["standard_error"] as? Double)
        #expect(standardError > 0)
        let shared = try #require(pair["shared"] as? Int)
        #expect(Double(abs(shared - 10)) <= 3 * standardError + 1)
        let low = try #require(error["low"] as? Int)
        let high = try #require(error["high"] as? Int)
        #expect(low <= shared && shared <= high && low >= 0 && high <= 40)
        let unique = try #require(report["unique_real_followers"] as? [String: Any])
        #expect(unique["method"] as? String == "hyperloglog")
        #expect(unique["error"] is [String: Any])
        // The exact counts per account stay exact.
        let accounts = try #require(report["accounts"] as? [[String: Any]])
        #expect(accounts.map { $0["real_followers"] as? Int } == [40, 40])
    }

    @Test func tableEscapesHostileAccountNames() async throws {
        // Given an account whose name carries an escape sequence and a bidi override
        let runner = try CommandRunner()
        let hostile = "evil\u{1B}[2J\u{202E}name"
        let database = try await Self.twoAudited(runner, names: ("alpha", hostile))
        // When compared as a table
        let status = await runner.run([
            "compare", "--account", "alpha", "--account", hostile, "--database", database, "--output",
            runner.path("compare.txt"),
        ])
        #expect(status == 0)
        let table = try runner.read("compare.txt")
        // Then neither control reaches the terminal, and the figures are there
        #expect(!table.contains("\u{1B}"))
        #expect(!table.contains("\u{202E}"))
        #expect(table.contains("evil[2Jname"))
        #expect(table.contains("Unique real followers: 70 (exact)"))
        #expect(table.contains("25.0%"))
        #expect(table.contains("unknown (No tracked links"))
    }

    @Test func outcomesOfTrackedLinksAreComparedAndRanked() async throws {
        let runner = try CommandRunner()
        let database = try await Self.twoAudited(runner)
        // Given a tracked link of alpha with two human clicks and a bot's
        let (status, printed, errors) = try CommandRunner.runProcess(
            ["link", "create", "https://shop.example/", "--account", "alpha", "--database", database], stdin: "")
        #expect(status == 0, "\(errors)")
        let slug = String(printed.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "/").last ?? "")
        let store = try SQLiteStore(path: database)
        let now = Date()
        try await store.saveClicks(
            [("c1", "human"), ("c2", "human"), ("c3", "bot")].map { id, kind in
                StoredClick(
                    id: id, slug: slug, at: now, visitor: id, userAgent: nil, referrer: nil, clickClass: kind,
                    reason: "")
            })
        let reach = try #require(try await store.fetchAudits(account: "alpha", limit: 1).first?.trueReach)
        try await store.close()
        // When they are compared and ranked
        #expect(
            await runner.run([
                "compare", "--account", "alpha", "--account", "beta", "--format", "json", "--rank", "--output",
                runner.path("compare.json"), "--database", database,
            ]) == 0)
        let json = try JSONSerialization.jsonObject(with: Data(try runner.read("compare.json").utf8)) as? [String: Any]
        let accounts = try #require(json?["accounts"] as? [[String: Any]])
        let alpha = try #require(accounts.first { $0["account"] as? String == "alpha" }?["outcomes"] as? [String: Any])
        let beta = try #require(accounts.first { $0["account"] as? String == "beta" }?["outcomes"] as? [String: Any])
        // Then alpha's human clicks per 1,000 real followers are known and beta's are unknown, with the reason
        let clicks = try #require(alpha["clicks_per_1000_real_followers"] as? Double)
        #expect(abs(clicks - 2 * 1_000 / reach) < 1e-6)
        #expect(alpha["not_measured"] == nil)
        #expect(beta["clicks_per_1000_real_followers"] is NSNull)
        #expect((beta["not_measured"] as? String)?.contains("No tracked links") == true)
        let ranking = try #require(json?["ranking"] as? [String: Any])
        let unused = (ranking["not_used"] as? [[String: Any]])?.compactMap { $0["component"] as? String } ?? []
        #expect(!unused.contains("outcomes"))
    }

    @Test func csvNeutralisesFormulasInAccountNames() async throws {
        let runner = try CommandRunner()
        let database = try await Self.twoAudited(runner, names: ("=HYPERLINK(\"x\")", "beta"))
        let status = await runner.run([
            "compare", "--account", "=HYPERLINK(\"x\")", "--account", "beta", "--format", "csv", "--database", database,
            "--output", runner.path("compare.csv"),
        ])
        #expect(status == 0)
        let csv = try runner.read("compare.csv")
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines.first == "section,a,b,name,value,standard_error,low,high,method,reason")
        #expect(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""))
        #expect(!lines.contains { $0.hasPrefix("account,=") })
        #expect(lines.contains("overlap,\"'=HYPERLINK(\"\"x\"\")\",beta,shared,10,0.0,10,10,exact,"))
        #expect(lines.contains("summary,,,unique_real_followers,70,0.0,70,70,exact,"))
    }

    @Test func anUnknownAccountOrOneWithoutAnAuditIsBadInput() async throws {
        let runner = try CommandRunner()
        let database = try await Self.twoAudited(runner)
        #expect(
            await runner.run(["compare", "--account", "alpha", "--account", "nobody", "--database", database]) == 2)
        let file = try runner.write("c.jsonl", Self.audience(people: 1...3, bots: 1...1))
        #expect(await runner.run(["import", file, "--account", "unaudited", "--database", database, "--quiet"]) == 0)
        #expect(
            await runner.run(["compare", "--account", "alpha", "--account", "unaudited", "--database", database]) == 2)
        // One account, or the same twice, is a usage error.
        #expect(await runner.run(["compare", "--account", "alpha", "--database", database]) == 64)
        #expect(
            await runner.run(["compare", "--account", "alpha", "--account", "alpha", "--database", database]) == 64)
    }

    @Test func anotherWorkspacesAccountIsNotFound() async throws {
        let runner = try CommandRunner()
        let database = try await Self.twoAudited(runner)
        #expect(await runner.run(["workspace", "create", "agency", "--database", database]) == 0)
        let file = try runner.write("c.jsonl", Self.audience(people: 1...5, bots: 1...1))
        #expect(
            await runner.run([
                "import", file, "--account", "theirs", "--workspace", "agency", "--database", database, "--quiet",
            ]) == 0)
        #expect(
            await runner.run([
                "audit", "--account", "theirs", "--workspace", "agency", "--scorer", "rules", "--format", "json",
                "--output", runner.path("t.json"), "--database", database, "--quiet",
            ]) == 0)
        #expect(
            await runner.run(["compare", "--account", "alpha", "--account", "theirs", "--database", database]) == 2)
        #expect(
            await runner.run([
                "compare", "--account", "alpha", "--account", "theirs", "--workspace", "agency", "--database",
                database, "--output", runner.path("x.txt"),
            ]) == 2)
    }

    @Test func aSampledAuditMakesItsOverlapUnknown() async throws {
        // Given alpha and beta audited as a census, and gamma audited from a sample
        let runner = try CommandRunner()
        let database = try await Self.twoAudited(runner)
        let file = try runner.write("c.jsonl", Self.audience(people: 1...30, bots: 1...2))
        #expect(await runner.run(["import", file, "--account", "gamma", "--database", database, "--quiet"]) == 0)
        #expect(
            await runner.run([
                "audit", "--account", "gamma", "--sample", "10", "--scorer", "rules", "--format", "json", "--output",
                runner.path("g.json"), "--database", database, "--quiet",
            ]) == 0)
        // When the three are compared
        let status = await runner.run([
            "compare", "--account", "alpha", "--account", "beta", "--account", "gamma", "--format", "json",
            "--database", database, "--output", runner.path("compare.json"),
        ])
        #expect(status == 0)
        let report = try Self.json(runner, "compare.json")
        // Then gamma's pairs and the union are unknown, with the reason; alpha–beta is still exact
        let overlap = try #require(report["overlap"] as? [[String: Any]])
        #expect(overlap.map { $0["method"] as? String } == ["exact", "unknown", "unknown"])
        #expect(overlap[0]["shared"] as? Int == 10)
        #expect(overlap[1]["shared"] is NSNull && overlap[1]["error"] is NSNull)
        #expect((overlap[1]["reason"] as? String)?.contains("sample") == true)
        let unique = try #require(report["unique_real_followers"] as? [String: Any])
        #expect(unique["value"] is NSNull)
        #expect(unique["method"] as? String == "unknown")
        let accounts = try #require(report["accounts"] as? [[String: Any]])
        #expect(accounts[2]["census"] as? Bool == false)
        #expect(accounts[2]["real_followers"] is NSNull)
    }
}
