public import FoundationEssentials

/// Turns an account's profile into the numbers a model reads.
///
/// A pure transformer: the same account, `now` and bigram table give the same row. Missing
/// fields become `Float.nan`, never zero, so a model can tell "unknown" from "none" (Instagram
/// has no likes or lists, Bluesky no lists, some tables only a handle's length).
///
/// Conventions (those of `../shared/peers/features.py`, so the two can be compared):
/// - account age in hours from `createdAt` to `capturedAt` (else `now`), at least 1;
/// - rates are count / age in hours; `followers_following_ratio` divides by `max(following, 1)`;
/// - lengths count Unicode scalars; digits are ASCII `0`–`9`;
/// - ``HandleBigramModel`` gives the handle likelihood.
///
/// On platforms whose APIs always return the profile text fields (X/Twitter, Mastodon, Bluesky),
/// an absent bio, URL or location means an empty one; elsewhere it means unknown.
///
/// ```swift
/// let extractor = FeatureExtractor(handleModel: model.handleModel)
/// let row = extractor.extract(account, asOf: now)
/// ```
public struct FeatureExtractor: Sendable, Hashable {
    /// The current schema: every ``ProfileFeature`` in order.
    public static let schema = FeatureSchema(
        version: "profile-1",
        names: ProfileFeature.allCases.map(\.name)
    )

    /// The handle bigram table (fitted on human handles of the training data).
    public var handleModel: HandleBigramModel

    /// The schema this extractor produces.
    public var schema: FeatureSchema { Self.schema }

    /// Creates an extractor with a handle bigram table.
    public init(handleModel: HandleBigramModel = HandleBigramModel()) {
        self.handleModel = handleModel
    }

    /// Extracts one account's features.
    public func extract(_ account: Account, asOf now: Date) -> FeatureRow {
        var values = [Float](repeating: .nan, count: Self.schema.count)
        extract(account, asOf: now, into: &values, at: 0)
        return FeatureRow(values: values)
    }

    /// Extracts many accounts into one row-major matrix.
    ///
    /// - Complexity: O(n × profile text length).
    public func extract(_ accounts: [Account], asOf now: Date) -> FeatureMatrix {
        let columns = Self.schema.count
        var values = [Float](repeating: .nan, count: accounts.count * columns)
        for (i, account) in accounts.enumerated() {
            extract(account, asOf: now, into: &values, at: i * columns)
        }
        return FeatureMatrix(rowCount: accounts.count, columnCount: columns, values: values)
    }

    /// Writes one account's features into `values[offset ..< offset + schema.count]`.
    public func extract(_ account: Account, asOf now: Date, into values: inout [Float], at offset: Int) {
        func set(_ feature: ProfileFeature, _ value: Double?) {
            values[offset + feature.rawValue] = value.map { Float($0) } ?? .nan
        }
        func flag(_ b: Bool?) -> Double? { b.map { $0 ? 1 : 0 } }
        for j in 0..<Self.schema.count { values[offset + j] = .nan }

        let posts = account.postsCount.map(Double.init)
        let followers = account.followersCount.map(Double.init)
        let following = account.followingCount.map(Double.init)
        let likes = account.likesCount.map(Double.init)
        let lists = account.listsCount.map(Double.init)

        var ageHours: Double?
        if let created = account.createdAt {
            let end = account.capturedAt ?? now
            ageHours = max(1, end.timeIntervalSince(created) / 3600)
        }
        func rate(_ count: Double?) -> Double? {
            guard let count, let ageHours else { return nil }
            return count / ageHours
        }

        set(.postsCount, posts)
        set(.followersCount, followers)
        set(.followingCount, following)
        set(.likesCount, likes)
        set(.listsCount, lists)
        set(.defaultProfile, flag(account.defaultProfile))
        set(.backgroundImage, flag(account.backgroundImage))
        set(.verified, flag(account.verified))
        set(.postsPerHour, rate(posts))
        set(.followersPerHour, rate(followers))
        set(.followingPerHour, rate(following))
        set(.likesPerHour, rate(likes))
        set(.listsPerHour, rate(lists))
        if let followers, let following {
            set(.followersFollowingRatio, followers / max(following, 1))
            set(.followingFollowersRatio, following / max(followers, 1))
        }
        if let likes, let posts { set(.likesPerPost, likes / max(posts, 1)) }
        set(.accountAgeDays, ageHours.map { $0 / 24 })

        // Handle.
        let textAlwaysPresent = Self.platformsWithFullProfileText.contains(account.platform)
        if let handle = account.handle {
            let stats = TextStatistics(handle)
            set(.handleLength, Double(stats.length))
            set(.handleDigits, Double(stats.digits))
            set(.handleDigitShare, stats.length > 0 ? Double(stats.digits) / Double(stats.length) : 0)
            set(.handleEntropy, stats.entropy)
            set(.handleLikelihood, handleModel.likelihood(handle))
        } else if let length = account.handleLength {
            set(.handleLength, Double(length))
            if let digits = account.handleDigits {
                set(.handleDigits, Double(digits))
                set(.handleDigitShare, length > 0 ? Double(digits) / Double(length) : 0)
            }
        }

        // Display name.
        if let name = account.displayName {
            let stats = TextStatistics(name)
            set(.displayNameLength, Double(stats.length))
            set(.displayNameDigits, Double(stats.digits))
        } else if let length = account.displayNameLength {
            set(.displayNameLength, Double(length))
            set(.displayNameDigits, account.displayNameDigits.map(Double.init))
        } else if textAlwaysPresent {
            set(.displayNameLength, 0)
            set(.displayNameDigits, 0)
        }
        if let name = account.displayName, let handle = account.handle {
            set(.nameHandleSimilarity, Self.nameHandleSimilarity(name: name, handle: handle))
        }

        // Bio, URL, location.
        if let bio = account.bio {
            let length = bio.unicodeScalars.count
            set(.bioLength, Double(length))
            set(.bioPresent, Self.isBlank(bio) ? 0 : 1)
        } else if let length = account.bioLength {
            set(.bioLength, Double(length))
            set(.bioPresent, length > 0 ? 1 : 0)
        } else if textAlwaysPresent {
            set(.bioLength, 0)
            set(.bioPresent, 0)
        }
        if let url = account.url {
            set(.urlPresent, Self.isBlank(url) ? 0 : 1)
        } else if let hasURL = account.hasURL {
            set(.urlPresent, hasURL ? 1 : 0)
        } else if textAlwaysPresent {
            set(.urlPresent, 0)
        }
        if let location = account.location {
            set(.locationPresent, Self.isBlank(location) ? 0 : 1)
        } else if textAlwaysPresent {
            set(.locationPresent, 0)
        }

        set(.defaultAvatar, flag(account.defaultAvatar))
        set(.private, flag(account.private))
        set(.selfDeclaredBot, flag(account.bot))
        if account.handle != nil || account.bio != nil || account.displayName != nil {
            set(.botWord, Self.mentionsBot(account) ? 1 : 0)
        }
    }

