import TrueReachCore

/// How a shortlist's figures read in the table, the HTML report and the dashboard.
enum ShortlistText {
    /// A component's raw figure in its own units (`72`, `81.0%`, `1.20×`, `2 anomalies`), or `unknown`.
    static func figure(_ part: ShortlistRanking.Part) -> String {
        guard let figure = part.figure else { return "unknown" }
        var text: String
        switch part.component {
        case .audienceQualityScore: text = NumberText.fixed(figure, decimals: 0)
        case .authentic, .trueReach, .uniqueness: text = NumberText.percent(figure)
        case .engagement: text = NumberText.fixed(figure, decimals: 2) + "×"
        case .growth: text = NumberText.fixed(figure, decimals: 0) + (figure == 1 ? " anomaly" : " anomalies")
        case .outcomes: text = NumberText.fixed(figure, decimals: 1) + " per 1,000"
        }
        if let error = part.standardError, part.method == .hyperloglog {
            text = "≈ " + text + " ± " + NumberText.fixed(AudienceOverlap.z95 * error * 100, decimals: 1) + " pt"
        }
        return text
    }

    /// The normalised value and the contribution: `0.72 → +0.180`, or `unknown → +0` (counted as 0).
    static func value(_ part: ShortlistRanking.Part) -> String {
        let value = part.value.map { NumberText.fixed($0, decimals: 2) } ?? "unknown"
        return value + " → +" + NumberText.fixed(part.contribution, decimals: 3)
    }

    /// A score, 0 to 1, to three decimals.
    static func score(_ score: Double) -> String { NumberText.fixed(score, decimals: 3) }

    /// What an entry's score rests on: `every figure`, or `70% of the weight (unknown, counted as 0: engagement)`.
    static func basis(_ entry: ShortlistRanking.Entry) -> String {
        guard !entry.unknown.isEmpty else { return "every figure" }
        return NumberText.percent(entry.knownWeight, decimals: 0) + " of the weight (unknown, counted as 0: "
            + entry.unknown.map(\.label).joined(separator: ", ") + ")"
    }

    /// The components left out: `outcomes (unknown for every account), growth integrity (weight 0)`.
    static func notUsed(_ ranking: ShortlistRanking) -> String? {
        guard !ranking.notUsed.isEmpty else { return nil }
        return ranking.notUsed.map { "\($0.component.label) (\($0.reason))" }.joined(separator: ", ")
    }
}
