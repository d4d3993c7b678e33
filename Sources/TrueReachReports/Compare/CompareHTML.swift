import FoundationEssentials
import TrueReachCore

/// Renders a ``CompareReport`` as one self-contained HTML page (`truereach compare --format html`), and
/// its sections for the dashboard's compare page.
///
/// Inline CSS and SVG only (no script, no external file), with the audit report's stylesheet. Sections:
/// the accounts side by side (each figure of the latest audit, `unknown` where the data does not give
/// it); real followers as bars; the pairwise overlap matrix (shared real followers and their share of
/// the smaller audience, with `≈` and the 95% margin beside estimated figures, `unknown` with the
/// reason); the unique real followers of all; the shortlist when ranked (each rank's score, what it
/// rests on, and each component's figure, normalised value and contribution); and a footer on method.
///
/// Every account name and reason goes through ``HTML`` interpolation (escaped, bidi controls
/// neutralised) and sits in `<bdi>`. The output is a pure function of the report.
public enum CompareHTML {
    /// The whole page.
    ///
    /// - Parameter report: The comparison.
    /// - Returns: The page, starting with `<!DOCTYPE html>` and ending with a newline.
    public static func render(_ report: CompareReport) -> String {
        let names = report.accounts.map(\.account).joined(separator: ", ")
        return ReportDocument.page(
            title: "Compare: \(names)",
            stylesheet: """
                \(AuditHTML.stylesheet)
                \(stylesheet)
                """,
            main: """
                <header>
                <p class="eyebrow">TrueReach compare</p>
                <h1>\(heading(report))</h1>
                <p class="sub">Each account's latest audit · \(report.accounts.count) accounts</p>
                </header>
                \(sections(report))
                """)
    }

    /// The report's sections without the page around them: what the dashboard's compare page shows.
    ///
    /// No inline style or script: widths and colours are SVG attributes, the rest classes of
    /// ``stylesheet`` and the audit report's.
    ///
    /// - Parameter report: The comparison.
    /// - Returns: The sections' markup.
    public static func sections(_ report: CompareReport) -> HTML {
        """
        \(sideBySide(report))
        \(origins(report))
        \(report.ranking.map(shortlist) ?? .empty)
        \(overlap(report))
        \(footer(report))
        """
    }

    /// The accounts' names, each in `<bdi>`, separated by `vs`.
    static func heading(_ report: CompareReport) -> HTML {
        report.accounts.map { a -> HTML in "<bdi>\(a.account)</bdi>" }.joined(
            separator: " <span class=\"vs\">vs</span> ")
    }

    /// The compare report's own rules, beside ``AuditHTML``'s stylesheet.
    public static let stylesheet: HTML = """
        .vs{color:var(--muted);font-weight:400;font-size:20px}
        table.matrix td.self{background:var(--bg);color:var(--muted)}
        table.matrix th[scope=row]{text-align:left}
        .unknown{color:var(--muted);font-style:italic}
        svg.score{display:inline-block;width:80px;height:8px;vertical-align:middle;margin-left:6px}
        .wide{overflow-x:auto}
        table.data+h2,.wide+h2,.wide+p+h2{margin-top:20px}
        """

    // MARK: - Sections

