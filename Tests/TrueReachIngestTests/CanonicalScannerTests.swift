import Foundation
import Testing
import TrueReachCore
import TrueReachTestSupport

@testable import TrueReachIngest

/// The canonical byte-level scanner must give exactly what the Codable path gives, or step aside.
@Suite struct CanonicalScannerTests {
    /// The Codable oracle: the record's account and label, or `nil` when it is rejected.
    static func oracle(_ line: [UInt8]) -> CanonicalScanner.Record? {
        guard let record = try? CanonicalRecord.makeDecoder().decode(CanonicalRecord.self, from: Data(line)) else {
            return nil
        }
        return CanonicalScanner.Record(account: record.account, label: record.label)
    }

    @Test func agreesWithCodableOnRandomRecords() {
        // Given 4,000 seeded random records, some hostile, some malformed
        var rng = SplitMix64(seed: 0xCA70)
        var accepted = 0
        var readable = 0
        for _ in 0..<4_000 {
            let line = Array(RandomCanonicalLine.make(using: &rng).utf8)
            let expected = Self.oracle(line)
            if expected != nil { readable += 1 }
            // When scanned, then a record the scanner reads equals the oracle's reading of it
            if let scanned = CanonicalScanner.scan(line, 0, line.count) {
                accepted += 1
                #expect(scanned == expected, "\(String(decoding: line, as: UTF8.self))")
            }
        }
        // And the fast path takes most readable records (it leaves negative and fractional counts,
        // which only hostile lines have, to the Codable path: about a third of these)
        #expect(accepted > 1_000)
        #expect(Double(accepted) > 0.6 * Double(readable))
    }

    @Test func readsEveryKeyOfTheSchema() throws {
        // Given a record with every canonical key
        let line = Array(
            """
            {"platform": "mastodon", "id": "109302436954721982", "handle": "jane@fosstodon.org",
             "display_name": "Jane \\"J\\" Doe", "bio": "<b>hi</b> \\u00e9", "followers_count": 320,
             "following_count": 280, "posts_count": 1200, "likes_count": null, "lists_count": 3,
             "created_at": "2014-05-13T16:53:20Z", "captured_at": "2026-11-01T00:00:00Z",
             "last_post_at": "2026-10-30T12:00:00.250Z", "verified": false, "default_avatar": true,
             "default_profile": false, "background_image": true, "private": false, "bot": true,
             "url": "https://example.org", "location": "Lyon", "language": "fr", "handle_length": 4,
             "handle_digits": 0, "display_name_length": 10, "display_name_digits": 0, "bio_length": 11,
             "has_url": true, "label": "human", "dataset": "hand-made", "extra": {"a": [1, 2.5]}}
            """.utf8)
        // When scanned, then it is read, and read as the Codable path reads it
        let scanned = try #require(CanonicalScanner.scan(line, 0, line.count))
        #expect(scanned == Self.oracle(line))
        #expect(scanned.account.platform == .mastodon)
        #expect(scanned.account.displayName == "Jane \"J\" Doe")
        #expect(scanned.account.likesCount == nil)
        #expect(scanned.account.bot == true)
        #expect(scanned.label == "human")
    }

    @Test(arguments: [
        #"{"id": "1"}"#, #"{"platform": "twitter"}"#, #"{"platform": "Twitter", "id": "1"}"#,
        #"{"platform": "twitter", "id": 1}"#, #"{"platform": "twitter", "id": "1", "id": "2"}"#,
        #"{"platform": "twitter", "id": "1", "followers_count": -1}"#,
        #"{"platform": "twitter", "id": "1", "followers_count": 1.0}"#,
        #"{"platform": "twitter", "id": "1", "created_at": "yesterday"}"#,
        #"{"platform": "twitter", "id": "1", "label": 1}"#, #"{"platform": "twitter", "id": "1""#,
        #"{"platform": "twitter", "id": "1"} x"#, #"{"platform": "twitter", "i\u0064": "1"}"#,
    ])
    func stepsAsideForAnythingButAPlainRecord(line: String) {
        // The Codable path decides these (reads them, or names the problem)
        let bytes = Array(line.utf8)
        #expect(CanonicalScanner.scan(bytes, 0, bytes.count) == nil)
    }
}

/// Seeded random canonical lines: every key, values of the right and wrong types, escapes,
/// hostile text, unknown keys, duplicates and truncation.
enum RandomCanonicalLine {
    static let stringKeys = ["handle", "display_name", "bio", "url", "location", "language", "label", "dataset"]
    static let intKeys = [
        "followers_count", "following_count", "posts_count", "likes_count", "lists_count", "handle_length",
        "handle_digits", "display_name_length", "display_name_digits", "bio_length",
    ]
    static let boolKeys = [
        "verified", "default_avatar", "default_profile", "background_image", "private", "bot", "has_url",
    ]
    static let dateKeys = ["created_at", "captured_at", "last_post_at"]

    static func make(using rng: inout SplitMix64) -> String {
        var fields: [String] = []
        func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }
        if chance(97) {
            let platforms = ["twitter", "mastodon", "bluesky", "instagram", "other", "Twitter", "myspace"]
            fields.append("\"platform\": \"\(platforms[Int(rng.next() % (chance(95) ? 5 : 7))])\"")
        }
        if chance(97) {
            let id = String(rng.next() % 9_000_000_000 + 1)
            fields.append(chance(95) ? "\"id\": \"\(id)\"" : "\"id\": \(id)")
        }
        for key in stringKeys where chance(80) {
            fields.append("\"\(key)\": \(RandomUserLine.value(text: true, &rng))")
        }
        for key in intKeys where chance(70) {
            fields.append("\"\(key)\": \(RandomUserLine.value(text: false, &rng))")
        }
        for key in boolKeys where chance(70) {
            let options = ["true", "false", "null", "\"true\"", "1"]
            fields.append("\"\(key)\": \(options[Int(rng.next() % (chance(95) ? 3 : 5))])")
        }
        for key in dateKeys where chance(70) {
            let options = [
                "\"2019-06-06T10:00:00Z\"", "\"2024-02-29T23:59:59.5+02:00\"", "\"2026-11-01\"", "null",
                "\"Wed Oct 10 20:19:24 +0000 2018\"", "\"soon\"", "\"2019-06-06T10:00:00\\u005a\"", "17",
            ]
            fields.append("\"\(key)\": \(options[Int(rng.next() % (chance(90) ? 5 : 8))])")
        }
        if chance(20) { fields.append("\"extra\": {\"a\": [1, 2.5e3, -0.5, true, null, {\"b\": \"c\\u00e9\"}]}") }
        if chance(3), let duplicate = fields.randomElement(using: &rng) { fields.append(duplicate) }
        fields.shuffle(using: &rng)
        var line = "{" + fields.joined(separator: chance(50) ? ", " : ",") + "}"
        if chance(10) { line = " \(line) " }
        if chance(3) { line = String(line.dropLast(Int(rng.next() % 10) + 1)) }
        return line
    }
}
