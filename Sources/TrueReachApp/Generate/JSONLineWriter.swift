import Foundation
public import TrueReachCore

/// Appends accounts as JSON lines to a byte buffer, without `JSONEncoder` or intermediate strings:
/// `generate` writes millions of lines for benchmarks, so this is its hot path.
public struct JSONLineWriter: Sendable {
    /// The lines written so far.
    public var bytes: [UInt8] = []

    /// An empty writer.
    public init() {}

    // MARK: - X API v1.1 user objects

    /// Appends `account` as one X API v1.1 user object and a newline.
    ///
    /// Keys follow the API's order. Unknown counts are written as 0 and unknown flags as false, as
    /// the API itself never omits them; `status` (with the last post's `created_at`) appears only
    /// when the account has posted. With `full`, the object also carries the fields TrueReach does
    /// not read (entities, theme colours, image URLs, legacy flags), derived from the id, so lines
    /// have the size of real API objects (about 1.3 kB) and readers must skip them.
    public mutating func appendTwitterV1User(_ account: Profile, full: Bool = true) {
        let id = account.id.rawValue
        let hash = Self.hash(id)
        raw("{\"id\":")
        digitsOrString(id)
        raw(",\"id_str\":")
        string(id)
        raw(",\"name\":")
        string(account.displayName ?? "")
        raw(",\"screen_name\":")
        string(account.handle ?? "")
        raw(",\"location\":")
        string(account.location ?? "")
        raw(",\"description\":")
        string(account.bio ?? "")
        raw(",\"url\":")
        optionalString(account.url)
        if full {
            if let url = account.url {
                raw(",\"entities\":{\"url\":{\"urls\":[{\"url\":")
                string(url)
                raw(",\"expanded_url\":\"http://")
                let site = Self.sites[Int(hash % UInt64(Self.sites.count))]
                bytes.append(contentsOf: site)
                raw("\",\"display_url\":\"")
                bytes.append(contentsOf: site)
                raw("\",\"indices\":[0,23]}]},\"description\":{\"urls\":[]}}")
            } else {
                raw(",\"entities\":{\"description\":{\"urls\":[]}}")
            }
        }
        raw(",\"protected\":")
        bool(account.private ?? false)
        raw(",\"followers_count\":")
        int(account.followersCount ?? 0)
        raw(",\"friends_count\":")
        int(account.followingCount ?? 0)
        raw(",\"listed_count\":")
        int(account.listsCount ?? 0)
        raw(",\"created_at\":")
        twitterDate(account.createdAt ?? Date(timeIntervalSince1970: 0))
        raw(",\"favourites_count\":")
        int(account.likesCount ?? 0)
        if full {
            raw(",\"utc_offset\":null,\"time_zone\":null,\"geo_enabled\":")
            bool((hash & 0x700) < 0x200)
        }
        raw(",\"verified\":")
        bool(account.verified ?? false)
        raw(",\"statuses_count\":")
        int(account.postsCount ?? 0)
        raw(",\"lang\":")
        optionalString(account.language)
        if let lastPostAt = account.lastPostAt {
            raw(",\"status\":{\"created_at\":")
            twitterDate(lastPostAt)
            bytes.append(UInt8(ascii: "}"))
        }
        let defaultProfile = account.defaultProfile ?? false
        let defaultAvatar = account.defaultAvatar ?? false
        let backgroundImage = account.backgroundImage ?? true
        if full {
            raw(",\"contributors_enabled\":false,\"is_translator\":false,\"is_translation_enabled\":false")
            raw(",\"profile_background_color\":")
            color(defaultProfile ? 7 : hash >> 8)
            if backgroundImage {
                raw(",\"profile_background_image_url\":\"http://abs.twimg.com/images/themes/theme1/bg.png\"")
                raw(",\"profile_background_image_url_https\":\"https://abs.twimg.com/images/themes/theme1/bg.png\"")
            } else {
                raw(",\"profile_background_image_url\":null,\"profile_background_image_url_https\":null")
            }
            raw(",\"profile_background_tile\":false")
            raw(",\"profile_image_url\":\"http")
            profileImagePath(hash: hash, defaultAvatar: defaultAvatar)
            raw(",\"profile_image_url_https\":\"https")
            profileImagePath(hash: hash, defaultAvatar: defaultAvatar)
            if !defaultProfile {
                raw(",\"profile_banner_url\":\"https://pbs.twimg.com/profile_banners/")
                bytes.append(contentsOf: id.utf8)
                bytes.append(UInt8(ascii: "/"))
                int(1_300_000_000 + Int((hash >> 20) % 500_000_000))
                bytes.append(UInt8(ascii: "\""))
            }
            raw(",\"profile_link_color\":")
            color(defaultProfile ? 0 : hash >> 12)
            raw(",\"profile_sidebar_border_color\":")
            color(defaultProfile ? 1 : hash >> 16)
            raw(",\"profile_sidebar_fill_color\":")
            color(defaultProfile ? 5 : hash >> 20)
            raw(",\"profile_text_color\":")
            color(defaultProfile ? 4 : hash >> 24)
        }
        raw(",\"profile_use_background_image\":")
        bool(backgroundImage)
        if full {
            raw(",\"has_extended_profile\":")
            bool((hash & 0x3000) == 0)
        }
        raw(",\"default_profile\":")
        bool(defaultProfile)
        raw(",\"default_profile_image\":")
        bool(defaultAvatar)
        if full {
            raw(",\"following\":false,\"follow_request_sent\":false,\"notifications\":false")
            raw(",\"translator_type\":\"none\"")
        }
        raw("}\n")
    }

