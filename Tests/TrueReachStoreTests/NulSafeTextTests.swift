import Foundation
import Testing
import TrueReachCore
import TrueReachStore

/// GRDB binds strings up to their first NUL; profile text with a NUL must still come back whole.
@Suite struct NulSafeTextTests {
    @Test func accountTextWithNULRoundTrips() async throws {
        // Given an account whose texts carry embedded NUL characters
        let store = try SQLiteStore.inMemory()
        let account = Account(
            platform: .twitter, id: "id\u{0}1", handle: "a\u{0}b", displayName: "Ann\u{0}", bio: "before\u{0}after",
            url: "https://x\u{0}", location: "\u{0}", language: "en")
        // When it is stored and read back
        try await store.saveAudience(name: "n", platform: .twitter, accounts: [account])
        var fetched: [Account] = []
        for try await batch in store.fetchAudienceAccounts(name: "n") { fetched += batch }
        // Then nothing was cut
        #expect(fetched == [account])
    }

    @Test func postAndInteractionTextWithNULRoundTrips() async throws {
        let store = try SQLiteStore.inMemory()
        let post = Post(platform: .mastodon, id: "p", author: "a", text: "one\u{0}two")
        try await store.savePosts([post])
        #expect(try await store.fetchPosts(platform: .mastodon, author: "a") == [post])
        let reply = Interaction(platform: .mastodon, post: "p", account: "b", kind: .reply, text: "x\u{0}y")
        try await store.saveInteractions([reply])
        #expect(try await store.fetchInteractions(platform: .mastodon, post: "p") == [reply])
    }
}
