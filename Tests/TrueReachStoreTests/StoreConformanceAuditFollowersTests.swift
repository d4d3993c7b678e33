import Foundation
import Testing
import TrueReachCore
import TrueReachStore
import TrueReachTestSupport

/// Each follower's result of an audit: stored under the audit, paged by keyset in both orders with the
/// category filter and the search, every follower exactly once, identically on every store.
@Suite(.timeLimit(.minutes(10))) struct StoreConformanceAuditFollowersTests {
    /// 257 followers with tied probabilities and follower counts, unknown counts, hostile and NUL text.
    static let followers: [AuditFollower] = (1...257).map { i in
        let categories: [AudienceCategory] = [.real, .suspicious, .inactive, .massFollower, .influencer, .unknown]
        let names = ["Ann", "bob", "<script>alert(1)</script>", "ANNa\u{0}x", "Zoë", "carl\u{202E}"]
        return AuditFollower(
            position: i,
            platform: i % 7 == 0 ? .mastodon : .twitter,
            profile: ProfileID("id\(i)"),
            handle: i % 11 == 0 ? nil : "\(names[i % names.count].lowercased())_\(i)",
            displayName: i % 5 == 0 ? nil : names[(i / 2) % names.count],
            probability: Double((i * 37) % 10) / 10,
            category: categories[(i * 13) % categories.count],
            followersCount: i % 9 == 0 ? nil : (i * 53) % 40,
            signals: i % 4 == 0
                ? []
                : [
                    Signal(code: "rule.x", contribution: 0.25, text: "follows \(i), <b>bold</b>"),
                    Signal(code: "y", contribution: -0.5, text: "é"),
                ]
        )
    }

    /// The expected order and filter, computed here from the documented rules.
    static func expected(_ sort: AuditFollowerSort, category: AudienceCategory?, search: String?) -> [AuditFollower] {
        let needle = search.map { $0.lowercased() }
        return followers.filter { f in
            (category == nil || f.category == category)
                && (needle == nil
                    || ((f.handle ?? "") + "\n" + (f.displayName ?? "")).lowercased().replacing("\u{0}", with: "")
                        .contains(needle ?? ""))
        }.sorted { a, b in
            switch sort {
            case .probability:
                if a.probability != b.probability { return a.probability > b.probability }
            case .followers:
                let (x, y) = (a.followersCount ?? -1, b.followersCount ?? -1)
                if x != y { return x > y }
            }
            return a.position < b.position
        }
    }

    /// Every page of `query`, following the cursors.
    static func pages(_ store: any AudienceStore, _ query: AuditFollowerQuery) async throws -> [[AuditFollower]] {
        var query = query
        var pages: [[AuditFollower]] = []
        while true {
            let page = try #require(try await store.fetchAuditFollowerPage(query))
            #expect(page.total == followers.count)
            #expect(page.followers.count <= query.limit)
            pages.append(page.followers)
            guard let next = page.next else { break }
            #expect(next.audit == query.audit && next.sort == query.sort)
            // Through the opaque token, as the server hands it out.
            let cursor = try #require(AuditFollowerCursor(token: next.token))
            query.after = cursor
            #expect(pages.count <= followers.count)
        }
        return pages
    }

    static func savedAudit(_ store: any AudienceStore, account: String = "acme") async throws -> Int64 {
        try await store.saveAudit(.fixture(account: account), createdAt: Date(timeIntervalSince1970: 1_780_000_000)).id
    }

    @Test(arguments: StoreKind.available)
    func keysetPagesReturnEveryFollowerOnceInEachOrderFilterAndSearch(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            // Given an audit with 257 follower results, saved in uneven batches
            let audit = try await Self.savedAudit(store)
            let batches = stride(from: 0, to: Self.followers.count, by: 100).map {
                Array(Self.followers[$0..<min($0 + 100, Self.followers.count)])
            }
            #expect(try await store.saveAuditFollowers(audit: audit, batches: batches.async) == 257)
            for sort in AuditFollowerSort.allCases {
                for category in [nil, AudienceCategory.suspicious, .unknown] {
                    // Two characters, and wildcards of LIKE and GLOB, which must match only themselves
                    for search in [
                        nil, "ann", "@ANN", "<script>", "zoë", "nobody-has-this", "an", "bo_", "b_2", "100%", "[a]",
                        "*", "n\\_", "ob_1",
                    ] {
                        // When paging 10 at a time
                        let pages = try await Self.pages(
                            store,
                            AuditFollowerQuery(audit: audit, category: category, sort: sort, search: search, limit: 10)
                        )
                        // Then the pages, in order, are exactly the matching followers in the documented order
                        let expected = Self.expected(
                            sort, category: category,
                            search: search.map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 })
                        #expect(
                            pages.flatMap { $0 } == expected,
                            "sort \(sort), category \(category?.rawValue ?? "-"), search \(search ?? "-")")
                        #expect(pages.dropLast().allSatisfy { $0.count == 10 })
                    }
                }
            }
            // And one page as large as the list has no next page
            let whole = try #require(
                try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: audit, limit: 257)))
            #expect(whole.followers.count == 257 && whole.next == nil)
            #expect(Set(whole.followers) == Set(Self.followers))
        }
    }

    @Test(arguments: StoreKind.available)
    func followersAreFoundByIdInTheirAuditOnly(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let audit = try await Self.savedAudit(store)
            #expect(try await store.saveAuditFollowers(audit: audit, batches: [Self.followers].async) == 257)
            let wanted = [Self.followers[3], Self.followers[200], Self.followers[3]].map(\.profile) + ["nobody"]
            let found = try await store.fetchAuditFollowers(audit: audit, profiles: wanted)
            #expect(found.sorted { $0.position < $1.position } == [Self.followers[3], Self.followers[200]])
            #expect(try await store.fetchAuditFollowers(audit: audit + 99, profiles: wanted).isEmpty)
            #expect(try await store.fetchAuditFollowers(audit: audit, profiles: []).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func listsAreAbsentUntilCompleteAndReplacedWhole(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let audit = try await Self.savedAudit(store)
            // No list yet, and none for an unknown audit
            #expect(try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: audit)) == nil)
            #expect(try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: audit + 99)) == nil)
            // Saving for an audit that does not exist is .notFound
            let missing = await #expect(throws: StoreError.self) {
                try await store.saveAuditFollowers(audit: audit + 99, batches: [Self.followers].async)
            }
            #expect(missing?.code == .notFound)
            // A sequence that fails part-way publishes nothing
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await store.saveAuditFollowers(
                    audit: audit, batches: ThrowingAfter(batches: [Array(Self.followers.prefix(50))], error: Boom()))
            }
            #expect(try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: audit)) == nil)
            // Positions that do not increase are refused, and publish nothing
            let repeated = await #expect(throws: StoreError.self) {
                try await store.saveAuditFollowers(
                    audit: audit, batches: [[Self.followers[1]], [Self.followers[0]]].async)
            }
            #expect(repeated?.code == .invalidRecord)
            #expect(try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: audit)) == nil)
            // A full list, then a smaller one: the second replaces the first whole
            try await store.saveAuditFollowers(audit: audit, batches: [Self.followers].async)
            try await store.saveAuditFollowers(audit: audit, batches: [Array(Self.followers.prefix(3))].async)
            let page = try #require(try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: audit)))
            #expect(page.total == 3)
            #expect(Set(page.followers) == Set(Self.followers.prefix(3)))
            // A very long name is stored whole, and searched by its first 256 characters
            var long = Self.followers[0]
            long.displayName = String(repeating: "ab", count: 5_000) + "zz"
            try await store.saveAuditFollowers(audit: audit, batches: [[long]].async)
            let longPage = try #require(
                try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: audit, search: "BABA")))
            #expect(longPage.followers == [long])
            #expect(
                try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: audit, search: "abzz"))?.followers
                    == [])
            // Another audit's list is its own
            let other = try await Self.savedAudit(store, account: "other")
            try await store.saveAuditFollowers(audit: other, batches: [Array(Self.followers.suffix(2))].async)
            let otherPage = try #require(try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: other)))
            #expect(Set(otherPage.followers) == Set(Self.followers.suffix(2)))
        }
    }

    @Test(arguments: StoreKind.available)
    func publishingKeepsTheNewestListsOfTheAccountOnly(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let few = Array(Self.followers.prefix(5))
            var acme: [Int64] = []
            for _ in 0..<3 {
                let id = try await Self.savedAudit(store)
                try await store.saveAuditFollowers(audit: id, batches: [few].async)
                acme.append(id)
            }
            let other = try await Self.savedAudit(store, account: "other")
            try await store.saveAuditFollowers(audit: other, batches: [few].async)
            let fourth = try await Self.savedAudit(store)
            try await store.saveAuditFollowers(audit: fourth, batches: [few].async)
            acme.append(fourth)
            // The account's two newest lists stay; the older ones are gone; another account's is kept.
            var kept: [Int64] = []
            for id in acme + [other] where try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: id)) != nil
            {
                kept.append(id)
            }
            #expect(kept == [acme[2], acme[3], other])
        }
    }

    @Test(arguments: StoreKind.available)
    func searchesMatchingManyOrFewOfALargeListPageAlike(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            // Given 1,500 followers whose handles all contain "fan" (more than a trigram seek takes on
            // SQLite), and other audits' followers that match too
            let many = (1...1_500).map { i in
                AuditFollower(
                    position: i, platform: .twitter, profile: ProfileID("f\(i)"), handle: "fan_\(i)", displayName: nil,
                    probability: Double(i % 13) / 13, category: i % 3 == 0 ? .suspicious : .real, followersCount: i,
                    signals: [])
            }
            let audit = try await Self.savedAudit(store)
            try await store.saveAuditFollowers(audit: audit, batches: [many].async)
            let other = try await Self.savedAudit(store, account: "other")
            try await store.saveAuditFollowers(audit: other, batches: [Array(many.prefix(20))].async)
            for search in ["fan", "an_1", "fan_7", "fan_1499", "FAN_15"] {
                for category in [nil, AudienceCategory.suspicious] {
                    // When paging 100 at a time
                    var query = AuditFollowerQuery(audit: audit, category: category, search: search, limit: 100)
                    var seen: [AuditFollower] = []
                    while let page = try await store.fetchAuditFollowerPage(query) {
                        seen += page.followers
                        guard let next = page.next else { break }
                        query.after = next
                    }
                    // Then every match of this audit comes once, in the probability order
                    let expected = many.filter {
                        ($0.handle ?? "").contains(search.lowercased()) && (category == nil || $0.category == category)
                    }.sorted { ($0.probability, -$0.position) > ($1.probability, -$1.position) }
                    #expect(seen == expected, "search \(search), category \(category?.rawValue ?? "-")")
                }
            }
        }
    }

    @Test func cursorTokensRoundTripAndRejectGarbage() throws {
        let follower = Self.followers[41]
        for sort in AuditFollowerSort.allCases {
            let cursor = AuditFollowerCursor(after: follower, audit: 7, sort: sort)
            #expect(AuditFollowerCursor(token: cursor.token) == cursor)
            #expect(cursor.token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
        for garbage in ["", "x", "Zm9v", String(repeating: "A", count: 500), "ZjEuMS5wcm9iYWJpbGl0eS54LjE"] {
            #expect(AuditFollowerCursor(token: garbage) == nil)
        }
    }
}

extension Array where Element: Sendable {
    /// The elements as an async sequence.
    var async: AsyncArray<Element> { AsyncArray(elements: self) }
}

struct AsyncArray<Element: Sendable>: AsyncSequence, Sendable {
    let elements: [Element]
    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let elements: [Element]
        mutating func next() async -> Element? {
            guard index < elements.count else { return nil }
            defer { index += 1 }
            return elements[index]
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(elements: elements) }
}

/// Hands out `batches`, then throws `error`.
struct ThrowingAfter<Element: Sendable, Failure: Error>: AsyncSequence {
    let batches: [Element]
    let error: Failure
    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let batches: [Element]
        let error: Failure
        mutating func next() async throws -> Element? {
            guard index < batches.count else { throw error }
            defer { index += 1 }
            return batches[index]
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(batches: batches, error: error) }
}
