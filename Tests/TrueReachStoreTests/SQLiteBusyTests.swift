import Foundation
import Synchronization
import Testing
import TrueReachCore
import TrueReachStore

/// A second writer waits for a long import instead of failing with "database is locked", and says so.
@Suite struct SQLiteBusyTests {
    final class Counter: Sendable {
        let waits = Mutex(0)
    }

    @Test func aSecondWriterWaitsForTheFirstAndIsToldItWaits() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("truereach-busy-\(UUID())")
        let path = directory.appendingPathComponent("db.sqlite").path
        let counter = Counter()
        let first = try SQLiteStore(path: path)
        let second = try SQLiteStore(
            path: path,
            configuration: StoreConfiguration(busyTimeoutSeconds: 30, onWait: { counter.waits.withLock { $0 += 1 } }))
        let (holding, release) = AsyncStream.makeStream(of: Void.self)
        let (started, signal) = AsyncStream.makeStream(of: Void.self)
        // An import whose producer holds the write transaction open until released
        let slow = Task {
            try await first.saveAudience(
                account: "slow", platform: .twitter,
                batches: AsyncThrowingStream<[Profile], any Error> { continuation in
                    Task {
                        continuation.yield([Profile(platform: .twitter, id: ProfileID("1"))])
                        signal.yield()
                        for await _ in holding {}
                        continuation.finish()
                    }
                })
        }
        for await _ in started { break }
        try await Task.sleep(for: .milliseconds(100))
        // A second connection's write starts while the first holds the lock
        let quick = Task {
            try await second.saveAudience(
                account: "quick", platform: .twitter, profiles: [Profile(platform: .twitter, id: ProfileID("2"))])
        }
        try await Task.sleep(for: .milliseconds(400))
        release.finish()
        let slowSummary = try await slow.value
        let quickSummary = try await quick.value
        #expect(slowSummary.followersSaved == 1)
        #expect(quickSummary.followersSaved == 1)
        #expect(counter.waits.withLock { $0 } >= 1)
        #expect(try await second.fetchAudienceAccounts() == ["quick", "slow"])
    }
}
