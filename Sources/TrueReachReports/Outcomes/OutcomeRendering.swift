import Foundation
import TrueReachCore

/// Renders an ``OutcomeReport`` (`truereach outcomes`, the dashboard's outcomes page and the API):
/// a terminal table, CSV, JSON and HTML.
///
/// Every text a user or a visitor wrote (account, campaign and post names, destinations) is escaped
/// for its medium: ``TerminalText`` for terminals, ``CSVField`` (formulas neutralised) for CSV, the
/// ``HTML`` interpolation for pages. An unknown rate reads `unknown` (an empty CSV cell, `null` in
/// JSON), never 0.
public enum OutcomeRendering {
    /// The filtered classes in the order the table shows them.
    static let filteredClasses = ClickClass.allCases.filter { $0 != .human }.map(\.rawValue)

    // MARK: - Table

    /// The report as lines of text for a terminal, ending with a newline.
    public static func table(_ report: OutcomeReport) -> String {
        var out: [String] = []
        var title = "Outcomes of \(TerminalText.truncate(report.account, width: 40))"
        if let campaign = report.campaign { title += ", campaign \(TerminalText.truncate(campaign, width: 40))" }
        out.append(title)
        out.append(
            "Real followers (latest audit's true reach): "
                + (report.realFollowers.map { NumberText.grouped($0) } ?? "unknown (no audit)"))
        out.append("")
        let header = [
            "link", "campaign", "post", "clicks", "human", "unique", "filtered", "conversions", "conv. rate", "value",
            "cost/human click", "cost/conversion", "human/1k real",
        ]
        func row(_ name: String, _ campaign: String?, _ post: String?, _ f: OutcomeFigures) -> [String] {
            [
                TerminalText.truncate(name, width: 28), TerminalText.truncate(campaign ?? "–", width: 20),
                TerminalText.truncate(post ?? "–", width: 20), NumberText.grouped(f.clicks.total),
                NumberText.grouped(f.clicks.human), NumberText.grouped(f.uniqueHumanVisitors), filtered(f.clicks),
                NumberText.grouped(f.conversions.count), rate(f.conversionRate), value(f.conversions),
                money(f.costPerHumanClick, f.costCurrency), money(f.costPerConversion, f.costCurrency),
                f.humanClicksPerThousandRealFollowers.map { NumberText.fixed($0, decimals: 2) } ?? "unknown",
            ]
        }
        var rows = [header]
        for link in report.links { rows.append(row(link.slug, link.campaign, link.post, link.figures)) }
        for post in report.posts { rows.append(row("post " + post.name, nil, post.name, post.figures)) }
        for campaign in report.campaigns {
            rows.append(row("campaign " + campaign.name, campaign.name, nil, campaign.figures))
        }
        rows.append(row("all links", report.campaign, nil, report.total))
        out += CompareTable.grid(rows, rightAligned: Set(3...12))
        if report.links.isEmpty {
            out.append("")
            out.append("No tracked links yet: create one with `truereach link create URL --account NAME`.")
        }
        out.append("")
        out.append(
            "Filtered: clicks that are not people (bot, link_preview, prefetch, email_scanner) or a person's "
                + "repeat within the duplicate window (duplicate).")
        return out.joined(separator: "\n") + "\n"
    }

    static func filtered(_ clicks: ClickCounts) -> String {
        let parts = filteredClasses.compactMap { name -> String? in
            guard let count = clicks.filtered[name], count > 0 else { return nil }
            return "\(name) \(count)"
        }
        return parts.isEmpty ? "0" : parts.joined(separator: ", ")
    }

    static func rate(_ value: Double?) -> String {
        value.map { NumberText.percent($0, decimals: 1) } ?? "unknown"
    }

    static func money(_ value: Double?, _ currency: String?) -> String {
        guard let value else { return "unknown" }
        return NumberText.fixed(value, decimals: 2) + (currency.map { " " + $0 } ?? "")
    }

    static func value(_ totals: ConversionTotals) -> String {
        if let value = totals.value { return money(value, totals.currency) }
        if totals.valueByCurrency.isEmpty { return totals.count == 0 ? "–" : "unknown" }
        return totals.valueByCurrency.keys.sorted().map { money(totals.valueByCurrency[$0], $0.isEmpty ? nil : $0) }
            .joined(separator: " + ")
    }

    // MARK: - CSV

    /// The CSV columns: one row per link, post, campaign and the total.
    public static let csvColumns =
        [
            "level", "name", "url", "campaign", "post", "clicks_total", "clicks_human", "unique_human_visitors",
        ] + filteredClasses.map { "clicks_" + $0 } + [
            "conversions", "conversion_rate", "value", "currency", "cost", "cost_currency", "cost_per_human_click",
            "cost_per_conversion", "human_clicks_per_1000_real_followers",
        ]

