public import TrueReachCore

/// HTML sections of the audit report about engagement.
///
/// The sections cover engagement over time, content comparison, like spread and posts with inauthentic
/// comments. All text is escaped through ``HTML`` interpolation.
public enum EngagementSections {
    /// What the engagement sections show.
    public struct Input: Sendable {
        public var overTime: [PeriodEngagement]
        public var period: EngagementPeriod
        public var content: ContentComparison?
        public var likeSpread: LikeSpread?
        public var flaggedComments: [PostCommentAuthenticity]

        /// Creates the input; every part is optional.
        public init(
            overTime: [PeriodEngagement] = [], period: EngagementPeriod = .month, content: ContentComparison? = nil,
            likeSpread: LikeSpread? = nil, flaggedComments: [PostCommentAuthenticity] = []
        ) {
            self.overTime = overTime
            self.period = period
            self.content = content
            self.likeSpread = likeSpread
            self.flaggedComments = flaggedComments
        }
    }

    /// Renders the sections that have data.
    public static func render(_ input: Input) -> HTML {
        var out: HTML = ""
        if !input.overTime.isEmpty { out += overTime(input.overTime, period: input.period) }
        if let content = input.content { out += contentComparison(content) }
        if let spread = input.likeSpread, let cv = spread.coefficientOfVariation {
            let verdict = ChartText.words(spread.verdict.rawValue)
            out += """
                <section class="like-spread"><h2>Like spread</h2><p>Likes vary by \(ChartText.percent(cv)) \
                across \(spread.posts) posts: \(verdict). Between 40% and 100% is normal; below 40% suggests \
                bought likes, above 100% outliers such as giveaways or ads.</p></section>
                """
        }
        if !input.flaggedComments.isEmpty {
            let rows = input.flaggedComments.map { c -> HTML in
                "<tr><td><bdi>\(c.post.rawValue)</bdi></td><td>\(c.comments)</td><td>\(ChartText.percent(c.inauthenticShare ?? 0))</td></tr>"
            }
            out += """
                <section class="comments"><h2>Posts with inauthentic comments</h2>\
                <p>Half or more of these posts' comments are emoji-only, generic praise, tag-only or by suspicious accounts.</p>\
                <table><tr><th>post</th><th>comments</th><th>inauthentic</th></tr>\(rows)</table></section>
                """
        }
        return out
    }

    /// Mean ER by followers per period, as a line chart and a table.
    public static func overTime(_ periods: [PeriodEngagement], period: EngagementPeriod) -> HTML {
        let points = periods.enumerated().compactMap { i, p in
            p.summary.meanRateByFollowers.map { (Double(i), $0) }
        }
        let chart = LineChart.svg(
            points: points, marks: [], label: "Engagement rate by followers per \(period.rawValue)")
        let rows = periods.map { p -> HTML in
            "<tr><td>\(p.start.description)</td><td>\(p.summary.posts)</td><td>\(ChartText.percent(p.summary.meanRateByFollowers))</td><td>\(ChartText.percent(p.summary.meanRateByReach))</td></tr>"
        }
        return """
            <section class="engagement-over-time"><h2>Engagement over time</h2>\(chart)\
            <table><tr><th>from</th><th>posts</th><th>ER by followers</th><th>ER by reach</th></tr>\(rows)</table></section>
            """
    }

