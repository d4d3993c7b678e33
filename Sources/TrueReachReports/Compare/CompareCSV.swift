import TrueReachCore

/// Renders a ``CompareReport`` as CSV: one fact a row, like ``AuditCSV`` (CRLF line ends, RFC 4180).
///
/// ```
/// section,a,b,name,value,standard_error,low,high,method,reason
/// account,acme,,followers,1000,,,,,
/// account,acme,,estimated_fake_share,0.100000,,0.080000,0.120000,em,
/// account,acme,,engagement_rate,,,,,,unknown
/// account,acme,,language:en,0.610000,,,,610,
/// account,acme,,language:unknown,0.350000,,,,,
/// account,acme,,country:US,0.200000,,,,200,
/// …one block of rows per account…
/// overlap,acme,beta,shared,250,0,250,250,exact,
/// overlap,acme,beta,share_of_smaller,0.312500,0.000000,0.312500,0.312500,exact,
/// summary,,,unique_real_followers,1430,0,1430,1430,exact,
/// ```
///
/// An unknown value is an empty `value` cell (with `reason` saying why where there is one), never 0.
/// Every text cell (account names, reasons) goes through ``CSVField``, which neutralises formulas.
public enum CompareCSV {
    /// The header row's column names.
    public static let columns = [
        "section", "a", "b", "name", "value", "standard_error", "low", "high", "method", "reason",
    ]

    /// The comparison as CSV text, ending with a line break.
    ///
    /// - Parameter report: The comparison.
    /// - Returns: The CSV text.
    public static func render(_ report: CompareReport) -> String {
        var lines: [String] = [columns.joined(separator: ",")]
        func line(
            _ section: String, _ a: String, _ b: String, _ name: String, _ value: String, error: String = "",
            low: String = "", high: String = "", method: String = "", reason: String = ""
        ) {
            lines.append(
                [
                    CSVField.text(section), CSVField.text(a), CSVField.text(b), CSVField.text(name), value, error, low,
                    high, CSVField.text(method), CSVField.text(reason),
                ].joined(separator: ","))
        }
        func share(_ value: Double?) -> String { value.map { NumberText.fixed($0, decimals: 6) } ?? "" }
        func count(_ value: Double?) -> String { value.map { String(Int($0.rounded())) } ?? "" }
        func unknown(_ value: String) -> String { value.isEmpty ? "unknown" : "" }

        for a in report.accounts {
            let n = a.account
            line("account", n, "", "platform", "", method: a.platform?.rawValue ?? "")
            line("account", n, "", "as_of", "", method: NumberText.timestamp(a.asOf))
            line("account", n, "", "census", a.census ? "1" : "0")
            line("account", n, "", "followers", String(a.followers))
            let real = a.realFollowers.map(String.init) ?? ""
            line("account", n, "", "real_followers", real, reason: unknown(real))
            if let fake = a.estimatedFakeShare {
                line(
                    "account", n, "", "estimated_fake_share", share(fake.value), low: share(fake.low),
                    high: share(fake.high), method: fake.method)
            } else {
                line("account", n, "", "estimated_fake_share", "", reason: "unknown")
            }
            let reach = count(a.trueReach?.value)
            line(
                "account", n, "", "true_reach", reach, low: count(a.trueReach?.lower), high: count(a.trueReach?.upper),
                reason: unknown(reach))
            line("account", n, "", "true_reach_share", share(a.trueReachShare?.value))
            let score = a.audienceQualityScore.map(String.init) ?? ""
            line("account", n, "", "audience_quality_score", score, reason: unknown(score))
            let rate = share(a.engagementRate)
            line("account", n, "", "engagement_rate", rate, reason: unknown(rate))
            line(
                "account", n, "", "engagement_benchmark", share(a.engagementBenchmark?.rate),
                method: a.engagementBenchmark?.label ?? "")
            line("account", n, "", "engagement_ratio_to_benchmark", share(a.engagementRatio))
            let anomalies = a.growthAnomalies.map(String.init) ?? ""
            line("account", n, "", "growth_anomalies", anomalies, reason: unknown(anomalies))
            let clicks = a.humanClicksPerThousandRealFollowers.map { NumberText.fixed($0, decimals: 6) } ?? ""
            line(
                "account", n, "", "clicks_per_1000_real_followers", clicks,
                method: clicks.isEmpty ? "not_measured" : "tracked_links", reason: a.outcomesReason ?? "")
            if let origins = a.origins {
                for (kind, breakdown) in [("language", origins.languages), ("country", origins.countries)] {
                    for item in breakdown.top {
                        line("account", n, "", kind + ":" + item.code, share(item.share), method: String(item.count))
                    }
                    line("account", n, "", kind + ":other", share(breakdown.otherShare))
                    line("account", n, "", kind + ":unknown", share(breakdown.unknownShare))
                }
            } else {
                line("account", n, "", "languages", "", reason: "unknown")
                line("account", n, "", "countries", "", reason: "unknown")
            }
        }
        for p in report.overlap.pairs {
            let method = p.method.rawValue
            let reason = p.reason ?? ""
            if let s = p.shared {
                line(
                    "overlap", p.a, p.b, "shared", count(s.value),
                    error: NumberText.fixed(s.standardError, decimals: 1),
                    low: count(s.low), high: count(s.high), method: method)
            } else {
                line("overlap", p.a, p.b, "shared", "", method: method, reason: reason)
            }
            if let s = p.shareOfSmaller {
                line(
                    "overlap", p.a, p.b, "share_of_smaller", share(s.value), error: share(s.standardError),
                    low: share(s.low), high: share(s.high), method: method)
            } else {
                line("overlap", p.a, p.b, "share_of_smaller", "", method: method, reason: reason)
            }
        }
        if let u = report.overlap.uniqueRealFollowers {
            line(
                "summary", "", "", "unique_real_followers", count(u.value),
                error: NumberText.fixed(u.standardError, decimals: 1), low: count(u.low), high: count(u.high),
                method: report.overlap.uniqueMethod.rawValue)
        } else {
            line(
                "summary", "", "", "unique_real_followers", "", method: report.overlap.uniqueMethod.rawValue,
                reason: report.overlap.uniqueReason ?? "")
        }
        if let ranking = report.ranking { lines += Self.ranking(ranking) }
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
