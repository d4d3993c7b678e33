import Foundation
import Testing
import TrueReachCore
import TrueReachStore
import TrueReachTestSupport

/// Audience semantics every ``AudienceStore`` must share, run against each ``StoreKind``.
@Suite(.timeLimit(.minutes(10))) struct StoreConformanceTests {
    static let when = Date(timeIntervalSince1970: 1_790_000_000)

    static let full = Profile(
        platform: .mastodon,
        id: "109",
        handle: "ren\u{202E}gpj.exe",
        displayName: "<b>Ren</b> \"R\" 'single' ; DROP TABLE accounts; --",
        bio: "line1\nline2\ttab, 'quoted' \\backslash \u{1B}[31m 🧑🏽‍💻",
        followersCount: 12,
        followingCount: 34,
        postsCount: 56,
        likesCount: 78,
        listsCount: 9,
        createdAt: Date(timeIntervalSince1970: 1_400_000_000.123_456_7),
        capturedAt: Date(timeIntervalSince1970: 1_717_200_000.5),
        lastPostAt: Date(timeIntervalSince1970: -86_400.25),
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

    @Test(arguments: StoreKind.available)
    func everyAccountFieldRoundTrips(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            // Given an account with every field set, hostile text included, and one with none
            let store = fixture.store
            let sparse = Profile(platform: .instagram, id: "sparse")
            // When they are stored and read back
            try await store.saveAudience(
                account: "x",
                platform: .mastodon,
                profiles: [Self.full, sparse],
                createdAt: Self.when
            )
            // Then every field is unchanged and missing values stay missing
            #expect(try await collect(store, "x") == [[Self.full, sparse]])
            let info = try #require(try await store.fetchAudience(account: "x"))
            #expect(info == AudienceInfo(account: "x", platform: .mastodon, createdAt: Self.when, followerCount: 2))
        }
    }

    @Test(arguments: StoreKind.available)
    func hostileTextRoundTripsEverywhere(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            // Given text PostgreSQL cannot hold as is (NUL), the encoding's own marker, emoji, quotes, long text
            let store = fixture.store
            let long = String(repeating: "ab\u{0}🦊'\"", count: 20_000)
            let texts = [
                "id\u{0}1", "\u{0}", "a\u{0}b", "\u{10FFFD}", "\u{10FFFD}0x", "x\u{10FFFD}\u{0}", "🦊‍🔥", "'; --", long,
            ]
            let input = texts.enumerated().map { index, text in
                Profile(
                    platform: .twitter,
                    id: ProfileID(rawValue: text + "\(index)"),
                    handle: text,
                    displayName: text,
                    bio: text,
                    url: text,
                    location: text,
                    language: text
                )
            }
            let name = "name\u{0}with NUL 🦊"
            // When they are stored under a hostile audience name and read back
            let summary = try await store.saveAudience(
                account: name,
                platform: .twitter,
                profiles: input,
                createdAt: Self.when
            )
            // Then nothing was cut or changed, and the name finds the audience
            #expect(summary.followersSaved == input.count)
            #expect(try await collect(store, name).flatMap { $0 } == input)
            #expect(try await store.fetchAudienceAccounts() == [name])
            #expect(try await store.fetchCount(audience: name) == input.count)
            #expect(try await store.fetchAudience(account: name)?.account == name)
            #expect(try await store.fetchCount(audience: "name") == 0)
            #expect(try await store.deleteAudience(account: name))
        }
    }

    @Test(arguments: StoreKind.available)
    func streamsInBatchesInImportOrder(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            // Given two audiences, one imported in an order that is not id order
            let input = profiles(25).reversed().map { $0 }
            try await store.saveAudience(account: "acme", platform: .twitter, profiles: input, createdAt: Self.when)
            try await store.saveAudience(
                account: "other",
                platform: .twitter,
                profiles: profiles(7, prefix: "o"),
                createdAt: Self.when
            )
            // Then each reads back in its own import order, in full batches
            let batches = try await collect(store, "acme", batchSize: 10)
            #expect(batches.map(\.count) == [10, 10, 5])
            #expect(batches.flatMap { $0 } == input)
            #expect(try await collect(store, "other", batchSize: 7).map(\.count) == [7])
            #expect(try await collect(store, "acme", batchSize: 5).map(\.count) == [5, 5, 5, 5, 5])
        }
    }

    @Test(arguments: StoreKind.available)
    func missingAudienceThrowsNotFound(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            let error = await #expect(throws: StoreError.self) { _ = try await collect(store, "nobody") }
            #expect(error?.code == .notFound)
            let count = try await store.fetchCount(audience: "nobody")
            let info = try await store.fetchAudience(account: "nobody")
            let page = try await store.fetchProfilePage(audience: "nobody", after: nil, limit: 1)
            #expect(count == 0)
            #expect(info == nil)
            #expect(page == nil)
        }
    }

    @Test(arguments: StoreKind.available)
    func reimportReplacesTheAudience(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            try await store.saveAudience(
                account: "acme", platform: .twitter, profiles: profiles(10), createdAt: Self.when)
            let later = Self.when.addingTimeInterval(60)
            let summary = try await store.saveAudience(
                account: "acme",
                platform: .bluesky,
                profiles: profiles(4, prefix: "b"),
                createdAt: later
            )
            #expect(summary.replacedExisting)
            #expect(try await collect(store, "acme").flatMap { $0 } == profiles(4, prefix: "b"))
            #expect(try await store.fetchCount(audience: "acme") == 4)
            #expect(try await store.fetchAudienceAccounts() == ["acme"])
            #expect(
                try await store.fetchAudience(account: "acme")
                    == AudienceInfo(account: "acme", platform: .bluesky, createdAt: later, followerCount: 4)
            )
        }
    }

    @Test(arguments: StoreKind.available, [0, 1, 3])
    func failedImportLeavesStoreAsBefore(kind: StoreKind, failAfter: Int) async throws {
        try await withStore(kind, configuration: StoreConfiguration(importBatchSize: 5)) { fixture in
            // Given a stored audience
            let store = fixture.store
            try await store.saveAudience(
                account: "acme", platform: .twitter, profiles: profiles(12), createdAt: Self.when)
            let batches = stride(from: 0, to: 50, by: 10).map { Array(profiles(50, prefix: "n")[$0..<$0 + 10]) }
            // When re-importing it, and importing a new audience, fails part-way
            await #expect(throws: FailingBatches.Boom.self) {
                try await store.saveAudience(
                    account: "acme",
                    platform: .twitter,
                    batches: FailingBatches(batches: batches, failAfter: failAfter)
                )
            }
            await #expect(throws: FailingBatches.Boom.self) {
                try await store.saveAudience(
                    account: "new",
                    platform: .twitter,
                    batches: FailingBatches(batches: batches, failAfter: failAfter)
                )
            }
            // Then the old audience is intact and the new one left nothing
            #expect(try await store.fetchAudienceAccounts() == ["acme"])
            #expect(try await collect(store, "acme").flatMap { $0 } == profiles(12))
            #expect(try await store.fetchCount(audience: "acme") == 12)
            // And the store still works
            try await store.saveAudience(
                account: "new", platform: .twitter, profiles: profiles(3), createdAt: Self.when)
            #expect(try await store.fetchCount(audience: "new") == 3)
        }
    }

    @Test(arguments: StoreKind.available)
    func cancelledImportLeavesStoreAsBefore(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            try await store.saveAudience(
                account: "acme", platform: .twitter, profiles: profiles(8), createdAt: Self.when)
            // An endless input: only cancellation can end this import.
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let endless = AsyncStream<[Profile]> { continuation in
                continuation.onTermination = { _ in }
                for i in 0..<3 { continuation.yield(profiles(100, prefix: "e\(i)_")) }
                startedContinuation.yield()
            }
            let task = Task { try await store.saveAudience(account: "acme", platform: .twitter, batches: endless) }
            for await _ in started { break }
            task.cancel()
            let result = await task.result
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(try await collect(store, "acme").flatMap { $0 } == profiles(8))
            #expect(try await store.fetchCount(audience: "acme") == 8)
        }
    }

    @Test(arguments: StoreKind.available)
    func strictImportRollsBackOnInvalidRecord(kind: StoreKind) async throws {
        try await withStore(kind, configuration: StoreConfiguration(importBatchSize: 6)) { fixture in
            let store = fixture.store
            try await store.saveAudience(
                account: "acme", platform: .twitter, profiles: profiles(5), createdAt: Self.when)
            var bad = profiles(20, prefix: "b")
            bad[13] = Profile.fixture(id: "", handle: "no_id")
            let error = await #expect(throws: StoreError.self) {
                try await store.saveAudience(
                    account: "acme",
                    platform: .twitter,
                    profiles: bad,
                    options: AudienceImportOptions(strict: true)
                )
            }
            #expect(error?.code == .invalidRecord)
            #expect(error?.recordIndex == 14)
            #expect(try await collect(store, "acme").flatMap { $0 } == profiles(5))
        }
    }

    @Test(arguments: StoreKind.available)
    func lenientImportSkipsAndCountsBadRecords(kind: StoreKind) async throws {
        try await withStore(kind, configuration: StoreConfiguration(importBatchSize: 4)) { fixture in
            // Given invalid accounts and repeats, within one batch and across batches
            let store = fixture.store
            var input = profiles(6)
            input[1] = Profile.fixture(id: "neg", followers: -4)
            var repeatInBatch = input[4]
            repeatInBatch.handle = "second copy"
            input.insert(repeatInBatch, at: 5)  // batch 2 holds both copies
            input.append(input[2])  // a repeat of batch 1, in batch 2
            input.append(Profile.fixture(id: ""))
            // When imported without strict mode
            let summary = try await store.saveAudience(
                account: "acme",
                platform: .twitter,
                profiles: input,
                options: AudienceImportOptions(maxListedProblems: 3),
                createdAt: Self.when
            )
            // Then they are skipped, counted and listed in input order, and the first copy is kept
            #expect(summary.followersRead == 9)
            #expect(summary.followersSaved == 5)
            #expect(summary.invalidSkipped == 2)
            #expect(summary.duplicatesSkipped == 2)
            #expect(
                summary.problems == [
                    AudienceImportProblem(recordIndex: 2, kind: .negativeCount),
                    AudienceImportProblem(recordIndex: 6, kind: .duplicate),
                    AudienceImportProblem(recordIndex: 8, kind: .duplicate),
                ]
            )
            #expect(try await store.fetchCount(audience: "acme") == 5)
            let stored = try await collect(store, "acme").flatMap { $0 }
            #expect(stored == [input[0], input[2], input[3], input[4], input[6]])
        }
    }

    @Test(arguments: StoreKind.available)
    func strictImportRejectsDuplicates(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            var input = profiles(4)
            input.append(input[0])
            let error = await #expect(throws: StoreError.self) {
                try await store.saveAudience(
                    account: "acme",
                    platform: .twitter,
                    profiles: input,
                    options: AudienceImportOptions(strict: true)
                )
            }
            #expect(error?.code == .duplicateProfile)
            #expect(error?.recordIndex == 5)
            let names = try await store.fetchAudienceAccounts()
            #expect(names.isEmpty)
        }
    }

    @Test(arguments: StoreKind.available)
    func sameIDOnTwoPlatformsIsTwoAccounts(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let input = [Profile.fixture(platform: .twitter, id: "1"), Profile.fixture(platform: .bluesky, id: "1")]
            let summary = try await fixture.store.saveAudience(
                account: "x",
                platform: .twitter,
                profiles: input,
                createdAt: Self.when
            )
            #expect(summary.followersSaved == 2)
            #expect(try await collect(fixture.store, "x").flatMap { $0 } == input)
        }
    }

    @Test(arguments: StoreKind.available)
    func elementStreamImportBatchesInternally(kind: StoreKind) async throws {
        try await withStore(kind, configuration: StoreConfiguration(importBatchSize: 4)) { fixture in
            let input = profiles(11)
            let stream = AsyncStream<Profile> { continuation in
                for account in input { continuation.yield(account) }
                continuation.finish()
            }
            let summary = try await fixture.store.saveAudience(
                account: "s",
                platform: .twitter,
                profiles: stream,
                createdAt: Self.when
            )
            #expect(summary.followersSaved == 11)
            #expect(try await collect(fixture.store, "s").flatMap { $0 } == input)
        }
    }

    @Test(arguments: StoreKind.available)
    func readerDetectsConcurrentReimport(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            try await store.saveAudience(
                account: "acme", platform: .twitter, profiles: profiles(20), createdAt: Self.when)
            var iterator = store.fetchAudienceProfiles(account: "acme", batchSize: 5).makeAsyncIterator()
            #expect(try await iterator.next() == Array(profiles(20).prefix(5)))
            try await store.saveAudience(
                account: "acme",
                platform: .twitter,
                profiles: profiles(20, prefix: "z"),
                createdAt: Self.when
            )
            let error = await #expect(throws: StoreError.self) { _ = try await iterator.next() }
            #expect(error?.code == .concurrentModification)
        }
    }

    @Test(arguments: StoreKind.available)
    func readerDetectsConcurrentDelete(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            try await store.saveAudience(
                account: "acme", platform: .twitter, profiles: profiles(20), createdAt: Self.when)
            var iterator = store.fetchAudienceProfiles(account: "acme", batchSize: 5).makeAsyncIterator()
            #expect(try await iterator.next()?.count == 5)
            try await store.deleteAudience(account: "acme")
            let error = await #expect(throws: StoreError.self) { _ = try await iterator.next() }
            #expect(error?.code == .concurrentModification)
        }
    }

    @Test(arguments: StoreKind.available)
    func deleteAudienceRemovesAccounts(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let store = fixture.store
            try await store.saveAudience(
                account: "acme", platform: .twitter, profiles: profiles(3), createdAt: Self.when)
            try await store.saveAudience(
                account: "keep", platform: .twitter, profiles: profiles(2), createdAt: Self.when)
            #expect(try await store.deleteAudience(account: "acme"))
            #expect(try await !store.deleteAudience(account: "acme"))
            #expect(try await store.fetchAudienceAccounts() == ["keep"])
            #expect(try await collect(store, "keep").flatMap { $0 } == profiles(2))
            // The same name can be imported again.
            try await store.saveAudience(
                account: "acme", platform: .twitter, profiles: profiles(3), createdAt: Self.when)
            #expect(try await store.fetchCount(audience: "acme") == 3)
        }
    }

    @Test(arguments: StoreKind.available)
    func concurrentImportsOfOneNameLeaveOneWholeAudience(kind: StoreKind) async throws {
        try await withStore(kind, configuration: StoreConfiguration(importBatchSize: 50)) { fixture in
            // Given two imports of the same name running at once
            let store = fixture.store
            let first = profiles(300, prefix: "f")
            let second = profiles(200, prefix: "s")
            async let a = store.saveAudience(account: "acme", platform: .twitter, profiles: first, createdAt: Self.when)
            async let b = store.saveAudience(
                account: "acme", platform: .twitter, profiles: second, createdAt: Self.when)
            let summaries = try await [a, b]
            // Then both succeed, the later one replaced the earlier, and one whole import remains
            #expect(summaries.filter(\.replacedExisting).count == 1)
            let stored = try await collect(store, "acme").flatMap { $0 }
            #expect(stored == first || stored == second)
            #expect(try await store.fetchCount(audience: "acme") == stored.count)
            #expect(try await store.fetchAudienceAccounts() == ["acme"])
        }
    }

    @Test(arguments: StoreKind.persistent)
    func dataSurvivesReopenAndMigrationsAreIdempotent(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            try await fixture.store.saveAudience(
                account: "acme",
                platform: .twitter,
                profiles: profiles(30),
                createdAt: Self.when
            )
            let reopen = try #require(fixture.reopen)
            // Reopening runs the migrations again, which must change nothing; twice, to be sure.
            for _ in 0..<2 {
                let reopened = try await reopen()
                #expect(try await reopened.fetchAudienceAccounts() == ["acme"])
                #expect(try await reopened.fetchCount(audience: "acme") == 30)
                #expect(try await collect(reopened, "acme").flatMap { $0 } == profiles(30))
                try await reopened.close()
            }
        }
    }

    @Test(arguments: StoreKind.persistent)
    func concurrentOpensMigrateOnce(kind: StoreKind) async throws {
        try await withStore(kind) { fixture in
            let reopen = try #require(fixture.reopen)
            // Several opens at once of an already migrated store, and each sees the same data
            try await fixture.store.saveAudience(account: "a", platform: .twitter, profiles: profiles(2))
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        let store = try await reopen()
                        let count = try await store.fetchCount(audience: "a")
                        try await store.close()
                        return count
                    }
                }
                for try await count in group { #expect(count == 2) }
            }
        }
    }
}
