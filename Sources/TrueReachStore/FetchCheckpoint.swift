import Foundation
public import TrueReachCore

/// A fetch from a platform's API that has not finished: where it stopped and what it has staged.
///
/// A connector stages each page of followers together with the state it needs to ask for the next
/// page, in one transaction (``AudienceStore/stageFetchPage(_:profiles:)``), so a fetch stopped at
/// any point (a network error, Ctrl-C, `kill -9`) continues from its last staged page. Staged
/// profiles are keyed by platform id: a follower a shifted page repeats is kept once.
public struct FetchCheckpoint: Sendable, Hashable {
    /// The account whose followers are being fetched, as the audience will be named.
    public var account: String
    /// The account's platform.
    public var platform: Platform
    /// When the fetch began: the time the finished snapshot is taken at.
    public var startedAt: Date
    /// When the last page was staged.
    public var updatedAt: Date
    /// Where to continue, in the connector's own JSON.
    public var state: String
    /// Distinct followers staged so far.
    public var stagedCount: Int

    /// Creates a checkpoint.
    public init(
        account: String, platform: Platform, startedAt: Date, updatedAt: Date, state: String, stagedCount: Int = 0
    ) {
        self.account = account
        self.platform = platform
        self.startedAt = startedAt
        self.updatedAt = updatedAt
        self.state = state
        self.stagedCount = stagedCount
    }
}

/// One staged follower of a fetch in progress, with its place in the order fetched.
public struct StagedProfile: Sendable, Hashable {
    /// Increasing in the order pages were staged (not necessarily consecutive).
    public var position: Int
    /// The follower as the platform returned it.
    public var profile: Profile

    /// Creates a staged profile.
    public init(position: Int, profile: Profile) {
        self.position = position
        self.profile = profile
    }
}

extension AudienceStore {
    /// Every staged follower of the fetch of `account`, in the order staged, `batchSize` at a time.
    ///
    /// - Throws: ``StoreError``.
    public func fetchStagedProfiles(account: String, batchSize: Int = 10_000) -> AsyncThrowingStream<
        [Profile], any Error
    > {
        let (stream, continuation) = AsyncThrowingStream<[Profile], any Error>.makeStream()
        let task = Task {
            do {
                var after = -1
                while true {
                    try Task.checkCancellation()
                    let page = try await fetchStagedProfiles(account: account, after: after, limit: max(1, batchSize))
                    guard let last = page.last else { break }
                    continuation.yield(page.map(\.profile))
                    after = last.position
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
