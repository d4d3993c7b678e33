/// Growth-integrity detection on daily count series (formulas in `docs/metrics.md`, "## Growth integrity").
///
/// For each day t with change Δ_t = (c_t − c_{t−1}) ÷ gap days, the baseline is the median m of the
/// per-day changes within ±`halfWindow` days (leaving out t and its neighbours, so a two-day burst
/// does not hide itself), plus a weekday effect w = median over the same weekday within
/// ±`weekdayHalfWindow` of (Δ − m). The scale is s = max(1.4826 × MAD, 1.2533 × mean absolute deviation, floor), floor = max(1,
/// 0.0001 × count). The robust score is z = (Δ_t − m − w) ÷ s. A spike is z ≥ threshold, a drop
/// z ≤ −threshold, both also at least `minimumRelativeSize` × count and `minimumAbsoluteSize`;
/// consecutive flagged days of the same sign merge into one anomaly.
public enum GrowthDetector {
    /// Detects anomalies on followers and following.
    ///
    /// - Parameters:
    ///   - series: the count series.
    ///   - parameters: detection tuning.
    ///   - engagement: measured posts of the same account, to flag spikes followed by falling engagement.
    /// - Returns: the series' span, day counts and first and last follower counts, with the anomalies on
    ///   both metrics sorted by date, metric and kind.
    /// - Complexity: O(n × w log w) for n days and window w.
    public static func analyze(
        _ series: CountSeries,
        parameters: GrowthParameters = GrowthParameters(),
        engagement: [PostEngagement] = []
    ) -> GrowthReport {
        var anomalies = detect(series, metric: .followers, parameters: parameters)
        anomalies += detect(series, metric: .following, parameters: parameters)
        if !engagement.isEmpty {
            anomalies = anomalies.map { flagFallingEngagement($0, engagement: engagement, parameters: parameters) }
        }
        anomalies.sort {
            ($0.date, $0.metric.rawValue, $0.kind.rawValue) < ($1.date, $1.metric.rawValue, $1.kind.rawValue)
        }
        let followers = series.values(.followers)
        return GrowthReport(
            name: series.name,
            platform: series.platform,
            firstDay: series.points.first?.day,
            lastDay: series.points.last?.day,
            days: series.points.count,
            estimatedDays: series.points.filter(\.estimated).count,
            firstFollowers: followers.first?.value,
            lastFollowers: followers.last?.value,
            anomalies: anomalies
        )
    }

    struct Change {
        var day: CalendarDay
        var change: Int
        var gap: Int
        var perDay: Double
        var level: Int
        var estimated: Bool
    }

    struct Scored {
        var change: Change
        var expected: Double
        var score: Double
    }

    static func changes(_ series: CountSeries, metric: CountMetric) -> [Change] {
        let values = series.values(metric)
        guard values.count >= 2 else { return [] }
        var out: [Change] = []
        for i in 1..<values.count {
            let gap = values[i].day.daysSinceEpoch - values[i - 1].day.daysSinceEpoch
            let delta = values[i].value - values[i - 1].value
            out.append(
                Change(
                    day: values[i].day, change: delta, gap: gap, perDay: Double(delta) / Double(gap),
                    level: values[i - 1].value, estimated: values[i].estimated || values[i - 1].estimated))
        }
        return out
    }

    /// Scores every change against its robust baseline; nil score where history is too short.
    static func score(_ changes: [Change], parameters: GrowthParameters) -> [Scored?] {
        changes.indices.map { i -> Scored? in
            let t = changes[i].day.daysSinceEpoch
            var window: [Double] = []
            for c in changes {
                let d = abs(c.day.daysSinceEpoch - t)
                if d > 1 && d <= parameters.halfWindow { window.append(c.perDay) }
            }
            guard window.count >= parameters.minimumHistory, let m = EngagementMath.median(window),
                let mad = EngagementMath.mad(window)
            else { return nil }
            var sameWeekday: [Double] = []
            for c in changes {
                let d = abs(c.day.daysSinceEpoch - t)
                if d > 1 && d <= parameters.weekdayHalfWindow && c.gap == 1 && c.day.weekday == changes[i].day.weekday {
                    sameWeekday.append(c.perDay - m)
                }
            }
            let weekdayEffect = sameWeekday.count >= 3 ? (EngagementMath.median(sameWeekday) ?? 0) : 0
            let floor = max(1, 0.0001 * Double(abs(changes[i].level)))
            // When over half the window repeats one value, MAD is 0; the mean absolute deviation
            // (× 1.2533, its normal-consistency factor) keeps a regular rhythm from looking anomalous.
            let meanAD = window.reduce(0.0) { $0 + abs($1 - m) } / Double(window.count)
            let scale = max(1.4826 * mad, 1.2533 * meanAD, floor)
            let expected = m + weekdayEffect
            return Scored(change: changes[i], expected: expected, score: (changes[i].perDay - expected) / scale)
        }
    }

