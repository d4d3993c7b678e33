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
    typealias Element = [Profile]
    struct Boom: Error {}
    let batches: [[Profile]]
    let failAfter: Int?
    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let batches: [[Profile]]
        let failAfter: Int?
        mutating func next() async throws -> [Profile]? {
            if let failAfter, index == failAfter { throw Boom() }
            guard index < batches.count else { return nil }
            defer { index += 1 }
            return batches[index]
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(batches: batches, failAfter: failAfter) }
}

func profiles(_ count: Int, prefix: String = "a", platform: Platform = .twitter) -> [Profile] {
    (0..<count).map { i in
        Profile.fixture(platform: platform, id: ProfileID("\(prefix)\(i)"), handle: "\(prefix)_user\(i)", followers: i)
    }
}

func collect(_ store: any AudienceStore, _ name: String, batchSize: Int = 10_000) async throws -> [[Profile]] {
    var batches: [[Profile]] = []
    for try await batch in store.fetchAudienceProfiles(account: name, batchSize: batchSize) { batches.append(batch) }
    return batches
}
