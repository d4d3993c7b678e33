/// Ranks compared accounts by a weighted sum of their normalised figures (docs/metrics.md,
/// "Shortlist ranking").
///
/// Each account's figures are normalised to [0, 1] (``ShortlistComponent`` says how) and summed with
/// the ``ShortlistWeights``: score = Σ wₖ·vₖ ÷ Σ wₖ over the components used, so a score is in [0, 1]
/// and each component's contribution wₖ·vₖ ÷ Σ wₖ adds up to it.
///
/// - **Greedy, for uniqueness.** `uniqueness` is the share of an account's real followers that no
///   higher-ranked account reaches, so ranks are chosen one at a time: each step scores the accounts
///   left against those already ranked and takes the highest (ties: the earlier account given). The
///   first pick's uniqueness is 1. With a uniqueness weight of 0 this is a plain sort by score.
/// - **Unknown figures never count as good.** A component whose figure is unknown for *every* account
///   cannot tell them apart and is left out (listed in ``ShortlistRanking/notUsed`` with the reason;
///   the other weights then sum to 1). A component unknown for *some* accounts counts as 0, the worst
///   value, for those, and their entries name it (``ShortlistRanking/Entry/unknown``) and say how much
///   of the weight rests on known figures.
/// - **Uniqueness** is exact from the audiences' ids, or, when any audience involved is a sketch,
///   estimated from the HyperLogLog sketches: new = Û(X ∪ S) − Û(S), clamped to [0, |X|], divided by
///   |X|, with SE ≈ ε·√(Û(X ∪ S)² + Û(S)²) ÷ |X| (the two estimates' errors taken as independent, which
///   overstates it). An account whose audience is unknown, or ranked below one whose audience is
///   unknown, has an unknown uniqueness. An account with no real followers has a uniqueness of 0.
public enum Shortlist {
    /// A reference of 20 clicks per 1,000 real followers scores 1 (provisional, until outcomes are measured).
    public static let outcomesReference = 20.0
    /// An engagement ratio of this many times the benchmark or more scores 1.
    public static let engagementCap = 2.0

    /// Ranks `candidates`.
    ///
    /// - Parameters:
    ///   - candidates: The accounts, in the order given (which breaks ties).
    ///   - weights: The weights.
    /// - Returns: Every candidate, best first, with the figures behind its score.
    /// - Complexity: O(k³ · n) set lookups for k exact audiences of n real followers; O(k² · m) for sketches.
    public static func rank(_ candidates: [ShortlistCandidate], weights: ShortlistWeights) -> ShortlistRanking {
        var notUsed: [ShortlistRanking.Unused] = []
        var used: [ShortlistComponent] = []
        for component in ShortlistComponent.allCases {
            if weights[component] == 0 {
                notUsed.append(ShortlistRanking.Unused(component: component, reason: "weight 0"))
            } else if candidates.allSatisfy({ !isKnown(component, $0) }) {
                notUsed.append(ShortlistRanking.Unused(component: component, reason: "unknown for every account"))
            } else {
                used.append(component)
            }
        }
        let total = used.reduce(0) { $0 + weights[$1] }
        var uniqueness = Uniqueness(candidates.map(\.audience))
        var left = Array(candidates.indices)
        var chosen: [Int] = []
        var entries: [ShortlistRanking.Entry] = []
        while !left.isEmpty {
            var best: (position: Int, entry: ShortlistRanking.Entry)?
            for (position, index) in left.enumerated() {
                let unique = used.contains(.uniqueness) ? uniqueness.share(of: index, after: chosen) : nil
                let entry = score(
                    candidates[index], uniqueness: unique, used: used, weights: weights, total: total,
                    rank: entries.count + 1)
                if let current = best, entry.score <= current.entry.score { continue }
                best = (position, entry)
            }
            guard let best else { break }
            entries.append(best.entry)
            chosen.append(left.remove(at: best.position))
        }
        return ShortlistRanking(weights: weights, used: used, notUsed: notUsed, entries: entries)
    }

    /// Whether `candidate`'s figure for `component` is known (uniqueness: its audience is).
    static func isKnown(_ component: ShortlistComponent, _ candidate: ShortlistCandidate) -> Bool {
        switch component {
        case .uniqueness: candidate.audience.unknownReason == nil
        default: figure(component, candidate) != nil
        }
    }

