import FoundationEssentials
import TrueReachCore

extension TwitterV1Scanner {
    /// A cursor over one record's bytes (see `TwitterV1Scanner+Values.swift` for value parsing).
    struct Parser {
        let buffer: UnsafeBufferPointer<UInt8>
        var position: Int
        let end: Int

        // MARK: Record

        mutating func record() -> Profile? {
            skipSpace()
            var fields = Fields()
            var userRange: Range<Int>?
            var outerCreatedAt: Date??
            guard consume(0x7B) else { return nil }
            var members = MemberWalk()
            while let key = nextKey(&members) {
                if key.count == 4, equals(key, "user") {
                    guard userRange == nil, position < end, buffer[position] == 0x7B else { return nil }
                    let start = position
                    guard skipValue() else { return nil }
                    userRange = start..<position
                } else if key.count == 10, equals(key, "created_at") {
                    guard outerCreatedAt == nil, let date = optionalDate() else { return nil }
                    outerCreatedAt = .some(date)
                    fields.createdAt = date
                    guard mark(&fields, bit: 30) else { return nil }
                } else if (key.count == 7 && equals(key, "profile")) || (key.count == 5 && equals(key, "users")) {
                    return nil
                } else {
                    guard field(key, &fields) else { return nil }
                }
            }
            guard members.closed else { return nil }
            skipSpace()
            guard position == end else { return nil }
            guard let userRange else { return fields.account() }
            var inner = Parser(buffer: buffer, position: userRange.lowerBound, end: userRange.upperBound)
            guard var account = inner.userObject() else { return nil }
            account.capturedAt = outerCreatedAt ?? nil
            return account
        }

        /// A user object (inside a wrapper): the same fields, no nested wrappers.
        mutating func userObject() -> Profile? {
            var fields = Fields()
            guard consume(0x7B) else { return nil }
            var members = MemberWalk()
            while let key = nextKey(&members) {
                if equals(key, "created_at") {
                    guard let date = optionalDate() else { return nil }
                    fields.createdAt = date
                    guard mark(&fields, bit: 30) else { return nil }
                } else {
                    guard field(key, &fields) else { return nil }
                }
            }
            return members.closed && position == end ? fields.account() : nil
        }

        /// Reads one user field's value, or skips an unused one; `false` means "give up".
        mutating func field(_ key: Range<Int>, _ fields: inout Fields) -> Bool {
            switch key.count {
            case 2 where equals(key, "id"):
                guard mark(&fields, bit: 0) else { return false }
                if peek() == 0x22 {
                    guard let text = plainID() else { return false }
                    fields.id = text
                    return true
                }
                if isNull() { return true }
                guard let digits = integerText() else { return false }
                fields.id = digits
                return true
            case 6 where equals(key, "id_str"):
                guard mark(&fields, bit: 1) else { return false }
                if isNull() { return true }
                guard let text = plainID() else { return false }
                fields.idStr = text
                return true
            case 11 where equals(key, "screen_name"):
                return mark(&fields, bit: 2) && optionalString(&fields.handle)
            case 4 where equals(key, "name"):
                return mark(&fields, bit: 3) && optionalString(&fields.name)
            case 11 where equals(key, "description"):
                return mark(&fields, bit: 4) && optionalString(&fields.bio)
            case 8 where equals(key, "location"):
                return mark(&fields, bit: 5) && optionalString(&fields.location)
            case 4 where equals(key, "lang"):
                return mark(&fields, bit: 6) && optionalString(&fields.language)
            case 3 where equals(key, "url"):
                return mark(&fields, bit: 7) && optionalString(&fields.url)
            case 15 where equals(key, "followers_count"):
                return mark(&fields, bit: 8) && optionalInt(&fields.followers)
            case 13 where equals(key, "friends_count"):
                return mark(&fields, bit: 9) && optionalInt(&fields.following)
            case 14 where equals(key, "statuses_count"):
                return mark(&fields, bit: 10) && optionalInt(&fields.posts)
            case 16 where equals(key, "favourites_count"):
                return mark(&fields, bit: 11) && optionalInt(&fields.likes)
            case 12 where equals(key, "listed_count"):
                return mark(&fields, bit: 12) && optionalInt(&fields.lists)
            case 8 where equals(key, "verified"):
                return mark(&fields, bit: 13) && optionalBool(&fields.verified)
            case 21 where equals(key, "default_profile_image"):
                return mark(&fields, bit: 14) && optionalBool(&fields.defaultAvatar)
            case 15 where equals(key, "default_profile"):
                return mark(&fields, bit: 15) && optionalBool(&fields.defaultProfile)
            case 28 where equals(key, "profile_use_background_image"):
                return mark(&fields, bit: 16) && optionalBool(&fields.backgroundImage)
            case 9 where equals(key, "protected"):
                return mark(&fields, bit: 17) && optionalBool(&fields.isPrivate)
            case 6 where equals(key, "status"):
                guard mark(&fields, bit: 19) else { return false }
                return status(&fields.lastPostAt)
            case 8 where equals(key, "entities"):
                guard mark(&fields, bit: 18) else { return false }
                return entities(&fields.expandedURL)
            default:
                return skipValue()
            }
        }

