import Foundation
import Testing
import TrueReachCore
import TrueReachStore
import TrueReachTestSupport

@Suite struct SQLiteStoreAuditTests {
    @Test func historyIsNewestFirstPerAccount() async throws {
        let dir = try TemporaryDirectory()
        let store = try SQLiteStore(path: dir.databasePath)
        // Given three audits of acme and one of another account, saved out of order
        let day: TimeInterval = 86_400
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        try await store.saveAudit(.fixture(qualityScore: 50), createdAt: t0 + day)
        try await store.saveAudit(.fixture(qualityScore: 40), createdAt: t0)
        try await store.saveAudit(.fixture(account: "other"), createdAt: t0)
        try await store.saveAudit(.fixture(qualityScore: 70), createdAt: t0 + 2 * day)
        try await store.saveAudit(.fixture(account: nil, qualityScore: 10), createdAt: t0)
        // When fetching acme's history
        let history = try await store.fetchAudits(account: "acme_coffee")
        // Then it is acme's, newest first
        #expect(history.map(\.audienceQualityScore) == [70, 50, 40])
        #expect(history.allSatisfy { $0.account == "acme_coffee" && $0.followersTotal == 1_000 })
        #expect(history.first?.createdAt == t0 + 2 * day)
        #expect(try await store.fetchAudits(account: nil).map(\.audienceQualityScore) == [10])
        #expect(try await store.fetchAudits(account: "acme_coffee", limit: 1).count == 1)
    }

    @Test func fullReportRoundTrips() async throws {
        let store = try SQLiteStore.inMemory()
        let report = AudienceReport.fixture(sample: SampleInfo(size: 400, seed: 7))
        let saved = try await store.saveAudit(report, createdAt: Date(timeIntervalSince1970: 1_790_000_000))
        #expect(saved.sampled)
        #expect(saved.trueReach == report.trueReach?.value)
        #expect(try await store.fetchAuditReport(id: saved.id) == report)
        #expect(try await store.fetchAuditReport(id: saved.id + 100) == nil)
    }

    @Test func anUnmeasuredAuditKeepsItsUnknownHeadline() async throws {
        // Given an audit whose fake share could not be measured (no true reach, no score)
        let store = try SQLiteStore.inMemory()
        let report = AudienceReport.fixture(estimatedFakeShare: nil, qualityScore: nil)
        #expect(report.trueReach == nil)
        // When saved and listed
        let saved = try await store.saveAudit(report, createdAt: Date(timeIntervalSince1970: 1_790_000_000))
        let history = try await store.fetchAudits(account: "acme_coffee")
        // Then the history says unknown rather than a number, and the report round-trips
        #expect(saved.audienceQualityScore == nil)
        #expect(history.map(\.audienceQualityScore) == [nil])
        #expect(history.map(\.trueReach) == [nil])
        #expect(try await store.fetchAuditReport(id: saved.id) == report)
    }
}
