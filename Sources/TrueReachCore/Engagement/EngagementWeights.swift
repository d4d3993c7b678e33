/// How much each kind of action counts in weighted engagement.
///
/// Defaults are SocialCascade's published weights (like 1, save 2, click 2, comment 3, share 4;
/// support.socialcascade.co/article/89-weighted-engagement-rate). A quote counts as a share.
public struct EngagementWeights: Sendable, Hashable, Codable {
    public var like: Double
    public var save: Double
    public var click: Double
    public var comment: Double
    public var share: Double
    public var quote: Double

    /// Creates weights; every one defaults to SocialCascade's value.
    public init(
        like: Double = 1,
        save: Double = 2,
        click: Double = 2,
        comment: Double = 3,
        share: Double = 4,
        quote: Double = 4
    ) {
        self.like = like
        self.save = save
        self.click = click
        self.comment = comment
        self.share = share
        self.quote = quote
    }

    /// SocialCascade's weights.
    public static let socialCascade = EngagementWeights()

    /// The weight of one interaction of `kind`.
    public func weight(of kind: InteractionKind) -> Double {
        switch kind {
        case .like: like
        case .reply: comment
        case .repost: share
        case .quote: quote
        case .save: save
        case .click: click
        }
    }
}
