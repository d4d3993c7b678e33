import Foundation
import Testing
import TrueReachCore
import TrueReachReports
import TrueReachStore

@testable import TrueReachServer

/// The API's follower page written by `JSONWriter` against `JSONEncoder.api`, the reference it
/// replaced: the same bytes, or for U+2028/U+2029 (which the writer escapes) the same value.
@Suite struct FollowerPageWriterTests {
    /// Text a stranger could put in a profile: quotes, backslashes, slashes, every control character,
    /// markup, emoji, combining marks, right-to-left text and CJK.
    static let hostile: [String] = [
        "", "plain", "\"quoted\" \\back\\slash/ and /slashes/", "<script>alert(1)</script>",
        "<img src=x onerror=\"document.title='pwned'\">",
        String(String.UnicodeScalarView((0..<32).compactMap { Unicode.Scalar($0) })),
        "nul\u{0}inside", "\u{7F}del", "émoji 👩‍👩‍👧 ﷽ שלום 日本語 e\u{301}", "\u{FEFF}bom", "\u{10FFFF}",
    ]

    static let numbers: [Double] = [
        0, 1, 0.5, 0.1, 0.25, 1e-5, 1.0e-7, 0.123456789012345, 0.999999999999, Double.leastNonzeroMagnitude,
        2.2250738585072014e-308,
        -0.0, -1.5, 123_456_789.125, 1e16, 1.7976931348623157e308, 0.3333333333333333,
    ]

    static func page(texts: [String], numbers: [Double]) -> FollowerPageJSON {
        var followers: [FollowerJSON] = []
        for (i, text) in texts.enumerated() {
            let number = numbers[i % numbers.count]
            let follower = AuditFollower(
                position: i + 1, platform: i.isMultiple(of: 2) ? .twitter : .mastodon, profile: ProfileID(text + "id"),
                handle: i.isMultiple(of: 3) ? nil : text, displayName: i.isMultiple(of: 4) ? nil : text,
                probability: min(1, abs(number)), category: i.isMultiple(of: 2) ? .suspicious : .real,
                followersCount: i.isMultiple(of: 5) ? nil : i * 1_000_003,
                signals: (0..<(i % 4)).map { k in
                    Signal(code: "code.\(k)", contribution: numbers[(i + k) % numbers.count], text: text + "\(k)")
                })
            followers.append(FollowerJSON(follower))
        }
        return FollowerPageJSON(
            account: texts.last ?? "acme", auditId: 42, total: 1_000_000, followers: followers,
            next: texts.count.isMultiple(of: 2) ? nil : "cursor/\(texts.count)")
    }

    @Test func writesTheEncodersBytes() throws {
        let page = Self.page(texts: Self.hostile, numbers: Self.numbers)
        let expected = try JSONEncoder.api.encode(page)
        let written = try page.written()
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
    }

    @Test func writesEveryNumberAsTheEncoderDoes() throws {
        var generator = SystemRandomNumberGenerator()
        var numbers = Self.numbers
        for _ in 0..<2_000 {
            numbers.append(Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF))  // finite, any exponent
            numbers.append(Double.random(in: -2...2, using: &generator))
        }
        let page = Self.page(texts: numbers.indices.map { "f\($0)" }, numbers: numbers)
        #expect(try page.written() == Array(try JSONEncoder.api.encode(page)))
    }

    @Test func lineSeparatorsAreEscapedToTheSameValue() throws {
        let page = Self.page(texts: ["a\u{2028}b", "c\u{2029}d", "e\u{2028}"], numbers: Self.numbers)
        let written = try page.written()
        #expect(!String(decoding: written, as: UTF8.self).contains("\u{2028}"))
        let mine = try JSONSerialization.jsonObject(with: Data(written)) as? NSDictionary
        let reference = try JSONSerialization.jsonObject(with: try JSONEncoder.api.encode(page)) as? NSDictionary
        #expect(mine != nil)
        #expect(mine == reference)
    }

    @Test func refusesNumbersJSONCannotHold() throws {
        for bad in [Double.infinity, -.infinity, .nan] {
            let page = Self.page(texts: ["x", "y"], numbers: [bad])
            #expect(throws: (any Error).self) { try JSONEncoder.api.encode(page) }
            #expect(throws: JSONWriter.NonFiniteNumber.self) { try page.written() }
        }
    }

    @Test func anEmptyPage() throws {
        let page = FollowerPageJSON(account: "acme", auditId: 1, total: 0, followers: [], next: nil)
        #expect(try page.written() == Array(try JSONEncoder.api.encode(page)))
    }
}
