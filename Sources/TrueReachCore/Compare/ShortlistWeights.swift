/// One figure a shortlist ranks by (docs/metrics.md, "Shortlist ranking").
///
/// The raw value is the compared figure itself; ``Shortlist`` maps each to a normalised value in
/// [0, 1], higher being better.
public enum ShortlistComponent: String, Sendable, Hashable, Codable, CaseIterable {
    /// The Audience Quality Score; normalised: score ÷ 100.
    case audienceQualityScore = "aqs"
    /// The authentic share, 1 − the estimated fake share; normalised: itself.
    case authentic
    /// True reach as a share of the audience; normalised: itself.
    case trueReach = "true_reach"
    /// The engagement rate ÷ the same-size benchmark; normalised: min(ratio, 2) ÷ 2 (the benchmark
    /// scores 0.5; twice it or more, 1).
    case engagement
    /// Growth anomalies in the follower-count series, as a penalty; normalised: 1 ÷ (1 + anomalies).
    case growth
    /// The share of the account's real followers that no higher-ranked account reaches; normalised:
    /// itself.
    case uniqueness
    /// Human clicks per 1,000 real followers; normalised: min(clicks ÷ 20, 1) (provisional).
    case outcomes

    /// The name in CLI flags, API parameters and JSON keys.
    public var key: String { rawValue }

    /// A short label for tables and pages.
    public var label: String {
        switch self {
        case .audienceQualityScore: "AQS"
        case .authentic: "authentic share"
        case .trueReach: "true reach share"
        case .engagement: "engagement vs benchmark"
        case .growth: "growth integrity"
        case .uniqueness: "new real followers"
        case .outcomes: "outcomes"
        }
    }
}

/// The relative weights of a shortlist's figures: how much each ``ShortlistComponent`` counts.
///
/// Weights are relative (they need not sum to 1): a score divides by the sum of the weights it uses.
/// A weight of 0 leaves its figure out. The defaults are written in docs/metrics.md.
public struct ShortlistWeights: Sendable, Hashable {
    /// Each component's weight (every component has one; 0 leaves it out).
    public private(set) var values: [ShortlistComponent: Double]

    /// The defaults: AQS 0.25, authentic 0.20, true reach 0.15, engagement 0.10, growth 0.10,
    /// uniqueness 0.15, outcomes 0.05.
    public static let defaults = ShortlistWeights(checked: [
        .audienceQualityScore: 0.25, .authentic: 0.20, .trueReach: 0.15, .engagement: 0.10, .growth: 0.10,
        .uniqueness: 0.15, .outcomes: 0.05,
    ])

    private init(checked values: [ShortlistComponent: Double]) {
        self.values = values
    }

    /// Creates weights; components not named weigh 0.
    ///
    /// - Parameter values: Finite, non-negative weights, at least one of them positive.
    /// - Throws: ``ParseError`` `.negative` or `.notANumber` for a bad weight, `.allZero` when none is
    ///   positive.
    public init(_ values: [ShortlistComponent: Double]) throws(ParseError) {
        var all: [ShortlistComponent: Double] = [:]
        for component in ShortlistComponent.allCases {
            let weight = values[component] ?? 0
            guard weight.isFinite else {
                throw ParseError(.notANumber, "The weight of \(component.key) must be a finite number.")
            }
            guard weight >= 0 else { throw ParseError(.negative, "The weight of \(component.key) must be 0 or more.") }
            all[component] = weight
        }
        guard all.values.contains(where: { $0 > 0 }) else {
            throw ParseError(.allZero, "At least one weight must be more than 0.")
        }
        self.values = all
    }

    /// The weight of `component`.
    public subscript(_ component: ShortlistComponent) -> Double { values[component] ?? 0 }

    /// The defaults with some weights replaced by `KEY=VALUE` assignments (`aqs=0.3`; `KEY:VALUE` too).
    ///
    /// - Parameters:
    ///   - assignments: The assignments; a key given twice keeps its last value.
    ///   - base: The weights the assignments change (``defaults`` unless given).
    /// - Returns: The weights.
    /// - Throws: ``ParseError``: `.malformed` (no `=`), `.unknownKey` (naming the known keys),
    ///   `.notANumber`, `.negative`, `.allZero`.
    public static func parse(_ assignments: [String], base: ShortlistWeights = .defaults) throws(ParseError)
        -> ShortlistWeights
    {
        var values = base.values
        for assignment in assignments {
            guard let separator = assignment.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw ParseError(.malformed, "A weight is written KEY=VALUE, for example aqs=0.3.")
            }
            let key = assignment[..<separator].trimmingSpaces
            let text = assignment[assignment.index(after: separator)...].trimmingSpaces
            guard let component = ShortlistComponent(rawValue: key) else {
                throw ParseError(
                    .unknownKey,
                    "Unknown weight key; the keys are \(ShortlistComponent.allCases.map(\.key).joined(separator: ", "))."
                )
            }
            guard let weight = Double(text), weight.isFinite else {
                throw ParseError(.notANumber, "The weight of \(component.key) must be a number, for example 0.3.")
            }
            values[component] = weight
        }
        return try ShortlistWeights(values)
    }

    /// Why weights could not be read.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What kind of problem this is.
        public enum Code: String, Sendable, Hashable, CaseIterable {
            /// Not `KEY=VALUE`.
            case malformed
            /// A key that names no component.
            case unknownKey = "unknown_key"
            /// A value that is not a finite number.
            case notANumber = "not_a_number"
            /// A negative weight.
            case negative
            /// Every weight is 0.
            case allZero = "all_zero"
        }

        /// The kind of problem.
        public var code: Code
        /// What is wrong and how to write it (never the user's text).
        public var message: String

        /// Creates an error.
        ///
        /// - Parameters:
        ///   - code: The kind of problem.
        ///   - message: The sentence for a person.
        public init(_ code: Code, _ message: String) {
            self.code = code
            self.message = message
        }

        /// A one-line description for logs.
        public var description: String { "ShortlistWeights.ParseError.\(code.rawValue): \(message)" }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
