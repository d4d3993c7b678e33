public import FoundationEssentials

/// The role of anything that turns accounts into bot / fake probabilities.
///
/// Two kinds conform: the learned tree ensemble (the default) and the explainable
/// rule baseline. A scorer is a pure function of its inputs: the same accounts and
/// the same `now` give the same scores, in the same order, on every run.
public protocol Scorer: Sendable {
    /// A short, stable name for reports and model cards (`"rules-v1"`, `"gbdt-…"`).
    var name: String { get }

    /// The probability at or above which an account counts as suspicious.
    var threshold: Double { get }

    /// Scores a batch of accounts.
    ///
    /// - Parameters:
    ///   - profiles: The accounts to score.
    ///   - now: The reference time for accounts without a `capturedAt` (account age, recency).
    /// - Returns: One score per account, in the same order.
    func score(_ profiles: [Profile], asOf now: Date) -> [ProfileScore]

    /// What the scorer knows about its own probabilities, for estimating an audience's fake share
    /// (nil: the audit estimates it by the mean probability).
    var quantification: QuantificationProfile? { get }
}

extension Scorer {
    /// No profile by default.
    public var quantification: QuantificationProfile? { nil }
}

/// A bot / fake probability with the signals that explain it.
public struct ProfileScore: Sendable, Hashable, Codable {
    /// Probability in [0, 1] that the account is a bot or fake.
    public var probability: Double
    /// The strongest reasons, most important first.
    public var signals: [Signal]

    public init(probability: Double, signals: [Signal]) {
        self.probability = probability
        self.signals = signals
    }
}

/// One reason behind a score, in plain words with the account's own values.
public struct Signal: Sendable, Hashable, Codable {
    /// A stable machine name (`following_followers_ratio`, `rule.no_bio`).
    public var code: String
    /// How much this signal moved the score: positive towards bot, negative towards human.
    public var contribution: Double
    /// A plain-language sentence such as "follows 4,800, followed by 12".
    public var text: String

    public init(code: String, contribution: Double, text: String) {
        self.code = code
        self.contribution = contribution
        self.text = text
    }
}
