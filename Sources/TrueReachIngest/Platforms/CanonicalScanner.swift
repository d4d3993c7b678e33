import FoundationEssentials
import TrueReachCore

/// A byte-level reader for canonical JSON-lines account records (`docs/formats.md`).
///
/// It reads the same keys as ``CanonicalRecord`` (the account's keys plus `label` and `dataset`)
/// with the value cursor of ``TwitterV1Scanner``, and returns `nil` whenever a record is anything
/// but plain (a value of an unexpected type, a number that is not a small non-negative integer,
/// escapes in a key, duplicate keys, malformed JSON, invalid UTF-8, a missing `platform` or `id`):
/// the caller then decodes the record with the Codable path, which is the oracle and gives the
/// issue. A differential test checks both give identical accounts and labels.
///
/// Foundation's `JSONDecoder` reads these records at about 47,000 a second per core here, most of
/// it in generic metadata lookups under a lock that the two cores contend for.
enum CanonicalScanner {
    /// One record: the account and its raw `label`, if any.
    struct Record: Equatable {
        var account: Profile
        var label: String?
    }

    /// Scans `bytes[start..<end]`.
    static func scan(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Record? {
        // The one unsafe region: bounds are checked by hand against `end` throughout the parser.
        bytes.withUnsafeBufferPointer { buffer in
            var parser = TwitterV1Scanner.Parser(buffer: buffer, position: start, end: end)
            return parser.canonicalRecord()
        }
    }
}

extension TwitterV1Scanner.Parser {
    /// One canonical record object, the whole of the span.
    mutating func canonicalRecord() -> CanonicalScanner.Record? {
        skipSpace()
        guard consume(0x7B) else { return nil }
        var fields = CanonicalFields()
        var members = MemberWalk()
        while let key = nextKey(&members) {
            guard canonicalField(key, &fields) else { return nil }
        }
        guard members.closed else { return nil }
        skipSpace()
        guard position == end, let platform = fields.platform, let id = fields.id else { return nil }
        fields.account.platform = platform
        fields.account.id = ProfileID(id)
        return CanonicalScanner.Record(account: fields.account, label: fields.label)
    }

    /// Reads one value into `fields`, or skips an unknown key's; `false` means "give up".
    private mutating func canonicalField(_ key: Range<Int>, _ f: inout CanonicalFields) -> Bool {
        switch key.count {
        case 8 where equals(key, "platform"):
            guard f.mark(0), peek() == 0x22, let text = string(), let platform = Platform(rawValue: text) else {
                return false
            }
            f.platform = platform
            return true
        case 2 where equals(key, "id"):
            guard f.mark(1), peek() == 0x22, let text = string() else { return false }
            f.id = text
            return true
        case 6 where equals(key, "handle"): return f.mark(2) && optionalString(&f.account.handle)
        case 12 where equals(key, "display_name"): return f.mark(3) && optionalString(&f.account.displayName)
        case 3 where equals(key, "bio"): return f.mark(4) && optionalString(&f.account.bio)
        case 15 where equals(key, "followers_count"): return f.mark(5) && optionalInt(&f.account.followersCount)
        case 15 where equals(key, "following_count"): return f.mark(6) && optionalInt(&f.account.followingCount)
        case 11 where equals(key, "posts_count"): return f.mark(7) && optionalInt(&f.account.postsCount)
        case 11 where equals(key, "likes_count"): return f.mark(8) && optionalInt(&f.account.likesCount)
        case 11 where equals(key, "lists_count"): return f.mark(9) && optionalInt(&f.account.listsCount)
        case 10 where equals(key, "created_at"): return f.mark(10) && optionalDate(&f.account.createdAt)
        case 11 where equals(key, "captured_at"): return f.mark(11) && optionalDate(&f.account.capturedAt)
        case 12 where equals(key, "last_post_at"): return f.mark(12) && optionalDate(&f.account.lastPostAt)
        case 8 where equals(key, "verified"): return f.mark(13) && optionalBool(&f.account.verified)
        case 14 where equals(key, "default_avatar"): return f.mark(14) && optionalBool(&f.account.defaultAvatar)
        case 15 where equals(key, "default_profile"): return f.mark(15) && optionalBool(&f.account.defaultProfile)
        case 16 where equals(key, "background_image"): return f.mark(16) && optionalBool(&f.account.backgroundImage)
        case 7 where equals(key, "private"): return f.mark(17) && optionalBool(&f.account.private)
        case 3 where equals(key, "bot"): return f.mark(18) && optionalBool(&f.account.bot)
        case 3 where equals(key, "url"): return f.mark(19) && optionalString(&f.account.url)
        case 8 where equals(key, "location"): return f.mark(20) && optionalString(&f.account.location)
        case 8 where equals(key, "language"): return f.mark(21) && optionalString(&f.account.language)
        case 13 where equals(key, "handle_length"): return f.mark(22) && optionalInt(&f.account.handleLength)
        case 13 where equals(key, "handle_digits"): return f.mark(23) && optionalInt(&f.account.handleDigits)
        case 19 where equals(key, "display_name_length"):
            return f.mark(24) && optionalInt(&f.account.displayNameLength)
        case 19 where equals(key, "display_name_digits"):
            return f.mark(25) && optionalInt(&f.account.displayNameDigits)
        case 10 where equals(key, "bio_length"): return f.mark(26) && optionalInt(&f.account.bioLength)
        case 7 where equals(key, "has_url"): return f.mark(27) && optionalBool(&f.account.hasURL)
        case 5 where equals(key, "label"): return f.mark(28) && optionalString(&f.label)
        case 7 where equals(key, "dataset"):
            var dataset: String?
            return f.mark(29) && optionalString(&dataset)
        default:
            return skipValue()
        }
    }

    /// A timestamp or null into `target`; `false` to give up.
    private mutating func optionalDate(_ target: inout Date?) -> Bool {
        guard let date = optionalDate() else { return false }
        target = date
        return true
    }
}

/// What a canonical record has given so far.
private struct CanonicalFields {
    var seen: UInt32 = 0
    var platform: Platform?
    var id: String?
    var label: String?
    var account = Profile(platform: .other, id: "")

    /// Marks a key as seen; `false` for a duplicate (left to the Codable path).
    mutating func mark(_ bit: UInt32) -> Bool {
        let flag: UInt32 = 1 << bit
        guard seen & flag == 0 else { return false }
        seen |= flag
        return true
    }
}
