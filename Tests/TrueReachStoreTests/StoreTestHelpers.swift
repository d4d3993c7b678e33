import Foundation
import Testing
import TrueReachCore
import TrueReachStore
import TrueReachTestSupport

/// A fresh temporary directory, removed when the value is dropped.
final class TemporaryDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("truereach-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    var databasePath: String { url.appendingPathComponent("db/truereach.sqlite").path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// An async sequence of batches that throws after `failAfter` batches.
struct FailingBatches: AsyncSequence {
    typealias Element = [Account]
    struct Boom: Error {}
    let batches: [[Account]]
    let failAfter: Int?
    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let batches: [[Account]]
        let failAfter: Int?
        mutating func next() async throws -> [Account]? {
            if let failAfter, index == failAfter { throw Boom() }
            guard index < batches.count else { return nil }
            defer { index += 1 }
            return batches[index]
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(batches: batches, failAfter: failAfter) }
}

func accounts(_ count: Int, prefix: String = "a", platform: Platform = .twitter) -> [Account] {
    (0..<count).map { i in
        Account.fixture(platform: platform, id: AccountID("\(prefix)\(i)"), handle: "\(prefix)_user\(i)", followers: i)
    }
}

func collect(_ store: any AudienceStore, _ name: String, batchSize: Int = 10_000) async throws -> [[Account]] {
    var batches: [[Account]] = []
    for try await batch in store.fetchAudienceAccounts(name: name, batchSize: batchSize) { batches.append(batch) }
    return batches
}
