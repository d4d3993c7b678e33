import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@testable import TrueReachIngest

/// The byte-level scanner must give exactly what the Codable path gives, or step aside (`nil`).
@Suite struct TwitterV1ScannerTests {
    /// The Codable oracle: the accounts of one record, or `nil` when it is rejected.
    static func oracle(_ line: [UInt8]) -> [Profile]? {
        guard let record = try? JSONDecoder().decode(TwitterV1Record.self, from: Data(line)) else { return nil }
        let profiles = record.profiles.compactMap { try? $0.get() }
        return profiles.count == record.profiles.count ? profiles : nil
    }

    static func check(_ line: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let scanned = TwitterV1Scanner.scan(line, 0, line.count)
        guard let scanned else { return false }
        let expected = oracle(line)
        #expect(
            expected == [scanned],
            "scanner and Codable disagree on: \(String(decoding: line, as: UTF8.self))",
            sourceLocation: sourceLocation
        )
        return true
    }

    @Test func agreesWithCodableOnFixtures() throws {
        // Given hand-written synthetic records, including escapes, wrappers and TwiBot padding
        let url = try #require(Bundle.module.url(forResource: "Fixtures/twitter-v1-users", withExtension: "jsonl"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { Array($0.utf8) }
        // When each is scanned, then it matches the oracle; plain records take the fast path
        let accepted = lines.map { Self.check($0) }
        #expect(accepted == [true, true, true, false])
        let wrapped = try #require(TwitterV1Scanner.scan(lines[1], 0, lines[1].count))
        #expect(wrapped.capturedAt == TimestampParser.parse("2019-06-06T10:00:00Z"))
        #expect(wrapped.displayName == "Bot é😀 \"quoted\" \\ back")
        #expect(TwitterV1Scanner.scan(lines[0], 0, lines[0].count)?.url == "https://example.org/jane")
    }

    @Test func wordAtATimeTestFindsExactlyTheBytesThatEndAPlainRun() {
        // Given words made mostly of boundary bytes around the special classes
        let interesting: [UInt8] = [
            0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x41, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xC3, 0xFF,
        ]
        var rng = SplitMix64(seed: 0xB17E)
        for trial in 0..<50_000 {
            let bytes = (0..<8).map { _ in
                trial % 3 == 0 ? UInt8.random(in: 0...255, using: &rng) : (interesting.randomElement(using: &rng) ?? 0)
            }
            // When the eight bytes are tested at once, then the answer is the byte-by-byte one
            let word = bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            let expected = bytes.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 }
            #expect(TwitterV1Scanner.Parser.hasSpecialByte(word) == expected, "\(bytes)")
        }
    }

    @Test func agreesWithCodableOnRandomRecords() {
        // Given 3,000 seeded random records, some hostile, some malformed
        var rng = SplitMix64(seed: 0x7E57)
        var accepted = 0
        for _ in 0..<3_000 {
            let line = Array(RandomUserLine.make(using: &rng).utf8)
            if Self.check(line) { accepted += 1 }
            // Every record the oracle accepts as a single account must be accepted or left to it, never misread.
            if TwitterV1Scanner.scan(line, 0, line.count) == nil, let expected = Self.oracle(line) {
                #expect(expected.count <= 1)
            }
        }
        // Then most plain records take the fast path
        #expect(accepted > 1_000)
    }

    @Test(.enabled(if: SharedData.isAvailable, "../shared/data is not present"))
    func agreesWithCodableOnBotRepositoryRecords() throws {
        // Given a real Bot Repository file split into elements
        let data = try Data(contentsOf: SharedData.url("botrepo-political-bots-2019/political-bots-2019_tweets.json"))
        let bytes = [UInt8](data)
        var framer = JSONArrayFramer()
        var spans: [RecordSpan] = []
        _ = try framer.scan(bytes, from: 0, isEOF: true, limit: .max, into: &spans)
        // Then every element takes the fast path and matches the oracle
        for span in spans {
            #expect(Self.check(Array(bytes[span.start..<span.end])))
        }
        #expect(spans.count == 62)
    }
}

