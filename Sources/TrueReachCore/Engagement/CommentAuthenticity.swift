/// Why a comment looks inauthentic.
public enum CommentSignal: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only emoji (and spaces or punctuation).
    case emojiOnly = "emoji_only"
    /// A few words of generic praise ("nice pic", "love it", "amazing!!").
    case genericPraise = "generic_praise"
    /// Only @mentions of other accounts (giveaway entries, pods).
    case tagOnly = "tag_only"
    /// The author is scored at or above the suspicious threshold.
    case suspiciousAuthor = "suspicious_author"
}

/// The comment verdicts for one post.
public struct PostCommentAuthenticity: Sendable, Hashable, Codable {
    public var post: PostID
    public var comments: Int
    public var inauthentic: Int
    /// inauthentic ÷ comments.
    public var inauthenticShare: Double?
    /// True when the inauthentic share reaches the flag level (default 50%, HypeAuditor's alarm level).
    public var flagged: Bool
    /// How many comments carry each signal (a comment may carry several).
    public var signals: [CommentSignal: Int]

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case post, comments, inauthentic
        case inauthenticShare = "inauthentic_share"
        case flagged, signals
    }

    /// Creates a verdict.
    public init(
        post: PostID, comments: Int, inauthentic: Int, inauthenticShare: Double?, flagged: Bool,
        signals: [CommentSignal: Int]
    ) {
        self.post = post
        self.comments = comments
        self.inauthentic = inauthentic
        self.inauthenticShare = inauthenticShare
        self.flagged = flagged
        self.signals = signals
    }

    /// Decodes; `signals` is an object keyed by signal name.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        post = try c.decode(PostID.self, forKey: .post)
        comments = try c.decode(Int.self, forKey: .comments)
        inauthentic = try c.decode(Int.self, forKey: .inauthentic)
        inauthenticShare = try c.decodeIfPresent(Double.self, forKey: .inauthenticShare)
        flagged = try c.decode(Bool.self, forKey: .flagged)
        let raw = try c.decodeIfPresent([String: Int].self, forKey: .signals) ?? [:]
        signals = Dictionary(
            uniqueKeysWithValues: raw.compactMap { k, v in CommentSignal(rawValue: k).map { ($0, v) } })
    }

    /// Encodes `signals` as an object keyed by signal name (a dictionary keyed by an enum would be an unordered array).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(post, forKey: .post)
        try c.encode(comments, forKey: .comments)
        try c.encode(inauthentic, forKey: .inauthentic)
        try c.encodeIfPresent(inauthenticShare, forKey: .inauthenticShare)
        try c.encode(flagged, forKey: .flagged)
        try c.encode(Dictionary(uniqueKeysWithValues: signals.map { ($0.key.rawValue, $0.value) }), forKey: .signals)
    }
}

/// Comment authenticity (HypeAuditor, help.hypeauditor.com/en/articles/2541185).
///
/// A comment is *low-effort* when it is emoji-only, generic praise or tag-only. It counts as
/// **inauthentic** when its author is suspicious, or when it is low-effort and its author has no
/// score. A low-effort comment from an author scored as not suspicious is not counted against the
/// account, as HypeAuditor does ("not counted against the influencer unless its author is also
/// caught acting suspiciously"). A post is flagged when at least `flagShare` of its comments are inauthentic.
public enum CommentAuthenticity {
    /// Words that make up generic praise; a comment of at most `genericPraiseMaxWords` words, all from
    /// this list (after removing emoji and punctuation), is generic praise.
    public static let praiseWords: Set<String> = [
        "nice", "great", "love", "loved", "lovely", "wow", "amazing", "awesome", "cool", "beautiful", "cute",
        "good", "super", "perfect", "gorgeous", "omg", "fire", "lit", "wonderful", "stunning", "pretty",
        "fantastic", "excellent", "brilliant", "best", "goals", "dope", "sweet", "epic", "incredible",
        "pic", "picture", "photo", "shot", "post", "feed", "content", "it", "this", "so", "very", "such", "a",
        "the", "what", "really", "nice!", "bro", "dear", "you", "your", "keep", "up", "work", "job", "❤",
        "yes", "wonderfull", "beauty", "great!", "congrats", "bravo", "top", "like", "likes", "follow", "back",
    ]