        func mark(_ fields: inout Fields, bit: UInt32) -> Bool {
            let flag: UInt32 = 1 << bit
            guard fields.seen & flag == 0 else { return false }
            fields.seen |= flag
            return true
        }

        /// The embedded last tweet's `created_at` (only an object counts, as in the Codable path).
        mutating func status(_ lastPostAt: inout Date?) -> Bool {
            guard consume(0x7B) else { return skipValue() }
            var seen = false
            var members = MemberWalk()
            while let key = nextKey(&members) {
                if equals(key, "created_at") {
                    guard !seen, let date = optionalDate() else { return false }
                    seen = true
                    lastPostAt = date
                } else {
                    guard skipValue() else { return false }
                }
            }
            return members.closed
        }

        /// `entities.url.urls[0].expanded_url`; other shapes give no URL (as the Codable path does).
        mutating func entities(_ expanded: inout String?) -> Bool {
            guard consume(0x7B) else { return skipValue() }
            var members = MemberWalk()
            while let key = nextKey(&members) {
                if equals(key, "url"), consume(0x7B) {
                    guard urlEntity(&expanded) else { return false }
                } else {
                    guard skipValue() else { return false }
                }
            }
            return members.closed
        }

        /// The members of `entities.url` (after its `{`).
        mutating func urlEntity(_ expanded: inout String?) -> Bool {
            var members = MemberWalk()
            while let key = nextKey(&members) {
                if equals(key, "urls"), consume(0x5B) {
                    skipSpace()
                    if !consume(0x5D) {
                        var first = true
                        while true {
                            skipSpace()
                            if first, consume(0x7B) {
                                guard firstURL(&expanded) else { return false }
                            } else {
                                guard skipValue() else { return false }
                            }
                            first = false
                            skipSpace()
                            if consume(0x2C) { continue }
                            guard consume(0x5D) else { return false }
                            break
                        }
                    }
                } else {
                    guard skipValue() else { return false }
                }
            }
            return members.closed
        }

        /// The members of the first URL entity (after its `{`).
        mutating func firstURL(_ expanded: inout String?) -> Bool {
            var members = MemberWalk()
            while let key = nextKey(&members) {
                if equals(key, "expanded_url"), peek() == 0x22 {
                    guard let text = string() else { return false }
                    expanded = text
                } else {
                    guard skipValue() else { return false }
                }
            }
            return members.closed
        }

        // MARK: Objects

        /// Where a walk over an object's members is: whether a member was read, and whether the
        /// closing brace was reached (`false` after the walk means malformed: give up).
        struct MemberWalk {
            var started = false
            var closed = false
        }

        /// The next member's key of the object whose `{` was consumed, with the cursor on its value;
        /// `nil` at the closing brace (`walk.closed`) or at anything malformed (keys with escapes
        /// included, which make the scanner give up).
        mutating func nextKey(_ walk: inout MemberWalk) -> Range<Int>? {
            skipSpace()
            if walk.started {
                guard consume(0x2C) else {
                    walk.closed = consume(0x7D)
                    return nil
                }
                skipSpace()
            } else {
                walk.started = true
                if consume(0x7D) {
                    walk.closed = true
                    return nil
                }
            }
            guard let key = keyRange() else { return nil }
            skipSpace()
            guard consume(0x3A) else { return nil }
            skipSpace()
            return key
        }
    }
}