    static func sideBySide(_ report: CompareReport) -> HTML {
        let rows = report.accounts.map { a -> HTML in
            let sample: HTML = a.census ? .empty : " <span class=\"muted\">(sample)</span>"
            let fake: HTML =
                a.estimatedFakeShare.map { f -> HTML in
                    let interval = NumberText.fixed(f.low * 100, decimals: 1) + "–" + NumberText.percent(f.high)
                    return "\(NumberText.percent(f.value)) <span class=\"muted\">(\(interval))</span>"
                } ?? unknown
            let reach: HTML =
                a.trueReach.map { r -> HTML in
                    let share = a.trueReachShare.map { " (" + NumberText.percent($0.value) + ")" } ?? ""
                    return "\(NumberText.grouped(r.value))<span class=\"muted\">\(share)</span>"
                } ?? unknown
            return """
                <tr><th scope="row"><bdi>\(a.account)</bdi>\(sample)</th>\
                <td>\(a.platform?.rawValue ?? "unknown")</td>\
                <td class="num">\(NumberText.grouped(a.followers))</td>\
                <td class="num">\(a.realFollowers.map { n -> HTML in "\(NumberText.grouped(n))" } ?? unknown)</td>\
                <td class="num">\(fake)</td><td class="num">\(reach)</td>\
                <td class="num">\(a.audienceQualityScore.map { v -> HTML in "\(v)" } ?? unknown)</td>\
                <td class="num">\(engagement(a))</td>\
                <td class="num">\(a.growthAnomalies.map { v -> HTML in "\(v)" } ?? unknown)</td>\
                <td class="num">\(a.humanClicksPerThousandRealFollowers.map { v -> HTML in "\(NumberText.fixed(v, decimals: 1))" } ?? unknown)</td></tr>
                """
        }
        let bars = report.accounts.compactMap { a -> SVGChart.Datum? in
            a.realFollowers.map { SVGChart.Datum(label: a.account, value: Double($0)) }
        }
        let chart: HTML =
            bars.isEmpty
            ? .empty
            : "<h2>Real followers</h2>\(SVGChart.bars(bars, title: "Real followers by account"))"
        return """
            <section class="card">
            <h2>Side by side</h2>
            <div class="wide"><table class="data"><thead><tr><th>Account</th><th>Platform</th>\
            <th class="num">Followers</th><th class="num">Real followers</th><th class="num">Fake share (95%)</th>\
            <th class="num">True reach</th><th class="num">AQS</th><th class="num">Engagement (vs benchmark)</th>\
            <th class="num">Growth anomalies</th><th class="num">Clicks per 1,000 real</th></tr></thead>
            <tbody>\(rows)</tbody></table></div>
            <p class="muted">Unknown: the data does not give it (no posts stored: no engagement; no follower-count \
            series: no anomaly count, which is not 0; a sampled audit: no real-follower count; no tracked links: \
            no clicks per 1,000 real followers, counted by <code>truereach outcomes</code>).</p>
            \(chart)
            </section>
            """
    }

    static let unknown: HTML = "<span class=\"unknown\">unknown</span>"

    static func engagement(_ a: CompareReport.Account) -> HTML {
        guard let rate = a.engagementRate else { return unknown }
        guard let ratio = a.engagementRatio, let benchmark = a.engagementBenchmark else {
            return "\(NumberText.percent(rate, decimals: 2)) <span class=\"muted\">(no benchmark)</span>"
        }
        let detail = NumberText.fixed(ratio, decimals: 2) + "× " + NumberText.percent(benchmark.rate, decimals: 2)
        return "\(NumberText.percent(rate, decimals: 2)) <span class=\"muted\">(\(detail))</span>"
    }

    static func overlap(_ report: CompareReport) -> HTML {
        let accounts = report.accounts
        var pairs: [String: PairOverlap] = [:]
        for pair in report.overlap.pairs {
            pairs[pair.a + "\u{0}" + pair.b] = pair
            pairs[pair.b + "\u{0}" + pair.a] = pair
        }
        let header = accounts.map { a -> HTML in "<th class=\"num\" scope=\"col\"><bdi>\(a.account)</bdi></th>" }
        let rows = accounts.map { row -> HTML in
            let cells = accounts.map { column -> HTML in
                if row.account == column.account {
                    let real = row.realFollowers.map { NumberText.grouped($0) + " real" } ?? "unknown"
                    return "<td class=\"num self\">\(real)</td>"
                }
                guard let pair = pairs[row.account + "\u{0}" + column.account] else { return "<td>\(unknown)</td>" }
                return "<td class=\"num\">\(cell(pair))</td>"
            }
            return "<tr><th scope=\"row\"><bdi>\(row.account)</bdi></th>\(cells)</tr>"
        }
        let reasons = Array(
            Set(report.overlap.pairs.compactMap(\.reason) + [report.overlap.uniqueReason].compactMap { $0 })
        )
        .sorted()
        .map { r -> HTML in "<li><bdi>\(r)</bdi></li>" }
        let reasonList: HTML =
            reasons.isEmpty ? .empty : "<p class=\"muted\">Unknown because:</p><ul class=\"muted\">\(reasons)</ul>"
        let union: HTML =
            report.overlap.uniqueRealFollowers.map { u -> HTML in
                "\(count(u)) <span class=\"muted\">(\(report.overlap.uniqueMethod.rawValue))</span>"
            } ?? "\(unknown)"
        let estimated: HTML =
            report.overlap.pairs.contains(where: { $0.method == .hyperloglog })
            ? """
            <p class="muted">≈: estimated from HyperLogLog sketches (0.81% relative standard error of a union); \
            ± is the 95% margin (1.96 standard errors), in followers and in points of the share of the smaller \
            audience. Counted exactly up to \(NumberText.grouped(report.exactUpTo)) followers in all.</p>
            """
            : .empty
        return """
            <section class="card">
            <h2>Audience overlap</h2>
            <p class="muted">Real followers (those the audit did not flag as suspicious) both accounts reach, \
            and their share of the smaller audience.</p>
            <div class="wide"><table class="data matrix"><thead><tr><th></th>\(header)</tr></thead>
            <tbody>\(rows)</tbody></table></div>
            \(estimated)
            <h2>Unique real followers</h2>
            <p class="value">\(union) distinct real followers reached by all \(accounts.count) accounts together</p>
            \(reasonList)
            </section>
            """
    }

