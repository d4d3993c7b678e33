import Foundation
import Testing
import TrueReachCLI

@Suite struct EngagementCommandTests {
    static let posts = """
        {"platform":"instagram","id":"p1","author":"shop","created_at":"2024-05-01T10:00:00Z","likes":120,"replies":8,"followers_at_posting":2000,"tags":["personal"]}
        {"platform":"instagram","id":"p2","author":"shop","created_at":"2024-05-02T10:00:00Z","likes":40,"replies":2,"followers_at_posting":2000,"tags":["curated"]}
        {"platform":"instagram","id":"p3","author":"shop","created_at":"2024-05-03T10:00:00Z","likes":90,"replies":5,"followers_at_posting":2000,"tags":["personal"]}
        {"platform":"instagram","id":"p4","author":"shop","created_at":"2024-05-04T10:00:00Z","likes":35,"replies":1,"followers_at_posting":2000,"tags":["curated"]}

        """

    @Test func jsonCarriesRatesAndIsDeterministic() async throws {
        // Given
        let runner = try CommandRunner()
        let input = try runner.write("posts.jsonl", Self.posts)
        let interactions = try runner.write(
            "interactions.csv",
            "platform,post,account,kind,text\ninstagram,p1,bot,reply,🔥🔥\ninstagram,p1,fan,reply,<script>alert(1)</script> which pot?\n"
        )
        let scores = try runner.write("scores.csv", "account,probability\nbot,0.9\nfan,0.1\n")
        // When
        let args = ["engagement", input, interactions, "--scores", scores, "--format", "json", "--group-by", "tag"]
        let status = await runner.run(args + ["--output", runner.path("a.json"), "--html", runner.path("a.html")])
        _ = await runner.run(args + ["--output", runner.path("b.json")])
        // Then
        #expect(status == 0)
        let a = try runner.read("a.json")
        #expect(a == (try runner.read("b.json")))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(a.utf8)) as? [String: Any])
        let author = try #require((json["authors"] as? [[String: Any]])?.first)
        let last = try #require(author["last_posts"] as? [String: Any])
        // (128 + 42 + 95 + 36) / 4 / 2000
        #expect(abs((last["mean_rate_by_followers"] as? Double ?? 0) - 0.037625) < 1e-9)
        let authentic = try #require(json["authentic_engagement"] as? [String: Any])
        #expect(authentic["share"] as? Double == 0.5)
        let html = try runner.read("a.html")
        #expect(!html.contains("<script>alert"))
    }

    @Test func csvNeutralisesFormulas() async throws {
        let runner = try CommandRunner()
        let input = try runner.write(
            "posts.csv", "platform,id,author,likes,replies\ninstagram,=cmd|calc,shop,10,1\ninstagram,p2,shop,12,0\n")
        let status = await runner.run(["engagement", input, "--format", "csv", "--output", runner.path("out.csv")])
        #expect(status == 0)
        #expect(try runner.read("out.csv").contains("'=cmd|calc"))
    }

    @Test func exitCodes() async throws {
        let runner = try CommandRunner()
        #expect(await runner.run(["engagement", runner.path("missing.jsonl")]) == 3)
        let bad = try runner.write(
            "bad.jsonl", "{\"platform\":\"instagram\",\"id\":\"p\",\"author\":\"a\",\"likes\":\"x\"}\n")
        #expect(await runner.run(["engagement", bad]) == 2)
        let unknown = try runner.write("unknown.txt", "hello\n")
        #expect(await runner.run(["engagement", unknown]) == 2)
    }

    @Test func tableDropsZeroWidthAndBidiCharactersFromHandles() async throws {
        // Given posts by an author whose handle hides a zero-width space, a zero-width joiner and a bidi override
        let runner = try CommandRunner()
        let input = try runner.write(
            "posts.csv",
            "platform,id,author,likes,replies\ninstagram,p1,sh\u{200B}o\u{200D}p\u{202E}gpj,10,1\n"
                + "instagram,p2,sh\u{200B}o\u{200D}p\u{202E}gpj,12,0\n")
        // When the table is rendered
        let status = await runner.run(["engagement", input, "--format", "table", "--output", runner.path("t.txt")])
        // Then the handle is shown without any of them
        #expect(status == 0)
        let table = try runner.read("t.txt")
        #expect(table.contains("shopgpj"))
        for hidden: Unicode.Scalar in ["\u{200B}", "\u{200D}", "\u{202E}"] {
            #expect(!table.unicodeScalars.contains(hidden))
        }
    }
}
