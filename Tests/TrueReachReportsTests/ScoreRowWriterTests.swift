import Foundation
import Testing
import TrueReachCore
import TrueReachReports
import TrueReachTestSupport

@Suite struct ScoreRowWriterTests {
    let score = ProfileScore(
        probability: 0.97314,
        signals: [
            Signal(code: "ratio", contribution: 0.5, text: "follows 4,800, followed by 12"),
            Signal(code: "digits", contribution: 0.2, text: "handle is mostly digits"),
        ]
    )

    func rows(_ format: ScoreRowWriter.Format, _ items: [(Profile, ProfileScore, AudienceCategory)]) -> String {
        let writer = ScoreRowWriter(format: format)
        var buffer: [UInt8] = []
        writer.appendHeader(to: &buffer)
        for (a, s, c) in items { writer.appendRow(account: a, score: s, category: c, to: &buffer) }
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test func csvRowLayout() {
        let text = rows(.csv, [(Profile.fixture(id: "42", handle: "user42"), score, .suspicious)])
        #expect(
            text == """
                platform,id,handle,bot_probability,category,signals
                twitter,42,user42,0.9731,suspicious,"follows 4,800, followed by 12; handle is mostly digits"

                """
        )
    }

    @Test func jsonlRowLayout() throws {
        let text = rows(
            .jsonl,
            [(Profile.fixture(id: "42", handle: nil), ProfileScore(probability: 0.042, signals: []), .real)]
        )
        #expect(
            text
                == "{\"platform\":\"twitter\",\"id\":\"42\",\"handle\":null,\"bot_probability\":0.0420,\"category\":\"real\",\"signals\":\"\"}\n"
        )
    }

    @Test(arguments: [
        (0.0, "0.0000"), (1.0, "1.0000"), (0.99995, "1.0000"), (0.12345, "0.1235"), (-0.2, "0.0000"), (1.7, "1.0000"),
        (0.5, "0.5000"),
    ])
    func probabilityHasFourDecimals(p: Double, expected: String) {
        let text = rows(.jsonl, [(Profile.fixture(), ProfileScore(probability: p, signals: []), .real)])
        #expect(text.contains("\"bot_probability\":\(expected),"))
    }

    @Test func hostileCSVCellsAreNeutralisedAndParse() throws {
        let items = Hostile.strings.map { s in
            (
                Profile.fixture(id: ProfileID(s), handle: s),
                ProfileScore(probability: 0.5, signals: [Signal(code: "x", contribution: 0, text: s)]),
                AudienceCategory.suspicious
            )
        }
        let parsed = try CSVParser.parse(rows(.csv, items))
        #expect(parsed.count == Hostile.strings.count + 1)
        for (row, s) in zip(parsed.dropFirst(), Hostile.strings) {
            #expect(row.count == 6)
            let expected = (s.first.map { "=+-@\t\r".contains($0) } ?? false) ? "'" + s : s
            #expect(row[1] == expected)
            #expect(row[2] == expected)
            #expect(row[5] == expected)
        }
    }

    @Test func multiSignalCellNeutralisedOnFirstByte() throws {
        let s = ProfileScore(
            probability: 0.5,
            signals: [
                Signal(code: "a", contribution: 0, text: "=cmd"), Signal(code: "b", contribution: 0, text: "x\"y"),
            ]
        )
        let parsed = try CSVParser.parse(rows(.csv, [(Profile.fixture(), s, .real)]))
        #expect(parsed.last?[5] == "'=cmd; x\"y")
    }

    @Test func emptyFirstSignalDoesNotHideATrigger() throws {
        let s = ProfileScore(
            probability: 0.5,
            signals: [Signal(code: "a", contribution: 0, text: ""), Signal(code: "b", contribution: 0, text: "=x")]
        )
        let parsed = try CSVParser.parse(rows(.csv, [(Profile.fixture(), s, .real)]))
        #expect(parsed.last?[5] == "; =x")
        let quoted = ProfileScore(
            probability: 0.5,
            signals: [
                Signal(code: "a", contribution: 0, text: "a \"b\" c"), Signal(code: "b", contribution: 0, text: "\""),
            ]
        )
        #expect(try CSVParser.parse(rows(.csv, [(Profile.fixture(), quoted, .real)])).last?[5] == "a \"b\" c; \"")
    }

    @Test func hostileJSONStringsAreEscapedAndParse() throws {
        let items = Hostile.strings.map { s in
            (
                Profile.fixture(id: ProfileID(s), handle: s),
                ProfileScore(
                    probability: 0.5,
                    signals: [
                        Signal(code: "x", contribution: 0, text: s),
                        Signal(code: "y", contribution: 0, text: "\u{2028}\u{0}"),
                    ]
                ), AudienceCategory.suspicious
            )
        }
        let text = rows(.jsonl, items)
        #expect(text.contains("\\u001b[31m"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.contains("\\u2028\\u0000"))
        let lines = text.split(separator: "\n")
        #expect(lines.count == Hostile.strings.count)
        for (line, s) in zip(lines, Hostile.strings) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["handle"] as? String == s)
            #expect(object["id"] as? String == s)
            #expect(object["signals"] as? String == s + "; \u{2028}\u{0}")
            #expect(Set(object.keys) == Set(ScoreRowWriter.columns))
        }
    }
}

@Suite struct SVGChartTests {
    @Test func labelsAreEscapedAndColoursValidated() {
        let svg = SVGChart.bars(
            [SVGChart.Datum(label: "<script>x</script>", value: 3, color: "red\" onload=\"alert(1)")],
            title: "t<i>"
        ).markup
        #expect(HTMLSafety.problems(in: svg) == [])
        #expect(!svg.contains("onload"))
        #expect(svg.contains("&lt;script&gt;"))
    }

    @Test func everyChartIsCleanSVG() {
        let data = [
            SVGChart.Datum(label: "a", value: 1), SVGChart.Datum(label: "b", value: 0),
            SVGChart.Datum(label: "c", value: -2),
        ]
        let series = [SVGChart.Series(name: "s", points: [.init(x: 0, y: 1), .init(x: 1, y: 3), .init(x: 2, y: .nan)])]
        let charts: [HTML] = [
            SVGChart.bars(data, title: "bars"), SVGChart.bars([], title: "empty"),
            SVGChart.columns(data, title: "columns"),
            SVGChart.histogram(counts: [1, 2, 3], title: "h", marker: (0.5, "t")),
            SVGChart.histogram(counts: [], title: "empty"),
            SVGChart.stackedBar(data, title: "stack"), SVGChart.donut(data, title: "donut", centerText: "3"),
            SVGChart.line(series: series, markers: [.init(x: 1, y: 3, label: "spike")], title: "line"),
            SVGChart.line(series: [], title: "empty"),
            SVGChart.scatter(series, title: "scatter", xLabel: "x", yLabel: "y"),
            SVGChart.scatter([], title: "empty", xLabel: "x", yLabel: "y", logScale: false),
        ]
        for chart in charts {
            #expect(chart.markup.hasPrefix("<svg"))
            #expect(chart.markup.hasSuffix("</svg>"))
            #expect(HTMLSafety.problems(in: chart.markup) == [])
            #expect(!chart.markup.contains("nan") && !chart.markup.contains("inf"))
        }
    }
}