    /// The raw figure of a component other than uniqueness.
    static func figure(_ component: ShortlistComponent, _ c: ShortlistCandidate) -> Double? {
        switch component {
        case .audienceQualityScore: c.audienceQualityScore.map(Double.init)
        case .authentic: c.estimatedFakeShare.map { 1 - $0 }
        case .trueReach: c.trueReachShare
        case .engagement: c.engagementRatio
        case .growth: c.growthAnomalies.map(Double.init)
        case .outcomes: c.clicksPerThousandRealFollowers
        case .uniqueness: nil
        }
    }

    /// A raw figure mapped to [0, 1], higher being better.
    ///
    /// - Parameters:
    ///   - component: The component.
    ///   - figure: Its raw figure (a non-finite one counts as unknown).
    /// - Returns: The normalised value, or `nil` when the figure is not a number.
    public static func normalise(_ component: ShortlistComponent, _ figure: Double) -> Double? {
        guard figure.isFinite else { return nil }
        func unit(_ value: Double) -> Double { min(max(value, 0), 1) }
        return switch component {
        case .audienceQualityScore: unit(figure / 100)
        case .authentic, .trueReach, .uniqueness: unit(figure)
        case .engagement: unit(figure / engagementCap)
        case .growth: 1 / (1 + max(figure, 0))
        case .outcomes: unit(figure / outcomesReference)
        }
    }

    static func score(
        _ candidate: ShortlistCandidate, uniqueness: Uniqueness.Share?, used: [ShortlistComponent],
        weights: ShortlistWeights, total: Double, rank: Int
    ) -> ShortlistRanking.Entry {
        var parts: [ShortlistRanking.Part] = []
        var score = 0.0
        var known = 0.0
        var unknown: [ShortlistComponent] = []
        for component in used {
            let weight = weights[component] / total
            var part = ShortlistRanking.Part(component: component, weight: weight)
            if component == .uniqueness {
                part.figure = uniqueness?.value
                part.method = uniqueness?.method ?? .unknown
                part.standardError = uniqueness?.standardError
            } else {
                part.figure = figure(component, candidate)
            }
            part.value = part.figure.flatMap { normalise(component, $0) }
            if let value = part.value {
                part.contribution = weight * value
                score += part.contribution
                known += weight
            } else {
                unknown.append(component)
            }
            parts.append(part)
        }
        return ShortlistRanking.Entry(
            rank: rank, account: candidate.account, score: score, knownWeight: known, unknown: unknown, parts: parts)
    }
}

/// What a shortlist knows of one compared account.
public struct ShortlistCandidate: Sendable, Hashable {
    /// The account's name.
    public var account: String
    /// Its Audience Quality Score, 0 to 100.
    public var audienceQualityScore: Int?
    /// Its estimated fake share (the authentic share is 1 − this).
    public var estimatedFakeShare: Double?
    /// True reach as a share of the audience.
    public var trueReachShare: Double?
    /// Engagement rate ÷ the same-size benchmark.
    public var engagementRatio: Double?
    /// Growth anomalies in its follower-count series.
    public var growthAnomalies: Int?
    /// Human clicks per 1,000 real followers.
    public var clicksPerThousandRealFollowers: Double?
    /// Its real followers, as overlap knows them (for uniqueness).
    public var audience: OverlapAudience

    /// Creates a candidate; a figure left `nil` is unknown.
    ///
    /// - Parameters:
    ///   - account: The name.
    ///   - audienceQualityScore: The AQS.
    ///   - estimatedFakeShare: The estimated fake share.
    ///   - trueReachShare: True reach as a share.
    ///   - engagementRatio: Engagement ÷ benchmark.
    ///   - growthAnomalies: Growth anomalies.
    ///   - clicksPerThousandRealFollowers: Outcomes.
    ///   - audience: Its real followers (ids, a sketch, or unknown).
    public init(
        account: String, audienceQualityScore: Int? = nil, estimatedFakeShare: Double? = nil,
        trueReachShare: Double? = nil, engagementRatio: Double? = nil, growthAnomalies: Int? = nil,
        clicksPerThousandRealFollowers: Double? = nil, audience: OverlapAudience
    ) {
        self.account = account
        self.audienceQualityScore = audienceQualityScore
        self.estimatedFakeShare = estimatedFakeShare
        self.trueReachShare = trueReachShare
        self.engagementRatio = engagementRatio
        self.growthAnomalies = growthAnomalies
        self.clicksPerThousandRealFollowers = clicksPerThousandRealFollowers
        self.audience = audience
    }
}