    /// A pair's shared followers and share of the smaller, or `unknown`.
    static func cell(_ pair: PairOverlap) -> HTML {
        guard let shared = pair.shared else { return unknown }
        let share: HTML =
            pair.shareOfSmaller.map { s -> HTML in
                if s.isExact { return "<br><span class=\"muted\">\(NumberText.percent(s.value)) of the smaller</span>" }
                let margin = NumberText.fixed(AudienceOverlap.z95 * s.standardError * 100, decimals: 1)
                return
                    "<br><span class=\"muted\">≈ \(NumberText.percent(s.value)) ± \(margin) pt of the smaller</span>"
            } ?? "<br><span class=\"muted\">the smaller has no real followers</span>"
        return "\(count(shared)) shared\(share)"
    }

    /// A count, with `≈` and the 95% margin when estimated.
    static func count(_ figure: OverlapFigure) -> HTML {
        if figure.isExact { return "\(NumberText.grouped(figure.value))" }
        return
            "≈ \(NumberText.grouped(figure.value)) ± \(NumberText.grouped(AudienceOverlap.z95 * figure.standardError))"
    }

    static func shortlist(_ ranking: ShortlistRanking) -> HTML {
        let ranks = ranking.entries.map { e -> HTML in
            let width = max(0, min(100, e.score * 100))
            return """
                <tr><td class="num">\(e.rank)</td><th scope="row"><bdi>\(e.account)</bdi></th>\
                <td class="num">\(ShortlistText.score(e.score))<svg class="score" viewBox="0 0 100 8" \
                preserveAspectRatio="none" aria-hidden="true"><rect width="100" height="8" rx="4" fill="#e4e7eb"/>\
                <rect width="\(width)" height="8" rx="4" fill="#3d7dd8"/></svg></td>\
                <td>\(ShortlistText.basis(e))</td></tr>
                """
        }
        let header = ranking.entries.map { e -> HTML in "<th scope=\"col\">#\(e.rank) <bdi>\(e.account)</bdi></th>" }
        let rows = ranking.used.enumerated().map { index, component -> HTML in
            let weight = ranking.entries.first?.parts[index].weight ?? 0
            let cells = ranking.entries.map { e -> HTML in
                let part = e.parts[index]
                let figure: HTML =
                    part.figure == nil ? unknown : "\(ShortlistText.figure(part))"
                return "<td>\(figure)<br><span class=\"muted\">\(ShortlistText.value(part))</span></td>"
            }
            return """
                <tr><th scope="row">\(component.label) <span class="muted">(\(component.key))</span></th>\
                <td class="num">\(NumberText.fixed(weight, decimals: 2))</td>\(cells)</tr>
                """
        }
        let notUsed: HTML =
            ShortlistText.notUsed(ranking).map { n -> HTML in "<p class=\"muted\">Not used: \(n).</p>" } ?? .empty
        return """
            <section class="card">
            <h2>Shortlist</h2>
            <p class="muted">Ranked by a weighted sum of each account's normalised figures (0 to 1, higher \
            better), one rank at a time so that “new real followers” counts those no higher-ranked account \
            reaches. An unknown figure counts as 0, never as a good value. See docs/metrics.md, “Shortlist \
            ranking”.</p>
            <table class="data"><thead><tr><th class="num">Rank</th><th>Account</th><th class="num">Score</th>\
            <th>Rests on</th></tr></thead>
            <tbody>\(ranks)</tbody></table>
            <h2>The figures behind each rank</h2>
            <p class="muted">Each cell: the figure; then its normalised value → its contribution to the score \
            (weight × value).</p>
            <div class="wide"><table class="data"><thead><tr><th>Figure</th><th class="num">Weight</th>\(header)</tr></thead>
            <tbody>\(rows)</tbody></table></div>
            \(notUsed)
            </section>
            """
    }

    static func footer(_ report: CompareReport) -> HTML {
        """
        <footer>
        <p>Each account's figures come from its latest stored audit; engagement from the posts stored with it \
        against the same-size benchmark; growth anomalies from its stored follower-count series. Overlap is \
        over real followers from the audits' per-follower results, exact up to \
        \(NumberText.grouped(report.exactUpTo)) followers in all, else estimated from HyperLogLog sketches \
        (docs/metrics.md, “Compare and overlap”).</p>
        </footer>
        """
    }
}
