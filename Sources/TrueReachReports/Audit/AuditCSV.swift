public import TrueReachCore

/// Renders an ``AudienceReport`` as CSV.
///
/// Layout (header plus one row per fact, CRLF line ends as RFC 4180 asks):
///
/// ```
/// section,name,count,share,lower,upper,value
/// summary,estimated_fake_share,,0.150000,0.110000,0.190000,em
/// category,suspicious,120,0.120000,,,
/// …one row per category, in precedence order…
/// summary,followers_total,1000,,,,
/// summary,followers_analysed,1000,,,,
/// summary,true_reach,500,0.500000,476,524,
/// summary,true_reach_basis,,,,,Every follower's reachability and activity is known.
/// summary,authentic_share,,0.850000,0.810000,0.890000,
/// summary,reachable_share,,0.800000,,,
/// summary,active_share,,0.500000,,,
/// summary,counts_unknown_share,,0.000000,,,
/// summary,reachability_unknown_share,,0.000000,,,
/// summary,activity_unknown_share,,0.000000,,,
/// summary,audience_quality_score,,,,,64
/// summary,quality_rests_on,,,,,quality_audience;authenticity;reachability;activity
/// summary,scorer,,,,,rules-v1
/// summary,threshold,,,,,0.5000
/// summary,as_of,,,,,2026-05-22T00:00:00Z
/// summary,coverage,,,,,census
/// language,en,610,0.610000,,,English
/// language,other,40,0.040000,,,
/// language,unknown,350,0.350000,,,
/// country,US,200,0.200000,,,United States
/// …top languages and countries (ISO codes), then other and unknown…
/// not_measured,activity,,,,,80.0% of followers have no known last-post time.
/// problem,1,,,,,12% of followers look suspicious
/// strength,1,,,,,Most followers are real people who can see posts
/// ```
///
/// The first data row is the headline, the estimated fake share (`value` is its method, or `unknown` with
/// empty numbers when authenticity cannot be measured). `lower`/`upper` hold 95% intervals: always for the
/// fake share, `true_reach` (counts) and `authentic_share`, for a sample also for the other shares. A share
/// that is unknown has an empty `share` cell.
/// Text cells are neutralised against formula injection by ``CSVField``.
public enum AuditCSV {
    /// The header row's column names.
    public static let columns = ["section", "name", "count", "share", "lower", "upper", "value"]

    /// The report as CSV text, ending with a line break.
    public static func render(_ report: AudienceReport) -> String {
        var lines: [String] = [columns.joined(separator: ",")]
        func share(_ value: Double?) -> String { value.map { NumberText.fixed($0, decimals: 6) } ?? "" }
        func line(_ section: String, _ name: String, count: String = "", estimate: Estimate? = nil, value: String = "")
        {
            lines.append(
                [
                    CSVField.text(section), CSVField.text(name), count, share(estimate?.value),
                    share(estimate?.lower), share(estimate?.upper), CSVField.text(value),
                ].joined(separator: ",")
            )
        }
        if let fake = report.estimatedFakeShare {
            line(
                "summary", "estimated_fake_share",
                estimate: Estimate(value: fake.value, lower: fake.low, upper: fake.high),
                value: fake.method)
        } else {
            line("summary", "estimated_fake_share", value: "unknown")
        }
        for category in AudienceCategory.allCases {
            let b = report.breakdown(category)
            line("category", category.rawValue, count: String(b.count), estimate: b.share)
        }
        line("summary", "followers_total", count: String(report.followersTotal))
        line("summary", "followers_analysed", count: String(report.followersAnalysed))
        let reach = report.trueReach
        let count = { (value: Double?) in value.map { NumberText.fixed($0, decimals: 0) } ?? "" }
        lines.append(
            [
                "summary", "true_reach", count(reach?.value), share(report.trueReachShare?.value),
                count(reach?.lower), count(reach?.upper), "",
            ].joined(separator: ",")
        )
        line("summary", "true_reach_basis", value: report.coverage.trueReachBasis)
        line("summary", "authentic_share", estimate: report.authenticShare)
        line("summary", "reachable_share", estimate: report.reachableShare)
        line("summary", "active_share", estimate: report.activeShare)
        line("summary", "counts_unknown_share", estimate: Estimate(value: report.coverage.countsUnknownShare))
        line(
            "summary", "reachability_unknown_share", estimate: Estimate(value: report.coverage.reachabilityUnknownShare)
        )
        line("summary", "activity_unknown_share", estimate: Estimate(value: report.coverage.activityUnknownShare))
        line("summary", "audience_quality_score", value: report.quality.score.map(String.init) ?? "unknown")
        line("summary", "quality_rests_on", value: report.quality.restsOn.joined(separator: ";"))
        line("summary", "scorer", value: report.scorer)
        line("summary", "threshold", value: NumberText.fixed(report.threshold, decimals: 4))
        line("summary", "as_of", value: NumberText.timestamp(report.asOf))
        if let account = report.account { line("summary", "account", value: account) }
        if let sample = report.sample {
            line("summary", "coverage", value: "sample")
            line("summary", "sample_size", count: String(sample.size))
            line("summary", "sample_seed", value: String(sample.seed))
        } else {
            line("summary", "coverage", value: "census")
        }
        if let origins = report.origins {
            for (section, breakdown) in [("language", origins.languages), ("country", origins.countries)] {
                for item in breakdown.top {
                    line(
                        section, item.code, count: String(item.count), estimate: Estimate(value: item.share),
                        value: item.name ?? "")
                }
                line(
                    section, "other", count: String(breakdown.otherCount),
                    estimate: Estimate(value: breakdown.otherShare))
                line(
                    section, "unknown", count: String(breakdown.unknownCount),
                    estimate: Estimate(value: breakdown.unknownShare))
            }
        }
        for item in report.coverage.unmeasured { line("not_measured", item.name, value: item.reason) }
        for (i, problem) in report.problems.enumerated() { line("problem", String(i + 1), value: problem) }
        for (i, strength) in report.strengths.enumerated() { line("strength", String(i + 1), value: strength) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
