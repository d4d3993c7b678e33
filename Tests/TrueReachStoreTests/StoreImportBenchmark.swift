import Foundation
import Testing
import TrueReachCore
import TrueReachStore
import TrueReachTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Import throughput, printed; runs only with `TRUEREACH_BENCH_STORE=<accounts>` (use a release build).
///
/// `TRUEREACH_BENCH_STORE=1000000 swift test -c release --filter StoreImportBenchmark`
@Suite struct StoreImportBenchmark {
    static let count = Int(ProcessInfo.processInfo.environment["TRUEREACH_BENCH_STORE"] ?? "") ?? 0

    @Test(.enabled(if: count > 0)) func importRowsPerSecond() async throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.databasePath)
        let n = Self.count
        let batchSize = 10_000
        // Batches are generated on the fly, as a reader would: memory stays at a couple of batches.
        struct Generated: AsyncSequence {
            typealias Element = [Profile]
            let n: Int
            let batchSize: Int
            struct AsyncIterator: AsyncIteratorProtocol {
                let n: Int
                let batchSize: Int
                var next = 0
                var rng = SplitMix64(seed: 1)
                mutating func next() async -> [Profile]? {
                    guard next < n else { return nil }
                    let end = Swift.min(n, next + batchSize)
                    defer { next = end }
                    return (next..<end).map { i in
                        Profile.fixture(
                            id: ProfileID(String(i)),
                            handle: "user\(rng.next() % 1_000_000)",
                            bio: i % 3 == 0 ? nil : "Coffee, books and long walks. #\(i % 97)",
                            followers: Int(rng.next() % 50_000),
                            following: Int(rng.next() % 5_000)
                        )
                    }
                }
            }
            func makeAsyncIterator() -> AsyncIterator { AsyncIterator(n: n, batchSize: batchSize) }
        }
        let wall = ContinuousClock()
        let cpuStart = clock_t(clock())
        let start = wall.now
        let summary = try await store.saveAudience(
            account: "bench",
            platform: .twitter,
            batches: Generated(n: n, batchSize: batchSize)
        )
        let importTime = wall.now - start
        let cpuSeconds = Double(clock_t(clock()) - cpuStart) / Double(CLOCKS_PER_SEC)
        let readStart = wall.now
        var read = 0
        for try await batch in store.fetchAudienceProfiles(account: "bench") { read += batch.count }
        let readTime = wall.now - readStart
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        }
        print(
            "store import: \(summary.followersSaved) accounts in \(seconds(importTime)) s = "
                + "\(Int(Double(n) / seconds(importTime))) rows/s wall, "
                + "\(Int(Double(n) / cpuSeconds)) rows per CPU-second (generator included); "
                + "read back \(read) in \(seconds(readTime)) s = \(Int(Double(read) / seconds(readTime))) rows/s"
        )
        #expect(read == n)
    }
}
