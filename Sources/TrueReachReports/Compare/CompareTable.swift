import TrueReachCore

/// Renders a ``CompareReport`` as plain text for a terminal (`truereach compare`, the default format).
///
/// Account names pass through ``TerminalText`` (no control, escape, bidi or zero-width characters reach
/// the terminal; long names are cut with `…`). Unknown figures read `unknown`; estimated overlaps read
/// `≈ value ± 1.96·SE`.
public enum CompareTable {
    /// The comparison as lines of text, ending with a newline.
    ///
    /// - Parameter report: The comparison.
    /// - Returns: The text.
    public static func render(_ report: CompareReport) -> String {
        var out: [String] = []
        out.append("Compare \(report.accounts.count) accounts (each one's latest audit)")
        out.append("")
        var rows = [
            [
                "account", "followers", "fake share (95%)", "true reach", "AQS", "engagement (vs benchmark)",
                "growth anomalies",
            ]
        ]
        for a in report.accounts {
            rows.append([
                TerminalText.truncate(a.account, width: 24) + (a.census ? "" : " (sample)"),
                NumberText.grouped(a.followers),
                a.estimatedFakeShare.map {
                    NumberText.percent($0.value) + " (" + NumberText.fixed($0.low * 100, decimals: 1) + "–"
                        + NumberText.percent($0.high) + ")"
                } ?? "unknown",
                a.trueReach.map { reach in
                    NumberText.grouped(reach.value)
                        + (a.trueReachShare.map { " (" + NumberText.percent($0.value) + ")" } ?? "")
                } ?? "unknown",
                a.audienceQualityScore.map(String.init) ?? "unknown",
                engagement(a),
                a.growthAnomalies.map(String.init) ?? "unknown",
            ])
        }
        out += grid(rows, rightAligned: [1, 3, 4, 6])
        out.append("Outcomes (human clicks per 1,000 real followers, from tracked links):")
        for a in report.accounts {
            let value = a.humanClicksPerThousandRealFollowers.map { NumberText.fixed($0, decimals: 1) }
            out.append(
                "  \(TerminalText.truncate(a.account, width: 24)): "
                    + (value ?? "unknown (" + (a.outcomesReason ?? "") + ")"))
        }
        out.append("Languages and countries (share of each audience, from profile fields):")
        for a in report.accounts {
            let name = TerminalText.truncate(a.account, width: 24)
            guard let origins = a.origins else {
                out.append("  \(name): unknown (the latest audit did not tell them)")
                continue
            }
            out.append("  \(name): languages " + AuditText.origins(origins.languages))
            out.append("  \(name): countries " + AuditText.origins(origins.countries))
        }
        out.append("")
        out.append("Audience overlap (real followers: suspicious ones left out)")
        var pairs = [["a", "b", "shared", "share of smaller", "method"]]
        for p in report.overlap.pairs {
            pairs.append([
                TerminalText.truncate(p.a, width: 24), TerminalText.truncate(p.b, width: 24),
                p.shared.map(count) ?? "unknown",
                p.shareOfSmaller.map(share) ?? (p.shared == nil ? "unknown" : "–"),
                p.method == .unknown
                    ? "unknown: " + TerminalText.truncate(p.reason ?? "", width: 60) : p.method.rawValue,
            ])
        }
        out += grid(pairs, rightAligned: [2, 3])
        let union = report.overlap.uniqueRealFollowers.map(count) ?? "unknown"
        var line = "Unique real followers: \(union) (\(report.overlap.uniqueMethod.rawValue))"
        if let reason = report.overlap.uniqueReason { line += ": " + TerminalText.truncate(reason, width: 80) }
        out.append(line)
        if report.overlap.pairs.contains(where: { $0.method == .hyperloglog }) {
            out.append(
                "Estimated from HyperLogLog sketches: ± is the 95% margin (1.96 standard errors of the union); "
                    + "counted exactly up to \(NumberText.grouped(report.exactUpTo)) followers in all (--exact-up-to).")
        }
        if let ranking = report.ranking { out += Self.ranking(ranking) }
        return out.joined(separator: "\n") + "\n"
    }

    static func engagement(_ a: CompareReport.Account) -> String {
        guard let rate = a.engagementRate else { return "unknown" }
        var text = NumberText.percent(rate, decimals: 2)
        if let ratio = a.engagementRatio, let benchmark = a.engagementBenchmark {
            text +=
                " (" + NumberText.fixed(ratio, decimals: 2) + "× " + NumberText.percent(benchmark.rate, decimals: 2)
                + ")"
        } else {
            text += " (no benchmark)"
        }
        return text
    }

    static func count(_ figure: OverlapFigure) -> String {
        if figure.isExact { return NumberText.grouped(figure.value) }
        return "≈ " + NumberText.grouped(figure.value) + " ± "
            + NumberText.grouped(AudienceOverlap.z95 * figure.standardError)
    }

    static func share(_ figure: OverlapFigure) -> String {
        if figure.isExact { return NumberText.percent(figure.value) }
        return NumberText.percent(figure.value) + " (" + NumberText.fixed(figure.low * 100, decimals: 1) + "–"
            + NumberText.percent(figure.high) + ")"
    }

    /// Columns padded to their widest cell (terminal columns), two spaces apart.
    static func grid(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        guard let columns = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], TerminalText.displayWidth(cell)) }
        }
        return rows.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                if i > 0 { line += "  " }
                line += TerminalText.pad(cell, width: widths[i], alignRight: rightAligned.contains(i))
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }
}