    /// The part of a profile image URL after the scheme, with the closing quote.
    private mutating func profileImagePath(hash: UInt64, defaultAvatar: Bool) {
        if defaultAvatar {
            raw("://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png\"")
        } else {
            raw("://pbs.twimg.com/profile_images/")
            int(Int((hash >> 4) & 0x0FFF_FFFF_FFFF_FFFF) % 1_140_000_000_000_000_000 + 10_000_000)
            bytes.append(UInt8(ascii: "/"))
            token(hash)
            raw("_normal.jpg\"")
        }
    }

    private static let colors = [
        "1DA1F2", "C0DEED", "000000", "FFFFFF", "333333", "DDEEF6", "0084B4", "F5F8FA", "ABB8C2", "1B95E0",
        "E81C4F", "19CF86", "FAB81E", "981CEB", "4A913C", "3B94D9",
    ].map { Array($0.utf8) }

    private static let sites = [
        "example.com", "blog.example.org", "linktr.ee/example", "instagram.com/example", "youtube.com/@example",
        "example.net", "shop.example.com", "github.com/example",
    ].map { Array($0.utf8) }

    private static let tokenCharacters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-".utf8)

    private mutating func color(_ bits: UInt64) {
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: Self.colors[Int(bits & 15)])
        bytes.append(UInt8(ascii: "\""))
    }

    /// An 8-character image token derived from `bits`.
    private mutating func token(_ bits: UInt64) {
        var bits = bits
        for _ in 0..<8 {
            bytes.append(Self.tokenCharacters[Int(bits & 63)])
            bits = bits >> 6 | bits << 58
        }
    }

    /// FNV-1a of the id, then a SplitMix64 finaliser: the seed of the fields derived from the id.
    private static func hash(_ id: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
        return h ^ (h >> 31)
    }

    // MARK: - Canonical JSON lines

    /// Appends `account` as one canonical JSON line (keys from `Profile.CodingKeys`, ISO 8601
    /// dates in UTC, absent fields omitted) and a newline.
    public mutating func appendCanonical(_ account: Profile) {
        raw("{\"platform\":")
        string(account.platform.rawValue)
        raw(",\"id\":")
        string(account.id.rawValue)
        field("handle", account.handle)
        field("display_name", account.displayName)
        field("bio", account.bio)
        field("followers_count", account.followersCount)
        field("following_count", account.followingCount)
        field("posts_count", account.postsCount)
        field("likes_count", account.likesCount)
        field("lists_count", account.listsCount)
        field("created_at", account.createdAt)
        field("captured_at", account.capturedAt)
        field("last_post_at", account.lastPostAt)
        field("verified", account.verified)
        field("default_avatar", account.defaultAvatar)
        field("default_profile", account.defaultProfile)
        field("background_image", account.backgroundImage)
        field("private", account.private)
        field("bot", account.bot)
        field("url", account.url)
        field("location", account.location)
        field("language", account.language)
        raw("}\n")
    }

    private mutating func key(_ name: StaticString) {
        raw(",\"")
        raw(name)
        raw("\":")
    }

    private mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    private mutating func field(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        int(value)
    }

    private mutating func field(_ name: StaticString, _ value: Bool?) {
        guard let value else { return }
        key(name)
        bool(value)
    }

    private mutating func field(_ name: StaticString, _ value: Date?) {
        guard let value else { return }
        key(name)
        isoDate(value)
    }

    // MARK: - Values

    @inline(__always)
    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func bool(_ value: Bool) {
        value ? raw("true") : raw("false")
    }

    private mutating func int(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = value.magnitude
        var divisor: UInt = 1
        while divisor <= magnitude / 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(truncatingIfNeeded: 48 + magnitude / divisor % 10))
            divisor /= 10
        }
    }

    /// A numeric id as a JSON number when it is all digits, otherwise as a string.
    private mutating func digitsOrString(_ text: String) {
        let utf8 = text.utf8
        if !utf8.isEmpty, utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            bytes.append(contentsOf: utf8)
        } else {
            string(text)
        }
    }

    private mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, other UTF-8 kept as is.
    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex = Array("0123456789abcdef".utf8)
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].map { Array($0.utf8) }
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }

    /// `"Wed Jun 05 20:09:15 +0000 2019"`, the X API's `created_at` shape (always UTC).
    private mutating func twitterDate(_ date: Date) {
        let civil = CivilTime(date)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: Self.weekdays[civil.weekday])
        bytes.append(0x20)
        bytes.append(contentsOf: Self.months[civil.month - 1])
        bytes.append(0x20)
        twoDigits(civil.day)
        bytes.append(0x20)
        twoDigits(civil.hour)
        bytes.append(UInt8(ascii: ":"))
        twoDigits(civil.minute)
        bytes.append(UInt8(ascii: ":"))
        twoDigits(civil.second)
        raw(" +0000 ")
        int(civil.year)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `"2019-06-05T20:09:15Z"` (whole seconds, UTC).
    private mutating func isoDate(_ date: Date) {
        let civil = CivilTime(date)
        bytes.append(UInt8(ascii: "\""))
        int(civil.year)
        bytes.append(UInt8(ascii: "-"))
        twoDigits(civil.month)
        bytes.append(UInt8(ascii: "-"))
        twoDigits(civil.day)
        bytes.append(UInt8(ascii: "T"))
        twoDigits(civil.hour)
        bytes.append(UInt8(ascii: ":"))
        twoDigits(civil.minute)
        bytes.append(UInt8(ascii: ":"))
        twoDigits(civil.second)
        raw("Z\"")
    }

    @inline(__always)
    private mutating func twoDigits(_ value: Int) {
        bytes.append(UInt8(truncatingIfNeeded: 48 + value / 10))
        bytes.append(UInt8(truncatingIfNeeded: 48 + value % 10))
    }
}

/// A UTC calendar breakdown of a date, by integer arithmetic (no calendar or formatter per line).
struct CivilTime: Equatable {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    /// 0 is Sunday.
    var weekday: Int

    init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        hour = rest / 3_600
        minute = rest % 3_600 / 60
        second = rest % 60
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        // Howard Hinnant's days_from_civil inverse (civil_from_days).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}
