public import Foundation
import Logging
import TrueReachCore
public import TrueReachStore

extension AuditJob {
    /// Stores the audit in its account's history and, for a census of a stored audience, each
    /// follower's result under it (what the dashboard's follower explorer pages through).
    ///
    /// The follower results come from a second pass over the stored audience, scored again by the
    /// same scorer at the same `asOf` (scores are deterministic, so they are the ones the audit
    /// counted); see ``saveFollowerResults(audit:audience:expected:in:)``. Sampled audits and audits of
    /// files store none. When the audience was re-imported since the audit read it, the audit is still
    /// stored but without follower results, and a warning is logged: the explorer then says so.
    ///
    /// - Parameters:
    ///   - result: The audit (from ``run(source:account:extras:events:)`` with the same `source`).
    ///   - source: Where the audit read its followers.
    ///   - account: The history key.
    ///   - store: Where to store it.
    ///   - date: The audit's time.
    /// - Returns: The saved audit and the account's history, newest first, this one included.
    /// - Throws: `StoreError`.
    @discardableResult
    public func record(
        _ result: AuditResult, source: AudienceSource, account: String, in store: any AudienceStore,
        at date: Date = Date()
    ) async throws -> (audit: StoredAudit, history: [StoredAudit]) {
        let saved = try await store.saveAudit(result.report, createdAt: date)
        if case .stored(_, let name) = source, sample == nil, let audience = result.audience {
            do {
                try await saveFollowerResults(audit: saved.id, audience: name, expected: audience, in: store)
            } catch let error as StoreError where error.code == .concurrentModification {
                logger.warning(
                    "audit stored without follower results: the audience was re-imported meanwhile",
                    metadata: ["audit.id": "\(saved.id)"])
            }
        }
        return (saved, try await store.fetchAudits(account: account))
    }

    /// Scores the stored audience `name` and stores each follower's result under audit `id`.
    ///
    /// - Parameters:
    ///   - id: The audit the results belong to.
    ///   - name: The stored audience.
    ///   - expected: The audience as the audit read it; when another is stored now (re-imported in
    ///     between), or it changes during this pass, nothing is published.
    ///   - store: The store holding both.
    /// - Returns: How many results were stored.
    /// - Throws: `StoreError` (`.concurrentModification`, `.notFound`), `CancellationError`.
    /// - Complexity: O(*n*) scoring, one batch of 8,192 in memory at a time.
    @discardableResult
    public func saveFollowerResults(
        audit id: Int64, audience name: String, expected: AudienceInfo, in store: any AudienceStore
    ) async throws -> Int {
        guard try await store.fetchAudience(account: name) == expected else { throw Self.audienceChanged }
        let batches = FollowerResultBatches(
            profiles: store.fetchAudienceProfiles(account: name, batchSize: 8_192), scorer: scorer, asOf: asOf,
            expected: expected.followerCount)
        let stored = try await store.saveAuditFollowers(audit: id, batches: batches)
        logger.info("audit follower results stored", metadata: ["audit.id": "\(id)", "followers": "\(stored)"])
        return stored
    }

    static var audienceChanged: StoreError {
        StoreError(
            code: .concurrentModification,
            message: "The stored audience changed while its audit's follower results were written; run the audit again."
        )
    }
}

/// The stored audience's followers, scored and categorised into ``AuditFollower`` batches, with
/// positions counted from 1; ends by checking that the audit's count was read.
private struct FollowerResultBatches: AsyncSequence {
    typealias Element = [AuditFollower]
    let profiles: AudienceProfileBatches
    let scorer: any Scorer
    let asOf: Date
    let expected: Int

    func makeAsyncIterator() -> Iterator {
        Iterator(
            base: profiles.makeAsyncIterator(), scorer: scorer, asOf: asOf, expected: expected,
            analyzer: AudienceAnalyzer(threshold: scorer.threshold, quantification: scorer.quantification))
    }

    struct Iterator: AsyncIteratorProtocol {
        var base: AudienceProfileBatches.Iterator
        let scorer: any Scorer
        let asOf: Date
        let expected: Int
        let analyzer: AudienceAnalyzer
        var count = 0

        mutating func next() async throws -> [AuditFollower]? {
            guard let profiles = try await base.next() else {
                guard count == expected else { throw AuditJob.audienceChanged }
                return nil
            }
            let first = count + 1
            count += profiles.count
            let scores = scorer.score(profiles, asOf: asOf)
            return zip(profiles, scores).enumerated().map { offset, pair in
                let (profile, score) = pair
                return AuditFollower(
                    position: first + offset,
                    platform: profile.platform,
                    profile: profile.id,
                    handle: profile.handle,
                    displayName: profile.displayName,
                    probability: score.probability,
                    category: analyzer.category(of: profile, probability: score.probability, asOf: asOf),
                    followersCount: profile.followersCount,
                    signals: score.signals
                )
            }
        }
    }
}
