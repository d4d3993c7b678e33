/// How uniform likes are across posts.
public struct LikeSpread: Sendable, Hashable, Codable {
    /// The verdict on the coefficient of variation.
    public enum Verdict: String, Sendable, Hashable, Codable {
        /// Below the lower bound (default 40%): suspiciously uniform, a sign of bought likes.
        case suspiciouslyUniform = "suspiciously_uniform"
        /// Between the bounds.
        case normal
        /// Above the upper bound (default 100%): outliers such as giveaways or ads.
        case outliers
        /// Too few posts, or no likes at all.
        case insufficientData = "insufficient_data"
    }

    /// Posts with a like count.
    public var posts: Int
    public var meanLikes: Double?
    /// Population standard deviation of likes ÷ mean likes.
    public var coefficientOfVariation: Double?
    public var verdict: Verdict

    /// The canonical JSON keys (snake_case).
    public enum CodingKeys: String, CodingKey {
        case posts
        case meanLikes = "mean_likes"
        case coefficientOfVariation = "coefficient_of_variation"
        case verdict
    }

    /// Like spread (trendhero: 40–100% normal; help.trendhero.io/en/article/likes-spread-we2f07/).
    ///
    /// CV = σ(likes) ÷ mean(likes), σ the population standard deviation, over posts with a like count.
    /// - Parameters:
    ///   - likes: likes per post.
    ///   - minimumPosts: fewer posts than this give `.insufficientData` (default 5).
    ///   - uniformBelow: lower bound (default 0.40).
    ///   - outliersAbove: upper bound (default 1.00).
    /// - Returns: the post count, mean likes, CV and verdict: `.suspiciouslyUniform` below `uniformBelow`,
    ///   `.outliers` above `outliersAbove`, else `.normal`; `.insufficientData` (no CV) when there are too
    ///   few posts or the mean is not positive.
    public static func measure(
        likes: [Int],
        minimumPosts: Int = 5,
        uniformBelow: Double = 0.40,
        outliersAbove: Double = 1.00
    ) -> LikeSpread {
        let values = likes.map(Double.init)
        let mean = EngagementMath.mean(values)
        guard values.count >= minimumPosts, let m = mean, m > 0, let sd = EngagementMath.standardDeviation(values)
        else {
            return LikeSpread(
                posts: values.count, meanLikes: mean, coefficientOfVariation: nil, verdict: .insufficientData)
        }
        let cv = sd / m
        let verdict: Verdict = cv < uniformBelow ? .suspiciouslyUniform : (cv > outliersAbove ? .outliers : .normal)
        return LikeSpread(posts: values.count, meanLikes: m, coefficientOfVariation: cv, verdict: verdict)
    }
}
