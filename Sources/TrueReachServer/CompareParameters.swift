import TrueReachApp
import TrueReachCore
import TrueReachReports
import TrueReachStore

/// The compare route's query parameters (`account`, repeated; `rank`; `weight`, repeated), read and
/// checked once for the page and the API alike.
struct CompareParameters: Sendable, Hashable {
    /// The accounts, in the order given (empty values, as forms send them, left out).
    var accounts: [String] = []
    /// The shortlist's weights when ranking (`rank=true`, or any `weight`), else `nil`.
    var weights: ShortlistWeights?

    /// Reads the parameters from a raw query string.
    ///
    /// - Throws: ``ServerError`` `.badRequest` naming the parameter: `rank` not `true` or `false`, a
    ///   `weight` that is not `KEY=VALUE` with a known key and a weight of 0 or more.
    init(query: String?) throws {
        var rank = false
        var assignments: [String] = []
        for (name, value) in try FollowerParameters.pairs(query ?? "") where !value.isEmpty {
            switch name {
            case "account": accounts.append(value)
            case "rank":
                switch value {
                case "true", "1", "on": rank = true
                case "false", "0", "off": rank = false
                default: throw ServerError(.badRequest, "rank must be true or false.")
                }
            case "weight": assignments.append(value)
            default: continue
            }
        }
        if rank || !assignments.isEmpty {
            do {
                weights = try ShortlistWeights.parse(assignments)
            } catch {
                throw ServerError(.badRequest, "weight: \(error.message)")
            }
        }
    }

    /// Checks the account count (2 to ``CompareJob/maximumAccounts``, each once).
    ///
    /// - Throws: ``ServerError`` `.badRequest` naming `account`.
    func checkAccounts() throws {
        guard (2...CompareJob.maximumAccounts).contains(accounts.count) else {
            throw ServerError(
                .badRequest,
                "account: give 2 to \(CompareJob.maximumAccounts) accounts, as account=A&account=B (\(accounts.count) given)."
            )
        }
        guard Set(accounts).count == accounts.count else {
            throw ServerError(.badRequest, "account: an account is given twice; name each once.")
        }
    }
}

extension AccountQueries {
    /// The accounts of `parameters` compared (and ranked when asked), as `truereach compare` compares them.
    ///
    /// Each account is checked as the account routes check one: another workspace's account, or one
    /// that does not exist, answers 404 with the same words; one without an audit, 404 saying so.
    ///
    /// - Parameters:
    ///   - parameters: The accounts and weights.
    ///   - access: Who asks.
    /// - Returns: The comparison.
    /// - Throws: ``ServerError`` `.badRequest` (the account count), `.notFound`; `StoreError`.
    func compare(_ parameters: CompareParameters, access: ServerRequestContext.Access) async throws -> CompareReport {
        try parameters.checkAccounts()
        for (index, account) in parameters.accounts.enumerated() {
            let history: [StoredAudit]
            do {
                history = try await self.history(of: account, access: access)
            } catch let error as ServerError where error.code == .notFound {
                throw ServerError(.notFound, "account (number \(index + 1)): \(error.message)")
            }
            guard !history.isEmpty else {
                throw ServerError(
                    .notFound,
                    "account (number \(index + 1)): this account has no audit yet; run `truereach audit --account` with its name."
                )
            }
        }
        var job = CompareJob()
        job.ranking = parameters.weights
        return try await job.run(accounts: parameters.accounts, store: store)
    }
}
