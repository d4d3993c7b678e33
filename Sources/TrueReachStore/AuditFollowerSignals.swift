import Foundation
import TrueReachCore

/// The stored form of an audit follower's signals, the same in every store: a JSON array of
/// `{code, contribution, text}` (keys sorted; NUL escaped as `\u0000`, so PostgreSQL text holds it).
package enum AuditFollowerSignals {
    /// The JSON text of `signals`.
    ///
    /// - Throws: ``StoreError`` `.databaseFailed` when a contribution cannot be encoded (not finite).
    package static func encode(_ signals: [Signal]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(signals), as: UTF8.self)
        } catch {
            throw StoreError(code: .databaseFailed, message: "Cannot encode a follower's signals.", underlying: error)
        }
    }

    /// The signals of a stored JSON text.
    ///
    /// - Throws: ``StoreError`` `.corruptData`.
    package static func decode(_ text: String) throws -> [Signal] {
        do {
            return try JSONDecoder().decode([Signal].self, from: Data(text.utf8))
        } catch {
            throw StoreError(
                code: .corruptData, message: "A stored follower's signals cannot be decoded.", underlying: error)
        }
    }
}

extension AuditFollowerPage {
    /// The page from `fetched`, the query's `limit` + 1 rows at most: the extra row only tells that
    /// another page follows.
    package init(query: AuditFollowerQuery, fetched: [AuditFollower], total: Int) {
        var followers = fetched
        var next: AuditFollowerCursor?
        if followers.count > query.limit {
            followers.removeLast(followers.count - query.limit)
            if let last = followers.last {
                next = AuditFollowerCursor(after: last, audit: query.audit, sort: query.sort)
            }
        }
        self.init(followers: followers, next: next, total: total)
    }
}
