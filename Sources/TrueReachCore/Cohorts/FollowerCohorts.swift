import FoundationEssentials

/// A group of followers who started following in the same period.
public struct FollowerCohort: Sendable, Hashable, Codable {
    /// How the cohort was formed.
    public enum Basis: String, Sendable, Hashable, Codable {
        /// From the export's follow timestamps.
        case followDate = "follow_date"
        /// Joined between two snapshots (first seen in the later one).
        case snapshotDifference = "snapshot_difference"
        /// Already following in the first snapshot, with no follow time.
        case beforeFirstSnapshot = "before_first_snapshot"
    }

    public var label: String
    public var basis: Basis
    /// First day of the period (follow-date cohorts) or the snapshot date, where known.
    public var start: CalendarDay?
    public var members: Int
    /// Members missing from the latest snapshot; nil with a single snapshot.
    public var left: Int?
    public var leftShare: Double?
    /// Members with a bot / fake score.
    public var scored: Int
    /// Scored members at or above the threshold.
    public var suspicious: Int
    public var suspiciousShare: Double?
    /// Members with at least one interaction; nil when no interactions were given.
    public var engaged: Int?
    public var engagedShare: Double?
    /// Interactions by members ÷ members; nil when no interactions were given.
    public var interactionsPerMember: Double?

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case label, basis, start, members, left
        case leftShare = "left_share"
        case scored, suspicious
        case suspiciousShare = "suspicious_share"
        case engaged
        case engagedShare = "engaged_share"
        case interactionsPerMember = "interactions_per_member"
    }
}

/// Who joined and who left between two snapshots.
public struct FollowerFlow: Sendable, Hashable, Codable {
    public var from: String
    public var to: String
    public var joined: Int
    public var left: Int
}

/// The cohort analysis of one account's follower snapshots.
public struct CohortReport: Sendable, Hashable, Codable {
    public var snapshots: Int
    /// Distinct accounts seen in any snapshot.
    public var profiles: Int
    public var cohorts: [FollowerCohort]
    public var flows: [FollowerFlow]
}

/// Follower cohorts by follow date or snapshot difference (formulas in `docs/metrics.md`, "## Cohorts").
public enum FollowerCohorts {
    /// Builds cohorts from snapshots taken in the order given (oldest first).
    ///
    /// Each account joins the cohort of its earliest known follow time (grouped by `period`); without
    /// one, the cohort of the first snapshot it appears in (joined since the snapshot before), or
    /// `before_first_snapshot`. *Left since* counts members absent from the last snapshot.
    /// - Parameters:
    ///   - snapshots: follower lists, oldest first.
    ///   - period: week or month for follow-date cohorts.
    ///   - probabilities: bot / fake probability per follower, where scored.
    ///   - threshold: at or above it a follower is suspicious.
    ///   - interactions: engagement by followers, to measure each cohort's engagement.
    /// - Returns: the snapshot and distinct-account counts, the cohorts (follow-date cohorts oldest first,
    ///   then `before_first_snapshot`, then snapshot differences in snapshot order) and who joined and left
    ///   between each pair of consecutive snapshots.
    /// - Complexity: O(n log n) over all entries.
    public static func analyze(
        _ snapshots: [FollowerSnapshot],
        period: EngagementPeriod = .month,
        probabilities: [ProfileID: Double] = [:],
        threshold: Double = 0.5,
        interactions: [Interaction]? = nil
    ) -> CohortReport {
        struct Key: Hashable, Comparable {
            var order: Int
            var day: Int
            static func < (a: Key, b: Key) -> Bool { (a.order, a.day) < (b.order, b.day) }
        }
        var followedAt: [ProfileID: Date] = [:]
        var firstSeen: [ProfileID: Int] = [:]
        var sets: [Set<ProfileID>] = []
        for (index, snapshot) in snapshots.enumerated() {
            var set = Set<ProfileID>()
            for e in snapshot.entries {
                set.insert(e.profile)
                if firstSeen[e.profile] == nil { firstSeen[e.profile] = index }
                if let t = e.followedAt, followedAt[e.profile].map({ t < $0 }) ?? true { followedAt[e.profile] = t }
            }
            sets.append(set)
        }
        let latest = sets.last ?? []
        var perAccount: [ProfileID: Int] = [:]
        for i in interactions ?? [] { perAccount[i.profile, default: 0] += 1 }

        var members: [Key: [ProfileID]] = [:]
        var meta: [Key: (String, FollowerCohort.Basis, CalendarDay?)] = [:]
        for (account, index) in firstSeen {
            let key: Key
            if let t = followedAt[account] {
                let start = period.start(of: CalendarDay(t))
                key = Key(order: 0, day: start.daysSinceEpoch)
                meta[key] = (periodLabel(start, period), .followDate, start)
            } else if index == 0 {
                key = Key(order: 1, day: 0)
                meta[key] = (
                    "before \(snapshots[0].name)", .beforeFirstSnapshot,
                    snapshots[0].effectiveDate.map(CalendarDay.init)
                )
            } else {
                key = Key(order: 2, day: index)
                meta[key] = (
                    "joined \(snapshots[index - 1].name) → \(snapshots[index].name)", .snapshotDifference,
                    snapshots[index].effectiveDate.map(CalendarDay.init)
                )
            }
            members[key, default: []].append(account)
        }
        let cohorts = members.keys.sorted().compactMap { key -> FollowerCohort? in
            guard let list = members[key], let (label, basis, start) = meta[key] else { return nil }
            let n = list.count
            let left = snapshots.count > 1 ? list.filter { !latest.contains($0) }.count : nil
            let scoredValues = list.compactMap { probabilities[$0] }
            let suspicious = scoredValues.filter { $0 >= threshold }.count
            var engaged: Int?
            var perMember: Double?
            if interactions != nil {
                engaged = list.filter { (perAccount[$0] ?? 0) > 0 }.count
                perMember = Double(list.reduce(0) { $0 + (perAccount[$1] ?? 0) }) / Double(n)
            }
            return FollowerCohort(
                label: label, basis: basis, start: start, members: n, left: left,
                leftShare: left.map { Double($0) / Double(n) }, scored: scoredValues.count, suspicious: suspicious,
                suspiciousShare: scoredValues.isEmpty ? nil : Double(suspicious) / Double(scoredValues.count),
                engaged: engaged, engagedShare: engaged.map { Double($0) / Double(n) },
                interactionsPerMember: perMember)
        }
        var flows: [FollowerFlow] = []
        if sets.count > 1 {
            for i in 1..<sets.count {
                flows.append(
                    FollowerFlow(
                        from: snapshots[i - 1].name, to: snapshots[i].name,
                        joined: sets[i].subtracting(sets[i - 1]).count, left: sets[i - 1].subtracting(sets[i]).count))
            }
        }
        return CohortReport(snapshots: snapshots.count, profiles: firstSeen.count, cohorts: cohorts, flows: flows)
    }

    static func periodLabel(_ start: CalendarDay, _ period: EngagementPeriod) -> String {
        switch period {
        case .week: return "week of \(start)"
        case .month: return String(start.description.prefix(7))
        }
    }
}
