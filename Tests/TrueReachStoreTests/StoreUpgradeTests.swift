import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@testable import TrueReachStore

/// A database written by an earlier build opens in this one with nothing lost (the migrations that
/// rename run on real data).
@Suite struct StoreUpgradeTests {
    @Test func aStoreV3DatabaseKeepsItsAudienceProfilesAndInteractions() async throws {
        // Given a database as store.v3 left it, holding an audience of two profiles (positions 1 and 2)
        // and an interaction
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("v3.sqlite").path
        try SQLiteStore.makeEarlierDatabase(
            path: path, through: "store.v3.account_records",
            sql: """
                INSERT INTO audiences (id, name, platform, created_at, account_count) VALUES (1, 'shop', 'twitter', 0, 2);
                INSERT INTO accounts (row_key, audience_id, platform, id, handle, followers_count)
                    VALUES (4294967297, 1, 'twitter', '1', 'ann', 10), (4294967298, 1, 'twitter', '2', 'bob', 20);
                INSERT INTO interactions (platform, post, account, kind) VALUES ('twitter', 'p1', '2', 'like');
                """)
        // When this build opens it
        let store = try SQLiteStore(path: path)
        // Then everything is there under the new names
        let info = try #require(try await store.fetchAudience(account: "shop"))
        #expect(info.account == "shop" && info.followerCount == 2)
        #expect(try await store.fetchAudienceAccounts() == ["shop"])
        var handles: [String?] = []
        for try await batch in store.fetchAudienceProfiles(account: "shop") { handles += batch.map(\.handle) }
        #expect(handles == ["ann", "bob"])
        let interactions = try await store.fetchInteractions(platform: .twitter, post: "p1")
        #expect(interactions.map(\.profile) == ["2"])
        #expect(try await store.deleteAudience(account: "shop"))
    }

    @Test func aStoreV6DatabaseSearchesItsAuditFollowersThroughTheTrigramIndex() async throws {
        // Given a database as store.v6 left it, holding an audit's follower list of two
        let directory = try TemporaryDirectory()
        let path = directory.url.appendingPathComponent("v6.sqlite").path
        try SQLiteStore.makeEarlierDatabase(
            path: path, through: "store.v6.audit_follower_profiles",
            sql: """
                INSERT INTO audits (id, account, as_of, created_at, scorer, threshold, followers_total,
                    followers_analysed, sampled, true_reach, audience_quality_score, report)
                    VALUES (1, 'shop', 0, 0, 'rules', 0.5, 2, 2, 0, NULL, NULL, x'7b7d');
                INSERT INTO audit_followers (row_key, audit_id, position, platform, profile, handle, display_name,
                    probability, category, followers_count, signals, sort_probability, sort_followers, search_text)
                    VALUES (4294967297, 1, 1, 'twitter', '1', 'annabel', 'Annabel Lee', 0.9, 'real', 10, '[]',
                        -0.9, -10, 'annabel' || char(10) || 'annabel lee'),
                    (4294967298, 1, 2, 'twitter', '2', 'bob', 'Bob', 0.1, 'real', 20, '[]', -0.1, -20,
                        'bob' || char(10) || 'bob');
                INSERT INTO audit_follower_lists (audit_id, follower_count) VALUES (1, 2);
                """)
        // When this build opens it (store.v7 indexes the rows already there)
        let store = try SQLiteStore(path: path)
        // Then a search the trigram index answers finds them, and one it cannot (two characters) too
        let lee = try #require(try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: 1, search: "Lee")))
        #expect(lee.followers.map(\.position) == [1])
        let short = try #require(try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: 1, search: "bo")))
        #expect(short.followers.map(\.position) == [2])
        // And rows written after it are indexed as they are written
        let audit = try await store.saveAudit(.fixture(account: "shop"), createdAt: Date(timeIntervalSince1970: 1)).id
        let written = AuditFollower(
            position: 1, platform: .twitter, profile: "3", handle: "carla_lee", displayName: nil, probability: 0.5,
            category: .real, followersCount: nil, signals: [])
        try await store.saveAuditFollowers(audit: audit, batches: [[written]].async)
        let found = try #require(
            try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: audit, search: "la_l")))
        #expect(found.followers == [written])
        #expect(
            try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: 1, search: "Lee"))?.followers.count == 1)
    }
}
