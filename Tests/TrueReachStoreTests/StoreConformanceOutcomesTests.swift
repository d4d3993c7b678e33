import Foundation
import Testing
import TrueReachCore
import TrueReachStore

/// Tracked links, clicks, conversions and visitor salts: stored, counted and kept alike on every store.
@Suite(.timeLimit(.minutes(10))) struct StoreConformanceOutcomesTests {
    static let created = Date(timeIntervalSince1970: 1_790_000_000.5)

    static func outcomes(_ fixture: StoreFixture) throws -> any OutcomeStore {
        try #require(fixture.store as? any OutcomeStore, "\(fixture.kind) keeps tracked links")
    }

    static func link(_ slug: String, account: String = "acme\u{0}", campaign: String? = "spring", post: String? = nil)
        -> TrackedLink
    {
        TrackedLink(
            slug: slug, url: "https://shop.example/p?id=1", account: account, campaign: campaign, post: post,
            cost: 120, currency: "EUR", createdAt: created)
    }

    static func click(
        _ id: String, _ slug: String, visitor: String, kind: ClickClass = .human, at offset: TimeInterval = 0
    ) -> StoredClick {
        StoredClick(
            id: id, slug: slug, at: created.addingTimeInterval(offset), visitor: visitor,
            userAgent: "Mozilla/5.0 \u{0}<b>", referrer: kind == .human ? "https://t.co/x" : nil,
            clickClass: kind.rawValue, reason: "reason of \(id)")
    }

    @Test(arguments: StoreKind.available)
    func linksAreStoredOnceAndListedByAccountAndCampaign(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.outcomes(fixture)
            #expect(try await store.createLink(Self.link("aaa", post: "post 1")))
            #expect(try await store.createLink(Self.link("bbb", campaign: nil)))
            #expect(try await store.createLink(Self.link("ccc", account: "beta")))
            // A slug is unique: the second link of the same slug is refused and the first kept
            #expect(try await !store.createLink(Self.link("aaa", account: "mallory")))
            let stored = try #require(try await store.fetchLink(slug: "aaa"))
            #expect(stored == Self.link("aaa", post: "post 1"))
            #expect(try await store.fetchLink(slug: "zzz") == nil)
            #expect(try await store.fetchLinks(account: "acme\u{0}", campaign: nil).map(\.slug) == ["aaa", "bbb"])
            #expect(try await store.fetchLinks(account: "acme\u{0}", campaign: "spring").map(\.slug) == ["aaa"])
            #expect(try await store.fetchLinks(account: "nobody", campaign: nil).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func clicksAreCountedByClassWithUniqueHumanVisitors(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.outcomes(fixture)
            _ = try await store.createLink(Self.link("aaa", post: "p1"))
            _ = try await store.createLink(Self.link("bbb", post: "p1"))
            _ = try await store.createLink(Self.link("ccc", campaign: "autumn"))
            try await store.saveClicks([
                Self.click("c1", "aaa", visitor: "v1"), Self.click("c2", "aaa", visitor: "v2"),
                Self.click("c3", "aaa", visitor: "v1", kind: .duplicate, at: 60),
                Self.click("c4", "aaa", visitor: "v9", kind: .bot), Self.click("c5", "bbb", visitor: "v1"),
                Self.click("c6", "bbb", visitor: "v3", kind: .linkPreview), Self.click("c7", "ccc", visitor: "v4"),
            ])
            try await store.saveClicks([])
            let click = try #require(try await store.fetchClick(id: "c1"))
            #expect(click == Self.click("c1", "aaa", visitor: "v1"))
            let counts = try await store.fetchLinkOutcomes(account: "acme\u{0}", campaign: nil)
            #expect(counts.map(\.link.slug) == ["aaa", "bbb", "ccc"])
            #expect(counts[0].clicksByClass == ["human": 2, "duplicate": 1, "bot": 1])
            #expect(counts[1].clicksByClass == ["human": 1, "link_preview": 1])
            let spring = try await store.fetchLinkOutcomes(account: "acme\u{0}", campaign: "spring")
            #expect(spring.map(\.link.slug) == ["aaa", "bbb"])
            // v1 clicked both links of post p1: one visitor for the post, two visits across links
            let byLink = try await store.fetchUniqueHumanVisitors(account: "acme\u{0}", campaign: nil, by: .link)
            #expect(byLink == ["aaa": 2, "bbb": 1, "ccc": 1])
            let byPost = try await store.fetchUniqueHumanVisitors(account: "acme\u{0}", campaign: nil, by: .post)
            #expect(byPost == ["p1": 2])
            let byCampaign = try await store.fetchUniqueHumanVisitors(
                account: "acme\u{0}", campaign: nil, by: .campaign)
            #expect(byCampaign == ["spring": 2, "autumn": 1])
            let all = try await store.fetchUniqueHumanVisitors(account: "acme\u{0}", campaign: nil, by: .account)
            #expect(all == ["": 3])
            let recent = try await store.fetchHumanClicks(since: Self.created)
            #expect(Set(recent.map(\.id)) == ["c1", "c2", "c5", "c7"])
            #expect(try await store.fetchHumanClicks(since: Self.created.addingTimeInterval(1)).isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func aClickBatchIsStoredWholeOrNotAtAll(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.outcomes(fixture)
            _ = try await store.createLink(Self.link("aaa"))
            try await store.saveClicks([Self.click("c1", "aaa", visitor: "v1")])
            // The batch's second click repeats an id: the whole batch fails, the stored click stays
            await #expect(throws: (any Error).self) {
                try await store.saveClicks([
                    Self.click("c2", "aaa", visitor: "v2"), Self.click("c1", "aaa", visitor: "v3"),
                ])
            }
            #expect(try await store.fetchClick(id: "c2") == nil)
            #expect(try await store.fetchClick(id: "c1")?.visitor == "v1")
        }
    }

    @Test(arguments: StoreKind.available)
    func conversionsAreAttributedAndIdempotentByExternalID(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.outcomes(fixture)
            _ = try await store.createLink(Self.link("aaa", post: "p1"))
            try await store.saveClicks([Self.click("c1", "aaa", visitor: "v1"), Self.click("c2", "aaa", visitor: "v2")])
            let sale = NewConversion(
                clickID: "c1", kind: .sale, value: 49.9, currency: "EUR", externalID: "order-1", at: Self.created)
            let (first, created) = try await store.saveConversion(sale)
            #expect(created)
            #expect(first.slug == "aaa" && first.account == "acme\u{0}" && first.campaign == "spring")
            #expect(first.post == "p1")
            // The same external id again, even from another click: the stored conversion, nothing new
            var again = sale
            again.clickID = "c2"
            again.value = 99
            let (second, createdAgain) = try await store.saveConversion(again)
            #expect(!createdAgain)
            #expect(second.id == first.id)
            #expect(second.conversion.value == 49.9)
            #expect(second.conversion.clickID == "c1")
            // Without an external id every conversion is its own
            let lead = NewConversion(clickID: "c2", kind: .lead, at: Self.created)
            #expect(try await store.saveConversion(lead).created)
            #expect(try await store.saveConversion(lead).created)
            await #expect(throws: StoreError.self) {
                try await store.saveConversion(NewConversion(clickID: "nope", kind: .sale, at: Self.created))
            }
            let counts = try #require(try await store.fetchLinkOutcomes(account: "acme\u{0}", campaign: nil).first)
            #expect(counts.conversions == 3)
            #expect(counts.valueByCurrency == ["EUR": 49.9])
        }
    }

    @Test(arguments: StoreKind.available)
    func theVisitorSaltIsKeptForItsDayAndEarlierDaysAreForgotten(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.outcomes(fixture)
            let first = try await store.visitorSalt(day: "2026-12-01", candidate: "salt-a")
            #expect(first == "salt-a")
            #expect(try await store.visitorSalt(day: "2026-12-01", candidate: "salt-b") == "salt-a")
            #expect(try await store.visitorSalt(day: "2026-12-02", candidate: "salt-c") == "salt-c")
            // The earlier day's salt is gone: asking for it again stores the new candidate
            #expect(try await store.visitorSalt(day: "2026-12-01", candidate: "salt-d") == "salt-d")
        }
    }

    @Test(arguments: StoreKind.persistent)
    func linksClicksAndConversionsSurviveAReopen(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = try Self.outcomes(fixture)
            _ = try await store.createLink(Self.link("aaa"))
            try await store.saveClicks([Self.click("c1", "aaa", visitor: "v1")])
            _ = try await store.saveConversion(NewConversion(clickID: "c1", kind: .signup, at: Self.created))
            let reopen = try #require(fixture.reopen)
            let again = try await reopen()
            let reopened = try #require(again as? any OutcomeStore)
            #expect(try await reopened.fetchLink(slug: "aaa") == Self.link("aaa"))
            #expect(try await reopened.fetchClick(id: "c1") != nil)
            #expect(try await reopened.fetchLinkOutcomes(account: "acme\u{0}", campaign: nil).first?.conversions == 1)
            try await again.close()
        }
    }
}
