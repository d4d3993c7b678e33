import Foundation
import GRDB
import TrueReachCore

/// How a ``Profile`` maps to a row of the `profiles` table.
///
/// Column names are exactly `Profile.CodingKeys` raw values, in that order, so the database
/// speaks the same vocabulary as JSON lines and CSV.
enum ProfileColumns {
    /// The account columns in `Profile.CodingKeys` order.
    static let names: [String] = Profile.CodingKeys.allCases.map(\.rawValue)

    static let insertSQL: String = {
        let columns = (["row_key", "audience_id"] + names).joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: names.count + 2).joined(separator: ", ")
        return """
            INSERT INTO profiles (\(columns)) VALUES (\(placeholders))
            ON CONFLICT (audience_id, platform, id) DO NOTHING
            """
    }()

    /// Selects `row_key` then every account column, for a `row_key` range, in import order.
    static let selectRangeSQL: String = """
        SELECT row_key, \(names.joined(separator: ", ")) FROM profiles
        WHERE row_key > ? AND row_key <= ? ORDER BY row_key LIMIT ?
        """

    /// Binds one row of ``insertSQL`` directly on the prepared statement.
    ///
    /// This is the import's inner loop: going through `StatementArguments` boxes every value in an
    /// existential and allocates an array per row, which took about half of the writer's time.
    /// `setUncheckedArguments([])` resets the statement and clears the previous bindings (and marks
    /// the arguments bound for GRDB), then each value binds through GRDB's public `StatementBinding`.
    static func bind(_ a: Profile, rowKey: Int64, audienceID: Int64, to statement: Statement) throws {
        statement.setUncheckedArguments(StatementArguments())
        let s = statement.sqliteStatement
        var failed: CInt = 0
        var index: CInt = 0
        func put(_ value: some StatementBinding) {
            index += 1
            failed |= value.bind(to: s, at: index)
        }
        put(rowKey)
        put(audienceID)
        put(a.platform.rawValue)
        put(NulSafeText(a.id.rawValue))
        put(NulSafeText(a.handle))
        put(NulSafeText(a.displayName))
        put(NulSafeText(a.bio))
        put(a.followersCount)
        put(a.followingCount)
        put(a.postsCount)
        put(a.likesCount)
        put(a.listsCount)
        put(a.createdAt?.timeIntervalSince1970)
        put(a.capturedAt?.timeIntervalSince1970)
        put(a.lastPostAt?.timeIntervalSince1970)
        put(a.verified)
        put(a.defaultAvatar)
        put(a.defaultProfile)
        put(a.backgroundImage)
        put(a.private)
        put(a.bot)
        put(NulSafeText(a.url))
        put(NulSafeText(a.location))
        put(NulSafeText(a.language))
        put(a.handleLength)
        put(a.handleDigits)
        put(a.displayNameLength)
        put(a.displayNameDigits)
        put(a.bioLength)
        put(a.hasURL)
        // Binding fails only on SQLITE_NOMEM / SQLITE_TOOBIG / SQLITE_RANGE (a schema mismatch).
        if failed != 0 || index != names.count + 2 {
            throw StoreError(code: .databaseFailed, message: "Cannot bind an account to the insert statement.")
        }
    }

    /// Decodes a row selected by ``selectRangeSQL`` (column 0 is `row_key`).
    static func account(_ row: Row) throws -> Profile {
        let platformName: String = row[1]
        guard let platform = Platform(rawValue: platformName) else {
            throw StoreError(
                code: .corruptData,
                message: "A stored account has an unknown platform; the database may be from a newer TrueReach."
            )
        }
        func date(_ index: Int) -> Date? {
            (row[index] as Double?).map { Date(timeIntervalSince1970: $0) }
        }
        // Text with a NUL was stored as a UTF-8 blob (see NulSafeText); decode it from the value,
        // because reading a column straight into a String stops at the first NUL.
        func text(_ index: Int) -> String? {
            (row[index] as NulSafeText?)?.value
        }
        return Profile(
            platform: platform,
            id: ProfileID(rawValue: text(2) ?? ""),
            handle: text(3),
            displayName: text(4),
            bio: text(5),
            followersCount: row[6],
            followingCount: row[7],
            postsCount: row[8],
            likesCount: row[9],
            listsCount: row[10],
            createdAt: date(11),
            capturedAt: date(12),
            lastPostAt: date(13),
            verified: row[14],
            defaultAvatar: row[15],
            defaultProfile: row[16],
            backgroundImage: row[17],
            private: row[18],
            bot: row[19],
            url: text(20),
            location: text(21),
            language: text(22),
            handleLength: row[23],
            handleDigits: row[24],
            displayNameLength: row[25],
            displayNameDigits: row[26],
            bioLength: row[27],
            hasURL: row[28]
        )
    }
}
