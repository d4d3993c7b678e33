import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import TrueReachApp
import TrueReachCore
import TrueReachStore

@testable import TrueReachServer

/// Decoded reports are kept by audit id: each is read once, the newest audit is always the one
/// shown, and the cache stays within its capacity.
@Suite(.timeLimit(.minutes(5))) struct ReportCacheTests {
    @Test func aReportIsLoadedOnceAndTheOldestEntryGoesFirst() async throws {
        // Given a cache of two, and a stored report
        let fixture = try await ServerFixture()
        let audit = try #require(try await fixture.store.fetchAudits(account: "acme", limit: 1).first)
        let report = try #require(try await fixture.store.fetchAuditReport(id: audit.id))
        let cache = ReportCache(capacity: 2)
        var loads = 0
        // When audit 1 is asked for twice
        for _ in 0..<2 {
            let kept = try await cache.report(of: 1) {
                loads += 1
                return report
            }
            #expect(kept == report)
        }
        // Then it was loaded once
        #expect(loads == 1)
        // And a report that is not there is not kept
        #expect(try await cache.report(of: 9) { nil } == nil)
        #expect(cache.count == 1)
        // And past the capacity the oldest entry goes
        _ = try await cache.report(of: 2) { report }
        _ = try await cache.report(of: 3) { report }
        #expect(cache.count == 2)
        _ = try await cache.report(of: 1) {
            loads += 1
            return report
        }
        #expect(loads == 2)
    }

    @Test func aNewAuditIsShownAfterTheServerShowedThePreviousOne() async throws {
        let fixture = try await ServerFixture()
        try await fixture.application().test(.router) { client in
            // Given the overview and the report served once (so the first audit's report is kept)
            let before = try await client.execute(uri: "/api/accounts/acme", method: .get, headers: fixture.auth) {
                response in
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            }
            #expect(before?["followers_total"] as? Int == 120)
            let overview = try await client.execute(uri: "/accounts/acme", method: .get) { response in
                String(body: response.body)
            }
            // When the account's audience shrinks and is audited again
            var profiles: [Profile] = []
            for try await batch in fixture.store.fetchAudienceProfiles(account: "acme") { profiles += batch }
            try await fixture.store.saveAudience(
                account: "acme", platform: .twitter, profiles: Array(profiles.prefix(50)), createdAt: ServerFixture.now)
            let job = AuditJob(scorer: RuleScorer(), asOf: ServerFixture.now)
            let source = AudienceSource.stored(fixture.store, name: "acme")
            let result = try await job.run(source: source, account: "acme")
            try await job.record(
                result, source: source, account: "acme", in: fixture.store, at: ServerFixture.now.addingTimeInterval(60)
            )
            // Then the API and the overview show the new audit
            let after = try await client.execute(uri: "/api/accounts/acme", method: .get, headers: fixture.auth) {
                response in
                try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            }
            #expect(after?["followers_total"] as? Int == 50)
            let newOverview = try await client.execute(uri: "/accounts/acme", method: .get) { response in
                String(body: response.body)
            }
            #expect(newOverview != overview)
        }
    }
}
