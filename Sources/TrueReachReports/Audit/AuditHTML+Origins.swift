import TrueReachCore

extension AuditHTML {
    /// Top languages and countries as bars, each card saying what share the profiles do not tell.
    static func origins(_ r: AudienceReport) -> HTML {
        guard let origins = r.origins else { return .empty }
        func card(_ title: String, _ breakdown: OriginBreakdown, _ what: String) -> HTML {
            var bars = breakdown.top.map {
                SVGChart.Datum(
                    label: $0.label, value: Double($0.count), valueLabel: NumberText.percent($0.share),
                    color: "#3b6fd4")
            }
            if breakdown.otherCount > 0 {
                bars.append(
                    SVGChart.Datum(
                        label: "other", value: Double(breakdown.otherCount),
                        valueLabel: NumberText.percent(breakdown.otherShare), color: "#8a94a6"))
            }
            if breakdown.unknownCount > 0 {
                bars.append(
                    SVGChart.Datum(
                        label: "unknown", value: Double(breakdown.unknownCount),
                        valueLabel: NumberText.percent(breakdown.unknownShare), color: "#c9ced8"))
            }
            let chart: HTML =
                bars.isEmpty ? "<p class=\"muted\">No followers.</p>" : SVGChart.bars(bars, title: title)
            return """
                <div class="card">
                <h2>\(title)</h2>
                <p class="muted">Unknown for \(NumberText.percent(breakdown.unknownShare)) of \
                \(NumberText.grouped(breakdown.followers)) followers: \(what)</p>
                \(chart)
                </div>
                """
        }
        return """
            <section class="grid">
            \(card("Languages", origins.languages, "the declared language, else the script and common words of the name and bio."))
            \(card("Countries", origins.countries, "the free-text location matched offline against GeoNames place names."))
            </section>
            """
    }
}
