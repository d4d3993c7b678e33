import FoundationEssentials
public import TrueReachCore

/// Renders an ``AudienceReport`` as one self-contained HTML page for marketers.
///
/// Inline CSS and SVG only (no script, no external file, no web font), so the file can be mailed
/// or archived as is. Sections: the headline estimate of the fake share with its 95% interval (or why it
/// is unknown); the Audience Quality Score beside its problems and strengths; true
/// reach and the authentic / reachable / active shares; composition; followers vs following;
/// why accounts look suspicious; the bot-probability histogram; the most influential real followers;
/// the most suspicious followers with their signals in words; audit history; caller sections; and
/// a footer with scorer, threshold and census or sample.
///
/// Every piece of profile text goes through ``HTML`` interpolation (escaped, bidi controls
/// neutralised) and is isolated in `<bdi>`. The output is a pure function of its inputs: no clock,
/// locale or randomness, so the same report and options give the same bytes.
public enum AuditHTML {
    /// The whole page.
    ///
    /// - Parameters:
    ///   - report: The audit.
    ///   - options: History, extra sections, the synthetic-data note and an optional timestamp.
    /// - Returns: The page, starting with `<!DOCTYPE html>` and ending with a newline.
    public static func render(_ report: AudienceReport, options: HTMLReportOptions = HTMLReportOptions()) -> String {
        let name = report.account ?? "unnamed input"
        let title = options.title ?? "Audience audit: \(name)"
        return ReportDocument.page(
            title: title, stylesheet: stylesheet,
            main: """
                <header>
                <p class="eyebrow">TrueReach audience audit</p>
                <h1>\(report.account.map { name -> HTML in "<bdi>\(name)</bdi>" } ?? "Unnamed input")</h1>
                <p class="sub">As of \(NumberText.date(report.asOf)) · \(report.coverageText)</p>
                </header>
                \(sections(report, options: options))
                \(footer(report, options))
                """)
    }

    /// The report's sections, without the page around them, its header or its footer: what the
    /// dashboard's account overview shows inside its own page.
    ///
    /// No inline style or script: colours and widths are SVG attributes, the rest classes of
    /// ``stylesheet``, so a page with `style-src 'self'` shows it as the file report does.
    ///
    /// - Parameters:
    ///   - report: The audit.
    ///   - options: History and extra sections (the title, synthetic note and timestamp are not used).
    /// - Returns: The sections' markup.
    public static func sections(_ report: AudienceReport, options: HTMLReportOptions = HTMLReportOptions()) -> HTML {
        """
        \(headline(report))
        \(hero(report))
        \(kpis(report))
        \(composition(report))
        \(origins(report))
        \(signalsAndHistogram(report))
        \(influential(report))
        \(suspicious(report))
        \(history(options.history))
        \(options.sections.map(section))
        """
    }

    // MARK: - Sections

    static func headline(_ r: AudienceReport) -> HTML {
        let flagged = r.breakdown(.suspicious)
        let flaggedNote =
            "\(NumberText.grouped(flagged.count)) (\(NumberText.percent(flagged.share.value))) individually flagged "
            + "at bot probability ≥ \(NumberText.fixed(r.threshold, decimals: 2))"
        guard let fake = r.estimatedFakeShare else {
            let reasons = r.coverage.unmeasured.filter { $0.name == "authenticity" }.map { u -> HTML in
                "<span class=\"note\">\(u.reason)</span>"
            }
            return """
                <section class="card headline">
                <h2>Estimated fake or automated followers</h2>
                <div class="value">unknown</div>
                \(reasons)
                <span class="note">\(flaggedNote)</span>
                </section>
                """
        }
        let interval =
            "95% interval " + NumberText.fixed(fake.low * 100, decimals: 1) + "–" + NumberText.percent(fake.high)
        return """
            <section class="card headline">
            <h2>Estimated fake or automated followers</h2>
            <div class="value">\(NumberText.percent(fake.value))</div>
            <span class="note">\(interval) · method \(fake.method) · \(flaggedNote)</span>
            </section>
            """
    }

