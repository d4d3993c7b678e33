public import FoundationEssentials

/// The explainable rule baseline: published fake-follower rule sets turned into a probability.
///
/// The rules come from three published sets that Cresci et al. (2015, "Fame for sale")
/// tested on Twitter followers, restricted to what a profile alone can show:
///
/// - **Socialbakers**: following:followers ≥ 50:1; spam phrases in the bio ("diet",
///   "make money", "work from home"); never posted.
/// - **State of Search** (Van den Beld): "bot" in the bio; following ≥ 100 × followers.
/// - **Camisani-Calzolari**: human points for having a name, a picture, a location, a bio,
///   at least 30 followers, being listed, at least 50 posts, a URL, and 2 × followers ≥ following.
///
/// Each fired rule adds its weight to a log-odds sum (bot rules push up, human points
/// push down); the probability is the logistic of that sum. A rule whose field is
/// unknown neither fires nor counts, so platforms with fewer fields are not penalised.
/// A self-declared bot flag (Mastodon `bot`) is a strong bot signal; a verified badge
/// a strong human one. The weights are hand-set and documented in docs/metrics.md; the
/// learned model replaces this baseline as the default.
public struct RuleScorer: Scorer, Codable, Hashable {
    /// The stable name shown in reports.
    public var name: String { "rules-v1" }
    /// Profiles at or above this probability count as suspicious.
    public var threshold: Double
    /// How many signals each score carries.
    public var maximumSignals: Int

    /// Creates the rule scorer.
    public init(threshold: Double = 0.5, maximumSignals: Int = 4) {
        self.threshold = threshold
        self.maximumSignals = maximumSignals
    }

    /// Scores each account by the rules; see the type's documentation.
    ///
    /// - Complexity: O(n × b) for n accounts with bios of length b.
    public func score(_ profiles: [Profile], asOf now: Date) -> [ProfileScore] {
        profiles.map { score($0) }
    }

    // MARK: - Rules

    private static let bias = -1.5
    private static let spamPhrases = ["diet", "make money", "work from home", "followers", "earn $", "free gift"]

