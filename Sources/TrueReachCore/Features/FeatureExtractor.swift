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
    public func extract(_ account: Profile, asOf now: Date) -> FeatureRow {
        var values = [Float](repeating: .nan, count: Self.schema.count)
        extract(account, asOf: now, into: &values, at: 0)
        return FeatureRow(values: values)
    }

    /// Extracts many accounts into one row-major matrix.
    ///
    /// - Complexity: O(n × profile text length).
    public func extract(_ profiles: [Profile], asOf now: Date) -> FeatureMatrix {
        let columns = Self.schema.count
        var values = [Float](repeating: .nan, count: profiles.count * columns)
        for (i, account) in profiles.enumerated() {
            extract(account, asOf: now, into: &values, at: i * columns)
        }
        return FeatureMatrix(rowCount: profiles.count, columnCount: columns, values: values)
    }

    /// Writes one account's features into `values[offset ..< offset + schema.count]`.
    public func extract(_ account: Profile, asOf now: Date, into values: inout [Float], at offset: Int) {
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
        let textAlwaysPresent = Self.alwaysReturnsProfileText(account.platform)
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

    /// Membership in ``platformsWithFullProfileText`` without hashing (it runs once per account).
    static func alwaysReturnsProfileText(_ platform: Platform) -> Bool {
        switch platform {
        case .twitter, .mastodon, .bluesky: true
        case .instagram, .facebook, .tiktok, .youtube, .twitch, .other: false
        }
    }

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
        // Scratch space on the stack for names and handles of ordinary length: this runs once per
        // account, and three small heap arrays per call showed up in `score`'s profile.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(name.utf8.count, 1)) { a in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(handle.utf8.count, 1)) { b in
                let aCount = normalise(name, into: a)
                let bCount = normalise(handle, into: b)
                guard aCount >= 2, bCount >= 2 else { return nil }
                return withUnsafeTemporaryAllocation(of: UInt16.self, capacity: aCount - 1) { bigramsA in
                    for i in 0..<(aCount - 1) { bigramsA[i] = UInt16(a[i]) << 8 | UInt16(a[i + 1]) }
                    // Multiset intersection of bigrams; names and handles are short, so a linear scan
                    // beats hashing.
                    var shared = 0
                    for i in 0..<(bCount - 1) {
                        let key = UInt16(b[i]) << 8 | UInt16(b[i + 1])
                        if let index = bigramsA.firstIndex(of: key) {
                            shared += 1
                            bigramsA[index] = 0  // used; 0 is never a bigram of letters and digits
                        }
                    }
                    return 2 * Double(shared) / Double(aCount - 1 + bCount - 1)
                }
            }
        }
    }

    /// Writes the lowercase ASCII letters and digits of `s` into `out`; returns how many.
    private static func normalise(_ s: String, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var count = 0
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                out[count] = b
                count += 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                out[count] = b + 32
                count += 1
            default: continue
            }
        }
        return count
    }

    /// Whether the bio or name says "bot", or the handle ends in "bot" (State of Search's rule).
    static let botWords: Set<String> = ["bot", "bots", "robot", "automated", "autobot", "twitterbot"]
    static let botWordBytes: [[UInt8]] = botWords.sorted().map { Array($0.utf8) }

    static func mentionsBot(_ account: Profile) -> Bool {
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
    /// One pass over the UTF-8 bytes finds the runs of ASCII letters that spell a bot word (the
    /// words are ASCII). Only a text whose match touches a non-ASCII character takes the Unicode
    /// path, so results equal ``mentionsBotWordReference(_:)`` exactly while most texts never
    /// touch Unicode tables (they took a fifth of `score`'s time in a profile).
    static func mentionsBotWord(_ text: String) -> Bool {
        let scan =
            text.utf8.withContiguousStorageIfAvailable(scanForBotWords)
            ?? Array(text.utf8).withUnsafeBufferPointer(scanForBotWords)
        switch scan {
        case .none: return false
        case .match: return true
        case .needsUnicode: return mentionsBotWordReference(text)
        }
    }

    enum BotWordScan { case none, match, needsUnicode }

    /// The first maximal run of ASCII letters spelling a bot word (any case), and whether a
    /// non-ASCII byte borders it (then only the Unicode definition can decide).
    static func scanForBotWords(_ bytes: UnsafeBufferPointer<UInt8>) -> BotWordScan {
        @inline(__always) func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
        let n = bytes.count
        var i = 0
        while i < n {
            guard isLetter(bytes[i]) else {
                i += 1
                continue
            }
            let start = i
            while i < n && isLetter(bytes[i]) { i += 1 }
            let length = i - start
            guard length >= 3, length <= 10 else { continue }
            for word in botWordBytes where word.count == length {
                var equal = true
                for k in 0..<length where bytes[start + k] | 0x20 != word[k] {
                    equal = false
                    break
                }
                guard equal else { continue }
                let before = start > 0 ? bytes[start - 1] : 0
                let after = i < n ? bytes[i] : 0
                return before >= 0x80 || after >= 0x80 ? .needsUnicode : .match
            }
        }
        return .none
    }

    /// The plain definition, kept as the oracle for ``mentionsBotWord(_:)``.
    static func mentionsBotWordReference(_ text: String) -> Bool {
        text.lowercased().split { !($0.isLetter) }.contains { botWords.contains(String($0)) }
    }

    private static func endsWithBot(_ handle: String) -> Bool {
        hasASCIIAffix(handle.utf8.suffix(3), "bot")
    }

    private static func startsWithBotUnderscore(_ handle: String) -> Bool {
        hasASCIIAffix(handle.utf8.prefix(4), "bot_")
    }

    /// Whether `bytes`, ASCII letters folded to lowercase, spell `affix` (lowercase ASCII).
    private static func hasASCIIAffix(_ bytes: Substring.UTF8View, _ affix: StaticString) -> Bool {
        guard bytes.count == affix.utf8CodeUnitCount else { return false }
        var k = 0
        for b in bytes {
            let folded = (0x41...0x5A).contains(b) ? b | 0x20 : b
            guard folded == affix.utf8Start[k] else { return false }
            k += 1
        }
        return true
    }
}

