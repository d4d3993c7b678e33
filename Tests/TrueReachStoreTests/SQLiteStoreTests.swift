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

func collect(_ store: SQLiteStore, _ name: String, batchSize: Int = 10_000) async throws -> [[Account]] {
    var batches: [[Account]] = []
    for try await batch in store.fetchAudienceAccounts(name: name, batchSize: batchSize) { batches.append(batch) }
    return batches
}

@Suite struct SQLiteStoreTests {
    static let when = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func everyAccountFieldRoundTrips() async throws {
        // Given an account with every field set, including hostile text
        let full = Account(
            platform: .mastodon,
            id: "109",
            handle: "ren\u{202E}gpj.exe",
            displayName: "<b>Ren</b> \"R\"",
            bio: "line1\nline2, 'quoted' \u{1B}[31m",
            followersCount: 12,
            followingCount: 34,
            postsCount: 56,
            likesCount: 78,
            listsCount: 9,
            createdAt: Date(timeIntervalSince1970: 1_400_000_000),
            capturedAt: Date(timeIntervalSince1970: 1_717_200_000),
            lastPostAt: Date(timeIntervalSince1970: 1_717_000_000),
            verified: true,
            defaultAvatar: false,
            defaultProfile: true,
            backgroundImage: false,
            private: true,
            bot: false,
            url: "https://example.org",
            location: "Ghent",
            language: "nl",
            handleLength: 8,
            handleDigits: 0,
            displayNameLength: 3,
            displayNameDigits: 0,
            bioLength: 40,
            hasURL: true
        )
        let sparse = Account(platform: .instagram, id: "sparse")
        let store = try SQLiteStore.inMemory()
        // When it is stored and read back
        try await store.saveAudience(name: "x", platform: .mastodon, accounts: [full, sparse], createdAt: Self.when)
        // Then every field is unchanged, missing values stay missing
        #expect(try await collect(store, "x") == [[full, sparse]])
        let info = try #require(try await store.fetchAudience(name: "x"))
        #expect(info == AudienceInfo(name: "x", platform: .mastodon, createdAt: Self.when, accountCount: 2))
    }

