import Testing
import TrueReachCore

@Suite struct UntrustedTextTests {
    @Test(arguments: [
        ("a\u{200B}b", "ab"), ("a\u{200C}b\u{200D}c", "abc"), ("a\u{2060}b\u{FEFF}c\u{180E}d", "abcd"),
        ("ren\u{202E}gpj.exe", "rengpj.exe"), ("\u{2067}x\u{2069}\u{200F}\u{061C}", "x"),
        ("\u{1B}[31mred", "[31mred"), ("a\u{85}b\u{7F}c", "abc"), ("a\nb\tc\u{2028}d", "a b c d"),
    ])
    func dropsControlBidiAndZeroWidthCharacters(input: String, expected: String) {
        #expect(UntrustedText.sanitize(input) == expected)
    }

    @Test func leavesOrdinaryTextAlone() {
        let text = "Zoë 🇫🇷 東京 مرحبا"
        #expect(UntrustedText.sanitize(text) == text)
    }
}
