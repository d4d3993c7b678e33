import Synchronization
import TrueReachCore

/// Stored audits' reports, decoded, by audit id: pages and the API decode each report once.
///
/// A stored audit's report never changes (audits are only added), so an entry never goes stale.
/// Decoding is what made the overview slow: at 1,000,000 followers the report is 108 kB of JSON
/// (mostly the followers-versus-following scatter), and decoding it was 58% of the overview's CPU time
/// and 66% of `GET /api/accounts/NAME`'s. At most ``capacity`` reports are kept (a few hundred kB each);
/// the one kept longest goes first.
final class ReportCache: Sendable {
    /// The most reports kept.
    let capacity: Int
    private let state = Mutex(State())

    private struct State {
        var reports: [Int64: AudienceReport] = [:]
        /// The kept audits' ids, oldest entry first.
        var order: [Int64] = []
    }

    /// Creates an empty cache.
    ///
    /// - Parameter capacity: The most reports kept (positive).
    init(capacity: Int = 32) {
        precondition(capacity > 0, "capacity must be positive")
        self.capacity = capacity
    }

    /// The report of audit `id`: the kept one, else what `load` returns, which is then kept.
    ///
    /// Two requests for an audit not kept yet may both load it; the first to finish is kept.
    ///
    /// - Parameters:
    ///   - id: The audit's id.
    ///   - load: Reads the report from the store (`nil` when there is none, which is not kept).
    /// - Returns: The report, or `nil` when `load` found none.
    /// - Throws: What `load` throws.
    func report(of id: Int64, load: () async throws -> AudienceReport?) async throws -> AudienceReport? {
        if let kept = state.withLock({ $0.reports[id] }) { return kept }
        guard let report = try await load() else { return nil }
        state.withLock { state in
            guard state.reports.updateValue(report, forKey: id) == nil else { return }
            state.order.append(id)
            if state.order.count > capacity { state.reports[state.order.removeFirst()] = nil }
        }
        return report
    }

    /// How many reports are kept (for tests).
    var count: Int { state.withLock { $0.reports.count } }
}
