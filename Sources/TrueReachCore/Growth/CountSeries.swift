/// One day of an account's follower (and following) count.
public struct CountPoint: Sendable, Hashable, Codable {
    public var day: CalendarDay
    public var followers: Int?
    public var following: Int?
    /// The source marks this day's value as estimated or interpolated (Iconosquare "Estimated data").
    public var estimated: Bool

    /// Creates a point.
    public init(day: CalendarDay, followers: Int?, following: Int? = nil, estimated: Bool = false) {
        self.day = day
        self.followers = followers
        self.following = following
        self.estimated = estimated
    }
}

/// A daily count series of one account.
public struct CountSeries: Sendable, Hashable, Codable {
    /// A label for the account (handle, channel or file name).
    public var name: String
    public var platform: Platform?
    /// Points in day order, one per day.
    public var points: [CountPoint]

    /// Creates a series; points are sorted by day and, when a day repeats, the last one given wins.
    public init(name: String, platform: Platform? = nil, points: [CountPoint]) {
        self.name = name
        self.platform = platform
        var byDay: [CalendarDay: CountPoint] = [:]
        for p in points { byDay[p.day] = p }
        self.points = byDay.keys.sorted().compactMap { byDay[$0] }
    }
}

/// Which count of a series.
public enum CountMetric: String, Sendable, Hashable, Codable, CaseIterable {
    case followers
    case following
}

extension CountSeries {
    /// The (day, value, estimated) triples of one metric, skipping days without a value.
    func values(_ metric: CountMetric) -> [(day: CalendarDay, value: Int, estimated: Bool)] {
        points.compactMap { p in
            let v = metric == .followers ? p.followers : p.following
            return v.map { (p.day, $0, p.estimated) }
        }
    }
}
