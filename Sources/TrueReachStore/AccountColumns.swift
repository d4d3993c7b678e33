import Foundation
import GRDB
import TrueReachCore

/// How an ``Account`` maps to a row of the `accounts` table.
///
/// Column names are exactly `Account.CodingKeys` raw values, in that order, so the database
/// speaks the same vocabulary as JSON lines and CSV.
enum AccountColumns {
    /// The account columns in `Account.CodingKeys` order.
    static let names: [String] = Account.CodingKeys.allCases.map(\.rawValue)

    static let insertSQL: String = {
        let columns = (["row_key", "audience_id"] + names).joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: names.count + 2).joined(separator: ", ")
        return """
            INSERT INTO accounts (\(columns)) VALUES (\(placeholders))
            ON CONFLICT (audience_id, platform, id) DO NOTHING
            """
    }()

    /// Selects `row_key` then every account column, for a `row_key` range, in import order.
    static let selectRangeSQL: String = """
        SELECT row_key, \(names.joined(separator: ", ")) FROM accounts
        WHERE row_key > ? AND row_key <= ? ORDER BY row_key LIMIT ?
        """

    /// The bound values, in ``names`` order.
    static func values(_ a: Account) -> [(any DatabaseValueConvertible)?] {
        [
            a.platform.rawValue, a.id.rawValue, a.handle, a.displayName, a.bio,
            a.followersCount, a.followingCount, a.postsCount, a.likesCount, a.listsCount,
            a.createdAt?.timeIntervalSince1970, a.capturedAt?.timeIntervalSince1970,
            a.lastPostAt?.timeIntervalSince1970,
            a.verified, a.defaultAvatar, a.defaultProfile, a.backgroundImage, a.private, a.bot,
            a.url, a.location, a.language,
            a.handleLength, a.handleDigits, a.displayNameLength, a.displayNameDigits, a.bioLength, a.hasURL,
        ]
    }

    /// Decodes a row selected by ``selectRangeSQL`` (column 0 is `row_key`).
    static func account(_ row: Row) throws -> Account {
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
        return Account(
            platform: platform,
            id: AccountID(rawValue: row[2]),
            handle: row[3],
            displayName: row[4],
            bio: row[5],
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
            url: row[20],
            location: row[21],
            language: row[22],
            handleLength: row[23],
            handleDigits: row[24],
            displayNameLength: row[25],
            displayNameDigits: row[26],
            bioLength: row[27],
            hasURL: row[28]
        )
    }

    /// Why an account cannot be stored, or `nil` when it can.
    static func problem(_ a: Account) -> AudienceImportProblem.Kind? {
        if a.id.rawValue.isEmpty { return .emptyID }
        let counts = [
            a.followersCount, a.followingCount, a.postsCount, a.likesCount, a.listsCount,
            a.handleLength, a.handleDigits, a.displayNameLength, a.displayNameDigits, a.bioLength,
        ]
        for case let count? in counts where count < 0 { return .negativeCount }
        return nil
    }
}
