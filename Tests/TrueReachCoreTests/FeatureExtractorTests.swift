import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@Suite struct FeatureExtractorTests {
    private func value(_ row: FeatureRow, _ f: ProfileFeature) -> Float { row[f.rawValue] }

    @Test func schemaStartsWithBotometerLiteFeaturesInPeerOrder() {
        let peers = [
            "posts_count", "followers_count", "following_count", "likes_count", "lists_count", "default_profile",
            "background_image", "verified", "posts_per_hour", "followers_per_hour", "following_per_hour",
            "likes_per_hour", "lists_per_hour", "followers_following_ratio", "handle_length", "handle_digits",
            "display_name_length", "display_name_digits", "bio_length", "handle_likelihood",
        ]
        #expect(Array(FeatureExtractor.schema.names.prefix(20)) == peers)
        #expect(Set(FeatureExtractor.schema.names).count == FeatureExtractor.schema.count)
    }

    @Test func ratesUseAgeInHoursUntilCapture() {
        // Given an account captured exactly 10 hours after creation.
        let created = Date(timeIntervalSince1970: 1_000_000)
        let account = Profile.fixture(
            followers: 50,
            following: 0,
            posts: 20,
            likes: 10,
            lists: 5,
            createdAt: created,
            capturedAt: created.addingTimeInterval(36_000)
        )
        // When
        let row = FeatureExtractor().extract(account, asOf: Profile.fixtureNow)
        // Then
        #expect(value(row, .postsPerHour) == 2)
        #expect(value(row, .followersPerHour) == 5)
        #expect(value(row, .likesPerHour) == 1)
        #expect(value(row, .listsPerHour) == 0.5)
        #expect(value(row, .followersFollowingRatio) == 50)  // divides by max(following, 1)
        #expect(abs(value(row, .accountAgeDays) - 10.0 / 24) < 1e-6)
    }

    @Test func ageIsAtLeastOneHourAndUsesNowWithoutCapture() {
        let created = Profile.fixtureNow.addingTimeInterval(600)
        let row = FeatureExtractor().extract(
            .fixture(posts: 7, createdAt: created, capturedAt: nil),
            asOf: Profile.fixtureNow
        )
        #expect(value(row, .postsPerHour) == 7)
    }

    @Test func missingFieldsAreNaNNeverZero() {
        // Given an Instagram account with counts only.
        let account = Profile(platform: .instagram, id: "1", followersCount: 10, followingCount: 20, postsCount: 3)
        let row = FeatureExtractor().extract(account, asOf: Profile.fixtureNow)
        for f in [
            ProfileFeature.likesCount, .listsCount, .likesPerHour, .postsPerHour, .verified, .handleLength,
            .handleLikelihood, .bioLength, .urlPresent, .accountAgeDays,
        ] {
            #expect(value(row, f).isNaN, "\(f.name) should be missing")
        }
        #expect(value(row, .followingFollowersRatio) == 2)
    }

    @Test func twitterAbsentTextMeansEmpty() {
        let row = FeatureExtractor().extract(.fixture(bio: nil), asOf: Profile.fixtureNow)
        #expect(value(row, .bioLength) == 0)
        #expect(value(row, .bioPresent) == 0)
        #expect(value(row, .urlPresent) == 0)
    }

    @Test func fallsBackToStoredLengths() {
        let account = Profile(platform: .instagram, id: "1", handleLength: 9, handleDigits: 7, bioLength: 0)
        let row = FeatureExtractor().extract(account, asOf: Profile.fixtureNow)
        #expect(value(row, .handleLength) == 9)
        #expect(value(row, .handleDigits) == 7)
        #expect(abs(value(row, .handleDigitShare) - 7.0 / 9) < 1e-6)
        #expect(value(row, .bioPresent) == 0)
        #expect(value(row, .handleLikelihood).isNaN)
    }

    @Test func lengthsCountUnicodeScalarsAndASCIIDigits() {
        let account = Profile.fixture(handle: "ab12", displayName: "Zoë ٣4", bio: "é👍🏽")
        let row = FeatureExtractor().extract(account, asOf: Profile.fixtureNow)
        #expect(value(row, .handleLength) == 4)
        #expect(value(row, .handleDigits) == 2)
        #expect(value(row, .displayNameLength) == 6)
        #expect(value(row, .displayNameDigits) == 1)  // Arabic-Indic three is not an ASCII digit
        #expect(value(row, .bioLength) == 3)
        #expect(value(row, .handleEntropy) == 2)  // four distinct characters
    }

    @Test func bigramLikelihoodMatchesPeerFormula() {
        // Given human handles "abc" and "abd": bigrams ab ×2, bc, bd; total 4.
        let model = HandleBigramModel.fit(humanHandles: ["abc", "abd"])
        let denominator = 4.0 + 3_969
        // "ab": P = 3/denominator; "abx": geometric mean of P(ab) and P(bx) = 1/denominator.
        #expect(abs(model.likelihood("ab") - 3 / denominator) < 1e-12)
        #expect(abs(model.likelihood("abx") - (3 / denominator * 1 / denominator).squareRoot()) < 1e-12)
        #expect(model.likelihood("a") == 1.0 / 3_969)
        #expect(model.likelihood("") == 1.0 / 3_969)
    }

    @Test func bigramLikelihoodEqualsTheCountsFormulaForASCIIAndOtherScalars() {
        // Given a table with ASCII and non-ASCII bigrams, and handles mixing both
        let model = HandleBigramModel.fit(humanHandles: ["jane_doe", "JohnSmith", "ana_99", "zoë_x", "日本_1"])
        let denominator = Double(model.total + HandleBigramModel.vocabulary)
        for handle in ["jane", "Ana_99", "zoë", "x日本_1", "__", "q~\u{7F}", "ë日", "a"] {
            let scalars = Array(handle.unicodeScalars)
            guard scalars.count >= 2 else { continue }
            var sum = 0.0
            for i in 0..<(scalars.count - 1) {
                let count = model.counts[String(scalars[i]) + String(scalars[i + 1])] ?? 0
                sum += log(Double(count + 1) / denominator)
            }
            // Then the ASCII table and the dictionary give the plain formula's value
            let expected = exp(sum / Double(scalars.count - 1))
            #expect(abs(model.likelihood(handle) - expected) <= 1e-12 * expected, "\(handle)")
        }
    }

    @Test func bigramModelRoundTripsThroughJSON() throws {
        let model = HandleBigramModel.fit(humanHandles: ["jane_doe", "JohnSmith"])
        let decoded = try JSONDecoder().decode(HandleBigramModel.self, from: JSONEncoder().encode(model))
        #expect(decoded == model)
        #expect(decoded.likelihood("jane") == model.likelihood("jane"))
    }

    @Test func nameHandleSimilarityAndBotWord() {
        let same = FeatureExtractor().extract(
            .fixture(handle: "jane_doe", displayName: "Jane Doe"),
            asOf: Profile.fixtureNow
        )
        #expect(value(same, .nameHandleSimilarity) == 1)
        let bot = FeatureExtractor().extract(
            .fixture(handle: "tide_bot", bio: "An automated account"),
            asOf: Profile.fixtureNow
        )
        #expect(value(bot, .botWord) == 1)
        let ordinary = FeatureExtractor().extract(.fixture(handle: "abbott"), asOf: Profile.fixtureNow)
        #expect(value(ordinary, .botWord) == 0)
    }

    @Test func batchEqualsOneAtATime() {
        let profiles = ScorerConformance.sampleProfiles()
        let extractor = FeatureExtractor(handleModel: .fit(humanHandles: ["jane_doe"]))
        let matrix = extractor.extract(profiles, asOf: Profile.fixtureNow)
        for (i, a) in profiles.enumerated() {
            #expect(matrix.row(i) == extractor.extract(a, asOf: Profile.fixtureNow))
        }
    }
}
