import Foundation
import Testing
import TrueReachCore
import TrueReachReports
import TrueReachTestSupport

@Suite struct AuditHTMLTests {
    @Test func hostileTextNeverBecomesMarkup() {
        // Given a report where every piece of profile text is hostile
        let options = HTMLReportOptions(
            history: [
                AuditHistoryEntry(
                    asOf: .init(timeIntervalSince1970: 1_770_000_000),
                    createdAt: .init(timeIntervalSince1970: 1_770_000_000),
                    audienceQualityScore: 50,
                    trueReach: 400,
                    followersTotal: 900
                )
            ],
            sections: [ReportSection(title: Hostile.strings[0], html: "<p>\(Hostile.strings[1])</p>")],
            title: Hostile.strings[15]
        )
        // When rendered
        let page = AuditHTML.render(Hostile.report, options: options)
        // Then only our own tags and attributes are present
        #expect(HTMLSafety.problems(in: page) == [])
        #expect(!page.contains("<script"))
        #expect(!page.contains("<img"))
        #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(page.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func sameInputSameBytes() {
        let a = AuditHTML.render(.fixture(), options: HTMLReportOptions(syntheticData: true))
        let b = AuditHTML.render(.fixture(), options: HTMLReportOptions(syntheticData: true))
        #expect(a == b)
        #expect(a.hasPrefix("<!DOCTYPE html>"))
        #expect(a.contains("Synthetic data."))
        #expect(!AuditHTML.render(.fixture()).contains("Synthetic data."))
    }

    @Test func selfContained() {
        let page = AuditHTML.render(.fixture())
        #expect(!page.contains("http://") || !page.contains("src="))
        #expect(!page.contains("<link"))
        #expect(!page.contains("<script"))
        #expect(page.contains("<svg"))
    }

    @Test func sampleShowsIntervals() {
        let page = AuditHTML.render(.fixture(sample: SampleInfo(size: 400, seed: 7)))
        #expect(page.contains("sample of 400 of 1,000 followers (seed 7)"))
        #expect(page.contains("95%"))
    }

    /// Golden file: re-record with `RECORD_SNAPSHOTS=1` (that run fails on purpose).
    @Test func snapshotOfFixtureReport() throws {
        let history = [
            AuditHistoryEntry(
                asOf: Date(timeIntervalSince1970: 1_771_632_000),
                createdAt: Date(timeIntervalSince1970: 1_771_632_000),
                audienceQualityScore: 58,
                trueReach: 440,
                followersTotal: 950
            ),
            AuditHistoryEntry(
                asOf: Date(timeIntervalSince1970: 1_775_520_000),
                createdAt: Date(timeIntervalSince1970: 1_775_520_000),
                audienceQualityScore: 61,
                trueReach: 470,
                followersTotal: 980
            ),
            AuditHistoryEntry(
                asOf: Date(timeIntervalSince1970: 1_779_408_000),
                createdAt: Date(timeIntervalSince1970: 1_779_408_000),
                audienceQualityScore: 64,
                trueReach: 500,
                followersTotal: 1_000
            ),
        ]
        let page = AuditHTML.render(.fixture(), options: HTMLReportOptions(history: history, syntheticData: true))
        try Snapshot.assertMatches(page, named: "snapshotOfFixtureReport.html")
    }
}

