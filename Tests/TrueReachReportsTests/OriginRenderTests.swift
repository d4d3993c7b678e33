import Foundation
import Testing
import TrueReachCore
import TrueReachReports
import TrueReachTestSupport

/// Top languages and countries, with the unknown share, in every audit and compare format.
@Suite struct OriginRenderTests {
    static let origins = AudienceOrigins(
        languages: OriginBreakdown(counts: ["en": 610, "es": 120, "it": 30], followers: 1_000, limit: 2),
        countries: OriginBreakdown(counts: ["US": 200, "MX": 50], followers: 1_000))

    @Test func theAuditShowsLanguagesAndCountriesWithTheUnknownShare() throws {
        let report = AudienceReport.fixture(origins: Self.origins)
        // JSON: the breakdown with its unknown and other counts
        let json = try JSONSerialization.jsonObject(with: Data(try AuditJSON.render(report).utf8)) as? [String: Any]
        let languages = try #require(json?["languages"] as? [String: Any])
        let top = try #require(languages["top"] as? [[String: Any]])
        #expect(top.map { $0["code"] as? String } == ["en", "es"])
        #expect(languages["other_count"] as? Int == 30)
        #expect(languages["unknown_count"] as? Int == 240)
        #expect(languages["unknown_share"] as? Double == 0.24)
        let countries = try #require(json?["countries"] as? [String: Any])
        #expect(countries["unknown_share"] as? Double == 0.75)
        // CSV: a row each, then other and unknown
        let csv = AuditCSV.render(report)
        #expect(csv.contains("language,en,610,0.610000,,,\r\n"))
        #expect(csv.contains("language,unknown,240,0.240000,,,\r\n"))
        #expect(csv.contains("country,US,200,0.200000,,,\r\n"))
        #expect(csv.contains("country,unknown,750,0.750000,,,\r\n"))
        // Table and HTML: the shares and the unknown
        let table = AuditTable.render(report)
        #expect(table.contains("Languages               en 61.0%, es 12.0%, other 3.0%, unknown 24.0%"))
        #expect(table.contains("Countries               US 20.0%, MX 5.0%, unknown 75.0%"))
        let html = AuditHTML.render(report)
        #expect(html.contains("<h2>Languages</h2>"))
        #expect(html.contains("Unknown for 75.0% of 1,000 followers"))
    }

    @Test func namesAreShownWhereKnownAndCodesKeptForMachines() throws {
        let named = AudienceOrigins(
            languages: OriginBreakdown(counts: ["en": 6, "xq": 2], followers: 10) { $0 == "en" ? "English" : nil },
            countries: OriginBreakdown(counts: ["US": 5], followers: 10) { _ in "United States" })
        let report = AudienceReport.fixture(origins: named)
        let table = AuditTable.render(report)
        #expect(table.contains("English 60.0%, xq 20.0%, unknown 20.0%"))
        #expect(table.contains("United States 50.0%, unknown 50.0%"))
        #expect(AuditCSV.render(report).contains("country,US,5,0.500000,,,United States\r\n"))
        let json = try JSONSerialization.jsonObject(with: Data(try AuditJSON.render(report).utf8)) as? [String: Any]
        let top = try #require((json?["languages"] as? [String: Any])?["top"] as? [[String: Any]])
        #expect(top[0]["code"] as? String == "en")
        #expect(top[0]["name"] as? String == "English")
        #expect(top[1]["name"] is NSNull)
    }

    @Test func aReportWithoutOriginsSaysNothingRatherThanUnknownEverywhere() throws {
        let report = AudienceReport.fixture()
        let json = try JSONSerialization.jsonObject(with: Data(try AuditJSON.render(report).utf8)) as? [String: Any]
        #expect(json?["languages"] is NSNull)
        #expect(!AuditCSV.render(report).contains("language,"))
        #expect(!AuditTable.render(report).contains("Languages"))
    }

    @Test func compareShowsEachAccountsOrigins() throws {
        var report = CompareRenderTests.report()
        report.accounts[0].origins = Self.origins
        let json = try JSONSerialization.jsonObject(with: Data(try CompareJSON.render(report).utf8)) as? [String: Any]
        let accounts = try #require(json?["accounts"] as? [[String: Any]])
        #expect((accounts[0]["countries"] as? [String: Any])?["unknown_count"] as? Int == 750)
        #expect(accounts[1]["countries"] is NSNull)
        let csv = CompareCSV.render(report)
        #expect(csv.contains(",,language:en,0.610000,,,,610,"))
        #expect(csv.contains(",,countries,,,,,,unknown"))
        let table = CompareTable.render(report)
        #expect(table.contains("languages en 61.0%, es 12.0%, other 3.0%, unknown 24.0%"))
        #expect(table.contains("unknown (the latest audit did not tell them)"))
        let html = CompareHTML.render(report)
        #expect(html.contains("<h2>Who the audiences are</h2>"))
        #expect(html.contains("en 61.0%, es 12.0%"))
    }
}