    /// The content-only signals of a comment's text (no author signal).
    public static func textSignals(_ text: String, genericPraiseMaxWords: Int = 4) -> Set<CommentSignal> {
        var out: Set<CommentSignal> = []
        let trimmed = text.unicodeScalars.filter { !$0.properties.isWhitespace }
        guard !trimmed.isEmpty else { return out }
        if isEmojiOnly(text) { out.insert(.emojiOnly) }
        let tokens = text.split(whereSeparator: { $0.isWhitespace || $0 == "," })
        if !tokens.isEmpty, tokens.allSatisfy({ $0.hasPrefix("@") && $0.count > 1 }) {
            out.insert(.tagOnly)
        }
        let words = tokens.map { normalizedWord($0) }.filter { !$0.isEmpty }
        if !words.isEmpty, words.count <= genericPraiseMaxWords, words.allSatisfy(praiseWords.contains),
            words.contains(where: { !fillerWords.contains($0) })
        {
            out.insert(.genericPraise)
        }
        return out
    }

    /// Classifies the comments (`reply` interactions with text) of each post.
    ///
    /// - Parameters:
    ///   - comments: reply interactions; others are ignored.
    ///   - probabilities: bot / fake probability per commenter, where scored.
    ///   - threshold: at or above it a commenter is suspicious.
    ///   - flagShare: a post is flagged when inauthentic ÷ comments ≥ this (default 0.5).
    /// - Returns: one entry per post with comments, ordered by post id.
    /// - Complexity: O(n log n) in the number of comments.
    public static func assess(
        _ comments: [Interaction],
        probabilities: [ProfileID: Double] = [:],
        threshold: Double = 0.5,
        flagShare: Double = 0.5
    ) -> [PostCommentAuthenticity] {
        var byPost: [PostID: PostCommentAuthenticity] = [:]
        for c in comments where c.kind == .reply {
            var entry =
                byPost[c.post]
                ?? PostCommentAuthenticity(
                    post: c.post, comments: 0, inauthentic: 0, inauthenticShare: nil, flagged: false, signals: [:])
            var signals = textSignals(c.text ?? "")
            let p = probabilities[c.profile]
            if let p, p >= threshold { signals.insert(.suspiciousAuthor) }
            let lowEffort = !signals.isDisjoint(with: [.emojiOnly, .genericPraise, .tagOnly])
            let inauthentic = signals.contains(.suspiciousAuthor) || (lowEffort && p == nil)
            entry.comments += 1
            if inauthentic { entry.inauthentic += 1 }
            for s in signals { entry.signals[s, default: 0] += 1 }
            byPost[c.post] = entry
        }
        return byPost.keys.sorted().compactMap { key in
            guard var e = byPost[key] else { return nil }
            let share = Double(e.inauthentic) / Double(e.comments)
            e.inauthenticShare = share
            e.flagged = share >= flagShare
            return e
        }
    }

    private static let fillerWords: Set<String> = [
        "it", "this", "so", "very", "such", "a", "the", "what", "really", "you", "your", "up", "pic", "picture",
        "photo", "shot", "post", "feed", "content", "keep", "work", "job", "back", "bro", "dear",
    ]

    private static func normalizedWord(_ token: Substring) -> String {
        let kept = token.lowercased().unicodeScalars.filter {
            $0.properties.isAlphabetic || $0.properties.numericType != nil
        }
        return String(String.UnicodeScalarView(kept))
    }

    static func isEmojiOnly(_ text: String) -> Bool {
        var sawEmoji = false
        for scalar in text.unicodeScalars {
            let p = scalar.properties
            if p.isWhitespace || p.generalCategory == .otherPunctuation { continue }
            // Joiners, variation selectors and skin-tone modifiers glue emoji together.
            if scalar.value == 0x200D || (0xFE00...0xFE0F).contains(scalar.value) || p.isEmojiModifier { continue }
            if p.isEmoji && scalar.value > 0x7F {
                sawEmoji = true
                continue
            }
            return false
        }
        return sawEmoji
    }
}
