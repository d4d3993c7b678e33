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
        for scalar in s.unicodeScalars {
            if scalar.value < 128 {
                // ASCII White_Space is U+0009...U+000D and U+0020; no table lookup needed.
                if !((9...13).contains(scalar.value) || scalar.value == 32) { return false }
            } else if !scalar.properties.isWhitespace {
                return false
            }
        }
        return true
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
        // Multiset intersection of bigrams; names and handles are short, so a linear scan over an
        // array beats hashing into a dictionary per account.
        var bigramsA = (0..<(a.count - 1)).map { UInt16(a[$0]) << 8 | UInt16(a[$0 + 1]) }
        var shared = 0
        for i in 0..<(b.count - 1) {
            let key = UInt16(b[i]) << 8 | UInt16(b[i + 1])
            if let index = bigramsA.firstIndex(of: key) {
                shared += 1
                bigramsA[index] = 0  // used; 0 is never a bigram of letters and digits
            }
        }
        return 2 * Double(shared) / Double(a.count - 1 + b.count - 1)
    }

    /// Whether the bio or name says "bot", or the handle ends in "bot" (State of Search's rule).
    static let botWords: Set<String> = ["bot", "bots", "robot", "automated", "autobot", "twitterbot"]
    static let botWordBytes: [[UInt8]] = botWords.sorted().map { Array($0.utf8) }

    static func mentionsBot(_ account: Account) -> Bool {
        for text in [account.bio, account.displayName] {
            guard let text else { continue }
            if mentionsBotWord(text) { return true }
        }
        if let handle = account.handle, endsWithBot(handle) || startsWithBotUnderscore(handle) {
            return true
        }
        return false
    }

    /// Whether a bot word is a whole token of `text`, tokens being runs of letters after lowercasing.
    ///
    /// A byte-level search finds candidate matches (the words are ASCII); only a text with a
    /// candidate next to a non-ASCII character takes the Unicode path, so results equal
    /// ``mentionsBotWordReference(_:)`` exactly while most texts never touch Unicode tables
    /// (they took a fifth of `score`'s time in a profile).
    static func mentionsBotWord(_ text: String) -> Bool {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for b in text.utf8 { bytes.append((0x41...0x5A).contains(b) ? b | 0x20 : b) }
        func isASCIILetter(_ b: UInt8) -> Bool { (0x61...0x7A).contains(b) }
        for word in botWordBytes where word.count <= bytes.count {
            var i = 0
            while i + word.count <= bytes.count {
                if bytes[i] == word[0] && bytes[i..<(i + word.count)].elementsEqual(word) {
                    let before: UInt8? = i > 0 ? bytes[i - 1] : nil
                    let after: UInt8? = i + word.count < bytes.count ? bytes[i + word.count] : nil
                    if (before ?? 0) >= 0x80 || (after ?? 0) >= 0x80 { return mentionsBotWordReference(text) }
                    if !(before.map(isASCIILetter) ?? false) && !(after.map(isASCIILetter) ?? false) { return true }
                }
                i += 1
            }
        }
        return false
    }

    /// The plain definition, kept as the oracle for ``mentionsBotWord(_:)``.
    static func mentionsBotWordReference(_ text: String) -> Bool {
        text.lowercased().split { !($0.isLetter) }.contains { botWords.contains(String($0)) }
    }

    private static func endsWithBot(_ handle: String) -> Bool {
        let tail = Array(handle.utf8.suffix(3)).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        return tail == Array("bot".utf8)
    }

    private static func startsWithBotUnderscore(_ handle: String) -> Bool {
        let head = Array(handle.utf8.prefix(4)).map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
        return head == Array("bot_".utf8)
    }
}

/// Length, digit count and character entropy of a string, in Unicode scalars.
struct TextStatistics {
    var length = 0
    var digits = 0
    var entropy = 0.0

    init(_ text: String) {
        // Handles and names are short: count scalar frequencies in a small array of (scalar,
        // count) pairs rather than a dictionary or a 128-entry table per string.
        // Past 64 distinct scalars (hostile or unusual text) a dictionary keeps it linear.
        var scalars: [UInt32] = []
        var counts: [Int] = []
        var many: [UInt32: Int] = [:]
        scalars.reserveCapacity(32)
        counts.reserveCapacity(32)
        for scalar in text.unicodeScalars {
            length += 1
            if scalar.value >= 48 && scalar.value <= 57 { digits += 1 }
            if !many.isEmpty {
                many[scalar.value, default: 0] += 1
            } else if let index = scalars.firstIndex(of: scalar.value) {
                counts[index] += 1
            } else if scalars.count < 64 {
                scalars.append(scalar.value)
                counts.append(1)
            } else {
                for (value, count) in zip(scalars, counts) { many[value] = count }
                many[scalar.value, default: 0] += 1
            }
        }
        if !many.isEmpty { counts = Array(many.values) }
        guard length > 0 else { return }
        let n = Double(length)
        var h = 0.0
        // Sorted so the floating-point sum does not depend on dictionary order.
        for c in counts.sorted() {
            let p = Double(c) / n
            h -= p * _log2(p)
        }
        entropy = h
    }
}