    static func hero(_ r: AudienceReport) -> HTML {
        let score = r.quality.score.map { max(0, min(100, $0)) }
        let color = score.map { $0 >= 70 ? "#2f9e6b" : $0 >= 40 ? "#e8a33d" : "#d64545" } ?? "#9aa5b1"
        let band = HTML(trusted: score.map { $0 >= 70 ? "good" : $0 >= 40 ? "fair" : "poor" } ?? "none")
        let problems = r.problems.map { p -> HTML in "<li><bdi>\(p)</bdi></li>" }
        let strengths = r.strengths.map { s -> HTML in "<li><bdi>\(s)</bdi></li>" }
        let components = r.quality.components.map { c -> HTML in
            """
            <tr><td>\(c.name.replacing("_", with: " "))</td>\
            <td class="num">\(NumberText.percent(c.value))</td><td class="num">×\(NumberText.fixed(c.weight, decimals: 2))</td></tr>
            """
        }
        let unmeasured: HTML =
            r.quality.unmeasured.isEmpty
            ? .empty
            : "<p class=\"muted\">Not measured, left out: \(r.quality.unmeasured.joined(separator: ", ").replacing("_", with: " ")).</p>"
        return """
            <section class="hero">
            <div class="card score">
            <h2>Audience Quality Score</h2>
            <div class="aqs \(band)">\(score.map { "\($0)" } ?? "n/a")<span>/100</span></div>
            <svg class="gauge" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">\
            <rect width="100" height="10" rx="5" fill="#e4e7eb"/><rect width="\(score ?? 0)" height="10" rx="5" fill="\(HTML(trusted: color))"/></svg>
            <table class="components"><caption>How the score is built</caption>\(components)</table>
            \(unmeasured)
            </div>
            <div class="card findings">
            <h2>Problems</h2>
            \(list(problems, class: "problems"))
            <h2>Strengths</h2>
            \(list(strengths, class: "strengths"))
            </div>
            </section>
            """
    }

    static func kpis(_ r: AudienceReport) -> HTML {
        let total = Double(max(r.followersTotal, 1))
        func card(_ label: String, _ value: String, _ note: String) -> HTML {
            "<div class=\"card kpi\"><div class=\"label\">\(label)</div><div class=\"value\">\(value)</div><div class=\"note\">\(note)</div></div>"
        }
        let interval: (Estimate) -> String = { e in
            guard let lower = e.lower, let upper = e.upper else { return "" }
            return "95%: " + NumberText.fixed(lower * 100, decimals: 1) + "–" + NumberText.percent(upper)
        }
        var reachValue = "unknown"
        var reachNote = "authenticity not measured"
        if let reach = r.trueReach {
            reachValue = NumberText.grouped(reach.value)
            reachNote = NumberText.percent(reach.value / total) + " of followers: authentic, reachable, active"
            if let lower = reach.lower, let upper = reach.upper {
                reachNote += "; 95%: " + NumberText.grouped(lower) + "–" + NumberText.grouped(upper)
            }
            if r.coverage.reachabilityUnknownShare > 0 || r.coverage.activityUnknownShare > 0 {
                reachNote += ". " + r.coverage.trueReachBasis
            }
        }
        let authentic = r.authenticShare.map { NumberText.percent($0.value) } ?? "unknown"
        func shareNote(_ e: Estimate?, unknown: Double, census: String) -> String {
            guard e != nil else { return "no follower's value known" }
            var note = r.sample == nil ? census : e.map(interval) ?? ""
            if unknown > 0 { note += (note.isEmpty ? "" : "; ") + "unknown for " + NumberText.percent(unknown) }
            return note
        }
        return """
            <section class="kpis">
            \(card("Followers", NumberText.grouped(r.followersTotal), r.sample == nil ? "all scored" : NumberText.grouped(r.followersAnalysed) + " sampled"))
            <div class="card kpi reach"><div class="label">True reach</div><div class="value">\(reachValue)</div><div class="note">\(reachNote)</div></div>
            \(card("Authentic", authentic, r.authenticShare.map(interval) ?? "fake share unknown"))
            \(card("Reachable", r.reachableShare.map { NumberText.percent($0.value) } ?? "unknown", shareNote(r.reachableShare, unknown: r.coverage.reachabilityUnknownShare, census: "follow ≤ " + NumberText.grouped(r.configuration.massFollowingCutoff))))
            \(card("Active", r.activeShare.map { NumberText.percent($0.value) } ?? "unknown", shareNote(r.activeShare, unknown: r.coverage.activityUnknownShare, census: "posted in \(r.configuration.inactiveDays) days")))
            </section>
            """
    }

