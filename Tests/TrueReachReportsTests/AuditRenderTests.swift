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

    @Test func headlineEstimateComesFirst() throws {
        let page = AuditHTML.render(.fixture())
        let headline = try #require(page.range(of: "Estimated fake or automated followers"))
        let score = try #require(page.range(of: "<h2>Audience Quality Score</h2>"))
        #expect(headline.lowerBound < score.lowerBound)
        #expect(page.contains("<div class=\"value\">15.0%</div>"))
        #expect(page.contains("95% interval 11.0–19.0%"))
        let unknown = AuditHTML.render(.fixture(estimatedFakeShare: nil, qualityScore: nil))
        #expect(unknown.contains("<div class=\"value\">unknown</div>"))
        #expect(unknown.contains("n/a<span>/100</span>"))
        #expect(HTMLSafety.problems(in: unknown) == [])
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
        #expect(json["schema"] as? String == "truereach.audit.v2")
        // A census has intervals only for what follows from the fake-share estimate
        let intervals = try #require(json["intervals"] as? [String: [String: Double]])
        #expect(Set(intervals.keys) == ["authentic_share", "true_reach", "true_reach_share"])
        let categories = try #require(json["categories"] as? [String: [String: Any]])
        #expect(Set(categories.keys) == Set(AudienceCategory.allCases.map(\.rawValue)))
        #expect(categories["suspicious"]?["count"] as? Int == 120)
        #expect(categories["suspicious"]?["share"] as? Double == 0.12)
        #expect(categories["mass_follower"]?["count"] as? Int == 80)
        #expect(json["authentic_share"] as? Double == 0.85)
        let suspicious = try #require(json["most_suspicious"] as? [[String: Any]])
        #expect(suspicious.first?["bot_probability"] as? Double == 0.97)
        #expect(
            (suspicious.first?["signals"] as? [[String: Any]])?.first?["text"] as? String
                == "follows 4,812, followed by 3"
        )
    }

    @Test func headlineIsTheFakeShareEstimateWithItsInterval() throws {
        let text = try AuditJSON.render(.fixture())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let fake = try #require(json["estimated_fake_share"] as? [String: Any])
        #expect(Set(fake.keys) == ["value", "low", "high", "method"])
        #expect(fake["value"] as? Double == 0.15)
        #expect(fake["low"] as? Double == 0.11)
        #expect(fake["high"] as? Double == 0.19)
        #expect(fake["method"] as? String == "em")
        #expect(json["activity_unknown_share"] as? Double == 0)
        let quality = try #require(json["quality"] as? [String: Any])
        #expect(quality["score"] as? Int == 64)
        #expect(quality["rests_on"] as? [String] == ["quality_audience", "authenticity", "reachability", "activity"])
        #expect(quality["unmeasured"] as? [String] == [])
    }

    @Test func unknownHeadlineIsNullNotAGoodValue() throws {
        // Given a report whose authenticity and activity could not be measured
        let report = AudienceReport.fixture(
            estimatedFakeShare: nil,
            coverage: AudienceCoverage(
                countsUnknownShare: 1, reachabilityUnknownShare: 1, activityUnknownShare: 1,
                unmeasured: [
                    UnmeasuredMeasure(name: "authenticity", reason: "no counts"),
                    UnmeasuredMeasure(name: "activity", reason: "no last-post times"),
                ]),
            qualityScore: nil)
        let text = try AuditJSON.render(report)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        // Then the keys are present with null values, and the score says it rests on nothing
        #expect(json["estimated_fake_share"] is NSNull)
        #expect(json["audience_quality_score"] is NSNull)
        #expect(json["authentic_share"] is NSNull)
        #expect(json["true_reach"] is NSNull)
        let quality = try #require(json["quality"] as? [String: Any])
        #expect(quality["score"] is NSNull)
        #expect(quality["rests_on"] as? [String] == [])
        #expect(quality["unmeasured"] as? [String] == ["authenticity", "activity"])
        #expect(json["activity_unknown_share"] as? Double == 1)
        let notMeasured = try #require(json["not_measured"] as? [[String: String]])
        #expect(notMeasured.map { $0["name"] } == ["authenticity", "activity"])
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
        #expect(
            Set(intervals.keys) == [
                "authentic_share", "reachable_share", "active_share", "true_reach", "true_reach_share",
            ])
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
        #expect(summary["true_reach"]?[4] == "476")
        #expect(rows.allSatisfy { $0.count == AuditCSV.columns.count })
    }

    @Test func theEstimateIsTheFirstRow() throws {
        let rows = try CSVParser.parse(AuditCSV.render(.fixture()))
        #expect(rows[1] == ["summary", "estimated_fake_share", "", "0.150000", "0.110000", "0.190000", "em"])
        let unknown = try CSVParser.parse(AuditCSV.render(.fixture(estimatedFakeShare: nil, qualityScore: nil)))
        #expect(unknown[1] == ["summary", "estimated_fake_share", "", "", "", "", "unknown"])
        let summary = Dictionary(
            unknown.filter { $0[0] == "summary" }.map { ($0[1], $0) }, uniquingKeysWith: { a, _ in a })
        #expect(summary["audience_quality_score"]?[6] == "unknown")
        #expect(summary["true_reach"]?[2] == "")
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
    @Test func readableSummary() throws {
        let text = AuditTable.render(.fixture())
        #expect(text.contains("Audience Quality Score  64 / 100"))
        // The estimate with its interval is the first headline figure
        let lines = text.split(separator: "\n")
        let first = try #require(lines.firstIndex { $0.hasPrefix("Estimated fake share") })
        let score = try #require(lines.firstIndex { $0.hasPrefix("Audience Quality Score") })
        #expect(first < score)
        #expect(lines[first].contains("15.0% (95%: 11.0–19.0%), method em"))
        let unknown = AuditTable.render(.fixture(estimatedFakeShare: nil, qualityScore: nil))
        #expect(unknown.contains("Estimated fake share    unknown"))
        #expect(unknown.contains("Audience Quality Score  not measured"))
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
