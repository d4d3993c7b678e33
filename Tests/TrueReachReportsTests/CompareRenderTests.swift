import Foundation
import Testing
import TrueReachCore
import TrueReachReports

@Suite struct CompareRenderTests {
    static func keys(_ range: ClosedRange<Int>) -> Set<FollowerKey> {
        Set(range.map { FollowerKey(platform: .twitter, id: ProfileID("id\($0)")) })
    }

    /// Three accounts named by an attacker (the third sampled: its overlap unknown), ranked.
    static func report(names: [String] = Array(Hostile.strings.prefix(3))) -> CompareReport {
        let date = Date(timeIntervalSince1970: 1_779_408_000)
        let accounts = names.enumerated().map { index, name in
            CompareReport.Account(
                account: name, platform: .twitter, asOf: date, census: index < 2, followers: 100,
                estimatedFakeShare: FakeShareEstimate(
                    value: 0.1 * Double(index + 1), low: 0.05, high: 0.4, method: "em"),
                trueReach: Estimate(value: 60), trueReachShare: Estimate(value: 0.6),
                audienceQualityScore: 80 - index * 10, engagementRate: index == 0 ? 0.02 : nil,
                engagementBenchmark: nil,
                engagementRatio: index == 0 ? 2 : nil, growthAnomalies: index == 1 ? 2 : nil,
                realFollowers: index < 2 ? 10 : nil)
        }
        let audiences: [OverlapAudience] = [
            .exact(account: names[0], followers: keys(1...10)), .exact(account: names[1], followers: keys(6...15)),
            .unknown(account: names[2], reason: "The latest audit of \(names[2]) is a sample."),
        ]
        var report = CompareReport(accounts: accounts, overlap: AudienceOverlap.measure(audiences), exactUpTo: 1_000)
        let candidates = zip(accounts, audiences).map { a, audience in
            ShortlistCandidate(
                account: a.account, audienceQualityScore: a.audienceQualityScore,
                estimatedFakeShare: a.estimatedFakeShare?.value, trueReachShare: a.trueReachShare?.value,
                engagementRatio: a.engagementRatio, growthAnomalies: a.growthAnomalies, audience: audience)
        }
        report.ranking = Shortlist.rank(candidates, weights: .defaults)
        return report
    }

    @Test func htmlReportEscapesHostileAccountNamesEverywhere() {
        // Given accounts named like markup, one of them sampled
        let page = CompareHTML.render(Self.report())
        // Then the page holds only our own tags and attributes, the names shown escaped
        #expect(HTMLSafety.problems(in: page).isEmpty, "\(HTMLSafety.problems(in: page).prefix(5))")
        #expect(!page.contains("<script>alert(1)</script>"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!page.contains("<img src=x"))
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        // And it has every section, with the overlap and the unknowns
        for heading in [
            "Side by side", "Shortlist", "The figures behind each rank", "Audience overlap", "Unique real followers",
        ] {
            #expect(page.contains("<h2>\(heading)</h2>"), "\(heading)")
        }
        #expect(page.contains("5 shared"))
        #expect(page.contains("50.0% of the smaller"))
        #expect(page.contains("is a sample."))
        #expect(page.contains("no tracked links: no clicks per 1,000 real followers"))
    }

    @Test func dashboardSectionsCarryNoInlineStyleOrScript() {
        let sections = CompareHTML.sections(Self.report()).markup
        #expect(!sections.contains("<style"))
        #expect(!sections.contains("style=\""))
        #expect(!sections.contains("<script"))
    }

    @Test func jsonCarriesTheRankingWithEachComponent() throws {
        let text = try CompareJSON.render(Self.report(names: ["a", "b", "c"]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let ranking = try #require(object["ranking"] as? [String: Any])
        let entries = try #require(ranking["entries"] as? [[String: Any]])
        #expect(entries.map { $0["rank"] as? Int } == [1, 2, 3])
        #expect(entries.first?["account"] as? String == "a")
        let components = try #require(entries.first?["components"] as? [[String: Any]])
        #expect(
            components.map { $0["component"] as? String } == [
                "aqs", "authentic", "true_reach", "engagement", "growth", "uniqueness",
            ])
        let aqs = try #require(components.first)
        #expect(aqs["figure"] as? Double == 80)
        #expect(aqs["value"] as? Double == 0.8)
        let notUsed = try #require(ranking["not_used"] as? [[String: Any]])
        #expect(notUsed.map { $0["component"] as? String } == ["outcomes"])
        let weights = try #require(ranking["weights"] as? [String: Double])
        #expect(weights["aqs"] == 0.25)
        // Without --rank, ranking is null
        var plain = Self.report(names: ["a", "b", "c"])
        plain.ranking = nil
        let unranked = try #require(
            try JSONSerialization.jsonObject(with: Data(try CompareJSON.render(plain).utf8)) as? [String: Any])
        #expect(unranked["ranking"] is NSNull)
    }

    @Test func tableAndCSVShowTheShortlist() {
        let report = Self.report(names: ["a", "b", "c"])
        let table = CompareTable.render(report)
        #expect(table.contains("Shortlist: weighted figures"))
        #expect(table.contains("Not used: outcomes (unknown for every account)."))
        let csv = CompareCSV.render(report)
        #expect(csv.contains("rank,a,,position,1,"))
        #expect(csv.contains("rank,a,aqs,figure,80.000000,"))
        #expect(csv.contains("rank,,outcomes,not_used,,,,,,unknown for every account"))
        // Unknown figures are empty cells with the reason, never 0
        #expect(csv.contains("rank,b,engagement,value,,,,,,\"unknown, counted as 0\""))
    }
}
