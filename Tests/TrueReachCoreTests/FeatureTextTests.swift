import Testing
import TrueReachTestSupport

@testable import TrueReachCore

/// The fast text helpers of feature extraction against their plain definitions.
@Suite struct FeatureTextTests {
    static let pieces = [
        "bot", "BOT", "Bot", "bots", "robot", "automated", "autobot", "twitterbot", "bottle", "abot", "botany",
        " ", ".", "-", "_", "1", "é", "e\u{301}", "ß", "日本", "🤖", "\u{202E}", "\u{0}", "İ", "ǅ", "\n", "x",
    ]

    @Test func botWordSearchEqualsTheReferenceOnRandomTexts() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<5_000 {
            let count = Int.random(in: 0...6, using: &rng)
            let text = (0..<count).map { _ in Self.pieces.randomElement(using: &rng) ?? "" }.joined()
            #expect(
                FeatureExtractor.mentionsBotWord(text) == FeatureExtractor.mentionsBotWordReference(text),
                "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test(arguments: [
        ("I am a bot.", true), ("bottle collector", false), ("BOT account", true), ("robot🤖", true),
        ("naïvebot", false), ("bots!", true), ("", false),
    ])
    func botWordExamples(text: String, expected: Bool) {
        #expect(FeatureExtractor.mentionsBotWord(text) == expected)
    }

    @Test func blankMeansUnicodeWhitespaceOnly() {
        #expect(FeatureExtractor.isBlank(""))
        #expect(FeatureExtractor.isBlank(" \t\n\u{A0}\u{2003}"))
        #expect(!FeatureExtractor.isBlank(" a "))
        #expect(!FeatureExtractor.isBlank("\u{200B}"))  // zero-width space is not White_Space
    }

    @Test func textStatisticsCountScalarsDigitsAndEntropy() {
        let stats = TextStatistics("ab12ab")
        #expect(stats.length == 6)
        #expect(stats.digits == 2)
        // counts a:2 b:2 1:1 2:1 -> H = 2·(1/3)log2(3) + 2·(1/6)log2(6)
        let expected = 2 * (1.0 / 3) * 1.584_962_500_721_156 + 2 * (1.0 / 6) * 2.584_962_500_721_156
        #expect(abs(stats.entropy - expected) < 1e-12)
        let mixed = TextStatistics("日本日a")
        #expect(mixed.length == 4)
        #expect(abs(mixed.entropy - 1.5) < 1e-12)
    }

    @Test func textStatisticsAgreeAcrossTheSmallAndLargeAlphabetPaths() {
        // 200 distinct scalars, each twice: entropy log2(200) whichever counting path is used.
        let scalars = (0..<200).compactMap { Unicode.Scalar(0x4E00 + $0) }
        let text = String(String.UnicodeScalarView(scalars + scalars))
        let stats = TextStatistics(text)
        #expect(stats.length == 400)
        #expect(abs(stats.entropy - 7.643_856_189_774_724) < 1e-9)
    }

    @Test func textStatisticsEqualThePlainDefinitionOnRandomTexts() {
        // Exercises the short-ASCII table path, the general path and the switch between them.
        var rng = SplitMix64(seed: 5)
        let pieces = Self.pieces + ["0", "9", "42", "a1b2", String(repeating: "x7", count: 140)]
        for _ in 0..<3_000 {
            let count = Int.random(in: 0...8, using: &rng)
            let text = (0..<count).map { _ in pieces.randomElement(using: &rng) ?? "" }.joined()
            let stats = TextStatistics(text)
            let scalars = text.unicodeScalars.map(\.value)
            var counts: [UInt32: Int] = [:]
            for scalar in scalars { counts[scalar, default: 0] += 1 }
            var entropy = 0.0
            for c in counts.values.sorted() {
                let p = Double(c) / Double(scalars.count)
                entropy -= p * _log2(p)
            }
            #expect(stats.length == scalars.count)
            #expect(stats.digits == scalars.filter { (48...57).contains($0) }.count)
            #expect(stats.entropy == entropy, "\(scalars.map { String($0, radix: 16) })")
        }
    }

    @Test(arguments: [
        ("tide_bot", true), ("TIDEBOT", true), ("Bot_tide", true), ("bot", true), ("ot", false), ("abbott", false),
        ("botany", false), ("bót", false), ("robot🤖", false),
    ])
    func handleBotAffixes(handle: String, expected: Bool) {
        #expect(FeatureExtractor.mentionsBot(Profile.fixture(handle: handle, displayName: "", bio: "")) == expected)
    }

    @Test func fullProfileTextPlatformsAgreeWithTheirSet() {
        for platform in Platform.allCases {
            #expect(
                FeatureExtractor.alwaysReturnsProfileText(platform)
                    == FeatureExtractor.platformsWithFullProfileText.contains(platform))
        }
    }

    @Test func nameHandleSimilarityIsDiceOverBigramMultisets() throws {
        #expect(FeatureExtractor.nameHandleSimilarity(name: "Jane Doe", handle: "janedoe") == 1)
        #expect(FeatureExtractor.nameHandleSimilarity(name: "x", handle: "janedoe") == nil)
        // "aaa" has bigrams {aa, aa}; "aa" has {aa}: shared 1, Dice = 2·1 / (2 + 1)
        let value = try #require(FeatureExtractor.nameHandleSimilarity(name: "aaa", handle: "aa"))
        #expect(abs(value - 2.0 / 3) < 1e-12)
    }
}
