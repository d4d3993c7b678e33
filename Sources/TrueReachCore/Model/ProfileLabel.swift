/// A ground-truth label for training and evaluating authenticity models.
public enum ProfileLabel: String, Sendable, Hashable, Codable, CaseIterable {
    /// A real person or organisation run by people.
    case human
    /// A bot, fake or bought account.
    case bot

    /// `1` for a bot, `0` for a human: the positive class is the bot.
    public var isBot: Bool { self == .bot }
}

/// An account with its ground-truth label and the dataset it came from.
public struct LabeledProfile: Sendable, Hashable, Codable {
    /// The profile snapshot.
    public var profile: Profile
    /// Its label.
    public var label: ProfileLabel
    /// The name of the dataset it came from (for leave-one-dataset-out validation).
    public var dataset: String

    /// Creates a labelled account.
    public init(profile: Profile, label: ProfileLabel, dataset: String) {
        self.profile = profile
        self.label = label
        self.dataset = dataset
    }
}
