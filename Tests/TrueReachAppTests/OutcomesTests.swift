import Foundation
import Testing
import TrueReachApp
import TrueReachCore
import TrueReachStore

/// Tracked links, conversions, the click writer and the outcome report over a real SQLite store.
@Suite struct OutcomesTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    @Test(arguments: [
        "javascript:alert(1)", "data:text/html,<b>x</b>", "file:///etc/passwd", "ftp://a.example/", "//a.example/x",
        "https://", "https://a.example/a b", "https://a.example/\u{0}", "/relative", "",
        "https://a.example/" + String(repeating: "a", count: 2_100),
    ])
    func destinationsThatAreNotWebAddressesAreRefused(url: String) async throws {
        let outcomes = Outcomes(store: try SQLiteStore.inMemory())
        await #expect(throws: AppError.self) {
            _ = try await outcomes.createLink(url: url, account: "acme", at: Self.now)
        }
    }

    @Test func linkFieldsAreCheckedAndSlugsAreRandom() async throws {
        let store = try SQLiteStore.inMemory()
        let outcomes = Outcomes(store: store)
        for (cost, currency) in [(-1.0, "EUR"), (Double.nan, "EUR"), (1, "EURO"), (1, "E1R")] {
            await #expect(throws: AppError.self) {
                _ = try await outcomes.createLink(
                    url: "https://a.example/", account: "acme", cost: cost, currency: currency, at: Self.now)
            }
        }
        await #expect(throws: AppError.self) {
            _ = try await outcomes.createLink(
                url: "https://a.example/", account: "acme", campaign: "a\u{1B}[2J", at: Self.now)
        }
        var slugs: Set<String> = []
        for _ in 0..<50 {
            let link = try await outcomes.createLink(url: "HTTPS://a.example/x", account: "acme", at: Self.now)
            #expect(link.slug.count == 12)
            #expect(link.slug.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII })
            slugs.insert(link.slug)
        }
        #expect(slugs.count == 50)
        #expect(try await store.fetchLinks(account: "acme", campaign: nil).count == 50)
    }

    @Test func tokensUseEverySymbolAndNothingElse() {
        var counts: [Character: Int] = [:]
        for _ in 0..<2_000 {
            let token = Outcomes.randomToken(characters: 31)
            #expect(token.count == 31)
            for character in token { counts[character, default: 0] += 1 }
        }
        // 62,000 symbols: each of the 62 expected 1,000 times; a biased pick would drift far past ±25%
        #expect(counts.count == 62)
        #expect(counts.values.allSatisfy { (750...1_250).contains($0) }, "\(counts.values.sorted())")
        #expect(counts.keys.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }

    @Test func headerValuesAreClippedAtACharacterBoundary() {
        #expect(Outcomes.clipped(nil, toBytes: 4) == nil)
        #expect(Outcomes.clipped("abc", toBytes: 4) == "abc")
        #expect(Outcomes.clipped("abcdef", toBytes: 4) == "abcd")
        #expect(Outcomes.clipped("ab😀cd", toBytes: 5) == "ab")  // the emoji's 4 bytes do not fit after "ab"
        #expect(Outcomes.clipped(String(repeating: "é", count: 600), toBytes: 1_024)?.utf8.count == 1_024)
    }

    @Test func visitorHashesAreTheFirst128BitsOfTheDigestInHex() {
        let hash = ClickRecorder.visitorHash(salt: "s", address: "203.0.113.9", userAgent: "UA")
        // SHA-256("s\n203.0.113.9\nUA"), first 16 bytes, as computed by `printf 's\n203.0.113.9\nUA' | sha256sum`
        #expect(hash == "7d380d2701f6e4767674fda7e4bf0861")
        #expect(hash != ClickRecorder.visitorHash(salt: "t", address: "203.0.113.9", userAgent: "UA"))
        #expect(hash == ClickRecorder.visitorHash(salt: "s", address: "203.0.113.9", userAgent: "UA"))
        #expect(ClickRecorder.day(of: Self.now) == "2026-09-21")
    }

    static func input(
        _ id: String, slug: String, at offset: TimeInterval, address: String = "203.0.113.9",
        kind: ClickClass = .human
    ) -> ClickInput {
        ClickInput(
            id: id, slug: slug, at: now.addingTimeInterval(offset), address: address, userAgent: "Mozilla/5.0",
            referrer: nil, verdict: ClickVerdict(clickClass: kind, reason: "test"))
    }

    @Test func theRecorderStoresHashedVisitorsAndMarksRepeatsWithinTheWindowAsDuplicates() async throws {
        let store = try SQLiteStore.inMemory()
        let link = try await Outcomes(store: store).createLink(url: "https://a.example/", account: "acme", at: Self.now)
        let recorder = ClickRecorder(store: store, duplicateWindow: 3_600) { Self.now }
        let writer = Task { await recorder.run() }
        try await recorder.record(Self.input("c1", slug: link.slug, at: 0))
        try await recorder.record(Self.input("c2", slug: link.slug, at: 1_800))  // 30 min later: duplicate
        try await recorder.record(Self.input("c3", slug: link.slug, at: 3_700))  // past the hour: human again
        try await recorder.record(Self.input("c4", slug: link.slug, at: 3_701, address: "198.51.100.1"))
        try await recorder.record(Self.input("c5", slug: link.slug, at: 3_702, kind: .bot))
        recorder.close()
        await writer.value
        await #expect(throws: ClickRecorder.ClosedError.self) {
            try await recorder.record(Self.input("c6", slug: link.slug, at: 3_800))
        }
        let classes = try await ["c1", "c2", "c3", "c4", "c5"].asyncMap {
            try await store.fetchClick(id: $0)?.clickClass
        }
        #expect(classes == ["human", "duplicate", "human", "human", "bot"])
        let first = try #require(try await store.fetchClick(id: "c1"))
        #expect(first.visitor != (try await store.fetchClick(id: "c4"))?.visitor)
        #expect(!first.visitor.contains("203.0.113.9"))
        #expect(try await store.fetchClick(id: "c2")?.reason.contains("30 min earlier") == true)
        // A new recorder (a restart) reads the window back from the store
        let restarted = ClickRecorder(store: store, duplicateWindow: 3_600) { Self.now.addingTimeInterval(3_710) }
        let again = Task { await restarted.run() }
        try await restarted.record(Self.input("c7", slug: link.slug, at: 3_720))
        restarted.close()
        await again.value
        #expect(try await store.fetchClick(id: "c7")?.clickClass == "duplicate")
    }

    @Test func theReportCountsRatesAndLeavesUnknownRatesUnknown() async throws {
        let store = try SQLiteStore.inMemory()
        let outcomes = Outcomes(store: store)
        let a = try await outcomes.createLink(
            url: "https://a.example/", account: "acme", campaign: "spring", post: "p1", cost: 30, currency: "EUR",
            at: Self.now)
        let b = try await outcomes.createLink(
            url: "https://b.example/", account: "acme", campaign: "spring", post: "p2", cost: 10, currency: "EUR",
            at: Self.now.addingTimeInterval(1))
        let c = try await outcomes.createLink(
            url: "https://c.example/", account: "acme", at: Self.now.addingTimeInterval(2))
        func click(_ id: String, _ slug: String, _ visitor: String, _ kind: ClickClass = .human) -> StoredClick {
            StoredClick(
                id: id, slug: slug, at: Self.now, visitor: visitor, userAgent: nil, referrer: nil,
                clickClass: kind.rawValue, reason: "")
        }
        try await store.saveClicks([
            click("1", a.slug, "v1"), click("2", a.slug, "v2"), click("3", a.slug, "v3"), click("4", a.slug, "v4"),
            click("5", a.slug, "x", .bot), click("6", b.slug, "v1"), click("7", b.slug, "y", .emailScanner),
        ])
        _ = try await outcomes.addConversion(
            NewConversion(clickID: "1", kind: .sale, value: 20, currency: "eur", at: Self.now))
        _ = try await outcomes.addConversion(NewConversion(clickID: "6", kind: .signup, at: Self.now))
        await #expect(throws: AppError.self) {
            _ = try await outcomes.addConversion(NewConversion(clickID: "missing", kind: .sale, at: Self.now))
        }
        await #expect(throws: AppError.self) {
            _ = try await outcomes.addConversion(NewConversion(clickID: "1", kind: .sale, value: -5, at: Self.now))
        }
        let report = try await outcomes.report(account: "acme")
        #expect(report.realFollowers == nil)
        #expect(report.links.map(\.slug) == [a.slug, b.slug, c.slug])
        let first = report.links[0].figures
        #expect(first.clicks.total == 5 && first.clicks.human == 4 && first.clicks.filtered["bot"] == 1)
        #expect(first.uniqueHumanVisitors == 4)
        #expect(first.conversions.count == 1 && first.conversions.value == 20 && first.conversions.currency == "EUR")
        #expect(first.conversionRate == 0.25)
        #expect(first.costPerHumanClick == 7.5)
        #expect(first.costPerConversion == 30)
        #expect(first.humanClicksPerThousandRealFollowers == nil)
        // A link nobody clicked: every rate unknown, no cost known
        let unclicked = report.links[2].figures
        #expect(unclicked.conversionRate == nil && unclicked.costPerHumanClick == nil && unclicked.cost == nil)
        #expect(report.campaigns.map(\.name) == ["spring"])
        let spring = report.campaigns[0].figures
        #expect(spring.clicks.human == 5 && spring.uniqueHumanVisitors == 4)
        #expect(spring.cost == 40 && spring.costPerConversion == 20)
        #expect(report.posts.map(\.name) == ["p1", "p2"])
        #expect(report.total.clicks.total == 7 && report.total.conversions.count == 2)
        #expect(try await outcomes.report(account: "acme", campaign: "spring").links.count == 2)
    }
}

extension Array {
    fileprivate func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