    static func composition(_ r: AudienceReport) -> HTML {
        let segments = r.shownCategories.map { c in
            let b = r.breakdown(c)
            return SVGChart.Datum(
                label: c.displayName,
                value: Double(b.count),
                valueLabel: NumberText.percent(b.share.value),
                color: c.color
            )
        }
        let rows = r.shownCategories.map { c -> HTML in
            let b = r.breakdown(c)
            return """
                <tr><td class="nowrap"><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" rx="2" fill="\(HTML(trusted: c.color))"/></svg>\(c.displayName)</td>\
                <td class="num">\(NumberText.grouped(b.count))</td><td class="num">\(b.share.percentText)</td>\
                <td class="muted">\(c.explanation(r.configuration))</td></tr>
                """
        }
        let series = AudienceCategory.allCases.compactMap { c -> SVGChart.Series? in
            let points = r.scatter.filter { $0.category == c }.map {
                SVGChart.Point(x: Double($0.following), y: Double($0.followers))
            }
            return points.isEmpty ? nil : SVGChart.Series(name: c.displayName, color: c.color, points: points)
        }
        let scatter: HTML =
            series.isEmpty
            ? "<p class=\"muted\">No follower counts to plot.</p>"
            : SVGChart.scatter(
                series,
                title: "Followers vs following, log scales",
                xLabel: "following (log scale)",
                yLabel: "followers (log scale)"
            )
        return """
            <section class="grid">
            <div class="card">
            <h2>Who follows</h2>
            \(SVGChart.donut(segments, title: "Audience composition", centerText: NumberText.grouped(r.followersAnalysed), centerSubtext: r.sample == nil ? "followers" : "sampled"))
            <table class="data"><thead><tr><th>Category</th><th class="num">Count</th><th class="num">Share</th><th>Meaning</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </div>
            <div class="card">
            <h2>Followers vs following</h2>
            \(scatter)
            <p class="muted">Each dot is a follower (a fixed subsample). Bought and bot accounts tend to sit bottom-right: \
            they follow many and are followed by few.</p>
            </div>
            </section>
            """
    }

    static func signalsAndHistogram(_ r: AudienceReport) -> HTML {
        let suspicious = r.breakdown(.suspicious).count
        let bars = r.signalFrequencies.map { f in
            SVGChart.Datum(
                label: f.label,
                value: Double(f.count),
                valueLabel: suspicious > 0
                    ? NumberText.percent(Double(f.count) / Double(suspicious), decimals: 0)
                    : NumberText.grouped(f.count),
                color: "#d64545"
            )
        }
        let signals: HTML =
            bars.isEmpty
            ? "<p class=\"muted\">No suspicious followers, so no signals to show.</p>"
            : SVGChart.bars(bars, title: "Signals among suspicious followers")
        let histogram = SVGChart.histogram(
            counts: r.probabilityHistogram,
            title: "Bot probability of followers",
            marker: (r.threshold, "threshold " + NumberText.fixed(r.threshold, decimals: 2))
        )
        return """
            <section class="grid">
            <div class="card">
            <h2>Why accounts look suspicious</h2>
            <p class="muted">Share of the \(NumberText.grouped(suspicious)) suspicious followers showing each sign.</p>
            \(signals)
            </div>
            <div class="card">
            <h2>Bot probability</h2>
            <p class="muted">Followers by the scorer's bot probability; at or above the dashed line counts as suspicious.</p>
            \(histogram)
            </div>
            </section>
            """
    }

    static func influential(_ r: AudienceReport) -> HTML {
        guard !r.topInfluential.isEmpty else { return .empty }
        let rows = r.topInfluential.map { f -> HTML in
            """
            <tr><td>\(person(f))</td><td class="num">\(f.followersCount.map(NumberText.grouped) ?? "?")</td>\
            <td class="num">\(f.followingCount.map(NumberText.grouped) ?? "?")</td><td>\(f.category.displayName)</td></tr>
            """
        }
        return """
            <section class="card">
            <h2>Most influential real followers</h2>
            <table class="data"><thead><tr><th>Follower</th><th class="num">Followers</th><th class="num">Following</th><th>Category</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </section>
            """
    }

    static func suspicious(_ r: AudienceReport) -> HTML {
        guard !r.mostSuspicious.isEmpty else { return .empty }
        let rows = r.mostSuspicious.map { f -> HTML in
            let signals = f.signals.map { s -> HTML in "<li><bdi>\(s.text)</bdi></li>" }
            return """
                <tr><td>\(person(f))</td><td class="num">\(NumberText.percent(f.probability, decimals: 0))</td>\
                <td class="num">\(f.followersCount.map(NumberText.grouped) ?? "?")</td>\
                <td class="num">\(f.followingCount.map(NumberText.grouped) ?? "?")</td>\
                <td>\(signals.isEmpty ? HTML("<span class=\"muted\">no single strong sign</span>") : list(signals, class: "signals"))</td></tr>
                """
        }
        return """
            <section class="card">
            <h2>Most suspicious followers</h2>
            <table class="data"><thead><tr><th>Follower</th><th class="num">Bot probability</th><th class="num">Followers</th>\
            <th class="num">Following</th><th>Why</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </section>
            """
    }