    /// Groups with their intervals as bars, and the contrasts in words.
    public static func contentComparison(_ c: ContentComparison) -> HTML {
        let top = c.groups.compactMap { $0.upper ?? $0.mean }.max() ?? 0
        let isRate = c.metric.hasPrefix("rate")
        func value(_ v: Double?) -> String { isRate ? ChartText.percent(v) : ChartText.number(v) }
        let rows = c.groups.map { g -> HTML in
            let width = top > 0 ? max(0, (g.mean ?? 0) / top * 200) : 0
            let note = g.smallSample ? "small sample" : ""
            return """
                <tr><td><bdi>\(g.key)</bdi></td><td>\(g.posts)</td><td><svg width="210" height="12" role="img" \
                aria-label="mean"><rect x="0" y="1" height="10" width="\(width)" fill="#4a7"/></svg></td>\
                <td>\(value(g.mean))</td><td>\(value(g.lower)) – \(value(g.upper))</td><td>\(note)</td></tr>
                """
        }
        let contrasts = c.contrasts.map { k -> HTML in
            let verdict = ChartText.words(k.verdict.rawValue)
            let p = k.pValue.map { ChartText.number($0, digits: 3) } ?? "n/a"
            return
                "<li><bdi>\(k.group)</bdi> against <bdi>\(k.baseline)</bdi>: \(verdict) (difference \(value(k.difference)), interval \(value(k.lower)) – \(value(k.upper)), Mann–Whitney p = \(p))</li>"
        }
        return """
            <section class="content-comparison"><h2>What engages</h2>\
            <p>Mean \(ChartText.words(c.metric)) per group with \(Int(c.confidence * 100))% \
            bootstrap intervals (\(c.resamples) resamples). A difference counts only when its interval excludes zero \
            and the rank test agrees.</p><table><tr><th>group</th><th>posts</th><th></th><th>mean</th><th>interval</th>\
            <th></th></tr>\(rows)</table><ul>\(contrasts)</ul></section>
            """
    }
}

/// Number text for the sections (no Foundation formatters).
enum ChartText {
    static func words(_ raw: String) -> String { raw.split(separator: "_").joined(separator: " ") }

    static func coordinate(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }

    static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return number(value * 100, digits: 2) + "%"
    }

    static func number(_ value: Double?, digits: Int = 1) -> String {
        guard let value, value.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        var frac = String(scaled % Int(scale))
        while frac.count < digits { frac = "0" + frac }
        return (value < 0 && scaled != 0 ? "-" : "") + CountText.grouped(whole) + (digits > 0 ? "." + frac : "")
    }
}

/// A small inline SVG line chart with optional marked points.
enum LineChart {
    static let width = 640.0
    static let height = 180.0

    /// Draws `points` as a line scaled to the chart, with red circles on the marked points.
    ///
    /// - Parameters:
    ///   - points: (x, y) in data units.
    ///   - marks: (x, title) of points to mark in red; the title becomes a tooltip (escaped). A mark whose x
    ///     is not the x of a point is not drawn.
    ///   - label: the chart's accessible name (`aria-label`, escaped).
    /// - Returns: an `<svg>` element, or empty HTML when there are fewer than two points.
    static func svg(points: [(Double, Double)], marks: [(Double, String)], label: String) -> HTML {
        guard points.count >= 2, let minX = points.map(\.0).min(), let maxX = points.map(\.0).max(),
            let minY0 = points.map(\.1).min(), let maxY0 = points.map(\.1).max()
        else { return "" }
        let pad = (maxY0 - minY0) * 0.05
        let minY = minY0 - pad
        let maxY = maxY0 + pad
        func x(_ v: Double) -> Double { maxX > minX ? 10 + (v - minX) / (maxX - minX) * (width - 20) : width / 2 }
        func y(_ v: Double) -> Double {
            maxY > minY ? height - 10 - (v - minY) / (maxY - minY) * (height - 20) : height / 2
        }
        let path = points.map { "\(ChartText.coordinate(x($0.0))),\(ChartText.coordinate(y($0.1)))" }.joined(
            separator: " ")
        let byX = Dictionary(points.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        let circles = marks.compactMap { m -> HTML? in
            guard let v = byX[m.0] else { return nil }
            return "<circle cx=\(x(m.0)) cy=\(y(v)) r=\"4\" fill=\"#c33\"><title>\(m.1)</title></circle>"
        }
        return """
            <svg viewBox="0 0 640 180" width="640" height="180" role="img" aria-label="\(label)">\
            <polyline fill="none" stroke="#369" stroke-width="1.5" points="\(path)"/>\(circles)</svg>
            """
    }
}
