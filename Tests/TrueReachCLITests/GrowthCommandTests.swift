import Foundation
import Testing
import TrueReachCLI

@Suite struct GrowthCommandTests {
    /// 40 days of steady growth (+30 or +40 a day) with 1,000 bought followers on day 25.
    static var series: String {
        var lines = ["date,followers,following"]
        var count = 5_000
        for d in 0..<40 {
            let day = 1 + d % 31
            let month = d < 31 ? "01" : "02"
            lines.append("2024-\(month)-\(day < 10 ? "0" : "")\(day),\(count),200")
            count += (d % 3 == 0 ? 40 : 30) + (d == 24 ? 1_000 : 0)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func jsonListsDatedAnomaliesWithKindAndSize() async throws {
        let runner = try CommandRunner()
        let input = try runner.write("series.csv", Self.series)
        let status = await runner.run([
            "growth", input, "--format", "json", "--output", runner.path("out.json"), "--html", runner.path("g.html"),
        ])
        #expect(status == 0)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try runner.read("out.json").utf8)) as? [String: Any])
        let series = try #require((json["series"] as? [[String: Any]])?.first)
        let anomalies = try #require(series["anomalies"] as? [[String: Any]])
        #expect(anomalies.count == 1)
        #expect(anomalies.first?["date"] as? String == "2024-01-26")
        #expect(anomalies.first?["kind"] as? String == "round_jump")
        #expect(abs((anomalies.first?["size"] as? Int ?? 0) - 1_000) <= 10)
        #expect(try runner.read("g.html").contains("<circle"))
    }

    @Test func benchmarkPrintsPrecisionAndRecall() async throws {
        let runner = try CommandRunner()
        let input = try runner.write("series.csv", Self.series)
        let status = await runner.run([
            "growth", input, "--benchmark", "--trials", "3", "--format", "csv", "--output", runner.path("b.csv"),
        ])
        #expect(status == 0)
        let text = try runner.read("b.csv")
        #expect(text.hasPrefix("relative_size,injections,detected,false_positives,precision,recall"))
        #expect(text.contains("\nall,12,"))
    }

    @Test func badDatesAreBadInput() async throws {
        let runner = try CommandRunner()
        let input = try runner.write("bad.csv", "date,followers\nyesterday,10\n")
        #expect(await runner.run(["growth", input]) == 2)
        #expect(await runner.run(["growth", runner.path("none.csv")]) == 3)
    }
}