@Suite struct AuditJSONTests {
    @Test func carriesTheAcceptanceFields() throws {
        let text = try AuditJSON.render(.fixture())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["followers_total"] as? Int == 1_000)
        #expect(json["true_reach"] as? Int == 500)
        #expect(json["audience_quality_score"] as? Int == 64)
        #expect(json["scorer"] as? String == "rules-v1")
        #expect(json["threshold"] as? Double == 0.5)
        #expect(json["as_of"] as? String == "2026-05-22T00:00:00Z")
        #expect(json["census"] as? Bool == true)
        #expect(json["intervals"] == nil)
        let categories = try #require(json["categories"] as? [String: [String: Any]])
        #expect(Set(categories.keys) == Set(AudienceCategory.allCases.map(\.rawValue)))
        #expect(categories["suspicious"]?["count"] as? Int == 120)
        #expect(categories["suspicious"]?["share"] as? Double == 0.12)
        #expect(categories["mass_follower"]?["count"] as? Int == 80)
        #expect(json["authentic_share"] as? Double == 0.88)
        let suspicious = try #require(json["most_suspicious"] as? [[String: Any]])
        #expect(suspicious.first?["bot_probability"] as? Double == 0.97)
        #expect(
            (suspicious.first?["signals"] as? [[String: Any]])?.first?["text"] as? String
                == "follows 4,812, followed by 3"
        )
    }

    @Test func extraKeysJoinTheTopLevel() throws {
        struct Engagement: Encodable, Sendable { var rate: Double }
        let text = try AuditJSON.render(.fixture(), extra: ["engagement": Engagement(rate: 0.031), "a_note": "x"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((json["engagement"] as? [String: Any])?["rate"] as? Double == 0.031)
        #expect(json["a_note"] as? String == "x")
        #expect(json["followers_total"] as? Int == 1_000)
        #expect(
            text == (try AuditJSON.render(.fixture(), extra: ["a_note": "x", "engagement": Engagement(rate: 0.031)]))
        )
    }

    @Test func sampleCarriesIntervals() throws {
        let text = try AuditJSON.render(.fixture(sample: SampleInfo(size: 400, seed: 7)))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let intervals = try #require(json["intervals"] as? [String: [String: Double]])
        #expect(Set(intervals.keys) == ["authentic_share", "reachable_share", "active_share", "true_reach"])
        #expect(json["census"] as? Bool == false)
        let categories = try #require(json["categories"] as? [String: [String: Any]])
        #expect(categories["real"]?["share_lower"] is Double)
    }

    @Test func deterministicAndHostileSafe() throws {
        let a = try AuditJSON.render(Hostile.report)
        #expect(a == (try AuditJSON.render(Hostile.report)))
        #expect(!a.unicodeScalars.contains { $0.value == 0x1B })
        _ = try JSONSerialization.jsonObject(with: Data(a.utf8))
    }
}

@Suite struct AuditCSVTests {
    @Test func oneRowPerCategoryAndSummaries() throws {
        let rows = try CSVParser.parse(AuditCSV.render(.fixture()))
        #expect(rows.first == AuditCSV.columns)
        let categories = rows.filter { $0.first == "category" }
        #expect(categories.map { $0[1] } == AudienceCategory.allCases.map(\.rawValue))
        #expect(categories.first?[2] == "120")
        #expect(categories.first?[3] == "0.120000")
        let summary = Dictionary(
            rows.filter { $0.first == "summary" }.map { ($0[1], $0) },
            uniquingKeysWith: { a, _ in a }
        )
        #expect(summary["followers_total"]?[2] == "1000")
        #expect(summary["true_reach"]?[2] == "500")
        #expect(summary["audience_quality_score"]?[6] == "64")
        #expect(rows.allSatisfy { $0.count == AuditCSV.columns.count })
    }

    @Test func hostileTextIsNeutralised() throws {
        let rows = try CSVParser.parse(AuditCSV.render(Hostile.report))
        #expect(rows.allSatisfy { $0.count == AuditCSV.columns.count })
        for row in rows.filter({ $0[0] == "problem" }) {
            let cell = row[6]
            #expect(!(cell.first.map { "=+-@\t\r".contains($0) } ?? false), "\(cell.debugDescription)")
        }
    }
}

@Suite struct AuditTableTests {
    @Test func readableSummary() {
        let text = AuditTable.render(.fixture())
        #expect(text.contains("Audience Quality Score  64 / 100"))
        #expect(text.contains("Suspicious"))
        #expect(text.contains("@user84736251"))
    }

    @Test func noControlCharactersReachTheTerminal() {
        let text = AuditTable.render(Hostile.report)
        for scalar in text.unicodeScalars where scalar != "\n" {
            #expect(TerminalTextTests.isPrintable(scalar), "U+\(String(scalar.value, radix: 16))")
        }
        #expect(text.split(separator: "\n").allSatisfy { TerminalText.displayWidth(String($0)) <= 100 })
    }

    @Test func rendererDispatchesEveryFormat() throws {
        for format in AuditReportFormat.allCases {
            #expect(!(try AuditReportRenderer.render(.fixture(), as: format)).isEmpty)
        }
    }
}