    @Test func fileStorePersistsAcrossReopen() async throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try SQLiteStore(path: dir.databasePath)
            try await store.saveAudience(name: "acme", platform: .twitter, accounts: accounts(30), createdAt: Self.when)
        }
        // Reopening runs the migrator again, which must be a no-op.
        let reopened = try SQLiteStore(path: dir.databasePath)
        #expect(try await reopened.fetchAudienceNames() == ["acme"])
        #expect(try await reopened.fetchCount(audience: "acme") == 30)
        #expect(try await collect(reopened, "acme").flatMap { $0 } == accounts(30))
    }

    @Test func streamsInBatchesInImportOrder() async throws {
        let store = try SQLiteStore.inMemory()
        // Import order is not id order: keep it.
        let input = accounts(25).reversed().map { $0 }
        try await store.saveAudience(name: "acme", platform: .twitter, accounts: input, createdAt: Self.when)
        try await store.saveAudience(
            name: "other",
            platform: .twitter,
            accounts: accounts(7, prefix: "o"),
            createdAt: Self.when
        )
        let batches = try await collect(store, "acme", batchSize: 10)
        #expect(batches.map(\.count) == [10, 10, 5])
        #expect(batches.flatMap { $0 } == input)
        #expect(try await collect(store, "other", batchSize: 7).map(\.count) == [7])
    }

    @Test func missingAudienceThrowsNotFound() async throws {
        let store = try SQLiteStore.inMemory()
        let error = await #expect(throws: StoreError.self) { _ = try await collect(store, "nobody") }
        #expect(error?.code == .notFound)
        #expect(try await store.fetchCount(audience: "nobody") == 0)
        #expect(try await store.fetchAudience(name: "nobody") == nil)
    }

    @Test func reimportReplacesTheAudience() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.saveAudience(name: "acme", platform: .twitter, accounts: accounts(10), createdAt: Self.when)
        let summary = try await store.saveAudience(
            name: "acme",
            platform: .twitter,
            accounts: accounts(4, prefix: "b"),
            createdAt: Self.when
        )
        #expect(summary.replacedExisting)
        #expect(try await collect(store, "acme").flatMap { $0 } == accounts(4, prefix: "b"))
        #expect(try await store.fetchCount(audience: "acme") == 4)
        #expect(try await store.fetchAudienceNames() == ["acme"])
    }

    @Test(arguments: [0, 1, 3])
    func failedImportLeavesDatabaseAsBefore(failAfter: Int) async throws {
        // Given a stored audience
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.databasePath, configuration: StoreConfiguration(importBatchSize: 5))
        try await store.saveAudience(name: "acme", platform: .twitter, accounts: accounts(12), createdAt: Self.when)
        let batches = stride(from: 0, to: 50, by: 10).map { Array(accounts(50, prefix: "n")[$0..<$0 + 10]) }
        // When re-importing it, and importing a new audience, fails part-way
        await #expect(throws: FailingBatches.Boom.self) {
            try await store.saveAudience(
                name: "acme",
                platform: .twitter,
                batches: FailingBatches(batches: batches, failAfter: failAfter)
            )
        }
        await #expect(throws: FailingBatches.Boom.self) {
            try await store.saveAudience(
                name: "new",
                platform: .twitter,
                batches: FailingBatches(batches: batches, failAfter: failAfter)
            )
        }
        // Then the old audience is intact and the new one left no rows
        #expect(try await store.fetchAudienceNames() == ["acme"])
        #expect(try await collect(store, "acme").flatMap { $0 } == accounts(12))
        #expect(try await store.fetchCount(audience: "acme") == 12)
        // And the store still works
        try await store.saveAudience(name: "new", platform: .twitter, accounts: accounts(3), createdAt: Self.when)
        #expect(try await store.fetchCount(audience: "new") == 3)
    }

    @Test(.timeLimit(.minutes(1))) func cancelledImportLeavesDatabaseAsBefore() async throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.databasePath)
        try await store.saveAudience(name: "acme", platform: .twitter, accounts: accounts(8), createdAt: Self.when)
        // An endless input: only cancellation can end this import.
        let (started, startedContinuation) = AsyncStream<Void>.makeStream()
        let endless = AsyncStream<[Account]> { continuation in
            continuation.onTermination = { _ in }
            for i in 0..<3 { continuation.yield(accounts(100, prefix: "e\(i)_")) }
            startedContinuation.yield()
        }
        let task = Task { try await store.saveAudience(name: "acme", platform: .twitter, batches: endless) }
        for await _ in started { break }
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(try await collect(store, "acme").flatMap { $0 } == accounts(8))
    }

    @Test func strictImportRollsBackOnInvalidRecord() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.saveAudience(name: "acme", platform: .twitter, accounts: accounts(5), createdAt: Self.when)
        var bad = accounts(20, prefix: "b")
        bad[13] = Account.fixture(id: "", handle: "no_id")
        let error = await #expect(throws: StoreError.self) {
            try await store.saveAudience(
                name: "acme",
                platform: .twitter,
                accounts: bad,
                options: AudienceImportOptions(strict: true)
            )
        }
        #expect(error?.code == .invalidRecord)
        #expect(error?.recordIndex == 14)
        #expect(try await collect(store, "acme").flatMap { $0 } == accounts(5))
    }

    @Test func lenientImportSkipsAndCountsBadRecords() async throws {
        let store = try SQLiteStore.inMemory()
        var input = accounts(6)
        input[1] = Account.fixture(id: "neg", followers: -4)
        input.append(input[2])  // a repeat: the first is kept
        let summary = try await store.saveAudience(
            name: "acme",
            platform: .twitter,
            accounts: input,
            createdAt: Self.when
        )
        #expect(summary.accountsRead == 7)
        #expect(summary.accountsSaved == 5)
        #expect(summary.invalidSkipped == 1)
        #expect(summary.duplicatesSkipped == 1)
        #expect(
            summary.problems == [
                AudienceImportProblem(recordIndex: 2, kind: .negativeCount),
                AudienceImportProblem(recordIndex: 7, kind: .duplicate),
            ]
        )
        #expect(try await store.fetchCount(audience: "acme") == 5)
    }

    @Test func strictImportRejectsDuplicates() async throws {
        let store = try SQLiteStore.inMemory()
        var input = accounts(4)
        input.append(input[0])
        let error = await #expect(throws: StoreError.self) {
            try await store.saveAudience(
                name: "acme",
                platform: .twitter,
                accounts: input,
                options: AudienceImportOptions(strict: true)
            )
        }
        #expect(error?.code == .duplicateAccount)
        #expect(try await store.fetchAudienceNames().isEmpty)
    }

    @Test func sameIDOnTwoPlatformsIsTwoAccounts() async throws {
        let store = try SQLiteStore.inMemory()
        let input = [Account.fixture(platform: .twitter, id: "1"), Account.fixture(platform: .bluesky, id: "1")]
        let summary = try await store.saveAudience(name: "x", platform: .twitter, accounts: input, createdAt: Self.when)
        #expect(summary.accountsSaved == 2)
    }

    @Test func elementStreamImportBatchesInternally() async throws {
        let store = try SQLiteStore.inMemory(configuration: StoreConfiguration(importBatchSize: 4))
        let input = accounts(11)
        let stream = AsyncStream<Account> { continuation in
            for account in input { continuation.yield(account) }
            continuation.finish()
        }
        let summary = try await store.saveAudience(
            name: "s",
            platform: .twitter,
            accounts: stream,
            createdAt: Self.when
        )
        #expect(summary.accountsSaved == 11)
        #expect(try await collect(store, "s").flatMap { $0 } == input)
    }

    @Test func readerDetectsConcurrentReimport() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.saveAudience(name: "acme", platform: .twitter, accounts: accounts(20), createdAt: Self.when)
        var iterator = store.fetchAudienceAccounts(name: "acme", batchSize: 5).makeAsyncIterator()
        #expect(try await iterator.next()?.count == 5)
        try await store.saveAudience(
            name: "acme",
            platform: .twitter,
            accounts: accounts(20, prefix: "z"),
            createdAt: Self.when
        )
        let error = await #expect(throws: StoreError.self) { _ = try await iterator.next() }
        #expect(error?.code == .concurrentModification)
    }

    @Test func deleteAudienceRemovesAccounts() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.saveAudience(name: "acme", platform: .twitter, accounts: accounts(3), createdAt: Self.when)
        #expect(try await store.deleteAudience(name: "acme"))
        #expect(try await !store.deleteAudience(name: "acme"))
        #expect(try await store.fetchAudienceNames().isEmpty)
        // The same name can be imported again.
        try await store.saveAudience(name: "acme", platform: .twitter, accounts: accounts(3), createdAt: Self.when)
        #expect(try await store.fetchCount(audience: "acme") == 3)
    }

    @Test func migrationsAreNamedAndOrdered() {
        let names = SQLiteStore.migrationNames
        #expect(Array(names.prefix(3)) == ["store.v1.audiences", "store.v1.accounts", "store.v1.audits"])
        #expect(names.contains("store.v2.audits_unknown_headline"))
        #expect(Set(names).count == names.count)
    }

    @Test func unopenablePathThrowsOpenFailed() throws {
        let dir = try TemporaryDirectory()
        let file = dir.url.appendingPathComponent("not-a-dir")
        try Data("x".utf8).write(to: file)
        let error = #expect(throws: StoreError.self) {
            _ = try SQLiteStore(path: file.appendingPathComponent("db.sqlite").path)
        }
        #expect(error?.code == .openFailed)
    }
}
