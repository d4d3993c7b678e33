import Foundation
import Testing
import TrueReachStore

/// A store opened with `checkpointsInBackground` leaves its log to `checkpoint()`: the database file
/// takes the committed pages only then, and nothing is lost across a reopen.
@Suite struct SQLiteCheckpointTests {
    static func size(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
    }

    @Test func commitsLeaveCheckpointsToTheOwner() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.databasePath
        let store = try SQLiteStore(path: path, configuration: StoreConfiguration(checkpointsInBackground: true))
        let created = Date(timeIntervalSince1970: 1_790_000_000)
        _ = try await store.createLink(
            TrackedLink(slug: "aaa", url: "https://a.example/", account: "acme", createdAt: created))
        let start = try Self.size(path)
        // Far more than 1,000 pages of log: SQLite would have checkpointed on its own by now
        for batch in 0..<20 {
            try await store.saveClicks(
                (0..<500).map { i in
                    StoredClick(
                        id: "c\(batch)-\(i)", slug: "aaa", at: created, visitor: String(repeating: "v", count: 32),
                        userAgent: String(repeating: "Mozilla/5.0 ", count: 40), referrer: nil, clickClass: "human",
                        reason: "no pattern matched")
                })
        }
        #expect(try Self.size(path) == start)
        #expect(try Self.size(path + "-wal") > 4_000_000)
        try await store.checkpoint()
        #expect(try Self.size(path) > start + 4_000_000)
        // Another store over the same file sees every click
        let reader = try SQLiteStore(path: path)
        #expect(
            try await reader.fetchLinkOutcomes(account: "acme", campaign: nil).first?.clicksByClass == ["human": 10_000]
        )
        // A store without the setting checkpoints as SQLite does; checkpoint() does nothing there
        try await reader.checkpoint()
    }
}
