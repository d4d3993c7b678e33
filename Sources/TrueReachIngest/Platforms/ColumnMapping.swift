import Foundation
import TrueReachCore

/// A declarative description of a table format.
///
/// It says which source column fills which ``Profile`` field, through which value transform. One mapping per format replaces one parser per file.
///
/// The same machinery reads CSV rows and flat JSON objects (InstaFake), via ``TableRow``.
struct ColumnMapping: Sendable {
    /// How a source value becomes a field value.
    enum Transform: Sendable {
        /// Text as given.
        case text
        /// A whole number (`12`, `12.0`).
        case count
        /// A count with a `k`/`m`/`b` suffix (`475.8m`), as influencer tables write them.
        case abbreviatedCount
        /// A flag: `1`/`true`/`yes` or `0`/`false`/`no` (any case).
        case flag
        /// A flag where an empty cell means false (the MIB `users.csv` dumps write `1` or nothing).
        case flagEmptyIsFalse
        /// A flag, negated (`userHasProfilPic` → ``Profile/defaultAvatar``).
        case invertedFlag
        /// A timestamp (see ``TimestampParser``).
        case date
        /// An avatar URL: true when it is the platform's default image.
        case defaultAvatarURL
        /// A ``Platform`` raw value (canonical tables).
        case platform
    }

    /// One field and the columns that may fill it (the first non-missing one wins).
    struct Rule: Sendable {
        var columns: [String]
        var key: Profile.CodingKeys
        var transform: Transform

        init(_ columns: String..., to key: Profile.CodingKeys, _ transform: Transform = .text) {
            self.columns = columns
            self.key = key
            self.transform = transform
        }
    }

    /// The platform of every row (canonical tables read it from the `platform` column instead).
    var platform: Platform
    /// Columns holding the id, first non-missing wins.
    var idColumns: [String]
    /// When the source has no ids: use the handle, else `file-stem:row`.
    var synthesizesIDs: Bool
    /// The field rules.
    var rules: [Rule]
    /// Cell values that mean "missing" besides the empty string.
    var nullTokens: Set<String> = ["NULL"]
}

/// One row of a table: a header shared by the batch and the row's cell values.
struct TableRow {
    var header: [String: Int]
    var values: [String?]

    /// The cell of `column`, `nil` when the column is absent or the cell is missing.
    func value(_ column: String, nullTokens: Set<String>) -> String? {
        guard let index = header[column], index < values.count, let value = values[index] else { return nil }
        if value.isEmpty || nullTokens.contains(value) { return nil }
        return value
    }

    /// The raw cell of `column` (an empty cell is `""`), `nil` when absent.
    func rawValue(_ column: String) -> String? {
        guard let index = header[column], index < values.count else { return nil }
        return values[index]
    }
}

/// Why a row could not become an account.
struct RowFailure: Error {
    var field: String?
    var reason: String
}

extension ColumnMapping {
    /// Builds the account of one row.
    ///
    /// - Parameters:
    ///   - row: the row's cells.
    ///   - fileStem: the file name without extension, for synthetic ids (`train:12`).
    ///   - rowNumber: the 1-based data row number.
    /// - Returns: the account.
    /// - Throws: ``RowFailure`` naming the column at fault.
    func account(from row: TableRow, fileStem: String, row rowNumber: Int) throws(RowFailure) -> Profile {
        var platform = self.platform
        if let platformRule = rules.first(where: { $0.transform == .platform }) {
            let column = platformRule.columns[0]
            guard let raw = row.value(column, nullTokens: nullTokens) else {
                throw RowFailure(field: column, reason: "missing required field")
            }
            guard let parsed = Platform(rawValue: raw.lowercased()) else {
                throw RowFailure(field: column, reason: "unknown platform")
            }
            platform = parsed
        }
        var account = Profile(platform: platform, id: "")
        for rule in rules where rule.transform != .platform {
            guard let (column, raw) = firstValue(rule.columns, in: row) else {
                if rule.transform == .flagEmptyIsFalse, let column = rule.columns.first,
                    row.rawValue(column) == ""
                {
                    account.assign(.bool(false), to: rule.key)
                }
                continue
            }
            let value = try Self.convert(raw, rule.transform, column: column)
            account.assign(value, to: rule.key)
        }
        if let (_, id) = firstValue(idColumns, in: row) {
            account.id = ProfileID(id.trimmingCharacters(in: .whitespaces))
        } else if synthesizesIDs {
            account.id = ProfileID(account.handle ?? "\(fileStem):\(rowNumber)")
        } else {
            throw RowFailure(field: idColumns.first, reason: "missing required field")
        }
        return account
    }

    private func firstValue(_ columns: [String], in row: TableRow) -> (String, String)? {
        for column in columns {
            if let value = row.value(column, nullTokens: nullTokens) { return (column, value) }
        }
        return nil
    }

    private static func convert(
        _ raw: String,
        _ transform: Transform,
        column: String
    ) throws(RowFailure)
        -> FieldValue
    {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        switch transform {
        case .text:
            return .text(raw)
        case .count:
            var count: Int?
            if let number = Int(trimmed) {
                count = number
            } else if let number = Double(trimmed), number.rounded() == number, abs(number) < 9e15 {
                count = Int(number)
            }
            guard let count else { throw RowFailure(field: column, reason: "expected a whole number") }
            // A negative count is not a count: the row is an issue naming the column (docs/formats.md).
            guard count >= 0 else { throw RowFailure(field: column, reason: "negative count") }
            return .int(count)
        case .abbreviatedCount:
            guard let number = parseAbbreviated(trimmed) else {
                throw RowFailure(field: column, reason: "expected a count such as 1200 or 475.8m")
            }
            return .int(number)
        case .flag, .flagEmptyIsFalse, .invertedFlag:
            let flag: Bool
            switch trimmed.lowercased() {
            case "1", "true", "yes", "1.0": flag = true
            case "0", "false", "no", "0.0": flag = false
            default: throw RowFailure(field: column, reason: "expected true or false")
            }
            return .bool(transform == .invertedFlag ? !flag : flag)
        case .date:
            guard let date = TimestampParser.parse(trimmed) else {
                throw RowFailure(field: column, reason: "unrecognised timestamp")
            }
            return .date(date)
        case .defaultAvatarURL:
            return .bool(trimmed.contains("default_profile_images") || trimmed.hasSuffix("missing.png"))
        case .platform:
            return .text(trimmed)
        }
    }

    private static func parseAbbreviated(_ text: String) -> Int? {
        guard let last = text.last else { return nil }
        let multiplier: Double
        var digits = Substring(text)
        switch last {
        case "k", "K": multiplier = 1e3
        case "m", "M": multiplier = 1e6
        case "b", "B": multiplier = 1e9
        default: multiplier = 1
        }
        if multiplier != 1 { digits = digits.dropLast() }
        guard let value = Double(digits.replacingOccurrences(of: ",", with: "")), value >= 0 else { return nil }
        return Int((value * multiplier).rounded())
    }
}
