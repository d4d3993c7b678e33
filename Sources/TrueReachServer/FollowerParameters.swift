import Foundation
import TrueReachCore
import TrueReachStore

/// The explorer's query parameters (`category`, `sort`, `q`, `after`, `limit`), read and checked once
/// for the page and the API alike.
struct FollowerParameters: Sendable, Hashable {
    /// Rows per page unless `limit` says otherwise.
    static let defaultLimit = 50
    /// The most rows a page returns.
    static let maximumLimit = 500
    /// The longest search text accepted, in characters.
    static let maximumSearchLength = 100

    var category: AudienceCategory?
    var sort: AuditFollowerSort = .probability
    var search: String?
    var after: AuditFollowerCursor?
    var limit = defaultLimit

    /// Reads the parameters from a raw query string (`a=b&c=d`, `+` for space, percent-encoded).
    ///
    /// Empty values count as absent, as an HTML form sends them.
    ///
    /// - Throws: ``ServerError`` `.badRequest` naming the parameter.
    init(query: String?) throws {
        for (name, value) in try Self.pairs(query ?? "") where !value.isEmpty {
            switch name {
            case "category":
                guard let category = AudienceCategory(rawValue: value) else {
                    throw ServerError(
                        .badRequest,
                        "category must be one of \(AudienceCategory.allCases.map(\.rawValue).joined(separator: ", ")).")
                }
                self.category = category
            case "sort":
                guard let sort = AuditFollowerSort(rawValue: value) else {
                    throw ServerError(.badRequest, "sort must be probability or followers.")
                }
                self.sort = sort
            case "q":
                guard value.count <= Self.maximumSearchLength else {
                    throw ServerError(.badRequest, "q is at most \(Self.maximumSearchLength) characters.")
                }
                self.search = value
            case "after":
                guard let cursor = AuditFollowerCursor(token: value) else {
                    throw ServerError(.badRequest, "after is not a cursor this server gave; start from the first page.")
                }
                self.after = cursor
            case "limit":
                guard let limit = Int(value), (1...Self.maximumLimit).contains(limit) else {
                    throw ServerError(.badRequest, "limit must be a whole number from 1 to \(Self.maximumLimit).")
                }
                self.limit = limit
            default:
                continue
            }
        }
        if let after, after.sort != sort {
            throw ServerError(.badRequest, "after belongs to another sort order; start from the first page.")
        }
    }

    /// The store query for audit `audit`.
    func query(audit: Int64) -> AuditFollowerQuery {
        AuditFollowerQuery(audit: audit, category: category, sort: sort, search: search, after: after, limit: limit)
    }

    /// The name-value pairs of a query string, decoded.
    static func pairs(_ query: String) throws -> [(String, String)] {
        try query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0])
            let value = parts.count > 1 ? try decode(parts[1]) : ""
            return (name, value)
        }
    }

    private static func decode(_ text: Substring) throws -> String {
        guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw ServerError(.badRequest, "The query string is not valid percent-encoding.")
        }
        return decoded
    }
}