    /// Platforms whose profile APIs always return bio, URL, location and display name
    /// (so an absent one is empty, not unknown).
    public static let platformsWithFullProfileText: Set<Platform> = [.twitter, .mastodon, .bluesky]

    // MARK: - Text helpers

    static func isBlank(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
    }

    /// Bigram Dice similarity of the lowercase ASCII letters and digits of name and handle.
    ///
    /// Nil when either has fewer than two such characters (e.g. a name in another script).
    static func nameHandleSimilarity(name: String, handle: String) -> Double? {
        func normalised(_ s: String) -> [UInt8] {
            var out: [UInt8] = []
            for b in s.utf8 {
                switch b {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): out.append(b)
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(b + 32)
                default: continue
                }
            }
            return out
        }
        let a = normalised(name)
        let b = normalised(handle)
        guard a.count >= 2, b.count >= 2 else { return nil }
        var bigramsA: [UInt16: Int] = [:]
        for i in 0..<(a.count - 1) { bigramsA[UInt16(a[i]) << 8 | UInt16(a[i + 1]), default: 0] += 1 }
        var shared = 0
        for i in 0..<(b.count - 1) {
            let key = UInt16(b[i]) << 8 | UInt16(b[i + 1])
            if let c = bigramsA[key], c > 0 {
                shared += 1
                bigramsA[key] = c - 1
            }
        }
        return 2 * Double(shared) / Double(a.count - 1 + b.count - 1)
    }

    /// Whether the bio or name says "bot", or the handle ends in "bot" (State of Search's rule).
    static func mentionsBot(_ account: Account) -> Bool {
        let words: Set<String> = ["bot", "bots", "robot", "automated", "autobot", "twitterbot"]
        for text in [account.bio, account.displayName] {
            guard let text else { continue }
            let tokens = text.lowercased().split { !($0.isLetter) }
            if tokens.contains(where: { words.contains(String($0)) }) { return true }
        }
        if let handle = account.handle?.lowercased(), handle.hasSuffix("bot") || handle.hasPrefix("bot_") {
            return true
        }
        return false
    }
}

/// Length, digit count and character entropy of a string, in Unicode scalars.
struct TextStatistics {
    var length = 0
    var digits = 0
    var entropy = 0.0

    init(_ text: String) {
        var counts: [UInt32: Int] = [:]
        for scalar in text.unicodeScalars {
            length += 1
            if scalar.value >= 48 && scalar.value <= 57 { digits += 1 }
            counts[scalar.value, default: 0] += 1
        }
        guard length > 0 else { return }
        let n = Double(length)
        var h = 0.0
        // Sorted so the floating-point sum does not depend on dictionary order.
        for c in counts.values.sorted() {
            let p = Double(c) / n
            h -= p * _log2(p)
        }
        entropy = h
    }
}
