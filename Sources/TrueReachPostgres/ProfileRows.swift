import Foundation
import PostgresNIO
import TrueReachCore
import TrueReachStore

/// How a ``Profile`` maps to a row of the `profiles` table (SQLite's column names, in
/// `Profile.CodingKeys` order).
enum ProfileRows {
    /// The account columns and their PostgreSQL types, in `Profile.CodingKeys` order.
    static let columns: [(name: String, type: String)] = [
        ("platform", "text"), ("id", "text"), ("handle", "text"), ("display_name", "text"), ("bio", "text"),
        ("followers_count", "int8"), ("following_count", "int8"), ("posts_count", "int8"),
        ("likes_count", "int8"), ("lists_count", "int8"),
        ("created_at", "float8"), ("captured_at", "float8"), ("last_post_at", "float8"),
        ("verified", "bool"), ("default_avatar", "bool"), ("default_profile", "bool"),
        ("background_image", "bool"), ("private", "bool"), ("bot", "bool"),
        ("url", "text"), ("location", "text"), ("language", "text"),
        ("handle_length", "int8"), ("handle_digits", "int8"), ("display_name_length", "int8"),
        ("display_name_digits", "int8"), ("bio_length", "int8"), ("has_url", "bool"),
    ]

    static var names: [String] { columns.map(\.name) }

    /// The account columns, comma-separated, each with `prefix` (`"a."`).
    static func columnList(prefix: String = "") -> String {
        columns.map { prefix + $0.name }.joined(separator: ", ")
    }

    /// One multi-row insert of `profiles` (parallel to `rowKeys`), returning the keys stored.
    ///
    /// Each column travels as one array; `WITH ORDINALITY … ORDER BY` keeps input order, so of two
    /// rows with the same platform and id the first is stored and the second skipped.
    static func insertQuery(_ profiles: [Profile], rowKeys: [Int64?], audienceID: Int64) throws -> PostgresQuery {
        var p = Parameters()
        func text(_ value: (Profile) -> String?) throws -> String {
            try p.array(profiles.map { PostgresText.encode(value($0)) }, as: "text")
        }
        func int(_ value: (Profile) -> Int?) throws -> String {
            try p.array(profiles.map { value($0).map(Int64.init) }, as: "int8")
        }
        func date(_ value: (Profile) -> Date?) throws -> String {
            try p.array(profiles.map { value($0)?.timeIntervalSince1970 }, as: "float8")
        }
        func bool(_ value: (Profile) -> Bool?) throws -> String {
            try p.array(profiles.map(value), as: "bool")
        }
        let audience = try p.add(audienceID)
        let arrays = [
            try p.array(rowKeys, as: "int8"),
            try text { $0.platform.rawValue }, try text { $0.id.rawValue }, try text(\.handle),
            try text(\.displayName), try text(\.bio),
            try int(\.followersCount), try int(\.followingCount), try int(\.postsCount), try int(\.likesCount),
            try int(\.listsCount),
            try date(\.createdAt), try date(\.capturedAt), try date(\.lastPostAt),
            try bool(\.verified), try bool(\.defaultAvatar), try bool(\.defaultProfile), try bool(\.backgroundImage),
            try bool(\.private), try bool(\.bot),
            try text(\.url), try text(\.location), try text(\.language),
            try int(\.handleLength), try int(\.handleDigits), try int(\.displayNameLength),
            try int(\.displayNameDigits), try int(\.bioLength), try bool(\.hasURL),
        ]
        return p.query(
            """
            INSERT INTO profiles (row_key, audience_id, \(columnList()))
            SELECT row_key, \(audience), \(columnList())
            FROM unnest(\(arrays.joined(separator: ", "))) WITH ORDINALITY AS t(row_key, \(columnList()), ordinal)
            ORDER BY ordinal
            ON CONFLICT (audience_id, platform, md5(id)) DO NOTHING
            RETURNING row_key
            """
        )
    }

    /// Decodes the account columns of `cells` starting at column `start` (in ``columns`` order).
    static func account(_ cells: PostgresRandomAccessRow, from start: Int) throws -> Profile {
        var index = start
        func next<T: PostgresDecodable>(_ type: T.Type) throws -> T {
            defer { index += 1 }
            return try cells[index].decode(T.self)
        }
        func text() throws -> String? { PostgresText.decode(try next(String?.self)) }
        func int() throws -> Int? { try next(Int?.self) }
        func date() throws -> Date? { try next(Double?.self).map { Date(timeIntervalSince1970: $0) } }
        func bool() throws -> Bool? { try next(Bool?.self) }
        guard let platform = Platform(rawValue: try next(String.self)) else {
            throw StoreError(
                code: .corruptData,
                message: "A stored account has an unknown platform; the database may be from a newer TrueReach."
            )
        }
        return Profile(
            platform: platform,
            id: ProfileID(rawValue: try text() ?? ""),
            handle: try text(),
            displayName: try text(),
            bio: try text(),
            followersCount: try int(),
            followingCount: try int(),
            postsCount: try int(),
            likesCount: try int(),
            listsCount: try int(),
            createdAt: try date(),
            capturedAt: try date(),
            lastPostAt: try date(),
            verified: try bool(),
            defaultAvatar: try bool(),
            defaultProfile: try bool(),
            backgroundImage: try bool(),
            private: try bool(),
            bot: try bool(),
            url: try text(),
            location: try text(),
            language: try text(),
            handleLength: try int(),
            handleDigits: try int(),
            displayNameLength: try int(),
            displayNameDigits: try int(),
            bioLength: try int(),
            hasURL: try bool()
        )
    }
}
