public import TrueReachCore
public import TrueReachReports

extension CompareJob {
    /// The compared accounts ranked as a shortlist (``Shortlist``).
    ///
    /// Each account's figures as compared, and its real followers as overlap knows them for uniqueness.
    /// Outcomes are the accounts' human clicks per 1,000 real followers, unknown without tracked links.
    ///
    /// - Parameters:
    ///   - accounts: The compared accounts' rows.
    ///   - audiences: Their real followers, in the same order.
    ///   - weights: The weights.
    /// - Returns: The ranking.
    public static func rank(
        _ accounts: [CompareReport.Account], audiences: [OverlapAudience], weights: ShortlistWeights
    ) -> ShortlistRanking {
        let candidates = zip(accounts, audiences).map { account, audience in
            ShortlistCandidate(
                account: account.account, audienceQualityScore: account.audienceQualityScore,
                estimatedFakeShare: account.estimatedFakeShare?.value, trueReachShare: account.trueReachShare?.value,
                engagementRatio: account.engagementRatio, growthAnomalies: account.growthAnomalies,
                clicksPerThousandRealFollowers: account.humanClicksPerThousandRealFollowers, audience: audience)
        }
        return Shortlist.rank(candidates, weights: weights)
    }
}
