import Foundation
import Testing
import TrueReachApp
import TrueReachCore
import TrueReachStore

/// An audit of a stored audience stores each follower's result, as `score` would score it.
@Suite struct AuditJobFollowersTests {
    static let now = Date(timeIntervalSince1970: 1_717_200_000)

    static func store(count: Int = 300) async throws -> (SQLiteStore, [Profile]) {
        let store = try SQLiteStore.inMemory()
        let profiles = Array(SyntheticAudience(count: count, boughtShare: 0.3, now: now, seed: 3))
        try await store.saveAudience(account: "shop", platform: .twitter, profiles: profiles, createdAt: now)
        return (store, profiles)
    }

    static func allFollowers(_ store: any AudienceStore, audit: Int64) async throws -> [AuditFollower]? {
        try await store.fetchAuditFollowerPage(AuditFollowerQuery(audit: audit, limit: 100_000))?.followers
    }

    @Test func aCensusOfAStoredAudienceStoresEveryFollowersScoreCategoryAndSignals() async throws {
        // Given a stored audience (in memory: the second pass reads the store it writes)
        let (store, profiles) = try await Self.store()
        let scorer = RuleScorer()
        let job = AuditJob(scorer: scorer, asOf: Self.now)
        let source = AudienceSource.stored(store, name: "shop")
        // When it is audited and recorded
        let result = try await job.run(source: source, account: "shop")
        let (audit, history) = try await job.record(result, source: source, account: "shop", in: store, at: Self.now)
        #expect(history.map(\.id) == [audit.id])
        // Then each follower has its row, in import order, with the scorer's score and the audit's category
        let stored = try #require(try await Self.allFollowers(store, audit: audit.id)).sorted {
            $0.position < $1.position
        }
        #expect(stored.map(\.position) == Array(1...profiles.count))
        let scores = scorer.score(profiles, asOf: Self.now)
        let analyzer = AudienceAnalyzer(threshold: scorer.threshold)
        for (row, (profile, score)) in zip(stored, zip(profiles, scores)) {
            #expect(row.profile == profile.id && row.handle == profile.handle && row.displayName == profile.displayName)
            #expect(row.probability == score.probability && row.signals == score.signals)
            #expect(row.category == analyzer.category(of: profile, probability: score.probability, asOf: Self.now))
            #expect(row.followersCount == profile.followersCount)
        }
        // And the categories add up to the report's counts
        for breakdown in result.report.categories {
            #expect(stored.filter { $0.category == breakdown.category }.count == breakdown.count)
        }
    }

    @Test func aSampledAuditStoresNoFollowerRows() async throws {
        let (store, _) = try await Self.store()
        let job = AuditJob(scorer: RuleScorer(), asOf: Self.now, sample: SampleInfo(size: 50, seed: 1))
        let source = AudienceSource.stored(store, name: "shop")
        let result = try await job.run(source: source, account: "shop")
        let audit = try await job.record(result, source: source, account: "shop", in: store).audit
        #expect(try await Self.allFollowers(store, audit: audit.id) == nil)
    }

    @Test func anAudienceReimportedAfterTheAuditReadItIsNotMixedIn() async throws {
        // Given an audit that read the audience, which is then replaced by another import
        let (store, profiles) = try await Self.store()
        let job = AuditJob(scorer: RuleScorer(), asOf: Self.now)
        let source = AudienceSource.stored(store, name: "shop")
        let result = try await job.run(source: source, account: "shop")
        try await store.saveAudience(
            account: "shop", platform: .twitter, profiles: Array(profiles.prefix(10)), createdAt: Self.now + 1)
        // When it is recorded, it is stored, without follower rows
        let (audit, history) = try await job.record(result, source: source, account: "shop", in: store)
        #expect(history.map(\.id) == [audit.id])
        #expect(try await Self.allFollowers(store, audit: audit.id) == nil)
    }
}
