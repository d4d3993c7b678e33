import Foundation
import Logging
import Testing
import TrueReachApp
import TrueReachConnectors
import TrueReachCore
import TrueReachPostgres
import TrueReachStore

/// The PostgreSQL server for tests (`scripts/with-postgres` sets it), or `nil`.
let testPostgresURL: PostgresURL? = {
    guard let value = ProcessInfo.processInfo.environment["TRUEREACH_TEST_POSTGRES_URL"], !value.isEmpty,
        case .postgres(let url)? = try? StoreLocation(parsing: value)
    else { return nil }
    return url
}()

@Suite("Fetch into PostgreSQL")
struct PostgresFetchTests {
    /// A fetch stopped and continued, into a real PostgreSQL database: the final import streams the
    /// staged pages from the pool while its transaction writes.
    @Test(
        .enabled(
            if: testPostgresURL != nil || ProcessInfo.processInfo.environment["CI"] == "true",
            "TRUEREACH_TEST_POSTGRES_URL is not set (run under scripts/with-postgres)"))
    func aStoppedFetchContinuesIntoPostgreSQL() async throws {
        let admin = try #require(testPostgresURL, "CI=true but TRUEREACH_TEST_POSTGRES_URL is unset")
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let name = "truereach_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await PostgresStore.createDatabase(name, admin: admin, logger: logger)
        var failure: (any Error)?
        do {
            let store = try await PostgresStore.connect(url: admin.withDatabase(name), logger: logger)
            do {
                let clock = VirtualClock()
                let fake = FakeMastodon(followers: 5_250, clock: clock)
                fake.update { $0.failFollowersAfter = 25 }
                try await withServer(fake.handler) { server in
                    await #expect(throws: ConnectorError.self) {
                        _ = try await fetch(
                            try mastodon(server, clock: clock, limits: testLimits(attempts: 2)), into: store)
                    }
                    let staged = try await store.fetchCheckpoint(account: "@alice@social.example")?.stagedCount
                    #expect(staged == 2_000)
                    fake.update { $0.failFollowersAfter = nil }
                    let summary = try await fetch(try mastodon(server, clock: clock), into: store)
                    #expect(summary.resumed)
                    #expect(summary.followers == 5_250)
                    let ids = try await storedIDs(store, "@alice@social.example")
                    #expect(ids == (0..<5_250).map { String(100_000 + $0) })
                    let records = try await store.fetchAccountRecords(account: "@alice@social.example")
                    #expect(records.snapshots.first?.entries.count == 5_250)
                }
            } catch {
                failure = error
            }
            try await store.close()
        } catch {
            failure = failure ?? error
        }
        try await PostgresStore.dropDatabase(name, admin: admin, logger: logger)
        if let failure { throw failure }
    }
}
