public import TrueReachCore

/// Renders an ``AudienceReport`` as a plain-text summary for a terminal.
///
/// All profile text passes through ``TerminalText``: no control characters, escape sequences,
/// bidi overrides or line breaks reach the terminal, and long names are cut with `…`.
public enum AuditTable {
    /// The report as lines of text, at most about `width` columns wide, ending with a newline.
    public static func render(_ report: AudienceReport, width: Int = 100) -> String {
        let width = max(60, width)
        var out: [String] = []
        let name = report.account.map { TerminalText.truncate($0, width: 40) } ?? "(unnamed input)"
        out.append("Audience audit: \(name)    as of \(NumberText.date(report.asOf))")
        out.append(
            "Scorer \(TerminalText.truncate(report.scorer, width: 30)), threshold "
                + "\(NumberText.fixed(report.threshold, decimals: 2)); \(report.coverageText)"
        )
        out.append("")
        func kv(_ key: String, _ value: String) { out.append(TerminalText.pad(key, width: 24) + value) }
        if let fake = report.estimatedFakeShare {
            kv("Estimated fake share", AuditText.fakeShare(fake))
        } else {
            kv("Estimated fake share", "unknown (authenticity not measured)")
        }
        kv("Audience Quality Score", report.quality.score.map { "\($0) / 100" } ?? "not measured")
        let total = Double(max(report.followersTotal, 1))
        if let reach = report.trueReach {
            kv("True reach", "\(reach.countText) followers (\(NumberText.percent(reach.value / total)))")
            if report.coverage.reachabilityUnknownShare > 0 || report.coverage.activityUnknownShare > 0 {
                for sentence in report.coverage.trueReachBasis.split(separator: ". ", omittingEmptySubsequences: true) {
                    let text = sentence.hasSuffix(".") ? String(sentence) : sentence + "."
                    kv("", TerminalText.truncate(text, width: width - 24))
                }
            }
        } else {
            kv("True reach", "unknown")
        }
        kv("Followers", NumberText.grouped(report.followersTotal))
        kv("Authentic", report.authenticShare?.percentText ?? "unknown")
        kv("Reachable", AuditText.known(report.reachableShare, unknown: report.coverage.reachabilityUnknownShare))
        kv("Active", AuditText.known(report.activeShare, unknown: report.coverage.activityUnknownShare))
        for item in report.coverage.unmeasured {
            kv("Not measured", TerminalText.truncate(item.name + ": " + item.reason, width: width - 24))
        }
        out.append("")
        out.append(
            TerminalText.pad("Category", width: 16) + TerminalText.pad("Count", width: 10, alignRight: true)
                + TerminalText.pad("Share", width: 10, alignRight: true) + "  "
        )
        for category in report.shownCategories {
            let b = report.breakdown(category)
            let bar = String(repeating: "█", count: Int((max(0, min(1, b.share.value)) * 30).rounded()))
            out.append(
                TerminalText.pad(category.displayName, width: 16)
                    + TerminalText.pad(NumberText.grouped(b.count), width: 10, alignRight: true)
                    + TerminalText.pad(NumberText.percent(b.share.value), width: 10, alignRight: true) + "  " + bar
            )
        }
        if let origins = report.origins {
            out.append("")
            for (key, breakdown) in [("Languages", origins.languages), ("Countries", origins.countries)] {
                for (index, line) in AuditText.originLines(breakdown, width: width - 24).enumerated() {
                    kv(index == 0 ? key : "", line)
                }
            }
        }
        if !report.problems.isEmpty {
            out.append("")
            out.append("Problems")
            for problem in report.problems { out.append("  - " + TerminalText.truncate(problem, width: width - 4)) }
        }
        if !report.strengths.isEmpty {
            out.append("")
            out.append("Strengths")
            for strength in report.strengths { out.append("  + " + TerminalText.truncate(strength, width: width - 4)) }
        }
        if !report.topInfluential.isEmpty {
            out.append("")
            out.append("Most influential real followers")
            for f in report.topInfluential {
                out.append(
                    "  " + TerminalText.pad(handle(f), width: 24) + " "
                        + TerminalText.pad(f.displayName ?? "", width: 28) + " "
                        + TerminalText.pad(f.followersCount.map(NumberText.grouped) ?? "?", width: 12, alignRight: true)
                        + " followers"
                )
            }
        }
        if !report.mostSuspicious.isEmpty {
            out.append("")
            out.append("Most suspicious followers")
            for f in report.mostSuspicious {
                let signals = f.signals.map(\.text).joined(separator: "; ")
                let prefix =
                    "  " + TerminalText.pad(handle(f), width: 24) + " "
                    + NumberText.fixed(f.probability, decimals: 2) + "  "
                out.append(prefix + TerminalText.truncate(signals, width: max(10, width - prefix.count)))
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private static func handle(_ f: FollowerSummary) -> String {
        f.handle.map { "@" + $0 } ?? f.id.rawValue
    }
}