    static func detect(_ series: CountSeries, metric: CountMetric, parameters: GrowthParameters) -> [GrowthAnomaly] {
        let all = changes(series, metric: metric)
        let scored = score(all, parameters: parameters)
        var anomalies: [GrowthAnomaly] = []
        var run: [Scored] = []
        func flush() {
            if let a = makeAnomaly(run, metric: metric, parameters: parameters) { anomalies.append(a) }
            run.removeAll()
        }
        for entry in scored {
            guard let s = entry else {
                flush()
                continue
            }
            let residual = (s.change.perDay - s.expected) * Double(s.change.gap)
            let minimum = max(
                Double(parameters.minimumAbsoluteSize), parameters.minimumRelativeSize * Double(abs(s.change.level)))
            let flagged = abs(s.score) >= parameters.threshold && abs(residual) >= minimum
            if flagged, let last = run.last,
                (last.score > 0) == (s.score > 0),
                s.change.day.daysSinceEpoch - last.change.day.daysSinceEpoch == s.change.gap
            {
                run.append(s)
            } else {
                flush()
                if flagged { run.append(s) }
            }
        }
        flush()
        anomalies += seeSaws(all, metric: metric, parameters: parameters)
        return anomalies
    }

    static func makeAnomaly(_ run: [Scored], metric: CountMetric, parameters: GrowthParameters) -> GrowthAnomaly? {
        guard let first = run.first else { return nil }
        let change = run.reduce(0) { $0 + $1.change.change }
        let expected = run.reduce(0.0) { $0 + $1.expected * Double($1.change.gap) }
        let size = Int((Double(change) - expected).rounded())
        let score = run.map { abs($0.score) }.max() ?? 0
        let days = run.reduce(0) { $0 + $1.change.gap }
        let gain = size > 0
        let estimated = run.contains { $0.change.estimated }
        let round = roundUnit(of: size, orChange: change, parameters: parameters)
        let kind: GrowthAnomaly.Kind = round != nil ? .roundJump : (gain ? .spike : .drop)
        let who = metric == .followers ? "followers" : "accounts followed"
        let span = days == 1 ? "in one day" : "over \(days) days"
        var reason =
            "\(gain ? "Gained" : "Lost") \(CountText.grouped(abs(change))) \(who) \(span), "
            + "against about \(CountText.grouped(Int(expected.rounded()))) expected "
            + "(\(formatScore(score)) robust deviations)"
        if let round {
            reason += "; the excess is close to a round \(CountText.grouped(round)), a buying signal"
        } else if gain {
            reason +=
                metric == .followers
                ? "; bought followers, or a giveaway, shout-out or press"
                : "; mass-following"
        } else {
            reason += metric == .followers ? "; a purge of fake accounts, or mass unfollows" : "; mass-unfollowing"
        }
        if estimated { reason += " (the source marks a day here as estimated)" }
        return GrowthAnomaly(
            date: first.change.day, kind: kind, metric: metric, size: size, change: change, expected: expected,
            score: score, days: days, estimated: estimated, engagementRatio: nil, reason: reason + ".")
    }

