import Testing

@testable import TrueReachPostgres

/// PostgreSQL text cannot hold NUL: the stored form must avoid it and map back exactly.
@Suite struct PostgresTextTests {
    static let samples = [
        "", "plain", "🦊‍🔥 emoji", "\u{0}", "a\u{0}b\u{0}", "\u{10FFFD}", "\u{10FFFD}m", "\u{10FFFD}0",
        "x\u{10FFFD}", "\u{0}\u{10FFFD}m0", "\u{10FFFD}\u{0}", "'; DROP TABLE x; --",
        String(repeating: "long\u{0}", count: 10_000),
    ]

    @Test(arguments: samples)
    func storedFormHasNoNULAndDecodesBack(text: String) {
        let stored = PostgresText.encode(text)
        #expect(!stored.utf8.contains(0))
        #expect(PostgresText.decode(stored).unicodeScalars.elementsEqual(text.unicodeScalars))
    }

    @Test func textWithoutNULOrLeadingMarkerIsStoredUnchanged() {
        for text in ["plain", "x\u{10FFFD}y", "🦊", ""] { #expect(PostgresText.encode(text) == text) }
        #expect(PostgresText.encode("a\u{0}") != "a\u{0}")
    }

    @Test func distinctTextsStayDistinct() {
        let stored = Self.samples.map(PostgresText.encode)
        #expect(Set(stored).count == Set(Self.samples).count)
    }
}