    /// The report as CSV (CRLF line ends, RFC 4180), ending with a line break.
    public static func csv(_ report: OutcomeReport) -> String {
        func number(_ value: Double?) -> String { value.map { NumberText.fixed($0, decimals: 6) } ?? "" }
        func line(
            _ level: String, _ name: String, _ url: String, _ campaign: String?, _ post: String?, _ f: OutcomeFigures
        )
            -> String
        {
            var cells = [
                CSVField.text(level), CSVField.text(name), CSVField.text(url), CSVField.text(campaign ?? ""),
                CSVField.text(post ?? ""), String(f.clicks.total), String(f.clicks.human),
                String(f.uniqueHumanVisitors),
            ]
            cells += filteredClasses.map { String(f.clicks.filtered[$0] ?? 0) }
            cells += [
                String(f.conversions.count), number(f.conversionRate), number(f.conversions.value),
                CSVField.text(f.conversions.currency ?? ""), number(f.cost), CSVField.text(f.costCurrency ?? ""),
                number(f.costPerHumanClick), number(f.costPerConversion), number(f.humanClicksPerThousandRealFollowers),
            ]
            return cells.joined(separator: ",")
        }
        var lines = [csvColumns.joined(separator: ",")]
        for link in report.links {
            lines.append(line("link", link.slug, link.url, link.campaign, link.post, link.figures))
        }
        for post in report.posts { lines.append(line("post", post.name, "", nil, post.name, post.figures)) }
        for campaign in report.campaigns {
            lines.append(line("campaign", campaign.name, "", campaign.name, nil, campaign.figures))
        }
        lines.append(line("account", report.account, "", report.campaign, nil, report.total))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    // MARK: - JSON

    /// The report as a JSON document (sorted keys, ending with a newline).
    public static func json(_ report: OutcomeReport, pretty: Bool = true) throws -> String {
        let data = try JSONOutput.encoder(pretty: pretty).encode(report)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    // MARK: - HTML

    /// The report's sections for a page: a summary and one table of links, posts and campaigns.
    public static func sections(_ report: OutcomeReport) -> HTML {
        func cells(_ f: OutcomeFigures) -> HTML {
            let perThousand =
                f.humanClicksPerThousandRealFollowers.map { NumberText.fixed($0, decimals: 2) } ?? "unknown"
            return """
                <td class="num">\(NumberText.grouped(f.clicks.total))</td>\
                <td class="num">\(NumberText.grouped(f.clicks.human))</td>\
                <td class="num">\(NumberText.grouped(f.uniqueHumanVisitors))</td>\
                <td>\(filtered(f.clicks))</td>\
                <td class="num">\(NumberText.grouped(f.conversions.count))</td>\
                <td class="num">\(rate(f.conversionRate))</td>\
                <td class="num">\(value(f.conversions))</td>\
                <td class="num">\(money(f.costPerHumanClick, f.costCurrency))</td>\
                <td class="num">\(money(f.costPerConversion, f.costCurrency))</td>\
                <td class="num">\(perThousand)</td>
                """
        }
        let linkRows = report.links.map { link -> HTML in
            """
            <tr><th scope="row"><code>\(link.slug)</code><br><span class="muted"><bdi>\(link.url)</bdi></span></th>\
            <td><bdi>\(link.campaign ?? "–")</bdi></td><td><bdi>\(link.post ?? "–")</bdi></td>\(cells(link.figures))</tr>
            """
        }
        let groupRows = (report.posts.map { ("post", $0) } + report.campaigns.map { ("campaign", $0) }).map {
            kind, group -> HTML in
            """
            <tr><th scope="row">\(kind) <bdi>\(group.name)</bdi></th><td></td><td></td>\(cells(group.figures))</tr>
            """
        }
        let total: HTML = """
            <tr class="total"><th scope="row">All links</th><td></td><td></td>\(cells(report.total))</tr>
            """
        let real = report.realFollowers.map { NumberText.grouped($0) } ?? "unknown (no audit yet)"
        let empty: HTML =
            report.links.isEmpty
            ? "<p class=\"muted\">No tracked links yet: create one with <code>truereach link create URL --account NAME</code>.</p>"
            : .empty
        return """
            <section class="card" id="outcomes">
            <h2>Outcomes</h2>
            <p>Human clicks <strong>\(NumberText.grouped(report.total.clicks.human))</strong> of \
            \(NumberText.grouped(report.total.clicks.total)) · conversions \
            <strong>\(NumberText.grouped(report.total.conversions.count))</strong> · real followers \(real)</p>
            \(empty)<table class="outcomes">
            <thead><tr><th scope="col">Link</th><th scope="col">Campaign</th><th scope="col">Post</th>\
            <th scope="col">Clicks</th><th scope="col">Human</th><th scope="col">Unique humans</th>\
            <th scope="col">Filtered</th><th scope="col">Conversions</th><th scope="col">Conversion rate</th>\
            <th scope="col">Value</th><th scope="col">Cost per human click</th><th scope="col">Cost per conversion</th>\
            <th scope="col">Human clicks per 1,000 real followers</th></tr></thead>
            <tbody>
            \(linkRows.joined(separator: "\n"))
            \(groupRows.joined(separator: "\n"))
            \(total)
            </tbody>
            </table>
            </section>
            """
    }

    /// The report as a self-contained HTML file (`--format html`).
    public static func html(_ report: OutcomeReport) -> String {
        let campaign: HTML = report.campaign.map { c -> HTML in " · campaign <bdi>\(c)</bdi>" } ?? .empty
        return ReportDocument.page(
            title: "Outcomes of \(report.account)", stylesheet: AuditHTML.stylesheet,
            main: """
                <header><p class="eyebrow">TrueReach outcomes</p><h1><bdi>\(report.account)</bdi>\(campaign)</h1></header>
                \(sections(report))
                """)
    }
}