    static func roundUnit(of size: Int, orChange change: Int, parameters: GrowthParameters) -> Int? {
        for unit in parameters.roundUnits.sorted(by: >) where unit > 0 {
            for value in [size, change] where abs(value) >= unit {
                let rem = abs(value) % unit
                let off = min(rem, unit - rem)
                if Double(off) <= parameters.roundTolerance * Double(unit) {
                    return (abs(value) + unit / 2) / unit * unit
                }
            }
        }
        return nil
    }

    /// See-saws are judged against the whole series (median and MAD of all per-day changes), because a
    /// run of alternating jumps dominates any short window and would set its own baseline.
    static func seeSaws(_ changes: [Change], metric: CountMetric, parameters: GrowthParameters) -> [GrowthAnomaly] {
        let perDay = changes.map(\.perDay)
        guard changes.count >= parameters.minimumHistory, let m = EngagementMath.median(perDay),
            let mad = EngagementMath.mad(perDay)
        else { return [] }
        struct Jump {
            var change: Change
            var score: Double
        }
        var large: [Jump] = []
        for c in changes {
            let scale = max(1.4826 * mad, 1, 0.0001 * Double(abs(c.level)))
            let score = (c.perDay - m) / scale
            let minimum = max(
                Double(parameters.minimumAbsoluteSize), parameters.minimumRelativeSize * Double(abs(c.level)))
            if abs(score) >= parameters.seeSawScore && abs(c.perDay - m) * Double(c.gap) >= minimum {
                large.append(Jump(change: c, score: score))
            }
        }
        var out: [GrowthAnomaly] = []
        var i = 0
        while i < large.count {
            var j = i
            var alternations = 1
            while j + 1 < large.count,
                large[j + 1].change.day.daysSinceEpoch - large[i].change.day.daysSinceEpoch <= parameters.seeSawWindow,
                (large[j + 1].score > 0) != (large[j].score > 0)
            {
                alternations += 1
                j += 1
            }
            if alternations >= parameters.seeSawAlternations {
                let episode = large[i...j]
                let amplitude = episode.reduce(0) { $0 + abs($1.change.change) } / 2
                let score = episode.reduce(0.0) { $0 + abs($1.score) } / Double(episode.count)
                let days = large[j].change.day.daysSinceEpoch - large[i].change.day.daysSinceEpoch + 1
                let who = metric == .followers ? "followers" : "accounts followed"
                out.append(
                    GrowthAnomaly(
                        date: large[i].change.day, kind: .seeSaw, metric: metric, size: amplitude,
                        change: episode.reduce(0) { $0 + $1.change.change }, expected: 0, score: score, days: days,
                        estimated: episode.contains { $0.change.estimated }, engagementRatio: nil,
                        reason: "\(alternations) large rises and falls of \(who) alternate within \(days) days "
                            + "(about \(CountText.grouped(amplitude / max(1, alternations / 2))) each way); the follow/unfollow pattern."
                    ))
                i = j + 1
            } else {
                i += 1
            }
        }
        return out
    }

    static func flagFallingEngagement(
        _ anomaly: GrowthAnomaly, engagement: [PostEngagement], parameters: GrowthParameters
    ) -> GrowthAnomaly {
        guard anomaly.metric == .followers, anomaly.size > 0, anomaly.kind != .seeSaw else { return anomaly }
        let day = anomaly.date.daysSinceEpoch
        var before: [Double] = []
        var after: [Double] = []
        for row in engagement {
            guard let date = row.createdAt, let rate = row.rateByFollowers else { continue }
            let d = CalendarDay(date).daysSinceEpoch - day
            if d < 0 && d >= -parameters.engagementWindow { before.append(rate) }
            if d >= anomaly.days && d < anomaly.days + parameters.engagementWindow { after.append(rate) }
        }
        guard before.count >= 2, after.count >= 2, let b = EngagementMath.mean(before), b > 0,
            let a = EngagementMath.mean(after)
        else { return anomaly }
        var out = anomaly
        out.engagementRatio = a / b
        if a / b < parameters.engagementDropRatio {
            out.reason +=
                " Engagement rate fell afterwards (\(CountText.percent(b)) to \(CountText.percent(a)) per post): "
                + "new followers that do not engage, a red flag."
        }
        return out
    }

    static func formatScore(_ score: Double) -> String {
        let tenths = Int((score * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