    static func history(_ entries: [AuditHistoryEntry]) -> HTML {
        guard !entries.isEmpty else { return .empty }
        let sorted = entries.sorted { ($0.createdAt, $0.asOf) < ($1.createdAt, $1.asOf) }
        let rows = sorted.reversed().map { e -> HTML in
            """
            <tr><td>\(NumberText.date(e.createdAt))</td><td>\(NumberText.date(e.asOf))</td>\
            <td class="num">\(e.audienceQualityScore.map { "\($0)" } ?? "n/a")</td>\
            <td class="num">\(e.trueReach.map { NumberText.grouped($0) } ?? "unknown")</td>\
            <td class="num">\(NumberText.grouped(e.followersTotal))</td></tr>
            """
        }
        var chart = HTML.empty
        if sorted.filter({ $0.audienceQualityScore != nil }).count >= 2 {
            let day = 86_400.0
            let points = sorted.compactMap { e in
                e.audienceQualityScore.map {
                    SVGChart.Point(x: e.createdAt.timeIntervalSince1970 / day, y: Double($0))
                }
            }
            let first = sorted[0]
            let last = sorted[sorted.count - 1]
            chart = SVGChart.line(
                series: [SVGChart.Series(name: "Audience Quality Score", color: "#3d7dd8", points: points)],
                title: "Audience Quality Score over time",
                xTicks: [
                    SVGChart.Tick(
                        value: first.createdAt.timeIntervalSince1970 / day,
                        label: NumberText.date(first.createdAt)
                    ),
                    SVGChart.Tick(
                        value: last.createdAt.timeIntervalSince1970 / day,
                        label: NumberText.date(last.createdAt)
                    ),
                ],
                yLabel: "AQS",
                width: 1040,
                height: 220
            )
        }
        return """
            <section class="card">
            <h2>Audit history</h2>
            \(chart)
            <table class="data"><thead><tr><th>Audited</th><th>As of</th><th class="num">AQS</th><th class="num">True reach</th>\
            <th class="num">Followers</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            </section>
            """
    }

    static func section(_ s: ReportSection) -> HTML {
        """
        <section class="card extra">
        <h2>\(s.title)</h2>
        \(s.html)
        </section>
        """
    }

    static func footer(_ r: AudienceReport, _ options: HTMLReportOptions) -> HTML {
        let synthetic: HTML =
            options.syntheticData
            ? "<p class=\"synthetic\"><strong>Synthetic data.</strong> This demo audience was generated by TrueReach's seeded generator; no real accounts are shown.</p>"
            : .empty
        let generated: HTML =
            options.generatedAt.map { d -> HTML in " · generated \(NumberText.timestamp(d))" } ?? .empty
        return """
            <footer>
            \(synthetic)
            <p>Scorer <code>\(r.scorer)</code>, threshold \(NumberText.fixed(r.threshold, decimals: 2)); \(r.coverageText). \
            Categories: mass follower above \(NumberText.grouped(r.configuration.massFollowingCutoff)) following, inactive after \
            \(r.configuration.inactiveDays) days without a post, influencer above \(NumberText.grouped(r.configuration.influencerFollowersCutoff)) followers. \
            As of \(NumberText.date(r.asOf))\(generated).</p>
            <p>Bot probabilities are estimates: a real, quiet or unusual person can score high. Judge an audience by its \
            shares, not by one follower.</p>
            </footer>
            """
    }

    /// `<ul>` of items, or "None found." when empty.
    static func list(_ items: [HTML], class name: StaticString) -> HTML {
        guard !items.isEmpty else { return "<p class=\"muted\">None found.</p>" }
        return "<ul class=\"\(HTML(trusted: name.description))\">\(items)</ul>"
    }

    /// A follower's handle and name, isolated and linked to nothing.
    static func person(_ f: FollowerSummary) -> HTML {
        let handle: HTML =
            f.handle.map { h -> HTML in "<bdi class=\"handle\">@\(h)</bdi>" }
            ?? "<bdi class=\"handle\">\(f.id.rawValue)</bdi>"
        let name: HTML = f.displayName.map { n -> HTML in "<br><bdi class=\"name\">\(n)</bdi>" } ?? .empty
        return handle + name
    }
}
