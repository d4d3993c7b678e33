import Foundation
import Testing
import TrueReachCore

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
}
