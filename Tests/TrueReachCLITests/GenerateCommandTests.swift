import Foundation
import Testing
import TrueReachCLI

@Suite struct GenerateCommandTests {
    static func lines(_ text: String) -> [[String: Any]] {
        text.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    @Test func writesTwitterV1UserObjects() async throws {
        // Given a temporary directory
        let runner = try CommandRunner()
        // When generating 300 accounts
        let status = await runner.run(["generate", "--count", "300", "--seed", "5", "--output", runner.path("u.jsonl")])
        // Then every line is a v1.1 user object with the fields readers (and the Python peer) use
        #expect(status == 0)
        let text = try runner.read("u.jsonl")
        let users = Self.lines(text)
        #expect(text.split(separator: "\n").count == 300)
        #expect(users.count == 300)
        let keys = [
            "id", "id_str", "name", "screen_name", "location", "description", "url", "protected",
            "followers_count", "friends_count", "listed_count", "created_at", "favourites_count", "verified",
            "statuses_count", "lang", "default_profile", "default_profile_image", "profile_use_background_image",
        ]
        for user in users {
            for key in keys { #expect(user[key] != nil, "missing \(key)") }
            #expect((user["id"] as? NSNumber)?.stringValue == user["id_str"] as? String)
            let created = try #require(user["created_at"] as? String)
            #expect(created.utf8.count == 30 && created.contains(" +0000 "))
        }
        // And accounts that have posted carry their last post's time
        let withStatus = users.filter { $0["status"] != nil }
        #expect(withStatus.count > 150)
        #expect(withStatus.allSatisfy { (($0["status"] as? [String: Any])?["created_at"] as? String) != nil })
        #expect(users.filter { ($0["statuses_count"] as? Int) == 0 }.allSatisfy { $0["status"] == nil })
    }

    @Test func sameSeedGivesIdenticalBytesAndOtherSeedsDiffer() async throws {
        let runner = try CommandRunner()
        for (name, seed) in [("a", "9"), ("b", "9"), ("c", "10")] {
            let status = await runner.run([
                "generate", "--count", "2000", "--seed", seed, "--output", runner.path(name),
            ])
            #expect(status == 0)
        }
        #expect(try runner.read("a") == runner.read("b"))
        #expect(try runner.read("a") != runner.read("c"))
    }

    @Test func leanAndCanonicalFormats() async throws {
        let runner = try CommandRunner()
        #expect(await runner.run(["generate", "--count", "100", "--lean", "--output", runner.path("lean")]) == 0)
        #expect(await runner.run(["generate", "--count", "100", "--output", runner.path("full")]) == 0)
        #expect(
            await runner.run([
                "generate", "--count", "100", "--format", "canonical-jsonl", "--output", runner.path("c"),
            ])
                == 0
        )
        let lean = Self.lines(try runner.read("lean"))
        let full = Self.lines(try runner.read("full"))
        #expect(lean.count == 100 && full.count == 100)
        #expect(lean.allSatisfy { $0["entities"] == nil && $0["profile_image_url_https"] == nil })
        #expect(full.allSatisfy { $0["entities"] != nil && $0["profile_image_url_https"] != nil })
        #expect(zip(lean, full).allSatisfy { ($0["id_str"] as? String) == ($1["id_str"] as? String) })
        let canonical = Self.lines(try runner.read("c"))
        #expect(canonical.count == 100)
        #expect(
            canonical.allSatisfy {
                $0["platform"] as? String == "twitter" && $0["captured_at"] as? String == "2026-11-01T00:00:00Z"
            }
        )
        #expect(zip(canonical, full).allSatisfy { ($0["id"] as? String) == ($1["id_str"] as? String) })
        // And both date shapes agree with Foundation's formatters (weekday included)
        let twitter = DateFormatter()
        twitter.locale = Locale(identifier: "en_US_POSIX")
        twitter.dateFormat = "EEE MMM dd HH:mm:ss Z yyyy"
        twitter.timeZone = TimeZone(identifier: "UTC")
        for (c, f) in zip(canonical, full) {
            let iso = try #require(c["created_at"] as? String)
            let tw = try #require(f["created_at"] as? String)
            let date = try #require(twitter.date(from: tw))
            #expect(twitter.string(from: date) == tw)
            #expect(try Date(iso, strategy: .iso8601) == date)
        }
    }

    @Test func hostileTextsSurviveAsValidJSON() async throws {
        let runner = try CommandRunner()
        #expect(await runner.run(["generate", "--count", "1000", "--output", runner.path("h")]) == 0)
        let users = Self.lines(try runner.read("h"))
        #expect(users.count == 1_000)
        let texts = users.flatMap { [$0["name"] as? String ?? "", $0["description"] as? String ?? ""] }
        #expect(texts.contains { $0.contains("<script>") })
        #expect(texts.contains { $0.contains("\n") })
        #expect(texts.contains { $0.unicodeScalars.contains("\u{1B}") })
    }

    @Test(arguments: [
        ["generate", "--count", "-1"],
        ["generate", "--count", "10", "--bought-share", "1.5"],
        ["generate", "--count", "10", "--as-of", "yesterday"],
        ["generate", "--count", "10", "--platform", "bluesky"],
    ])
    func rejectsBadFlags(arguments: [String]) async throws {
        let runner = try CommandRunner()
        #expect(await runner.run(arguments + ["--output", runner.path("x")]) == 64)
    }
}
