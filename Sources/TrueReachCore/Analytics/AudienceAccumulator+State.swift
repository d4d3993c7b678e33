/// The mergeable state of an ``AudienceAccumulator`` as plain values, for partial audits.
///
/// A partial audit built on one machine (one Spark partition, say) is written as this state and
/// read back on another, where the parts merge exactly as in-process accumulators do: counts are
/// integers, histogram sums are exact multiples of 2⁻²⁴, and the kept lists are the first elements
/// under a total order. So the report from merged states is the one a single pass gives.
extension AudienceAccumulator {
    /// Everything an accumulator holds.
    ///
    /// The JSON keys are snake_case and documented in
    /// `docs/scale-out.md`; the encoding is versioned by the partial audit that carries it.
    public struct State: Sendable, Hashable, Codable {
        /// Followers added.
        public var count: Int
        /// Followers per ``AudienceCategory``, in `allCases` order.
        public var categories: [Int]
        /// Known reachable, known not reachable, unknown.
        public var reachability: [Int]
        /// Active, inactive by the window, never posted, unknown.
        public var activity: [Int]
        /// Followers with no follower, following or post count at all.
        public var countsUnknown: Int
        /// Suspicious followers per signal code.
        public var signals: [String: Int]
        /// Followers per language code and per country code; nil in a partial from an earlier build.
        public var languages: [String: Int]?
        public var countries: [String: Int]?
        /// Followers per tenth of probability.
        public var histogram: [Int]
        /// Per-platform histograms, in first-seen order.
        public var platforms: [Platform]
        /// The kept influential followers (rank: follower count), first in order first.
        public var influential: [RankedFollower]
        /// The kept suspicious followers (rank: probability), first in order first.
        public var suspicious: [RankedFollower]
        /// The kept scatter points with their hash keys.
        public var scatter: [KeyedPoint]

        /// One platform's histograms.
        public struct Platform: Sendable, Hashable, Codable {
            public var platform: TrueReachCore.Platform
            public var audience: ProbabilityHistogram
            /// The followers who may be in true reach, by reachability × activity cell.
            public var cells: [ProbabilityHistogram]
        }

        /// A follower kept in a ranked list.
        public struct RankedFollower: Sendable, Hashable, Codable {
            public var rank: Double
            public var follower: FollowerSummary
        }

        /// A scatter point with its sampling key (a decimal string: JSON numbers lose 64-bit precision).
        public struct KeyedPoint: Sendable, Hashable, Codable {
            public var key: String
            public var point: ScatterPoint
        }

        enum CodingKeys: String, CodingKey {
            case count, categories, reachability, activity
            case countsUnknown = "counts_unknown"
            case signals, histogram, platforms, influential, suspicious, scatter, languages, countries
        }
    }

    /// Why a state cannot be read back.
    public struct StateError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong, naming the field.
        public var description: String
    }

    /// This accumulator's state.
    public var state: State {
        State(
            count: count, categories: categoryCounts, reachability: reachabilityCounts, activity: activityCounts,
            countsUnknown: countsUnknownCount, signals: signalCounts,
            languages: languageCounts.isEmpty ? nil : languageCounts,
            countries: countryCounts.isEmpty ? nil : countryCounts, histogram: histogram,
            platforms: platforms.map { State.Platform(platform: $0.platform, audience: $0.audience, cells: $0.cells) },
            influential: influential.elements.map { State.RankedFollower(rank: $0.rank, follower: $0.summary) },
            suspicious: suspicious.elements.map { State.RankedFollower(rank: $0.rank, follower: $0.summary) },
            scatter: scatter.elements.map { State.KeyedPoint(key: String($0.key), point: $0.point) })
    }

    /// An accumulator of `analyzer` holding `state`, as if its followers had been added to it.
    ///
    /// - Throws: ``StateError`` naming the field when a count is negative or a list has the wrong
    ///   length (a damaged or foreign partial).
    public init(analyzer: AudienceAnalyzer, state: State) throws(StateError) {
        self.init(analyzer: analyzer)
        func check(_ values: [Int], _ length: Int, _ field: String) throws(StateError) {
            guard values.count == length else {
                throw StateError(description: "'\(field)' has \(values.count) entries, expected \(length)")
            }
            guard values.allSatisfy({ $0 >= 0 }) else {
                throw StateError(description: "'\(field)' has a negative count")
            }
        }
        try check(state.categories, categoryCounts.count, "categories")
        try check(state.reachability, reachabilityCounts.count, "reachability")
        try check(state.activity, activityCounts.count, "activity")
        try check(state.histogram, histogram.count, "histogram")
        try check([state.count, state.countsUnknown] + Array(state.signals.values), 2 + state.signals.count, "count")
        let languages = state.languages ?? [:]
        let countries = state.countries ?? [:]
        try check(Array(languages.values), languages.count, "languages")
        try check(Array(countries.values), countries.count, "countries")
        guard languages.values.reduce(0, +) <= state.count, countries.values.reduce(0, +) <= state.count else {
            throw StateError(description: "'languages' or 'countries' count more followers than 'count'")
        }
        guard state.categories.reduce(0, +) == state.count else {
            throw StateError(description: "'categories' do not add up to 'count'")
        }
        count = state.count
        categoryCounts = state.categories
        reachabilityCounts = state.reachability
        activityCounts = state.activity
        countsUnknownCount = state.countsUnknown
        signalCounts = state.signals
        languageCounts = languages
        countryCounts = countries
        histogram = state.histogram
        for part in state.platforms {
            guard part.cells.count == ReachCell.count,
                part.audience.counts.count == ProbabilityHistogram.binCount,
                part.cells.allSatisfy({ $0.counts.count == ProbabilityHistogram.binCount })
            else { throw StateError(description: "'platforms' has a histogram of the wrong size") }
            var totals = PlatformTotals(platform: part.platform)
            totals.audience = part.audience
            totals.cells = part.cells
            platforms[slot(of: part.platform)].merge(totals)
        }
        for kept in state.influential { influential.insert(Ranked(rank: kept.rank, summary: kept.follower)) }
        for kept in state.suspicious { suspicious.insert(Ranked(rank: kept.rank, summary: kept.follower)) }
        for kept in state.scatter {
            guard let key = UInt64(kept.key) else {
                throw StateError(description: "'scatter' has a key that is not a 64-bit unsigned integer")
            }
            scatter.insert(Keyed(key: key, point: kept.point))
        }
    }
}
