import Foundation
public import TrueReachCore

/// The orders of an audit's follower list.
public enum AuditFollowerSort: String, Sendable, Hashable, CaseIterable {
    /// Bot / fake probability, highest first; ties by position.
    case probability
    /// Follower count, highest first, unknown counts last; ties by position.
    case followers
}

/// What page of an audit's followers to fetch: ``AudienceStore/fetchAuditFollowerPage(_:)``.
///
/// Pages are keyset pages: each continues after the last follower of the previous one (its
/// ``AuditFollowerPage/next`` cursor), so every page costs the same, however deep, and paging
/// through returns every matching follower exactly once.
public struct AuditFollowerQuery: Sendable, Hashable {
    /// The audit whose followers to list.
    public var audit: Int64
    /// Only followers of this category, when set.
    public var category: AudienceCategory?
    /// The order.
    public var sort: AuditFollowerSort
    /// Only followers whose handle or display name contains this text, case-insensitively
    /// (lowercased by Swift's `lowercased()`, the same in every store), when set and not empty.
    public var search: String?
    /// Where the previous page ended (its ``AuditFollowerPage/next``); `nil` for the first page.
    ///
    /// It must come from a page of the same audit and sort.
    public var after: AuditFollowerCursor?
    /// The most followers to return (positive).
    public var limit: Int

    /// Creates a query.
    public init(
        audit: Int64,
        category: AudienceCategory? = nil,
        sort: AuditFollowerSort = .probability,
        search: String? = nil,
        after: AuditFollowerCursor? = nil,
        limit: Int = 50
    ) {
        self.audit = audit
        self.category = category
        self.sort = sort
        self.search = search
        self.after = after
        self.limit = limit
    }

    /// The search as stored keys are compared (``AuditFollower/searchKey(_:)``): `nil` when empty.
    package var searchKey: String? {
        guard var search, !search.isEmpty else { return nil }
        if search.hasPrefix("@") { search.removeFirst() }
        let key = AuditFollower.searchKey(search)
        return key.isEmpty ? nil : key
    }

    /// Checks what the stores cannot answer meaningfully (programmer errors).
    package func validate() {
        precondition(limit > 0, "limit must be positive")
        if let after {
            precondition(after.audit == audit && after.sort == sort, "a cursor continues only its own audit and sort")
        }
    }
}

/// Where a page of an audit's followers ended: the audit, the order, and the last follower's sort key
/// and position.
///
/// Opaque to callers: hand ``token`` out (a URL-safe string) and read it back with ``init(token:)``.
public struct AuditFollowerCursor: Sendable, Hashable {
    /// The audit the page was read from.
    public var audit: Int64
    /// The order the page was read in.
    public var sort: AuditFollowerSort
    /// The last follower's sort key (``AuditFollower/probabilityKey`` bits or ``AuditFollower/followersKey``).
    package var key: Int64
    /// The last follower's position.
    package var position: Int

    /// Creates a cursor (stores only).
    package init(audit: Int64, sort: AuditFollowerSort, key: Int64, position: Int) {
        self.audit = audit
        self.sort = sort
        self.key = key
        self.position = position
    }

    /// The cursor after `follower` in `sort` order.
    package init(after follower: AuditFollower, audit: Int64, sort: AuditFollowerSort) {
        let key: Int64
        switch sort {
        case .probability: key = Int64(bitPattern: follower.probabilityKey.bitPattern)
        case .followers: key = follower.followersKey
        }
        self.init(audit: audit, sort: sort, key: key, position: follower.position)
    }

    /// The probability order's key as the stored `REAL` / `double precision`.
    package var probabilityKey: Double { Double(bitPattern: UInt64(bitPattern: key)) }

    /// The cursor as a URL-safe string (base64url of a versioned text).
    public var token: String {
        let text = "f1.\(audit).\(sort.rawValue).\(key).\(position)"
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Reads a ``token``; `nil` when it is not one (tampered, truncated or from another version).
    public init?(token: String) {
        guard token.utf8.count <= 200 else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            return nil
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0] == "f1", let audit = Int64(parts[1]),
            let sort = AuditFollowerSort(rawValue: String(parts[2])), let key = Int64(parts[3]),
            let position = Int(parts[4]), position >= 0, position <= AuditFollower.maximumPosition
        else { return nil }
        self.init(audit: audit, sort: sort, key: key, position: position)
    }
}

/// One page of an audit's followers, with where to continue.
public struct AuditFollowerPage: Sendable, Hashable {
    /// The followers, in the query's order.
    public var followers: [AuditFollower]
    /// The cursor of the next page, or `nil` when this page is the last.
    public var next: AuditFollowerCursor?
    /// How many followers the audit's list holds in all (unfiltered).
    public var total: Int

    /// Creates a page.
    public init(followers: [AuditFollower], next: AuditFollowerCursor?, total: Int) {
        self.followers = followers
        self.next = next
        self.total = total
    }
}