    private func score(_ account: Profile) -> ProfileScore {
        var signals: [Signal] = []
        func fire(_ code: String, _ weight: Double, _ text: @autoclosure () -> String) {
            signals.append(Signal(code: code, contribution: weight, text: text()))
        }

        let followers = account.followersCount
        let following = account.followingCount
        let bio = account.bio.map(LowercasedText.init)

        // Strong declarations first.
        if account.bot == true { fire("rule.self_declared_bot", 6.0, "declares itself a bot") }
        if account.verified == true { fire("rule.verified", -4.0, "verified account") }

        // Socialbakers and State of Search ratio rules.
        if let followers, let following, following >= 50 {
            if following >= 100 * max(followers, 1) {
                fire(
                    "rule.following_100x_followers", 2.5,
                    "follows \(CountText.grouped(following)), followed by \(CountText.grouped(followers))")
            } else if following >= 50 * max(followers, 1) {
                fire(
                    "rule.following_50x_followers", 2.0,
                    "follows \(CountText.grouped(following)), followed by \(CountText.grouped(followers))")
            }
        }
        if let posts = account.postsCount, posts == 0 { fire("rule.never_posted", 1.0, "has never posted") }
        if let bio {
            if bio.containsWord("bot") { fire("rule.bot_in_bio", 1.5, "calls itself a bot in the bio") }
            if let phrase = Self.spamPhrases.first(where: { bio.contains($0) }) {
                fire("rule.spam_phrase", 1.0, "bio contains the spam phrase \"\(phrase)\"")
            }
        }

        // Camisani-Calzolari human points: present = towards human, absent = towards bot.
        // Each point has two codes, so reports can count the direction that fired.
        func point(
            _ codes: (has: String, lacks: String), _ present: Bool?, _ weight: Double, has: String, lacks: String
        ) {
            guard let present else { return }
            if present { fire(codes.has, -weight, has) } else { fire(codes.lacks, weight, lacks) }
        }
        point(
            ("rule.has_name", "rule.no_name"),
            account.displayName.map { !$0.isEmpty } ?? account.displayNameLength.map { $0 > 0 },
            0.2, has: "has a display name", lacks: "no display name")
        point(
            ("rule.has_picture", "rule.default_picture"), account.defaultAvatar.map { !$0 }, 0.8,
            has: "has a profile picture", lacks: "default profile picture")
        point(
            ("rule.has_bio", "rule.no_bio"), bio.map { !$0.bytes.isEmpty } ?? account.bioLength.map { $0 > 0 }, 0.7,
            has: "has a bio", lacks: "no bio")
        point(
            ("rule.has_location", "rule.no_location"), account.location.map { !$0.isEmpty }, 0.3,
            has: "gives a location", lacks: "no location")
        point(
            ("rule.has_url", "rule.no_url"), account.url.map { !$0.isEmpty } ?? account.hasURL, 0.3,
            has: "links a website", lacks: "no website")
        if let followers {
            point(
                ("rule.30_followers", "rule.under_30_followers"), followers >= 30, 0.6,
                has: "followed by \(CountText.grouped(followers))",
                lacks: "followed by only \(CountText.grouped(followers))")
        }
        if let lists = account.listsCount {
            point(
                ("rule.listed", "rule.not_listed"), lists > 0, 0.4, has: "on \(CountText.grouped(lists)) lists",
                lacks: "on no lists")
        }
        if let posts = account.postsCount, posts > 0 {
            point(
                ("rule.50_posts", "rule.under_50_posts"), posts >= 50, 0.6, has: "\(CountText.grouped(posts)) posts",
                lacks: "only \(CountText.grouped(posts)) posts")
        }
        if let followers, let following {
            point(
                ("rule.follow_balance", "rule.following_over_2x_followers"), 2 * followers >= following, 0.6,
                has: "followers at least half of following",
                lacks: "follows \(CountText.grouped(following)), followed by \(CountText.grouped(followers))")
        }

        let logit = Self.bias + signals.reduce(0) { $0 + $1.contribution }
        let probability = TreeEnsemble.logistic(logit)
        // Strongest first; ties keep the rule order above, so the result is deterministic.
        let ranked = signals.enumerated()
            .sorted { lhs, rhs in
                let l = abs(lhs.element.contribution)
                let r = abs(rhs.element.contribution)
                return l != r ? l > r : lhs.offset < rhs.offset
            }
            .prefix(maximumSignals)
            .map(\.element)
        return ProfileScore(probability: probability, signals: Array(ranked))
    }
}

/// A bio's UTF-8 bytes with ASCII letters lowercased, for the rules' phrase and word tests.
///
/// Foundation-free and allocation-light: `String.lowercased()` plus `contains` took most of the
/// rule scorer's time in a profile of 100,000 accounts.
private struct LowercasedText {
    let bytes: [UInt8]

    init(_ text: String) {
        bytes = text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
    }

    /// Whether the (lowercase ASCII) phrase occurs anywhere.
    func contains(_ phrase: String) -> Bool {
        firstMatch(Array(phrase.utf8), from: 0) != nil
    }

    /// Whether the (lowercase ASCII) word occurs as a whole word.
    ///
    /// A whole word has no letter or digit directly before or after it, so "bot" matches "a bot." but not
    /// "bottle". Non-ASCII bytes count as letters.
    func containsWord(_ word: String) -> Bool {
        let pattern = Array(word.utf8)
        var start = 0
        while let index = firstMatch(pattern, from: start) {
            let end = index + pattern.count
            let before = index > 0 ? bytes[index - 1] : 0x20
            let after = end < bytes.count ? bytes[end] : 0x20
            if !Self.isWordByte(before) && !Self.isWordByte(after) { return true }
            start = index + 1
        }
        return false
    }

    private func firstMatch(_ pattern: [UInt8], from start: Int) -> Int? {
        guard !pattern.isEmpty, bytes.count - start >= pattern.count else { return nil }
        var index = start
        let last = bytes.count - pattern.count
        while index <= last {
            if bytes[index] == pattern[0] {
                var offset = 1
                while offset < pattern.count && bytes[index + offset] == pattern[offset] { offset += 1 }
                if offset == pattern.count { return index }
            }
            index += 1
        }
        return nil
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte >= 0x80
    }
}