/// A shortlist: the accounts best first, each with the figures behind its score.
public struct ShortlistRanking: Sendable, Hashable {
    /// One component of one account's score.
    public struct Part: Sendable, Hashable {
        /// The component.
        public var component: ShortlistComponent
        /// Its weight as a share of the weights used (they sum to 1).
        public var weight: Double
        /// The raw figure (``ShortlistComponent`` says which); `nil` when unknown.
        public var figure: Double?
        /// The figure normalised to [0, 1]; `nil` when unknown (it then counts as 0).
        public var value: Double?
        /// weight × value (0 when unknown).
        public var contribution: Double = 0
        /// For uniqueness: how it was found (`unknown` when it is).
        public var method: OverlapMethod?
        /// For an estimated uniqueness: one standard error of the share.
        public var standardError: Double?

        /// Creates a part.
        ///
        /// - Parameters:
        ///   - component: The component.
        ///   - weight: Its share of the weights used.
        ///   - figure: The raw figure.
        ///   - value: The normalised value.
        ///   - contribution: Its contribution to the score.
        ///   - method: For uniqueness, how it was found.
        ///   - standardError: For an estimated uniqueness, its standard error.
        public init(
            component: ShortlistComponent, weight: Double, figure: Double? = nil, value: Double? = nil,
            contribution: Double = 0, method: OverlapMethod? = nil, standardError: Double? = nil
        ) {
            self.component = component
            self.weight = weight
            self.figure = figure
            self.value = value
            self.contribution = contribution
            self.method = method
            self.standardError = standardError
        }
    }

    /// One ranked account.
    public struct Entry: Sendable, Hashable {
        /// 1 for the best.
        public var rank: Int
        /// The account.
        public var account: String
        /// Σ contributions, in [0, 1].
        public var score: Double
        /// The share of the weight whose figure is known (1: the score rests on every figure used).
        public var knownWeight: Double
        /// The components used whose figure is unknown for this account (each counted as 0).
        public var unknown: [ShortlistComponent]
        /// Each component used, in ``ShortlistComponent`` order.
        public var parts: [Part]

        /// Creates an entry.
        ///
        /// - Parameters:
        ///   - rank: The rank.
        ///   - account: The account.
        ///   - score: The score.
        ///   - knownWeight: The known share of the weight.
        ///   - unknown: The unknown components.
        ///   - parts: The components.
        public init(
            rank: Int, account: String, score: Double, knownWeight: Double, unknown: [ShortlistComponent],
            parts: [Part]
        ) {
            self.rank = rank
            self.account = account
            self.score = score
            self.knownWeight = knownWeight
            self.unknown = unknown
            self.parts = parts
        }
    }

    /// A component with a weight that the ranking left out, and why.
    public struct Unused: Sendable, Hashable {
        /// The component.
        public var component: ShortlistComponent
        /// Why (`weight 0`, `unknown for every account`).
        public var reason: String

        /// Creates the note.
        ///
        /// - Parameters:
        ///   - component: The component.
        ///   - reason: Why it is not used.
        public init(component: ShortlistComponent, reason: String) {
            self.component = component
            self.reason = reason
        }
    }

    /// The weights as configured.
    public var weights: ShortlistWeights
    /// The components the scores use, in ``ShortlistComponent`` order.
    public var used: [ShortlistComponent]
    /// The components left out, with why.
    public var notUsed: [Unused]
    /// The accounts, best first.
    public var entries: [Entry]

    /// Creates a ranking.
    ///
    /// - Parameters:
    ///   - weights: The weights.
    ///   - used: The components used.
    ///   - notUsed: Those left out.
    ///   - entries: The ranked accounts.
    public init(weights: ShortlistWeights, used: [ShortlistComponent], notUsed: [Unused], entries: [Entry]) {
        self.weights = weights
        self.used = used
        self.notUsed = notUsed
        self.entries = entries
    }
}