/// Length, digit count and character entropy of a string, in Unicode scalars.
struct TextStatistics {
    var length = 0
    var digits = 0
    var entropy = 0.0

    init(_ text: String) {
        if let stats = text.utf8.withContiguousStorageIfAvailable(Self.init(shortASCII:)), let stats {
            self = stats
            return
        }
        // Handles and names are short: count scalar frequencies in a small stack array of
        // (scalar, count) pairs rather than heap arrays or a dictionary per string (they showed
        // up in `score`'s profile). Past 64 distinct scalars (hostile or unusual text) a
        // dictionary keeps it linear.
        var length = 0
        var digits = 0
        entropy = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { scalars in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: 64) { counts in
                var distinct = 0
                var many: [UInt32: Int] = [:]
                for scalar in text.unicodeScalars {
                    let value = scalar.value
                    length += 1
                    if value >= 48 && value <= 57 { digits += 1 }
                    if !many.isEmpty {
                        many[value, default: 0] += 1
                        continue
                    }
                    var index = 0
                    while index < distinct && scalars[index] != value { index += 1 }
                    if index < distinct {
                        counts[index] += 1
                    } else if distinct < 64 {
                        scalars[distinct] = value
                        counts[distinct] = 1
                        distinct += 1
                    } else {
                        for k in 0..<distinct { many[scalars[k]] = counts[k] }
                        many[value, default: 0] += 1
                    }
                }
                guard length > 0 else { return 0 }
                if !many.isEmpty {
                    return Self.entropy(sortedCounts: many.values.sorted(), length: length)
                }
                let used = UnsafeMutableBufferPointer(rebasing: counts[..<distinct])
                Self.insertionSort(used)
                return Self.entropy(sortedCounts: used, length: length)
            }
        }
        self.length = length
        self.digits = digits
    }

    /// The common case: an ASCII string under 256 bytes, counted in a 128-entry table.
    ///
    /// `nil` for anything else. Same results as the general path (one scalar per byte, counts
    /// summed in the same sorted order).
    private init?(shortASCII bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count < 256 else { return nil }
        var digits = 0
        let entropy: Double? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { table in
            table.initialize(repeating: 0)
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { seen in
                var distinct = 0
                for b in bytes {
                    guard b < 0x80 else { return nil }
                    if table[Int(b)] == 0 {
                        seen[distinct] = b
                        distinct += 1
                    }
                    table[Int(b)] += 1
                    if b >= 48 && b <= 57 { digits += 1 }
                }
                guard distinct > 0 else { return 0 }
                return withUnsafeTemporaryAllocation(of: Int.self, capacity: distinct) { counts in
                    for k in 0..<distinct { counts[k] = Int(table[Int(seen[k])]) }
                    Self.insertionSort(counts)
                    return Self.entropy(sortedCounts: counts, length: bytes.count)
                }
            }
        }
        guard let entropy else { return nil }
        self.length = bytes.count
        self.digits = digits
        self.entropy = entropy
    }

    /// Sorts a few dozen counts in place, ascending.
    private static func insertionSort(_ counts: UnsafeMutableBufferPointer<Int>) {
        for k in counts.indices.dropFirst() {
            let c = counts[k]
            var j = k
            while j > 0 && counts[j - 1] > c {
                counts[j] = counts[j - 1]
                j -= 1
            }
            counts[j] = c
        }
    }

    /// Shannon entropy in bits; counts sorted so the floating-point sum does not depend on the
    /// order characters were met.
    private static func entropy<C: Collection<Int>>(sortedCounts: C, length: Int) -> Double {
        let n = Double(length)
        var h = 0.0
        for c in sortedCounts {
            let p = Double(c) / n
            h -= p * _log2(p)
        }
        return h
    }
}
