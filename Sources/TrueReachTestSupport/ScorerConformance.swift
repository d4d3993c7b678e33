import Foundation
import Testing
import TrueReachCore

/// The checks every ``Scorer`` must pass (scikit-learn's `check_estimator`, for scorers).
///
/// - deterministic: scoring twice gives identical scores;
/// - every probability is finite and within [0, 1], and the threshold too;
/// - a batch scores exactly as the accounts do one at a time;
/// - a JSON round trip of the scorer changes no score;
/// - one score per account, and signals have finite contributions and non-empty text.
///
/// ```swift
/// @Test func conforms() throws {
///     try ScorerConformance.check(RuleScorer())
/// }
/// ```
public enum ScorerConformance {
    /// A varied set of accounts: ordinary, empty, extreme, Instagram-like with missing fields.
    public static func sampleProfiles() -> [Profile] {
        var profiles: [Profile] = [
            .fixture(),
            .fixture(
                id: "2",
                handle: "x83920174",
                displayName: nil,
                bio: nil,
                followers: 3,
                following: 4_800,
                posts: 0,
                likes: 0,
                lists: 0,
                createdAt: Profile.fixtureNow.addingTimeInterval(-3 * 86_400),
                defaultAvatar: true
            ),
            .fixture(
                id: "3",
                handle: "NASA",
                displayName: "NASA",
                followers: 80_000_000,
                following: 200,
                posts: 70_000,
                likes: 15_000,
                lists: 90_000,
                verified: true
            ),
            Profile(
                platform: .instagram,
                id: "4",
                handle: "anna.k",
                followersCount: 500,
                followingCount: 7_000,
                postsCount: 1
            ),
            Profile(
                platform: .instagram,
                id: "5",
                followersCount: 12,
                followingCount: 900,
                postsCount: 0,
                defaultAvatar: true,
                private: false,
                handleLength: 12,
                handleDigits: 8,
                bioLength: 0
            ),
            Profile(
                platform: .mastodon,
                id: "6",
                handle: "weatherbot",
                bio: "I am a bot",
                followersCount: 40,
                followingCount: 0,
                postsCount: 90_000,
                bot: true
            ),
            Profile(platform: .other, id: "7"),
            .fixture(
                id: "8",
                handle: "",
                displayName: "",
                bio: "",
                followers: 0,
                following: 0,
                posts: 0,
                likes: 0,
                lists: 0,
                createdAt: Profile.fixtureNow.addingTimeInterval(3_600)
            ),
        ]
        var rng = SplitMix64(seed: 7)
        for i in 0..<40 {
            profiles.append(
                .fixture(
                    id: ProfileID("r\(i)"),
                    handle: "user\(rng.next() % 100_000)",
                    followers: Int(rng.next() % 50_000),
                    following: Int(rng.next() % 8_000),
                    posts: Int(rng.next() % 30_000),
                    likes: i % 3 == 0 ? nil : Int(rng.next() % 10_000),
                    lists: i % 4 == 0 ? nil : Int(rng.next() % 50),
                    createdAt: Date(timeIntervalSince1970: 1_200_000_000 + Double(rng.next() % 500_000_000))
                )
            )
        }
        return profiles
    }

    /// Runs every check on `scorer`.
    public static func check<S: Scorer & Codable>(
        _ scorer: S,
        profiles: [Profile] = sampleProfiles(),
        asOf now: Date = Profile.fixtureNow,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let first = scorer.score(profiles, asOf: now)
        let second = scorer.score(profiles, asOf: now)
        #expect(first.count == profiles.count, "one score per account", sourceLocation: sourceLocation)
        #expect(first == second, "scores are deterministic", sourceLocation: sourceLocation)
        #expect(
            scorer.threshold >= 0 && scorer.threshold <= 1,
            "threshold within [0, 1]",
            sourceLocation: sourceLocation
        )
        #expect(!scorer.name.isEmpty, "scorer has a name", sourceLocation: sourceLocation)
        for score in first {
            #expect(
                score.probability.isFinite && score.probability >= 0 && score.probability <= 1,
                "probability \(score.probability) within [0, 1]",
                sourceLocation: sourceLocation
            )
            for signal in score.signals {
                #expect(signal.contribution.isFinite, "finite contribution", sourceLocation: sourceLocation)
                #expect(
                    !signal.text.isEmpty && !signal.code.isEmpty,
                    "signal has code and text",
                    sourceLocation: sourceLocation
                )
            }
        }
        let single = profiles.flatMap { scorer.score([$0], asOf: now) }
        #expect(single == first, "batch equals one at a time", sourceLocation: sourceLocation)
        #expect(scorer.score([], asOf: now).isEmpty, "empty batch gives no scores", sourceLocation: sourceLocation)

        let data = try JSONEncoder().encode(scorer)
        let decoded = try JSONDecoder().decode(S.self, from: data)
        #expect(
            decoded.score(profiles, asOf: now) == first,
            "Codable round trip changes no score",
            sourceLocation: sourceLocation
        )
        #expect(
            decoded.threshold == scorer.threshold && decoded.name == scorer.name,
            "Codable round trip keeps name and threshold",
            sourceLocation: sourceLocation
        )
    }
}