/// Seeded random X v1.1 user lines for differential testing.
enum RandomUserLine {
    static func make(using rng: inout SplitMix64) -> String {
        var fields: [String] = []
        func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }
        let id = String(rng.next() % 9_000_000_000 + 1)
        if chance(95) { fields.append("\"id_str\": \"\(id)\"") }
        if chance(80) { fields.append("\"id\": \(id)") }
        for key in ["screen_name", "name", "description", "location", "lang", "url"] where chance(85) {
            fields.append("\"\(key)\": \(value(text: true, &rng))")
        }
        for key in ["followers_count", "friends_count", "statuses_count", "favourites_count", "listed_count"]
        where chance(85) {
            fields.append("\"\(key)\": \(value(text: false, &rng))")
        }
        for key in [
            "verified", "protected", "default_profile", "default_profile_image", "profile_use_background_image",
        ]
        where chance(80) {
            let options = ["true", "false", "null", "\"True \"", "1"]
            fields.append("\"\(key)\": \(options[Int(rng.next() % (chance(90) ? 3 : 5))])")
        }
        if chance(80) { fields.append("\"created_at\": \"\(date(&rng))\"") }
        if chance(50) {
            fields.append(
                "\"entities\": {\"url\": {\"urls\": [{\"url\": \"https://t.co/x\", \"expanded_url\": \(value(text: true, &rng))}]}, \"description\": {\"urls\": []}}"
            )
        }
        if chance(30) {
            let inner = chance(90) ? "\"\(date(&rng))\"" : (chance(50) ? "null" : "42")
            fields.append(
                chance(90) ? "\"status\": {\"id\": 1, \"created_at\": \(inner), \"text\": \"hi\"}" : "\"status\": null"
            )
        }
        if chance(10), !fields.contains(where: { $0.hasPrefix("\"id\":") }) {
            fields.append("\"id\": \(1_000_000_000_000_000_000 + rng.next() % 8_000_000_000_000_000_000)")
        }
        if chance(50) {
            fields.append("\"extra\": {\"a\": [1, 2.5e3, -0.5, true, null, {\"b\": \"c\\u00e9\"}], \"d\": \"\"}")
        }
        fields.shuffle(using: &rng)
        var line = "{" + fields.joined(separator: chance(50) ? ", " : ",") + "}"
        if chance(20) { line = "{\"created_at\": \"\(date(&rng))\", \"user\": \(line)}" }
        if chance(3) { line = String(line.dropLast(Int(rng.next() % 10) + 1)) }
        return line
    }

    static func date(_ rng: inout SplitMix64) -> String {
        let days = ["Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Jun", "Dec"]
        let day = rng.next() % 28 + 1
        return
            "\(days[Int(rng.next() % 3)]) \(months[Int(rng.next() % 4)]) \(day < 10 ? "0" : "")\(day) 1\(rng.next() % 10):2\(rng.next() % 10):0\(rng.next() % 10) +0000 20\(10 + rng.next() % 10)"
    }

    static func value(text: Bool, _ rng: inout SplitMix64) -> String {
        let roll = rng.next() % 100
        if roll < 5 { return "null" }
        if text {
            let pieces = [
                "plain", " ", "é", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\ud83d\\ude00", "\\u202e",
                "<script>",
                "\\t", "=cmd", "\\ud800", "a\\x", "中文",
            ]
            var text = ""
            for _ in 0..<(rng.next() % 6) { text += pieces[Int(rng.next() % UInt64(roll < 95 ? 14 : pieces.count))] }
            return roll < 97 ? "\"\(text)\"" : "\(rng.next() % 100)"
        }
        if roll < 92 { return String(rng.next() % 10_000_000) }
        if roll < 95 { return "\"\(rng.next() % 100) \"" }
        if roll < 97 { return "\(rng.next() % 100).0" }
        return "-\(rng.next() % 100)"
    }
}
