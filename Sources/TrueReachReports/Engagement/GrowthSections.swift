public import TrueReachCore

/// HTML section of the audit report: each follower series with its anomalies marked, and the anomaly list.
public enum GrowthSections {
    /// Renders one block per series.
    ///
    /// - Parameters:
    ///   - series: the count series (for the chart).
    ///   - reports: their growth reports, in the same order.
    /// - Returns: a `<section class="growth">` element: a heading and a note on the method, then per series
    ///   its name, its follower chart with the follower anomalies marked, and a table of all its anomalies
    ///   (or a note that there are none).
    public static func render(series: [CountSeries], reports: [GrowthReport]) -> HTML {
        var blocks: HTML = ""
        for (s, r) in zip(series, reports) {
            let values = s.points.compactMap { p in p.followers.map { (Double(p.day.daysSinceEpoch), Double($0)) } }
            let marks = r.anomalies.filter { $0.metric == .followers }.map {
                (Double($0.date.daysSinceEpoch), "\($0.date.description) \($0.kind.rawValue): \($0.reason)")
            }
            let chart = LineChart.svg(points: values, marks: marks, label: "Followers of \(s.name)")
            let rows = r.anomalies.map { a -> HTML in
                "<tr><td>\(a.date.description)</td><td>\(a.kind.rawValue)</td><td>\(a.metric.rawValue)</td><td>\(CountText.grouped(a.size))</td><td>\(ChartText.number(a.score))</td><td>\(a.reason)</td></tr>"
            }
            let table: HTML =
                r.anomalies.isEmpty
                ? "<p>No anomalies: growth follows its own baseline.</p>"
                : "<table><tr><th>date</th><th>kind</th><th>count</th><th>size</th><th>score</th><th>why</th></tr>\(rows)</table>"
            blocks += "<h3><bdi>\(s.name)</bdi></h3>\(chart)\(table)"
        }
        return """
            <section class="growth"><h2>Follower growth</h2><p>Daily changes against a robust baseline \
            (median and MAD over ±14 days, weekday-aware); red points are anomalies.</p>\(blocks)</section>
            """
    }
}

/// HTML section of the audit report: follower cohorts as bars.
public enum CohortSections {
    /// Renders the cohorts: members as a bar, with suspicious and departed shares.
    public static func render(_ report: CohortReport) -> HTML {
        let top = Double(report.cohorts.map(\.members).max() ?? 0)
        let rows = report.cohorts.map { c -> HTML in
            let width = top > 0 ? Double(c.members) / top * 200 : 0
            return """
                <tr><td><bdi>\(c.label)</bdi></td><td><svg width="210" height="12" role="img" aria-label="members">\
                <rect x="0" y="1" height="10" width="\(width)" fill="#58a"/></svg></td><td>\(c.members)</td>\
                <td>\(ChartText.percent(c.suspiciousShare))</td><td>\(ChartText.percent(c.engagedShare))</td>\
                <td>\(ChartText.percent(c.leftShare))</td></tr>
                """
        }
        return """
            <section class="cohorts"><h2>Follower cohorts</h2><p>Followers grouped by when they followed; \
            a cohort that is mostly suspicious, never engages or has largely left points to bought followers.</p>\
            <table><tr><th>cohort</th><th></th><th>followers</th><th>suspicious</th><th>engaged</th><th>left since</th>\
            </tr>\(rows)</table></section>
            """
    }
}
